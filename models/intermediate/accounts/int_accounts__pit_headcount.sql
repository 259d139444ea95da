-- One row per account per evaluation date with headcount history on or before it: the
-- headcount month in force (the latest month <= evaluation_date) with its growth stage and
-- trajectory. A range join of the monthly series onto the evaluation dates.

with

headcount as (

    select * from {{ ref('int_accounts__headcount_growth') }}

),

evaluation_dates as (

    select evaluation_date from {{ ref('int_accounts__evaluation_dates') }}

),

final as (

    select
        headcount.account_id,
        evaluation_dates.evaluation_date,
        headcount.month_date as headcount_month_date,
        headcount.employee_count,
        headcount.headcount_growth_12m_pct,
        headcount.growth_stage,
        headcount.headcount_trajectory
    from headcount
    inner join evaluation_dates
        on headcount.month_date <= evaluation_dates.evaluation_date
            and evaluation_dates.evaluation_date < coalesce(headcount.next_month_date, cast('9999-12-31' as date))

)

select * from final
