-- A table: typed once, then read by the stg model, stg_rejected_rows and the row-accounting test.
{{ config(materialized='table') }}

{%- set reject_checks = microseg.reject_checks(
    required=['company_id', 'month_date', 'employee_count', '_extracted_at'],
    rules=[
        ('employee_count < 0', 'impossible employee_count', 'employee_count'),
    ],
) %}

with

source as (
    {{ microseg.select_source('enrichment', 'headcount_history') }}
),

typed as (
    select
        source.*,
        {{ microseg.clean_string('raw_company_id') }} as company_id,
        {{ microseg.safe_cast('raw_month_date', 'date') }} as month_date,
        {{ microseg.safe_cast('raw_employee_count', 'integer') }} as employee_count,
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
        {{ microseg.key_text(['company_id', 'month_date']) }} as source_key
    from checked
)

-- Typed columns, and the raw row as text only where it is rejected (stg_rejected_rows shows it;
-- keeping every raw_<column> on every row was most of this table's write cost).
select
    company_id,
    month_date,
    employee_count,
    _extracted_at,
    reject_reason,
    rejected_field,
    source_key,
    {{ microseg.rejected_raw_record('enrichment', 'headcount_history') }} as raw_record
from final
