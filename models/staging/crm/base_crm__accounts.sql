-- A table: typed once, then read by the stg model, stg_rejected_rows and the row-accounting test.
{{ config(materialized='table') }}

{%- set reject_checks = microseg.reject_checks(
    required=['account_id', 'updated_at', 'is_deleted', '_extracted_at'],
    typed=['created_at'],
) %}

with

source as (
    {{ microseg.select_source('crm', 'accounts') }}
),

typed as (
    select
        source.*,
        {{ microseg.clean_string('raw_account_id') }} as account_id,
        {{ microseg.clean_string('raw_crm_instance') }} as crm_instance,
        {{ microseg.clean_string('raw_account_name') }} as account_name,
        {{ microseg.clean_string('raw_website') }} as website,
        {{ microseg.clean_string('raw_industry') }} as industry,
        {{ microseg.clean_string('raw_billing_country') }} as billing_country,
        {{ microseg.clean_string('raw_owner_id') }} as owner_id,
        {{ microseg.to_utc_timestamp('raw_created_at') }} as created_at,
        {{ microseg.to_utc_timestamp('raw_updated_at') }} as updated_at,
        {{ microseg.safe_cast('raw_is_deleted', 'boolean') }} as is_deleted,
        {{ microseg.to_utc_timestamp('raw__extracted_at') }} as _extracted_at,
        {{ microseg.normalize_domain('raw_website') }} as normalized_website
    from source
),

checked as (
    select
        *,
        case when {{ microseg.is_valid_domain('normalized_website') }} then normalized_website end as domain,
        {{ microseg.reject_reason(reject_checks) }} as reject_reason
    from typed
),

final as (
    select
        *,
        {{ microseg.rejected_field(reject_checks) }} as rejected_field,
        {{ microseg.key_text(['account_id']) }} as source_key
    from checked
)

-- Typed columns, and the raw row as text only where it is rejected (stg_rejected_rows shows it;
-- keeping every raw_<column> on every row was most of this table's write cost).
select
    account_id,
    crm_instance,
    account_name,
    website,
    industry,
    billing_country,
    owner_id,
    created_at,
    updated_at,
    is_deleted,
    _extracted_at,
    normalized_website,
    domain,
    reject_reason,
    rejected_field,
    source_key,
    {{ microseg.rejected_raw_record('crm', 'accounts') }} as raw_record
from final
