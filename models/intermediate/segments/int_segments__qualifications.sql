-- One row per account per evaluation date per micro-segment the account qualifies for on that
-- date: the definition's priority and rule version, the evidence (every condition with the
-- value observed for the account) and the oldest dated signal (trigger date or technology last
-- seen) among the conditions it meets, for staleness checks.

{%- set segments = microseg.segments_load().segments %}
{%- set text = dbt.type_string() %}
{%- set far_future = microseg.date_literal('9999-12-31') | trim %}
{%- set oldest_signal = {} %}
{%- for segment in segments %}
    {%- set dated = [] %}
    {%- for leaf in segment.leaves if leaf.kind != 'attribute' %}
        {%- set column = 'evaluations.' ~ leaf.column %}
        {%- do dated.append('case when ' ~ column ~ '_ok then ' ~ column ~ '_date end') %}
    {%- endfor %}
    {%- if dated | length == 0 %}
        {%- do oldest_signal.update({segment.id: 'cast(null as date)'}) %}
    {%- elif dated | length == 1 %}
        {%- do oldest_signal.update({segment.id: 'cast(' ~ dated[0] ~ ' as date)'}) %}
    {%- else %}
        {%- set guarded = [] %}
        {%- for expression in dated %}
            {%- do guarded.append('coalesce(' ~ expression ~ ', ' ~ far_future ~ ')') %}
        {%- endfor %}
        {%- set least_date = 'least(' ~ guarded | join(', ') ~ ')' %}
        {%- do oldest_signal.update({segment.id: 'cast(nullif(' ~ least_date ~ ', ' ~ far_future ~ ') as date)'}) %}
    {%- endif %}
{%- endfor %}

with

evaluations as (

    select * from {{ ref('int_segments__evaluations') }}

),

qualified as (

    {% for segment in segments %}
        select
            evaluations.account_id,
            evaluations.evaluation_date,
            evaluations.macro_segment_id,
            cast({{ microseg.segments_string_literal(segment.id) }} as {{ text }}) as segment_id,
            cast({{ segment.priority }} as integer) as segment_priority,
            cast({{ microseg.segments_string_literal(segment.rule_version) }} as {{ text }}) as rule_version,
            cast({{ microseg.segments_evidence_sql(segment, 'evaluations') }} as {{ text }}) as evidence, -- noqa: LT05
            {{ oldest_signal[segment.id] }} as oldest_signal_date -- noqa: LT05
        from evaluations
        where evaluations.{{ segment.member_column }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select * from qualified

)

select * from final
