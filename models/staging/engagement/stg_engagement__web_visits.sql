{{ config(**microseg.incremental_config(['visit_id'], 'visited_date')) }}

with

candidates as (
    {{ microseg.incremental_rows(ref('base_engagement__web_visits'), 'visited_date') }}
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
