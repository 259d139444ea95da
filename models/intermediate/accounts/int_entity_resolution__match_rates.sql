{{ config(materialized='table') }}
-- One row per source: how many of its rows resolved to an account. For the two account sources
-- "matched" means the account also exists in the other source (CRM account <-> enrichment
-- company, by domain); for contacts, opportunities, engagement events and intent rows it means
-- the row resolved to an account. Free-mail rows are unmatched by rule and counted apart.
-- Materialized as a table: nine rows from a scan of every source; as a view, each of its tests
-- rescanned them all.

with

accounts as (

    select * from {{ ref('int_accounts__resolved') }}

),

account_keys as (

    select * from {{ ref('int_entity_resolution__account_keys') }}

),

crm_account_rows as (

    select
        'crm_accounts' as source_name,
        case when accounts.has_enrichment then 1 else 0 end as is_matched,
        0 as is_free_mail
    from account_keys
    inner join accounts
        on account_keys.account_id = accounts.account_id
    where account_keys.source_name = 'crm_accounts'

),

enrichment_company_rows as (

    select
        'enrichment_companies' as source_name,
        case when accounts.has_crm_account then 1 else 0 end as is_matched,
        0 as is_free_mail
    from account_keys
    inner join accounts
        on account_keys.account_id = accounts.account_id
    where account_keys.source_name = 'enrichment_companies'

),

contact_rows as (

    select
        'crm_contacts' as source_name,
        case when account_id is not null then 1 else 0 end as is_matched,
        case when resolution_method = 'free_mail' then 1 else 0 end as is_free_mail
    from {{ ref('int_accounts__contacts_resolved') }}
    where contact_source = 'crm'

),

opportunity_rows as (

    select
        'crm_opportunities' as source_name,
        case when crm_account_keys.account_id is not null then 1 else 0 end as is_matched,
        0 as is_free_mail
    from {{ ref('stg_crm__opportunities') }} as opportunities
    left join account_keys as crm_account_keys
        on opportunities.account_id = crm_account_keys.source_key
            and crm_account_keys.source_name = 'crm_accounts'
    where not opportunities.is_deleted

),

event_rows as (

    select
        event_source as source_name,
        case when account_id is not null then 1 else 0 end as is_matched,
        case when resolution_method = 'free_mail' then 1 else 0 end as is_free_mail
    from {{ ref('int_accounts__engagement_events') }}

),

intent_rows as (

    select
        'intent_topics' as source_name,
        case when accounts.account_id is not null then 1 else 0 end as is_matched,
        0 as is_free_mail
    from {{ ref('stg_engagement__intent_topics') }} as intent_topics
    left join accounts
        on intent_topics.company_domain = accounts.domain

),

unioned as (

    select * from crm_account_rows
    union all
    select * from enrichment_company_rows
    union all
    select * from contact_rows
    union all
    select * from opportunity_rows
    union all
    select * from event_rows
    union all
    select * from intent_rows

),

aggregated as (

    select
        source_name,
        count(*) as row_count,
        sum(is_matched) as matched_count,
        sum(is_free_mail) as free_mail_count
    from unioned
    group by 1

),

source_names as (

    {% for source_name in ['crm_accounts', 'enrichment_companies', 'crm_contacts', 'crm_opportunities',
        'email_events', 'meetings', 'content_downloads', 'web_visits', 'intent_topics'] -%}
        select '{{ source_name }}' as source_name
        {% if not loop.last %}union all
        {% endif -%}
    {%- endfor %}

),

final as (

    select
        source_names.source_name,
        cast(coalesce(aggregated.row_count, 0) as bigint) as row_count,
        cast(coalesce(aggregated.matched_count, 0) as bigint) as matched_count,
        cast(coalesce(aggregated.row_count - aggregated.matched_count, 0) as bigint) as unmatched_count,
        cast(coalesce(aggregated.free_mail_count, 0) as bigint) as free_mail_count,
        case
            when aggregated.row_count > 0
                then cast(aggregated.matched_count as {{ dbt.type_float() }}) / aggregated.row_count
        end as match_rate
    from source_names
    left join aggregated
        on source_names.source_name = aggregated.source_name

)

select * from final
