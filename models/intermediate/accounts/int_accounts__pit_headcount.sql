-- One row per account per evaluation date on or after the account's first headcount month:
-- the headcount month in force (the latest month <= evaluation_date) and its growth stage and
-- trajectory. A range join of the monthly series onto the (few) evaluation dates.

with

headcount as (

    select * from {{ ref('int_accounts__headcount_growth') }}

),

accounts as (

    select
        account_id,
        account_index
    from {{ ref('int_accounts__resolved') }}

),

evaluation_dates as (

    select * from {{ ref('int_accounts__evaluation_dates') }}

),

final as (

    select
        {{ microseg.context_key('accounts.account_index', 'evaluation_dates.evaluation_index') }} as context_key,
        headcount.account_id,
        evaluation_dates.evaluation_date,
        headcount.month_date as headcount_month_date,
        headcount.employee_count,
        headcount.headcount_growth_12m_pct,
        headcount.growth_stage,
        headcount.headcount_trajectory
    from headcount
    inner join accounts
        on headcount.account_id = accounts.account_id
    inner join evaluation_dates
        on headcount.month_date <= evaluation_dates.evaluation_date
            and evaluation_dates.evaluation_date < coalesce(headcount.next_month_date, cast('9999-12-31' as date))

)

select * from final
