{{ config(materialized='table') }}
-- One row per account per evaluation date on or after the account's first equity round: the
-- funding stage of the latest equity round on or before the date. The rounds take their
-- account_index before they are spread onto the dates (one join per round, not per row).
-- Materialized as a table: built as soon as the funding stages are, off the build's critical
-- path, so the context base only scans it (and its tests do not recompute it).

with

accounts as (

    select
        account_id,
        account_index
    from {{ ref('int_accounts__resolved') }}

),

funding_stages as (

    select
        accounts.account_index,
        funding_stages.account_id,
        funding_stages.funding_stage,
        funding_stages.valid_from,
        coalesce(funding_stages.valid_to, cast('9999-12-31' as date)) as valid_until
    from {{ ref('int_accounts__funding_stages') }} as funding_stages
    inner join accounts
        on funding_stages.account_id = accounts.account_id

),

evaluation_dates as (

    select * from {{ ref('int_accounts__evaluation_dates') }}

),

final as (

    select
        {{ microseg.context_key('funding_stages.account_index', 'evaluation_dates.evaluation_index') }} as context_key,
        funding_stages.account_id,
        evaluation_dates.evaluation_date,
        funding_stages.funding_stage
    from funding_stages
    inner join evaluation_dates
        on funding_stages.valid_from <= evaluation_dates.evaluation_date
            and funding_stages.valid_until > evaluation_dates.evaluation_date

)

select * from final
