{{ config(materialized='table') }}

with

usable as (
    select * from {{ ref('base_enrichment__headcount_history') }}
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
        company_id,
        month_date,
        employee_count,
        _extracted_at
    from ranked
    where dedupe_rank = 1
)

select * from final
