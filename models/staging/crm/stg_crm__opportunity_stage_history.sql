{{ config(materialized='table') }}

with

usable as (
    select * from {{ ref('base_crm__opportunity_stage_history') }}
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
        stage_history_id,
        opportunity_id,
        stage_name,
        entered_at,
        _extracted_at
    from ranked
    where dedupe_rank = 1
)

select * from final
