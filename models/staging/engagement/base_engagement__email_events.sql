-- A table: typed once, then read by the stg model, stg_rejected_rows and the row-accounting test.
{{ config(materialized='table') }}

with

source as (
    {{ microseg.select_source('engagement', 'email_events') }}
),

typed as (
    select
        source.*,
        {{ microseg.clean_string('raw_event_id') }} as event_id,
        {{ microseg.clean_string('raw_sequence_id') }} as sequence_id,
        {{ microseg.safe_cast('raw_step_number', 'integer') }} as step_number,
        {{ microseg.normalize_email('raw_contact_email') }} as contact_email,
        {{ microseg.clean_string('raw_crm_contact_id') }} as crm_contact_id,
        {{ microseg.normalize_enum('raw_event_type') }} as event_type,
        {{ microseg.normalize_enum('raw_reply_sentiment') }} as reply_sentiment,
        {{ microseg.normalize_enum('raw_bounce_type') }} as bounce_type,
        {{ microseg.to_utc_timestamp('raw_occurred_at') }} as occurred_at,
        {{ microseg.to_utc_timestamp('raw__extracted_at') }} as _extracted_at,
        {{ microseg.email_domain('raw_contact_email') }} as email_domain
    from source
),

checked as (
    select
        *,
        cast(occurred_at as date) as occurred_date,
        {{ microseg.reject_columns(
            required=['event_id', 'contact_email', 'event_type', 'occurred_at', '_extracted_at'],
            typed=['step_number'],
            rules=[
                ('not ' ~ microseg.is_valid_email('contact_email'), 'invalid contact_email', 'contact_email'),
                (microseg.not_in('event_type', microseg.email_event_types()), 'unknown event_type', 'event_type'),
                (microseg.not_in('reply_sentiment', microseg.reply_sentiments()), 'unknown reply_sentiment', 'reply_sentiment'),
                (microseg.not_in('bounce_type', ['hard', 'soft']), 'unknown bounce_type', 'bounce_type'),
            ],
        ) }}
    from typed
),

final as (
    select
        *,
        {{ microseg.key_text(['event_id']) }} as source_key
    from checked
)

select * from final
