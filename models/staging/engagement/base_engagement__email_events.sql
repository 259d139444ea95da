-- A table, typed once, then read by the stg model, stg_rejected_rows and the row-accounting test;
-- incremental by load window (macros/staging/load_window.sql): a run types the latest loads only.
{{ config(**microseg.base_load_config()) }}

{#- This run's load window, found once and applied to each import of the extract. #}
{%- set load_window = microseg.load_window_condition() %}

{%- set reject_checks = microseg.reject_checks(
    required=['event_id', 'contact_email', 'event_type', 'occurred_at', '_extracted_at'],
    typed=['step_number'],
    rules=[
        ('not ' ~ microseg.is_valid_email('contact_email'), 'invalid contact_email', 'contact_email'),
        (microseg.not_in('event_type', microseg.email_event_types()), 'unknown event_type', 'event_type'),
        (microseg.not_in('reply_sentiment', microseg.reply_sentiments()), 'unknown reply_sentiment', 'reply_sentiment'),
        (microseg.not_in('bounce_type', ['hard', 'soft']), 'unknown bounce_type', 'bounce_type'),
    ],
) %}

with

source as (
    {{ microseg.select_source('engagement', 'email_events', where=load_window) }}
),

-- Each distinct raw email normalised once (~330 k emails over ~3 M events at 50 k accounts) and
-- joined back on the raw text, from its own import of the column: see
-- macros/staging/normalize.sql and select_source.sql.
raw_contact_emails as (
    {{ microseg.select_source('engagement', 'email_events', columns=['contact_email'], where=load_window) }}
),

contact_emails as (
    select
        raw_contact_email,
        {{ microseg.normalize_email('raw_contact_email') }} as contact_email,
        {{ microseg.email_domain('raw_contact_email') }} as email_domain
    from raw_contact_emails
    group by raw_contact_email
),

typed as (
    select
        source.*,
        {{ microseg.clean_string('raw_event_id') }} as event_id,
        {{ microseg.clean_string('raw_sequence_id') }} as sequence_id,
        {{ microseg.safe_cast('raw_step_number', 'integer') }} as step_number,
        contact_emails.contact_email,
        {{ microseg.clean_string('raw_crm_contact_id') }} as crm_contact_id,
        {{ microseg.normalize_enum('raw_event_type') }} as event_type,
        {{ microseg.normalize_enum('raw_reply_sentiment') }} as reply_sentiment,
        {{ microseg.normalize_enum('raw_bounce_type') }} as bounce_type,
        {{ microseg.to_utc_timestamp('raw_occurred_at') }} as occurred_at,
        {{ microseg.to_utc_timestamp('raw__extracted_at') }} as _extracted_at,
        contact_emails.email_domain
    from source
    left join contact_emails
        on source.raw_contact_email = contact_emails.raw_contact_email
),

checked as (
    select
        *,
        cast(occurred_at as date) as occurred_date,
        {{ microseg.reject_reason(reject_checks) }} as reject_reason
    from typed
),

final as (
    select
        *,
        {{ microseg.rejected_field(reject_checks) }} as rejected_field,
        {{ microseg.key_text(['event_id']) }} as source_key
    from checked
)

-- Typed columns, and the raw row as text only where it is rejected (stg_rejected_rows shows it;
-- keeping every raw_<column> on every row was most of this table's write cost).
select
    event_id,
    sequence_id,
    step_number,
    contact_email,
    crm_contact_id,
    event_type,
    reply_sentiment,
    bounce_type,
    occurred_at,
    _extracted_at,
    email_domain,
    occurred_date,
    reject_reason,
    rejected_field,
    source_key,
    {{ microseg.load_date('_extracted_at') }} as load_date,
    {{ microseg.rejected_raw_record('engagement', 'email_events') }} as raw_record
from final
