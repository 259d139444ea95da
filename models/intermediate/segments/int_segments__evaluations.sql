{{ config(materialized='table') }}
-- One row per account per evaluation date (the weekly spine of int_accounts__context_history):
-- every condition ("leaf") of every segment definition evaluated point-in-time, and whether
-- the account is a member of each segment. Generated from the definitions, so its columns
-- follow them; segment k (k-th in the definitions file) has, per leaf i, s<k>_l<i>_ok (boolean,
-- never null); trigger and technology leaves also _date (trigger date / technology last seen)
-- and _key (trigger id / technology name); and s<k>_member. Leaf 0 of every segment is its
-- macro segment condition. The context attributes the definitions read are kept as they are:
-- the observed value of a leaf as text (macro segments_leaf_value_sql) is derived from them
-- (or from _date / _key) only where it is shown, for the few qualifying or changed rows, since
-- writing one text column per leaf for every row was half the cost of this table.
-- evaluation_index: 0 = as-of date, 1 = a week before, ...
-- Trigger leaves: within_days N matches a trigger of that type (and subtype, seniority) dated
-- 0..N-1 days before the evaluation date; is_active matches a trigger whose own window covers
-- it (trigger_date <= date < expires_date). Technology leaves match a technology the account
-- currently runs: first seen on or before the date and last seen no more than
-- microseg__technology_current_days before it (the context layer's definition of "current").
-- A comparison with an unknown (null) attribute is false; `not` turns false into true.
-- Materialized as a table: membership, spells and change signals all read it.
-- depends_on: {{ ref('int_accounts__snapshot_attributes') }}

{%- set segments = microseg.segments_load().segments %}
{%- set attributes = microseg.segments_used_attributes(segments) %}
{#- Attributes that are not dated (identity, firmographic snapshot) come from the one-row-per-account
    snapshot, joined only when a definition reads one of them. -#}
{%- set snapshot_columns = microseg.account_snapshot_columns() %}
{%- set snapshot_attributes = attributes | select('in', snapshot_columns) | list %}
{%- set trigger_leaves = microseg.segments_leaves_of_kind(segments, 'trigger') %}
{%- set technology_leaves = microseg.segments_leaves_of_kind(segments, 'technology') %}
{%- set trigger_types = [] %}
{%- for leaf in trigger_leaves if leaf.name not in trigger_types %}{% do trigger_types.append(leaf.name) %}{% endfor %}
{%- set lookback_days = microseg.segments_trigger_lookback_days(segments) %}
{%- set current_days = var('microseg__technology_current_days') | int %}
{%- set text = dbt.type_string() %}
{%- set all_leaves = [] %}
{%- for segment in segments %}{% do all_leaves.extend(segment.leaves) %}{% endfor %}
{%- set technology_conditions = [] %}
{%- for leaf in technology_leaves %}
    {%- set condition = microseg.segments_technology_match_sql(leaf, 'technologies') %}
    {%- if condition not in technology_conditions %}{% do technology_conditions.append(condition) %}{% endif %}
{%- endfor %}
{%- if trigger_types %}
    {%- set trigger_filter = 'trigger_type in ' ~ microseg.segments_literal_list(trigger_types | sort, 'string') %}
{%- else %}
    {%- set trigger_filter = '1 = 0' %}
{%- endif %}

with

evaluation_dates as (

    select
        evaluation_index,
        evaluation_date
    from {{ ref('int_accounts__evaluation_dates') }}

),

context as (

    select
        history.account_id,
        history.evaluation_date,
        evaluation_dates.evaluation_index,
        {%- for attribute in attributes %}
            {{ 'snapshot' if attribute in snapshot_columns else 'history' }}.{{ attribute }},
        {%- endfor %}
        history.macro_segment_id
    from {{ ref('int_accounts__context_history') }} as history
    inner join evaluation_dates
        on history.evaluation_date = evaluation_dates.evaluation_date
    {%- if snapshot_attributes %}
        left join {{ ref('int_accounts__snapshot_attributes') }} as snapshot
            on history.account_id = snapshot.account_id
    {%- endif %}

),

triggers as (

    select
        trigger_id,
        account_id,
        trigger_type,
        trigger_subtype,
        seniority,
        trigger_date,
        expires_date
    from {{ ref('int_accounts__buying_triggers') }}
    where {{ trigger_filter }}

),

trigger_hits as (

    -- Per leaf, the latest matching trigger as 'YYYY-MM-DD|trigger_id' (text order = date order).
    select
        context.account_id,
        context.evaluation_date,
        {% for leaf in trigger_leaves %}
            max(
                case
                    when {{ microseg.segments_trigger_match_sql(leaf, 'triggers', 'context') }} -- noqa: LT05
                        then {{ dbt.concat(['cast(triggers.trigger_date as ' ~ text ~ ')', "'|'", 'triggers.trigger_id']) }} -- noqa: LT05
                end
            ) as {{ leaf.column }}_hit,
        {% endfor %}
        count(*) as trigger_count
    from context
    inner join triggers
        on
            context.account_id = triggers.account_id
            and context.evaluation_date >= triggers.trigger_date
            and {{ dbt.dateadd('day', -lookback_days, 'context.evaluation_date') }} < triggers.trigger_date
    group by
        context.account_id,
        context.evaluation_date

),

trigger_parts as (

    select
        account_id,
        evaluation_date,
        {%- for leaf in trigger_leaves %}
            cast(substring({{ leaf.column }}_hit, 1, 10) as date) as {{ leaf.column }}_date,
            substring({{ leaf.column }}_hit, 12, 1000) as {{ leaf.column }}_key,
        {%- endfor %}
        trigger_count
    from trigger_hits

),

technologies as (

    select
        technologies.account_id,
        technologies.technology_name,
        technologies.technology_category,
        technologies.is_competitor,
        technologies.is_legacy,
        technologies.first_seen_date,
        technologies.last_seen_date
    from {{ ref('int_accounts__technologies') }} as technologies
    -- Only rows some technology leaf can match (a small share): the others never make a hit.
    where
        {%- for condition in technology_conditions %}
            {{ 'or ' if not loop.first }}{{ condition }}
        {%- else %}
            1 = 0
        {%- endfor %}

),

technology_hits as (

    -- Per leaf, one matching current technology (the first by name) and when it was last seen.
    select
        context.account_id,
        context.evaluation_date,
        {% for leaf in technology_leaves %}
            min(
                case
                    when {{ microseg.segments_technology_match_sql(leaf, 'technologies') }} -- noqa: LT05
                        then technologies.technology_name
                end
            ) as {{ leaf.column }}_hit,
            max(
                case
                    when {{ microseg.segments_technology_match_sql(leaf, 'technologies') }} -- noqa: LT05
                        then technologies.last_seen_date
                end
            ) as {{ leaf.column }}_seen,
        {% endfor %}
        count(*) as matched_technology_count
    from context
    inner join technologies
        on
            context.account_id = technologies.account_id
            and context.evaluation_date >= technologies.first_seen_date
            and context.evaluation_date <= {{ dbt.dateadd('day', current_days, 'technologies.last_seen_date') }}
    group by
        context.account_id,
        context.evaluation_date

),

leaves as (

    select
        context.account_id,
        context.evaluation_date,
        context.evaluation_index,
        {% for leaf in all_leaves %}
            {% if leaf.kind == 'attribute' %}
                coalesce(
                    {{ microseg.segments_comparison_sql('context.' ~ leaf.name, leaf, 'context.evaluation_date') }}, -- noqa: LT05
                    false
                ) as {{ leaf.column }}_ok,
            {% elif leaf.kind == 'trigger' %}
                trigger_parts.{{ leaf.column }}_date is not null as {{ leaf.column }}_ok,
                trigger_parts.{{ leaf.column }}_date,
                trigger_parts.{{ leaf.column }}_key,
            {% else %}
                technology_hits.{{ leaf.column }}_hit is not null as {{ leaf.column }}_ok,
                technology_hits.{{ leaf.column }}_seen as {{ leaf.column }}_date,
                technology_hits.{{ leaf.column }}_hit as {{ leaf.column }}_key,
            {% endif %}
        {% endfor %}
        {%- for attribute in attributes %}
            context.{{ attribute }},
        {%- endfor %}
        context.macro_segment_id
    from context
    left join trigger_parts
        on
            context.account_id = trigger_parts.account_id
            and context.evaluation_date = trigger_parts.evaluation_date
    left join technology_hits
        on
            context.account_id = technology_hits.account_id
            and context.evaluation_date = technology_hits.evaluation_date

),

final as (

    select
        leaves.*,
        {%- for segment in segments[:-1] %}
            {{ microseg.segments_membership_sql(segment, 'leaves') }} as {{ segment.member_column }}, -- noqa: LT05
        {%- endfor %}
        {{ microseg.segments_membership_sql(segments[-1], 'leaves') }} as {{ segments[-1].member_column }} -- noqa: LT05
    from leaves

)

select * from final
