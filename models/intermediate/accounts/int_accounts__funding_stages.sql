{{ config(materialized='table') }}
-- One row per account per equity funding round announced up to the as-of date: the funding
-- stage the round gives the account from its announcement until the next equity round.
-- Debt rounds do not change the stage. Accounts with no equity round use the vendor's snapshot
-- funding stage instead (see int_accounts__context_history).
-- Materialized as a table: a per-account time series the context history reads.

with

company_accounts as (

    select
        source_key as company_id,
        account_id
    from {{ ref('int_entity_resolution__account_keys') }}
    where source_name = 'enrichment_companies'

),

equity_rounds as (

    select
        company_accounts.account_id,
        funding_rounds.announced_date,
        funding_rounds.round_type,
        funding_rounds.funding_round_id
    from {{ ref('stg_enrichment__funding_rounds') }} as funding_rounds
    inner join company_accounts
        on funding_rounds.company_id = company_accounts.company_id
    where funding_rounds.announced_date <= {{ microseg.as_of_date() }}
        and funding_rounds.round_type <> 'debt'

),

ranked as (

    select
        account_id,
        announced_date,
        round_type,
        funding_round_id,
        row_number() over (
            partition by account_id, announced_date
            order by funding_round_id desc
        ) as same_day_rank
    from equity_rounds

),

final as (

    select
        account_id,
        announced_date as valid_from,
        round_type as funding_stage,
        funding_round_id,
        lead(announced_date) over (
            partition by account_id
            order by announced_date
        ) as valid_to
    from ranked
    where same_day_rank = 1

)

select * from final
