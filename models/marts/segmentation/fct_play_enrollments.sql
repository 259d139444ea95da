-- One row per account newly routed to a micro-segment per contact to reach there: the
-- activation feed a reverse-ETL tool or sequencer reads. An account is enrolled when its
-- current primary spell (fct_segment_membership_history) started at most
-- var microseg__enrollment_lookback_days days before the as-of date, it is not held out, and
-- the contact: belongs to the account (CRM link or company email domain), has an email, maps
-- to a persona (seed persona_map), and its email address is not suppressed: no CRM contact
-- with that address opted out, and the address never unsubscribed, complained of spam or
-- hard-bounced (email events up to the as-of date). Suppression is by address, not by CRM
-- record: two records can share an address (a personal address on two accounts), and the
-- opt-out of one is the person's. The message is the segment play's variant for the contact's
-- persona, or its default matrix.

{%- set as_of = microseg.as_of_date() %}
{%- set lookback_days = var('microseg__enrollment_lookback_days') | int %}

with

primary_spells as (

    select
        account_id,
        segment_id,
        macro_segment_id,
        valid_from as entered_date,
        rule_version,
        {{ dbt.datediff('valid_from', as_of, 'day') }} as days_since_entry
    from {{ ref('fct_segment_membership_history') }}
    where
        membership_type = 'primary'
        and segment_kind = 'micro_segment'
        and is_current
        and not is_holdout

),

entries as (

    select
        account_id,
        segment_id,
        macro_segment_id,
        entered_date,
        rule_version
    from primary_spells
    where days_since_entry < {{ lookback_days }}

),

memberships as (

    select
        account_id,
        segment_id,
        evidence
    from {{ ref('fct_segment_membership') }}

),

-- Only the contacts of entering accounts (the final select joins on them): persona matching
-- and the suppression lookup then run on those few contacts, not on every contact (measured at
-- 50,000 accounts: 447 enrollments from 339 k contacts, 0.6 s -> 0.1 s).
contacts as (

    select
        contact_key,
        account_id,
        email,
        title_normalized,
        persona_title
    from {{ ref('int_accounts__contacts_resolved') }}
    where account_id in (select entries.account_id from entries)
        and email is not null
        and resolution_method in ('crm_link', 'email_domain')

),

suppressed_emails as (

    select contact_email as email
    from {{ ref('stg_engagement__email_events') }}
    where contact_email is not null
        and occurred_date <= {{ as_of }}
        and (
            event_type in ('unsubscribed', 'spam_complaint')
            or (event_type = 'bounced' and bounce_type = 'hard')
        )

    union

    select email
    from {{ ref('int_accounts__contacts_resolved') }}
    where email is not null
        and has_opted_out_of_email

),

persona_matches as (

    select
        contacts.contact_key,
        persona_map.persona,
        row_number() over (
            partition by contacts.contact_key
            order by
                persona_map.match_priority,
                {{ dbt.length('persona_map.title_pattern') }} desc,
                persona_map.title_pattern
        ) as match_rank
    from contacts
    inner join {{ ref('persona_map') }} as persona_map
        on contacts.persona_title like persona_map.title_pattern

),

reachable_contacts as (

    select
        contacts.contact_key,
        contacts.account_id,
        contacts.email,
        contacts.title_normalized,
        persona_matches.persona
    from contacts
    inner join persona_matches
        on
            contacts.contact_key = persona_matches.contact_key
            and persona_matches.match_rank = 1
    left join suppressed_emails
        on contacts.email = suppressed_emails.email
    where suppressed_emails.email is null

),

plays as (

    select * from {{ ref('dim_segment_plays') }}

),

final as (

    select
        {{ dbt.concat([
            'entries.account_id', "'|'", 'entries.segment_id', "'|'",
            dbt.cast('entries.entered_date', dbt.type_string()), "'|'", 'reachable_contacts.contact_key',
        ]) }} as enrollment_id,
        entries.account_id,
        entries.segment_id,
        reachable_contacts.contact_key,
        {{ as_of }} as as_of_date,
        entries.entered_date,
        entries.macro_segment_id,
        entries.rule_version,
        reachable_contacts.email,
        reachable_contacts.title_normalized as contact_title,
        reachable_contacts.persona,
        coalesce(persona_plays.play_variant_id, default_plays.play_variant_id) as play_variant_id,
        default_plays.play_name,
        coalesce(persona_plays.channel, default_plays.channel) as channel,
        coalesce(persona_plays.message_trigger, default_plays.message_trigger) as message_trigger,
        coalesce(persona_plays.message_pain, default_plays.message_pain) as message_pain,
        coalesce(persona_plays.message_value, default_plays.message_value) as message_value,
        coalesce(persona_plays.message_proof, default_plays.message_proof) as message_proof,
        coalesce(persona_plays.message_cta, default_plays.message_cta) as message_cta,
        default_plays.play_version,
        memberships.evidence
    from entries
    inner join reachable_contacts
        on entries.account_id = reachable_contacts.account_id
    inner join plays as default_plays
        on
            entries.segment_id = default_plays.segment_id
            and default_plays.persona = 'default'
    left join plays as persona_plays
        on
            entries.segment_id = persona_plays.segment_id
            and reachable_contacts.persona = persona_plays.persona
    left join memberships
        on
            entries.account_id = memberships.account_id
            and entries.segment_id = memberships.segment_id

)

select * from final
