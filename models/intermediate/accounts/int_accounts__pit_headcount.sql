{{ config(materialized='table') }}
-- One row per account per evaluation date on or after the account's first headcount month:
-- the headcount month in force (the latest month <= evaluation_date) and its growth stage and
-- trajectory. Months are first days of months (int_accounts__headcount_growth truncates them),
-- so a month holds every evaluation date of its own calendar month - an equality join on the
-- month, not a date-range join - and, when it is the account's last month or the next month
-- is missing, also the dates after its own month until next_month_date (a range join over
-- those few rows only).
-- Materialized as a table: built as soon as the headcount series is, off the build's critical
-- path, so the context base only scans it (and its tests do not recompute it).

with

accounts as (

    select
        account_id,
        account_index
    from {{ ref('int_accounts__resolved') }}

),

headcount as (

    select
        accounts.account_index,
        headcount.account_id,
        headcount.month_date,
        headcount.next_month_date,
        cast({{ dbt.dateadd('month', 1, 'headcount.month_date') }} as date) as following_month_date,
        headcount.employee_count,
        headcount.headcount_growth_12m_pct,
        headcount.growth_stage,
        headcount.headcount_trajectory
    from {{ ref('int_accounts__headcount_growth') }} as headcount
    inner join accounts
        on headcount.account_id = accounts.account_id

),

evaluation_dates as (

    select
        evaluation_index,
        evaluation_date,
        cast({{ dbt.date_trunc('month', 'evaluation_date') }} as date) as evaluation_month_date
    from {{ ref('int_accounts__evaluation_dates') }}

),

-- Evaluation dates in the month's own calendar month.
own_month as (

    select
        headcount.*,
        evaluation_dates.evaluation_index,
        evaluation_dates.evaluation_date
    from headcount
    inner join evaluation_dates
        on headcount.month_date = evaluation_dates.evaluation_month_date

),

-- Evaluation dates after the month's own calendar month, before the account's next month.
later_months as (

    select
        headcount.*,
        evaluation_dates.evaluation_index,
        evaluation_dates.evaluation_date
    from headcount
    inner join evaluation_dates
        on headcount.following_month_date <= evaluation_dates.evaluation_date
            and evaluation_dates.evaluation_date < coalesce(headcount.next_month_date, cast('9999-12-31' as date))
    where headcount.next_month_date is null
        or headcount.next_month_date > headcount.following_month_date

),

in_force as (

    select * from own_month
    union all
    select * from later_months

),

final as (

    select
        {{ microseg.context_key('account_index', 'evaluation_index') }} as context_key,
        account_id,
        evaluation_date,
        month_date as headcount_month_date,
        employee_count,
        headcount_growth_12m_pct,
        growth_stage,
        headcount_trajectory
    from in_force

)

select * from final
