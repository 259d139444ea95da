{{ config(materialized='table') }}
-- One row per account per technology detected by the enrichment vendor up to the as-of date
-- (rows of several companies of one account are merged: earliest first seen, latest last seen;
-- last seen is capped at the as-of date). Flags competitor and legacy tools from the seed
-- `competitor_tools`.
-- Materialized as a table: read by the trigger rules and the context history.

{%- set current_days = var('microseg__technology_current_days') | int %}

with

company_accounts as (

    select
        source_key as company_id,
        account_id
    from {{ ref('int_entity_resolution__account_keys') }}
    where source_name = 'enrichment_companies'

),

technographics as (

    select
        company_accounts.account_id,
        technographics.company_id,
        technographics.technology_name,
        technographics.technology_category,
        technographics.first_seen_date,
        lower(trim(technographics.technology_name)) as technology_key,
        case
            when technographics.last_seen_date > {{ microseg.as_of_date() }} then {{ microseg.as_of_date() }}
            else technographics.last_seen_date
        end as last_seen_date
    from {{ ref('stg_enrichment__technographics') }} as technographics
    inner join company_accounts
        on technographics.company_id = company_accounts.company_id
    where technographics.first_seen_date <= {{ microseg.as_of_date() }}
        and technographics.technology_name is not null

),

competitor_tools as (

    select
        technology_name,
        technology_category,
        is_competitor,
        is_legacy,
        competitor_key,
        lower(trim(technology_name)) as technology_key
    from {{ ref('competitor_tools') }}

),

ranked as (

    select
        account_id,
        technology_key,
        company_id,
        technology_name,
        technology_category,
        first_seen_date,
        last_seen_date,
        row_number() over (
            partition by account_id, technology_key
            order by first_seen_date, company_id, technology_name
        ) as source_rank,
        min(first_seen_date) over (partition by account_id, technology_key) as merged_first_seen_date,
        max(last_seen_date) over (partition by account_id, technology_key) as merged_last_seen_date,
        count(*) over (partition by account_id, technology_key) as source_row_count
    from technographics

),

aggregated as (

    select
        account_id,
        technology_key,
        company_id as source_company_id,
        technology_name,
        technology_category,
        merged_first_seen_date as first_seen_date,
        merged_last_seen_date as last_seen_date,
        source_row_count
    from ranked
    where source_rank = 1

),

final as (

    select
        aggregated.account_id,
        coalesce(competitor_tools.technology_name, aggregated.technology_name) as technology_name,
        aggregated.technology_key,
        coalesce(competitor_tools.technology_category, aggregated.technology_category) as technology_category,
        coalesce(competitor_tools.is_competitor, false) as is_competitor,
        coalesce(competitor_tools.is_legacy, false) as is_legacy,
        competitor_tools.competitor_key,
        aggregated.first_seen_date,
        aggregated.last_seen_date,
        aggregated.last_seen_date
        >= cast({{ dbt.dateadd('day', -current_days, microseg.as_of_date()) }} as date) as is_current,
        aggregated.source_company_id,
        aggregated.technology_name as source_technology_name,
        cast(aggregated.source_row_count as integer) as source_row_count
    from aggregated
    left join competitor_tools
        on aggregated.technology_key = competitor_tools.technology_key

)

select * from final
