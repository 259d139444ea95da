{{ config(materialized='table') }}

with

usable as (
    select * from {{ ref('base_enrichment__executive_changes') }}
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
        executive_change_id,
        company_id,
        person_name,
        title,
        department,
        change_type,
        change_date,
        _extracted_at,
        title_normalized
    from ranked
    where dedupe_rank = 1
)

select * from final
