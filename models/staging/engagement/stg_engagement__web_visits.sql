{{ config(**microseg.incremental_config(['visit_id'], 'visited_date')) }}

with

candidates as (
    {{ microseg.incremental_rows(ref('base_engagement__web_visits'), 'visited_date') }}
),

repeated_keys as (
    {{ microseg.repeated_keys('candidates') }}
),

ranked as (
    {{ microseg.ranked_rows('candidates', 'repeated_keys', ['_extracted_at']) }}
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
