{{ config(materialized='table') }}
-- One account key across CRM accounts and enrichment companies. The key is the normalised web
-- domain; a CRM account without a usable domain (none, or a free-mail domain) keeps its own key
-- 'crm:<id>', an enrichment company without one 'enrichment:<id>'. Several records of one
-- source may share a domain (duplicates, several CRM instances): they resolve to the same
-- account, and the oldest is the account's primary record.
-- Materialized as a table: every resolution step joins to it.

with

crm_accounts as (

    select
        account_id as crm_account_id,
        domain,
        created_at
    from {{ ref('stg_crm__accounts') }}
    where not is_deleted

),

enrichment_companies as (

    select
        company_id,
        domain,
        _extracted_at
    from {{ ref('stg_enrichment__companies') }}

),

free_mail_domains as (

    select domain
    from {{ ref('free_mail_domains') }}

),

crm_keyed as (

    select
        crm_accounts.crm_account_id as source_key,
        crm_accounts.created_at as ordering_at,
        case when free_mail_domains.domain is null then crm_accounts.domain end as domain
    from crm_accounts
    left join free_mail_domains
        on crm_accounts.domain = free_mail_domains.domain

),

enrichment_keyed as (

    select
        enrichment_companies.company_id as source_key,
        enrichment_companies._extracted_at as ordering_at,
        case when free_mail_domains.domain is null then enrichment_companies.domain end as domain
    from enrichment_companies
    left join free_mail_domains
        on enrichment_companies.domain = free_mail_domains.domain

),

unioned as (

    select
        'crm_accounts' as source_name,
        source_key,
        domain,
        coalesce(domain, {{ dbt.concat(["'crm:'", 'source_key']) }}) as account_id,
        ordering_at
    from crm_keyed

    union all

    select
        'enrichment_companies' as source_name,
        source_key,
        domain,
        coalesce(domain, {{ dbt.concat(["'enrichment:'", 'source_key']) }}) as account_id,
        ordering_at
    from enrichment_keyed

),

ranked as (

    select
        source_name,
        source_key,
        account_id,
        domain,
        row_number() over (
            partition by account_id, source_name
            order by ordering_at, source_key
        ) as record_rank
    from unioned

),

final as (

    select
        source_name,
        source_key,
        account_id,
        domain,
        record_rank = 1 as is_primary
    from ranked

)

select * from final
