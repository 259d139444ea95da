-- A table, typed once, then read by the stg model, stg_rejected_rows and the row-accounting test;
-- incremental by load window (macros/staging/load_window.sql): a run types the latest loads only.
{{ config(**microseg.base_load_config()) }}

{#- This run's load window, found once and applied to each import of the extract. #}
{%- set load_window = microseg.load_window_condition() %}

{%- set reject_checks = microseg.reject_checks(
    required=['download_id', 'contact_email', 'downloaded_at', '_extracted_at'],
    rules=[
        ('not ' ~ microseg.is_valid_email('contact_email'), 'invalid contact_email', 'contact_email'),
    ],
) %}

with

source as (
    {{ microseg.select_source('engagement', 'content_downloads', where=load_window) }}
),

typed as (
    select
        source.*,
        {{ microseg.clean_string('raw_download_id') }} as download_id,
        {{ microseg.normalize_email('raw_contact_email') }} as contact_email,
        {{ microseg.clean_string('raw_asset_name') }} as asset_name,
        {{ microseg.normalize_title('raw_asset_topic') }} as asset_topic,
        {{ microseg.to_utc_timestamp('raw_downloaded_at') }} as downloaded_at,
        {{ microseg.to_utc_timestamp('raw__extracted_at') }} as _extracted_at,
        {{ microseg.email_domain('raw_contact_email') }} as email_domain
    from source
),

checked as (
    select
        *,
        cast(downloaded_at as date) as downloaded_date,
        {{ microseg.reject_reason(reject_checks) }} as reject_reason
    from typed
),

final as (
    select
        *,
        {{ microseg.rejected_field(reject_checks) }} as rejected_field,
        {{ microseg.key_text(['download_id']) }} as source_key
    from checked
)

-- Typed columns, and the raw row as text only where it is rejected (stg_rejected_rows shows it;
-- keeping every raw_<column> on every row was most of this table's write cost).
select
    download_id,
    contact_email,
    asset_name,
    asset_topic,
    downloaded_at,
    _extracted_at,
    email_domain,
    downloaded_date,
    reject_reason,
    rejected_field,
    source_key,
    {{ microseg.load_date('_extracted_at') }} as load_date,
    {{ microseg.rejected_raw_record('engagement', 'content_downloads') }} as raw_record
from final
