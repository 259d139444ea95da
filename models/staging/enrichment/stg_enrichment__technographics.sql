{{ config(materialized='table') }}

with

usable as (
    select * from {{ ref('base_enrichment__technographics') }}
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
        technology_name,
        technology_category,
        first_seen_date,
        last_seen_date,
        _extracted_at
    from ranked
    where dedupe_rank = 1
)

select * from final
