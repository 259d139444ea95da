{{ config(materialized='table') }}
-- One row per account per buying-trigger event (account x trigger type x subtype x date), with
-- its expiry: a trigger is active on date d while trigger_date <= d < expires_date, i.e. for
-- microseg__trigger_window_days_<trigger_type> days. The evidence columns name the staged row
-- that fired it (all evidence rows: int_accounts__buying_trigger_evidence).
-- Materialized as a table: read by the point-in-time trigger activity.

with

evidence as (

    select * from {{ ref('int_accounts__buying_trigger_evidence') }}

),

windows as (

    {% for trigger_type in microseg.trigger_types() -%}
        select
            '{{ trigger_type }}' as trigger_type,
            {{ microseg.trigger_window_days(trigger_type) }} as window_days
        {% if not loop.last %}union all
        {% endif -%}
    {%- endfor %}

),

ranked as (

    select
        trigger_id,
        account_id,
        trigger_type,
        trigger_subtype,
        trigger_date,
        seniority,
        evidence_model,
        evidence_key,
        evidence_value,
        count(*) over (partition by trigger_id) as evidence_count,
        row_number() over (
            partition by trigger_id
            order by evidence_rank, evidence_key, seniority
        ) as evidence_order
    from evidence

),

final as (

    select
        ranked.trigger_id,
        ranked.account_id,
        ranked.trigger_type,
        ranked.trigger_subtype,
        ranked.seniority,
        ranked.trigger_date,
        cast({{ dbt.dateadd('day', 'windows.window_days', 'ranked.trigger_date') }} as date) as expires_date,
        cast(windows.window_days as integer) as window_days,
        ranked.evidence_model,
        ranked.evidence_key,
        ranked.evidence_value,
        cast(ranked.evidence_count as integer) as evidence_count
    from ranked
    inner join windows
        on ranked.trigger_type = windows.trigger_type
    where ranked.evidence_order = 1

)

select * from final
