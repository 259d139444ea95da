{{ config(materialized='table') }}
-- One row per account per evaluation date per segment per condition ("leaf") of that segment,
-- on the dates the account entered or left the segment, for the conditions whose outcome
-- changed since the previous evaluation date (on the first evaluation date, every condition
-- that holds counts as changed): the signals that explain the entry or exit. For a condition
-- that became true the signal is what is observed now; for one that stopped holding, what was
-- observed before (e.g. the trigger that expired).
-- Signal source: triggers point at the staged row that fired them (evidence_model /
-- evidence_key of int_accounts__buying_triggers); technologies at int_accounts__technologies
-- (key account_id|technology_name); attributes at the account's context row of that date
-- (int_accounts__context_history, key account_id|evaluation_date), or for the attributes that are
-- not dated at int_accounts__snapshot_attributes (key account_id).
-- The changed account-dates are found on the narrow membership columns alone; the wide
-- evaluation table is then read once, for only those rows and the evaluation before each
-- (a few per cent of it), and the leaf values as text are derived for those rows only.

{%- set segments = microseg.segments_load().segments %}
{%- set text = dbt.type_string() %}
{%- set s = microseg.segments_string_literal %}
{#- Attribute signals point at the account's context row of the date, or for an attribute that is
    not dated (microseg.account_snapshot_columns) at its one row in int_accounts__snapshot_attributes. -#}
{%- set snapshot_names = microseg.segments_literal_list(microseg.account_snapshot_columns(), 'string') %}
{%- set leaf_columns = [] %}
{%- set leaf_expressions = [] %}
{%- set flip_leaves = [] %}
{%- for segment in segments %}
    {%- for leaf in segment.leaves %}
        {%- do flip_leaves.append({'segment_id': segment.id, 'member_column': segment.member_column, 'leaf': leaf}) %}
        {%- for suffix in (['ok', 'value'] if leaf.kind == 'attribute' else ['ok', 'value', 'date', 'key']) %}
            {%- do leaf_columns.append(leaf.column ~ '_' ~ suffix) %}
            {%- if suffix == 'value' %}
                {%- set value = microseg.segments_leaf_value_sql(leaf, 'evaluations') %}
                {%- do leaf_expressions.append(value ~ ' as ' ~ leaf.column ~ '_value') %}
            {%- else %}
                {%- do leaf_expressions.append('evaluations.' ~ leaf.column ~ '_' ~ suffix) %}
            {%- endif %}
        {%- endfor %}
    {%- endfor %}
{%- endfor %}

with

memberships as (

    -- Narrow: only the keys and the membership flags of every evaluation.
    select
        account_id,
        {%- for segment in segments %}
            {{ segment.member_column }},
        {%- endfor %}
        evaluation_index
    from {{ ref('int_segments__evaluations') }}

),

changed as (

    -- Account-dates on which at least one membership differs from the previous evaluation
    -- (a few per cent of the rows).
    select
        current_state.account_id,
        current_state.evaluation_index
    from memberships as current_state
    left join memberships as previous_state
        on
            current_state.account_id = previous_state.account_id
            and current_state.evaluation_index + 1 = previous_state.evaluation_index
    where
        {%- for segment in segments %}
            {%- set member = segment.member_column %}
            {{ 'or ' if not loop.first }}current_state.{{ member }} <> coalesce(previous_state.{{ member }}, false)
        {%- endfor %}

),

wanted as (

    -- The changed account-dates and the evaluation just before each (changed_index tells
    -- which changed row a wanted row belongs to).
    select
        account_id,
        evaluation_index,
        evaluation_index as changed_index
    from changed
    union all
    select
        account_id,
        evaluation_index + 1 as evaluation_index,
        evaluation_index as changed_index
    from changed

),

wanted_rows as (

    -- One scan of the wide table for only the wanted rows (inner join: the small side builds).
    select
        wanted.changed_index,
        evaluations.account_id,
        evaluations.evaluation_index,
        {%- for segment in segments %}
            evaluations.{{ segment.member_column }},
        {%- endfor %}
        {%- for expression in leaf_expressions %}
            {{ expression }},
        {%- endfor %}
        evaluations.evaluation_date
    from {{ ref('int_segments__evaluations') }} as evaluations
    inner join wanted
        on
            evaluations.account_id = wanted.account_id
            and evaluations.evaluation_index = wanted.evaluation_index

),

current_rows as (

    select * from wanted_rows
    where evaluation_index = changed_index

),

previous_rows as (

    select * from wanted_rows
    where evaluation_index = changed_index + 1

),

pairs as (

    select
        current_row.account_id,
        {%- for segment in segments %}
            current_row.{{ segment.member_column }},
            coalesce(previous_row.{{ segment.member_column }}, false) as {{ segment.member_column }}_prev,
        {%- endfor %}
        {%- for column in leaf_columns %}
            current_row.{{ column }},
            previous_row.{{ column }} as {{ column }}_prev,
        {%- endfor %}
        current_row.evaluation_date
    from current_rows as current_row
    left join previous_rows as previous_row
        on
            current_row.account_id = previous_row.account_id
            and current_row.changed_index = previous_row.changed_index

),

flips as (

    {% for flip in flip_leaves %}
        {% set c = 'pairs.' ~ flip.leaf.column %}
        select
            pairs.account_id,
            pairs.evaluation_date,
            cast({{ s(flip.segment_id) }} as {{ text }}) as segment_id,
            cast({{ flip.leaf.index }} as integer) as leaf_index,
            cast({{ s(flip.leaf.kind) }} as {{ text }}) as signal_kind,
            cast({{ s(flip.leaf.name) }} as {{ text }}) as signal_name,
            cast({{ s(flip.leaf.label) }} as {{ text }}) as signal_label, -- noqa: LT05
            {{ c }}_ok as is_met,
            {{ c }}_value_prev as value_before,
            {{ c }}_value as value_after,
            {% if flip.leaf.kind == 'attribute' %}
                pairs.evaluation_date as observed_date,
                cast(null as {{ text }}) as signal_key,
                cast(null as {{ text }}) as trigger_id
            {% elif flip.leaf.kind == 'trigger' %}
                case when {{ c }}_ok then {{ c }}_date else {{ c }}_date_prev end as observed_date,
                case when {{ c }}_ok then {{ c }}_key else {{ c }}_key_prev end as signal_key,
                case when {{ c }}_ok then {{ c }}_key else {{ c }}_key_prev end as trigger_id
            {% else %}
                case when {{ c }}_ok then {{ c }}_date else {{ c }}_date_prev end as observed_date,
                case when {{ c }}_ok then {{ c }}_key else {{ c }}_key_prev end as signal_key,
                cast(null as {{ text }}) as trigger_id
            {% endif %}
        from pairs
        where
            pairs.{{ flip.member_column }} <> pairs.{{ flip.member_column }}_prev
            and {{ c }}_ok <> coalesce({{ c }}_ok_prev, false)
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

triggers as (

    select
        trigger_id,
        evidence_model,
        evidence_key,
        evidence_value
    from {{ ref('int_accounts__buying_triggers') }}

),

final as (

    select
        flips.account_id,
        flips.evaluation_date,
        flips.segment_id,
        flips.leaf_index,
        flips.signal_kind,
        flips.signal_name,
        flips.signal_label,
        flips.is_met,
        flips.value_before,
        flips.value_after,
        case
            when flips.signal_kind = 'trigger' then triggers.evidence_value
            when flips.is_met then flips.value_after
            else flips.value_before
        end as signal_value,
        flips.observed_date,
        case
            when flips.signal_kind = 'trigger' then triggers.evidence_model
            when flips.signal_kind = 'technology' then 'int_accounts__technologies'
            when flips.signal_name in {{ snapshot_names }} then 'int_accounts__snapshot_attributes'
            else 'int_accounts__context_history'
        end as source_model,
        case
            when flips.signal_kind = 'trigger' then triggers.evidence_key
            when flips.signal_kind = 'technology' then {{ dbt.concat(['flips.account_id', "'|'", 'flips.signal_key']) }}
            when flips.signal_name in {{ snapshot_names }} then flips.account_id
            else {{ dbt.concat(['flips.account_id', "'|'", dbt.cast('flips.evaluation_date', text)]) }}
        end as source_key,
        flips.signal_key as trigger_or_technology_key
    from flips
    left join triggers
        on flips.trigger_id = triggers.trigger_id

)

select * from final
