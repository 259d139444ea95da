-- One row per account per evaluation date: the engagement-state spell in force on that date
-- (valid_from <= evaluation_date < valid_to). Every account has a spell from 1900-01-01, so
-- this is also the accounts x dates spine of int_accounts__context_base.

with

spells as (

    select * from {{ ref('int_accounts__engagement_history') }}

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
        accounts.account_index,
        spells.account_id,
        evaluation_dates.evaluation_date,
        spells.engagement_state,
        spells.valid_from as engagement_state_since
    from spells
    inner join accounts
        on spells.account_id = accounts.account_id
    inner join evaluation_dates
        on spells.valid_from <= evaluation_dates.evaluation_date
            and evaluation_dates.evaluation_date < coalesce(spells.valid_to, cast('9999-12-31' as date))

)

select * from final
