-- A table: typed once, then read by the stg model, stg_rejected_rows and the row-accounting test.
{{ config(materialized='table') }}

{%- set reject_checks = microseg.reject_checks(
    required=[
        'company_id', 'technology_name', 'technology_category', 'first_seen_date', 'last_seen_date',
        '_extracted_at',
    ],
    rules=[
        ('last_seen_date < first_seen_date', 'last_seen_date before first_seen_date', 'last_seen_date'),
    ],
) %}

with

source as (
    {{ microseg.select_source('enrichment', 'technographics') }}
),

typed as (
    select
        source.*,
        {{ microseg.clean_string('raw_company_id') }} as company_id,
        {{ microseg.clean_string('raw_technology_name') }} as technology_name,
        {{ microseg.normalize_enum('raw_technology_category') }} as technology_category,
        {{ microseg.safe_cast('raw_first_seen_date', 'date') }} as first_seen_date,
        {{ microseg.safe_cast('raw_last_seen_date', 'date') }} as last_seen_date,
        {{ microseg.to_utc_timestamp('raw__extracted_at') }} as _extracted_at
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
        {{ microseg.key_text(['company_id', 'technology_name']) }} as source_key
    from checked
)

-- Typed columns, and the raw row as text only where it is rejected (stg_rejected_rows shows it;
-- keeping every raw_<column> on every row was most of this table's write cost).
select
    company_id,
    technology_name,
    technology_category,
    first_seen_date,
    last_seen_date,
    _extracted_at,
    reject_reason,
    rejected_field,
    source_key,
    {{ microseg.rejected_raw_record('enrichment', 'technographics') }} as raw_record
from final
