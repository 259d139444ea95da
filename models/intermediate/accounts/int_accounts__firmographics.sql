{{ config(materialized='table') }}
-- One row per account: the descriptive firmographics, from the account's primary enrichment
-- company, falling back to the primary CRM account where the vendor has no record. These are
-- the vendor's single current snapshot and are used as slowly changing attributes at every
-- evaluation date; the time-varying ones (headcount, funding stage) have their own dated series.
-- Materialized as a table: read once per evaluation date by the context history.

with

resolved as (

    select * from {{ ref('int_accounts__resolved') }}

),

companies as (

    select
        company_id,
        industry,
        sub_industry,
        employee_count,
        annual_revenue_usd,
        country_code,
        region,
        founded_year,
        funding_stage
    from {{ ref('stg_enrichment__companies') }}

),

crm_accounts as (

    select
        account_id as crm_account_id,
        industry,
        billing_country
    from {{ ref('stg_crm__accounts') }}
    where not is_deleted

),

-- Whether the vendor has a headcount series / equity rounds for the account at any date: only
-- accounts without them fall back to the snapshot count and stage in the context history, so a
-- date before an account's first month or round is 'unknown' whatever the build's as-of date.
headcount_accounts as (

    select distinct account_keys.account_id
    from {{ ref('stg_enrichment__headcount_history') }} as headcount_history
    inner join {{ ref('int_entity_resolution__account_keys') }} as account_keys
        on headcount_history.company_id = account_keys.source_key
    where account_keys.source_name = 'enrichment_companies'
        and account_keys.is_primary

),

funded_accounts as (

    select distinct account_keys.account_id
    from {{ ref('stg_enrichment__funding_rounds') }} as funding_rounds
    inner join {{ ref('int_entity_resolution__account_keys') }} as account_keys
        on funding_rounds.company_id = account_keys.source_key
    where account_keys.source_name = 'enrichment_companies'
        and funding_rounds.round_type <> 'debt'

),

industry_groups as (

    select
        industry_group,
        lower(trim(industry)) as industry_key
    from {{ ref('industry_groups') }}

),

joined as (

    select
        resolved.account_id,
        lower(trim(coalesce(companies.industry, crm_accounts.industry))) as industry,
        lower(trim(companies.sub_industry)) as sub_industry,
        coalesce(
            upper(trim(companies.country_code)),
            case when {{ dbt.length('trim(crm_accounts.billing_country)') }} = 2
                    then upper(trim(crm_accounts.billing_country))
            end
        ) as country_code,
        upper(trim(companies.region)) as region,
        companies.employee_count as snapshot_employee_count,
        cast(companies.annual_revenue_usd as {{ dbt.type_float() }}) as annual_revenue_usd,
        companies.founded_year,
        lower(trim(companies.funding_stage)) as snapshot_funding_stage
    from resolved
    left join companies
        on resolved.enrichment_company_id = companies.company_id
    left join crm_accounts
        on resolved.crm_account_id = crm_accounts.crm_account_id

),

final as (

    select
        joined.account_id,
        joined.industry,
        joined.sub_industry,
        joined.country_code,
        joined.region,
        joined.snapshot_employee_count,
        joined.annual_revenue_usd,
        joined.founded_year,
        joined.snapshot_funding_stage,
        headcount_accounts.account_id is not null as has_headcount_history,
        funded_accounts.account_id is not null as has_equity_rounds,
        case
            when joined.industry is null then 'unknown'
            else coalesce(industry_groups.industry_group, 'other')
        end as industry_group
    from joined
    left join industry_groups
        on joined.industry = industry_groups.industry_key
    left join headcount_accounts
        on joined.account_id = headcount_accounts.account_id
    left join funded_accounts
        on joined.account_id = funded_accounts.account_id

)

select * from final
