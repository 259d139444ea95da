-- One row per account per evaluation date with at least one active buying trigger: a trigger
-- is active on date d while trigger_date <= d < expires_date (the last active day is
-- trigger_date + window - 1). Counts the active triggers and, per trigger type, the date,
-- subtype (and for executive hires the seniority) of the latest active one.

with

triggers as (

    select * from {{ ref('int_accounts__buying_triggers') }}

),

evaluation_dates as (

    select evaluation_date from {{ ref('int_accounts__evaluation_dates') }}

),

active as (

    select
        triggers.account_id,
        evaluation_dates.evaluation_date,
        triggers.trigger_id,
        triggers.trigger_type,
        triggers.trigger_subtype,
        triggers.seniority,
        triggers.trigger_date
    from triggers
    inner join evaluation_dates
        on triggers.trigger_date <= evaluation_dates.evaluation_date
            and triggers.expires_date > evaluation_dates.evaluation_date

),

ranked as (

    select
        *,
        row_number() over (
            partition by account_id, evaluation_date, trigger_type
            order by trigger_date desc, trigger_subtype asc, trigger_id asc
        ) as recency_rank
    from active

),

counts as (

    select
        account_id,
        evaluation_date,
        count(*) as active_trigger_count,
        max(trigger_date) as latest_trigger_date
    from active
    group by 1, 2

),

latest as (

    select
        account_id,
        evaluation_date,
        {% for trigger_type in microseg.trigger_types() -%}
            max(case when trigger_type = '{{ trigger_type }}' then trigger_date end) as latest_{{ trigger_type }}_date,
            max(case when trigger_type = '{{ trigger_type }}' then trigger_subtype end)
                as latest_{{ trigger_type }}_subtype,
        {% endfor -%}
        max(case when trigger_type = 'new_executive_hire' then seniority end) as latest_new_executive_hire_seniority
    from ranked
    where recency_rank = 1
    group by 1, 2

),

final as (

    select
        counts.account_id,
        counts.evaluation_date,
        cast(counts.active_trigger_count as integer) as active_trigger_count,
        counts.latest_trigger_date,
        {% for trigger_type in microseg.trigger_types() -%}
            latest.latest_{{ trigger_type }}_date,
            latest.latest_{{ trigger_type }}_subtype,
        {% endfor -%}
        latest.latest_new_executive_hire_seniority
    from counts
    inner join latest
        on counts.account_id = latest.account_id
            and counts.evaluation_date = latest.evaluation_date

)

select * from final
