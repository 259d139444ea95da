-- One row per account per evaluation date per micro-segment the account qualifies for on that
-- date: the definition's priority and rule version, the evidence (every condition with the
-- value observed for the account) and the oldest dated signal (trigger date or technology last
-- seen) among the conditions it meets, for staleness checks; and the newest trigger date among
-- the trigger conditions it meets (latest_trigger_date), from which the membership history
-- dates an event-driven entry to the day the trigger happened rather than the weekly evaluation.

{%- set segments = microseg.segments_load().segments %}
{%- set text = dbt.type_string() %}
{%- set far_future = microseg.date_literal('9999-12-31') | trim %}
{%- set far_past = microseg.date_literal('0001-01-01') | trim %}
{%- set oldest_signal = {} %}
{%- set latest_trigger = {} %}
{%- for segment in segments %}
    {%- set trigger_dates = [] %}
    {%- for leaf in segment.leaves if leaf.kind == 'trigger' %}
        {%- set column = 'evaluations.' ~ leaf.column %}
        {%- set met_date = 'case when ' ~ column ~ '_ok then ' ~ column ~ '_date end' %}
        {%- do trigger_dates.append('coalesce(' ~ met_date ~ ', ' ~ far_past ~ ')') %}
    {%- endfor %}
    {%- if trigger_dates | length == 0 %}
        {%- do latest_trigger.update({segment.id: 'cast(null as date)'}) %}
    {%- elif trigger_dates | length == 1 %}
        {%- set newest = trigger_dates[0] %}
    {%- else %}
        {%- set newest = 'greatest(' ~ trigger_dates | join(', ') ~ ')' %}
    {%- endif %}
    {%- if trigger_dates %}
        {%- do latest_trigger.update({segment.id: 'cast(nullif(' ~ newest ~ ', ' ~ far_past ~ ') as date)'}) %}
    {%- endif %}
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
            {{ oldest_signal[segment.id] }} as oldest_signal_date, -- noqa: LT05
            {{ latest_trigger[segment.id] }} as latest_trigger_date -- noqa: LT05
        from evaluations
        where evaluations.{{ segment.member_column }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select * from qualified

)

select * from final
