-- One row per account per evaluation date with an equity funding round on or before it: the
-- funding stage of the latest such round.

with

funding_stages as (

    select * from {{ ref('int_accounts__funding_stages') }}

),

evaluation_dates as (

    select evaluation_date from {{ ref('int_accounts__evaluation_dates') }}

),

final as (

    select
        funding_stages.account_id,
        evaluation_dates.evaluation_date,
        funding_stages.funding_stage
    from funding_stages
    inner join evaluation_dates
        on funding_stages.valid_from <= evaluation_dates.evaluation_date
            and evaluation_dates.evaluation_date < coalesce(funding_stages.valid_to, cast('9999-12-31' as date))

)

select * from final
