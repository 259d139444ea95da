{{ config(**microseg.incremental_config(['company_domain', 'week_start_date', 'topic'], 'week_start_date')) }}

with

candidates as (
    {{ microseg.incremental_rows(ref('base_engagement__intent_topics'), 'week_start_date') }}
),

ranked as (
    select
        *,
        {{ microseg.dedupe_rank(['_extracted_at']) }} as dedupe_rank
    from candidates
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
