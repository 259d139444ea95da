-- One row per account per evaluation date on or after the account's first equity round: the
-- funding stage of the latest equity round on or before the date.

with

funding_stages as (

    select * from {{ ref('int_accounts__funding_stages') }}

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
        funding_stages.account_id,
        evaluation_dates.evaluation_date,
        funding_stages.funding_stage
    from funding_stages
    inner join accounts
        on funding_stages.account_id = accounts.account_id
    inner join evaluation_dates
        on funding_stages.valid_from <= evaluation_dates.evaluation_date
            and evaluation_dates.evaluation_date < coalesce(funding_stages.valid_to, cast('9999-12-31' as date))

)

select * from final
