-- A table: typed once, then read by the stg model, stg_rejected_rows and the row-accounting test.
{{ config(materialized='table') }}

{%- set reject_checks = microseg.reject_checks(
    required=['job_posting_id', 'company_id', 'job_title', 'posted_date', '_extracted_at'],
    typed=['closed_date'],
    rules=[
        (microseg.not_in('seniority', ['entry', 'mid', 'senior', 'director', 'vp', 'c_level']), 'unknown seniority', 'seniority'),
        ('closed_date < posted_date', 'closed_date before posted_date', 'closed_date'),
    ],
) %}

with

source as (
    {{ microseg.select_source('enrichment', 'job_postings') }}
),

typed as (
    select
        source.*,
        {{ microseg.clean_string('raw_job_posting_id') }} as job_posting_id,
        {{ microseg.clean_string('raw_company_id') }} as company_id,
        {{ microseg.clean_string('raw_job_title') }} as job_title,
        {{ microseg.normalize_enum('raw_department') }} as department,
        {{ microseg.normalize_enum('raw_seniority') }} as seniority,
        {{ microseg.safe_cast('raw_posted_date', 'date') }} as posted_date,
        {{ microseg.safe_cast('raw_closed_date', 'date') }} as closed_date,
        {{ microseg.to_utc_timestamp('raw__extracted_at') }} as _extracted_at,
        {{ microseg.normalize_title('raw_job_title') }} as job_title_normalized
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
        {{ microseg.key_text(['job_posting_id']) }} as source_key
    from checked
)

-- Typed columns, and the raw row as text only where it is rejected (stg_rejected_rows shows it;
-- keeping every raw_<column> on every row was most of this table's write cost).
select
    job_posting_id,
    company_id,
    job_title,
    department,
    seniority,
    posted_date,
    closed_date,
    _extracted_at,
    job_title_normalized,
    reject_reason,
    rejected_field,
    source_key,
    {{ microseg.rejected_raw_record('enrichment', 'job_postings') }} as raw_record
from final
