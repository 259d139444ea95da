-- A table, typed once, then read by the stg model, stg_rejected_rows and the row-accounting test;
-- incremental by load window (macros/staging/load_window.sql): a run types the latest loads only.
{{ config(**microseg.base_load_config()) }}

{#- This run's load window, found once and applied to each import of the extract. #}
{%- set load_window = microseg.load_window_condition() %}

{%- set reject_checks = microseg.reject_checks(
    required=['meeting_id', 'contact_email', 'meeting_status', 'booked_at', '_extracted_at'],
    typed=['scheduled_at'],
    rules=[
        ('not ' ~ microseg.is_valid_email('contact_email'), 'invalid contact_email', 'contact_email'),
        (microseg.not_in('meeting_status', ['booked', 'held', 'no_show', 'cancelled']), 'unknown meeting_status', 'meeting_status'),
    ],
) %}

with

source as (
    {{ microseg.select_source('engagement', 'meetings', where=load_window) }}
),

typed as (
    select
        source.*,
        {{ microseg.clean_string('raw_meeting_id') }} as meeting_id,
        {{ microseg.normalize_email('raw_contact_email') }} as contact_email,
        {{ microseg.clean_string('raw_crm_contact_id') }} as crm_contact_id,
        {{ microseg.clean_string('raw_sequence_id') }} as sequence_id,
        {{ microseg.normalize_enum('raw_meeting_status') }} as meeting_status,
        {{ microseg.to_utc_timestamp('raw_booked_at') }} as booked_at,
        {{ microseg.to_utc_timestamp('raw_scheduled_at') }} as scheduled_at,
        {{ microseg.to_utc_timestamp('raw__extracted_at') }} as _extracted_at,
        {{ microseg.email_domain('raw_contact_email') }} as email_domain
    from source
),

checked as (
    select
        *,
        cast(booked_at as date) as booked_date,
        {{ microseg.reject_reason(reject_checks) }} as reject_reason
    from typed
),

final as (
    select
        *,
        {{ microseg.rejected_field(reject_checks) }} as rejected_field,
        {{ microseg.key_text(['meeting_id']) }} as source_key
    from checked
)

-- Typed columns, and the raw row as text only where it is rejected (stg_rejected_rows shows it;
-- keeping every raw_<column> on every row was most of this table's write cost).
select
    meeting_id,
    contact_email,
    crm_contact_id,
    sequence_id,
    meeting_status,
    booked_at,
    scheduled_at,
    _extracted_at,
    email_domain,
    booked_date,
    reject_reason,
    rejected_field,
    source_key,
    {{ microseg.load_date('_extracted_at') }} as load_date,
    {{ microseg.rejected_raw_record('engagement', 'meetings') }} as raw_record
from final
