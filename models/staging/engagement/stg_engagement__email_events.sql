{{ config(**microseg.incremental_config(['event_id'], 'occurred_date')) }}

with

candidates as (
    {{ microseg.incremental_rows(ref('base_engagement__email_events'), 'occurred_date') }}
),

repeated_keys as (
    {{ microseg.repeated_keys('candidates') }}
),

ranked as (
    {{ microseg.ranked_rows('candidates', 'repeated_keys', ['_extracted_at']) }}
),

final as (
    select
        event_id,
        sequence_id,
        step_number,
        contact_email,
        crm_contact_id,
        event_type,
        reply_sentiment,
        bounce_type,
        occurred_at,
        _extracted_at,
        email_domain,
        occurred_date
    from ranked
    where dedupe_rank = 1 and is_rebuilt_date
)

select * from final
