{{ config(**microseg.incremental_config(['visit_id'], 'visited_date')) }}

with

usable as (
    select * from {{ ref('base_engagement__web_visits') }}
    where reject_reason is null
),

rebuilt as (
    {{ microseg.incremental_rebuilt_dates('usable', 'visited_date') }}
),

candidates as (
    {{ microseg.incremental_rows('usable', 'visited_date', 'rebuilt') }}
),

ranked as (
    select
        *,
        {{ microseg.dedupe_rank(['_extracted_at']) }} as dedupe_rank
    from candidates
),

final as (
    select
        visit_id,
        visitor_domain,
        page_url,
        page_category,
        visited_at,
        duration_seconds,
        _extracted_at,
        visited_date
    from ranked
    where dedupe_rank = 1 and is_rebuilt_date
)

select * from final
