{{ config(materialized='table') }}

with

usable as (
    select * from {{ ref('base_enrichment__job_postings') }}
    where reject_reason is null
),

ranked as (
    select
        *,
        {{ microseg.dedupe_rank(['_extracted_at']) }} as dedupe_rank
    from usable
),

final as (
    select
        job_posting_id,
        company_id,
        job_title,
        department,
        seniority,
        posted_date,
        closed_date,
        _extracted_at,
        job_title_normalized
    from ranked
    where dedupe_rank = 1
)

select * from final
