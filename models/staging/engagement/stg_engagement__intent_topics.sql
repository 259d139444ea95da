{{ config(**microseg.incremental_config(['company_domain', 'week_start_date', 'topic'], 'week_start_date')) }}

with

candidates as (
    {{ microseg.incremental_rows(ref('base_engagement__intent_topics'), 'week_start_date') }}
),

repeated_keys as (
    {{ microseg.repeated_keys('candidates') }}
),

ranked as (
    {{ microseg.ranked_rows('candidates', 'repeated_keys', ['_extracted_at']) }}
),

final as (
    select
        company_domain,
        week_start_date,
        topic,
        topic_category,
        intent_score,
        _extracted_at
    from ranked
    where dedupe_rank = 1 and is_rebuilt_date
)

select * from final
