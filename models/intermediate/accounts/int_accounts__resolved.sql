{{ config(materialized='table') }}
-- One row per resolved account (see int_entity_resolution__account_keys for the key).
-- Materialized as a table: the account spine of every later model.

with

account_keys as (

    select * from {{ ref('int_entity_resolution__account_keys') }}

),

crm_accounts as (

    select
        account_id as crm_account_id,
        account_name
    from {{ ref('stg_crm__accounts') }}
    where not is_deleted

),

enrichment_companies as (

    select
        company_id,
        company_name
    from {{ ref('stg_enrichment__companies') }}

),

primary_crm as (

    select
        account_keys.account_id,
        account_keys.domain,
        account_keys.source_key as crm_account_id,
        crm_accounts.account_name
    from account_keys
    inner join crm_accounts
        on account_keys.source_key = crm_accounts.crm_account_id
    where account_keys.source_name = 'crm_accounts'
        and account_keys.is_primary

),

primary_enrichment as (

    select
        account_keys.account_id,
        account_keys.domain,
        account_keys.source_key as enrichment_company_id,
        enrichment_companies.company_name
    from account_keys
    inner join enrichment_companies
        on account_keys.source_key = enrichment_companies.company_id
    where account_keys.source_name = 'enrichment_companies'
        and account_keys.is_primary

),

record_counts as (

    select
        account_id,
        sum(case when source_name = 'crm_accounts' then 1 else 0 end) as crm_account_count,
        sum(case when source_name = 'enrichment_companies' then 1 else 0 end) as enrichment_company_count
    from account_keys
    group by 1

),

final as (

    select
        record_counts.account_id,
        cast(row_number() over (order by record_counts.account_id) as integer) as account_index,
        primary_crm.crm_account_id,
        primary_enrichment.enrichment_company_id,
        cast(record_counts.crm_account_count as integer) as crm_account_count,
        cast(record_counts.enrichment_company_count as integer) as enrichment_company_count,
        coalesce(primary_crm.domain, primary_enrichment.domain) as domain,
        coalesce(primary_crm.account_name, primary_enrichment.company_name) as account_name,
        primary_crm.crm_account_id is not null as has_crm_account,
        primary_enrichment.enrichment_company_id is not null as has_enrichment
    from record_counts
    left join primary_crm
        on record_counts.account_id = primary_crm.account_id
    left join primary_enrichment
        on record_counts.account_id = primary_enrichment.account_id

)

select * from final
