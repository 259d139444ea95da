{{ config(materialized='table') }}
-- One row per account: the context attributes that are not dated (microseg.account_snapshot_columns):
-- identity (name, domain, primary CRM and enrichment ids) and the vendor's single firmographic
-- snapshot (industry, country, region, revenue). Kept out of int_accounts__context_history, where
-- they would repeat on every evaluation date (a third of that table's write at a million
-- accounts); int_accounts__context and the segment engine join them back on account_id.
-- Materialized as a table: joined by the as-of context and, when a definition reads one of
-- these attributes, by every row of the segment evaluations.

with

resolved as (

    select
        account_id,
        account_index,
        account_name,
        domain,
        crm_account_id,
        enrichment_company_id
    from {{ ref('int_accounts__resolved') }}

),

firmographics as (

    select
        account_id,
        industry,
        industry_group,
        sub_industry,
        country_code,
        region,
        annual_revenue_usd
    from {{ ref('int_accounts__firmographics') }}

),

final as (

    select
        resolved.account_id,
        resolved.account_index,
        resolved.account_name,
        resolved.domain,
        resolved.crm_account_id,
        resolved.enrichment_company_id,
        firmographics.industry,
        firmographics.industry_group,
        firmographics.sub_industry,
        firmographics.country_code,
        firmographics.region,
        firmographics.annual_revenue_usd
    from resolved
    inner join firmographics
        on resolved.account_id = firmographics.account_id

)

select * from final
