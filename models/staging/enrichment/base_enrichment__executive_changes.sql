-- A table: typed once, then read by the stg model, stg_rejected_rows and the row-accounting test.
{{ config(materialized='table') }}

{%- set reject_checks = microseg.reject_checks(
    required=['executive_change_id', 'company_id', 'title', 'change_type', 'change_date', '_extracted_at'],
    rules=[
        (microseg.not_in('change_type', ['hire', 'departure']), 'unknown change_type', 'change_type'),
    ],
) %}

with

source as (
    {{ microseg.select_source('enrichment', 'executive_changes') }}
),

typed as (
    select
        source.*,
        {{ microseg.clean_string('raw_executive_change_id') }} as executive_change_id,
        {{ microseg.clean_string('raw_company_id') }} as company_id,
        {{ microseg.clean_string('raw_person_name') }} as person_name,
        {{ microseg.clean_string('raw_title') }} as title,
        {{ microseg.normalize_enum('raw_department') }} as department,
        {{ microseg.normalize_enum('raw_change_type') }} as change_type,
        {{ microseg.safe_cast('raw_change_date', 'date') }} as change_date,
        {{ microseg.to_utc_timestamp('raw__extracted_at') }} as _extracted_at,
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
        {{ microseg.key_text(['executive_change_id']) }} as source_key
    from checked
)

-- Typed columns, and the raw row as text only where it is rejected (stg_rejected_rows shows it;
-- keeping every raw_<column> on every row was most of this table's write cost).
select
    executive_change_id,
    company_id,
    person_name,
    title,
    department,
    change_type,
    change_date,
    _extracted_at,
    title_normalized,
    reject_reason,
    rejected_field,
    source_key,
    {{ microseg.rejected_raw_record('enrichment', 'executive_changes') }} as raw_record
from final
