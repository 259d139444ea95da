-- The activation feed never contains a held-out account, or a contact who opted out in the
-- CRM, unsubscribed, complained of spam or hard-bounced on or before the as-of date.

with

enrollments as (

    select * from {{ ref('fct_play_enrollments') }}

),

suppressed as (

    select distinct contact_email as email
    from {{ ref('stg_engagement__email_events') }}
    where occurred_date <= {{ microseg.as_of_date() }}
        and (
            event_type in ('unsubscribed', 'spam_complaint')
            or (event_type = 'bounced' and bounce_type = 'hard')
        )

    union

    select email
    from {{ ref('int_accounts__contacts_resolved') }}
    where has_opted_out_of_email

),

holdouts as (

    select account_id
    from {{ ref('dim_accounts') }}
    where is_holdout

)

select
    enrollments.enrollment_id,
    enrollments.email,
    case when holdouts.account_id is not null then 'holdout' else 'suppressed contact' end as reason
from enrollments
left join suppressed
    on enrollments.email = suppressed.email
left join holdouts
    on enrollments.account_id = holdouts.account_id
where suppressed.email is not null
    or holdouts.account_id is not null
