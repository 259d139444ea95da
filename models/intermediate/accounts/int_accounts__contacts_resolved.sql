{{ config(materialized='table') }}
-- One row per contact: every live CRM contact, plus every email address seen in engagement
-- (email events, meetings, content downloads) that matches no CRM contact. A contact resolves
-- to an account through its CRM account link (crm_link); where the link is missing or points to
-- a deleted account, through its email domain (email_domain). Free-mail domains never resolve
-- (free_mail); everything else stays, countable, as unmatched.
-- Materialized as a table: every engagement event resolves through it.

with

crm_contacts as (

    select
        contact_id,
        account_id as crm_account_id,
        email,
        email_domain,
        title_normalized,
        has_opted_out_of_email
    from {{ ref('stg_crm__contacts') }}
    where not is_deleted

),

crm_account_keys as (

    select
        source_key as crm_account_id,
        account_id
    from {{ ref('int_entity_resolution__account_keys') }}
    where source_name = 'crm_accounts'

),

domain_accounts as (

    select
        domain,
        account_id
    from {{ ref('int_accounts__resolved') }}
    where domain is not null

),

free_mail_domains as (

    select domain from {{ ref('free_mail_domains') }}

),

titles as (

    select * from {{ ref('int_titles__classified') }}

),

-- Distinct (email, CRM contact id) pairs first: far fewer than events.
engagement_emails as (

    select distinct
        contact_email as email,
        email_domain,
        crm_contact_id
    from {{ ref('stg_engagement__email_events') }}

    union

    select distinct
        contact_email as email,
        email_domain,
        crm_contact_id
    from {{ ref('stg_engagement__meetings') }}

    union

    select distinct
        contact_email as email,
        email_domain,
        cast(null as {{ dbt.type_string() }}) as crm_contact_id
    from {{ ref('stg_engagement__content_downloads') }}

),

crm_emails as (

    select distinct email
    from crm_contacts
    where email is not null

),

engagement_only_emails as (

    select distinct
        engagement_emails.email,
        engagement_emails.email_domain
    from engagement_emails
    left join crm_contacts as linked_contacts
        on engagement_emails.crm_contact_id = linked_contacts.contact_id
    left join crm_emails
        on engagement_emails.email = crm_emails.email
    where engagement_emails.email is not null
        and linked_contacts.contact_id is null
        and crm_emails.email is null

),

all_contacts as (

    select
        {{ dbt.concat(["'crm:'", 'contact_id']) }} as contact_key,
        'crm' as contact_source,
        contact_id as crm_contact_id,
        crm_account_id,
        email,
        email_domain,
        title_normalized,
        has_opted_out_of_email
    from crm_contacts

    union all

    select
        {{ dbt.concat(["'email:'", 'email']) }} as contact_key,
        'engagement' as contact_source,
        cast(null as {{ dbt.type_string() }}) as crm_contact_id,
        cast(null as {{ dbt.type_string() }}) as crm_account_id,
        email,
        email_domain,
        cast(null as {{ dbt.type_string() }}) as title_normalized,
        cast(null as {{ dbt.type_boolean() }}) as has_opted_out_of_email
    from engagement_only_emails

),

resolved as (

    select
        all_contacts.contact_key,
        all_contacts.contact_source,
        all_contacts.crm_contact_id,
        all_contacts.email,
        all_contacts.email_domain,
        all_contacts.title_normalized,
        all_contacts.has_opted_out_of_email,
        case
            when crm_account_keys.account_id is not null then crm_account_keys.account_id
            when free_mail_domains.domain is null then domain_accounts.account_id
        end as account_id,
        case
            when crm_account_keys.account_id is not null then 'crm_link'
            when free_mail_domains.domain is not null then 'free_mail'
            when domain_accounts.account_id is not null then 'email_domain'
            else 'unmatched'
        end as resolution_method
    from all_contacts
    left join crm_account_keys
        on all_contacts.crm_account_id = crm_account_keys.crm_account_id
    left join free_mail_domains
        on all_contacts.email_domain = free_mail_domains.domain
    left join domain_accounts
        on all_contacts.email_domain = domain_accounts.domain

),

final as (

    select
        resolved.contact_key,
        resolved.contact_source,
        resolved.crm_contact_id,
        resolved.account_id,
        resolved.resolution_method,
        resolved.email,
        resolved.email_domain,
        resolved.title_normalized,
        titles.title_department,
        titles.title_seniority,
        resolved.has_opted_out_of_email,
        trim(
            replace(replace(replace(replace(replace(replace(
                resolved.title_normalized,
                ',', ' '
            ), '.', ' '), '/', ' '), '&', ' and '), '   ', ' '), '  ', ' ')
        ) as persona_title
    from resolved
    left join titles
        on resolved.title_normalized = titles.title_normalized

)

select * from final
