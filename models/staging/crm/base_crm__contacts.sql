-- A table: typed once, then read by the stg model, stg_rejected_rows and the row-accounting test.
{{ config(materialized='table') }}

{%- set reject_checks = microseg.reject_checks(
    required=['contact_id', 'updated_at', 'is_deleted', '_extracted_at'],
    typed=['has_opted_out_of_email', 'created_at'],
    rules=[
        ('email is not null and not ' ~ microseg.is_valid_email('email'), 'invalid email', 'email'),
    ],
) %}

with

source as (
    {{ microseg.select_source('crm', 'contacts') }}
),

typed as (
    select
        source.*,
        {{ microseg.clean_string('raw_contact_id') }} as contact_id,
        {{ microseg.clean_string('raw_account_id') }} as account_id,
        {{ microseg.clean_string('raw_first_name') }} as first_name,
        {{ microseg.clean_string('raw_last_name') }} as last_name,
        {{ microseg.normalize_email('raw_email') }} as email,
        {{ microseg.clean_string('raw_title') }} as title,
        {{ microseg.safe_cast('raw_has_opted_out_of_email', 'boolean') }} as has_opted_out_of_email,
        {{ microseg.to_utc_timestamp('raw_created_at') }} as created_at,
        {{ microseg.to_utc_timestamp('raw_updated_at') }} as updated_at,
        {{ microseg.safe_cast('raw_is_deleted', 'boolean') }} as is_deleted,
        {{ microseg.to_utc_timestamp('raw__extracted_at') }} as _extracted_at,
        {{ microseg.email_domain('raw_email') }} as email_domain,
        {{ microseg.normalize_title('raw_title') }} as title_normalized
    from source
),

checked as (
    select
        *,
        {{ microseg.reject_reason(reject_checks) }} as reject_reason
    from typed
),

final as (
    select
        *,
        {{ microseg.rejected_field(reject_checks) }} as rejected_field,
        {{ microseg.key_text(['contact_id']) }} as source_key
    from checked
)

-- Typed columns, and the raw row as text only where it is rejected (stg_rejected_rows shows it;
-- keeping every raw_<column> on every row was most of this table's write cost).
select
    contact_id,
    account_id,
    first_name,
    last_name,
    email,
    title,
    has_opted_out_of_email,
    created_at,
    updated_at,
    is_deleted,
    _extracted_at,
    email_domain,
    title_normalized,
    reject_reason,
    rejected_field,
    source_key,
    {{ microseg.rejected_raw_record('crm', 'contacts') }} as raw_record
from final
