-- A resolution method and an account go together: crm_link and email_domain rows have an
-- account, free_mail and unmatched rows have none, free-mail addresses never resolve by their
-- domain, and an email_domain resolution points at the account of that very domain.

with

contacts as (

    select * from {{ ref('int_accounts__contacts_resolved') }}

),

accounts as (

    select
        account_id,
        domain
    from {{ ref('int_accounts__resolved') }}

),

free_mail_domains as (

    select domain from {{ ref('free_mail_domains') }}

),

final as (

    select
        contacts.contact_key,
        contacts.resolution_method,
        contacts.account_id
    from contacts
    left join accounts
        on contacts.account_id = accounts.account_id
    left join free_mail_domains
        on contacts.email_domain = free_mail_domains.domain
    where (contacts.resolution_method in ('crm_link', 'email_domain') and contacts.account_id is null)
        or (contacts.resolution_method in ('free_mail', 'unmatched') and contacts.account_id is not null)
        or (contacts.resolution_method = 'email_domain' and free_mail_domains.domain is not null)
        or (contacts.resolution_method = 'email_domain' and accounts.domain <> contacts.email_domain)

)

select * from final
