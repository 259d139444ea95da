{{ config(**microseg.incremental_config(['meeting_id'], 'booked_date')) }}

with

candidates as (
    {{ microseg.incremental_rows(ref('base_engagement__meetings'), 'booked_date') }}
),

repeated_keys as (
    {{ microseg.repeated_keys('candidates') }}
),

ranked as (
    {{ microseg.ranked_rows('candidates', 'repeated_keys', ['_extracted_at']) }}
),

final as (
    select
        meeting_id,
        contact_email,
        crm_contact_id,
        sequence_id,
        meeting_status,
        booked_at,
        scheduled_at,
        _extracted_at,
        email_domain,
        booked_date
    from ranked
    where dedupe_rank = 1 and is_rebuilt_date
)

select * from final
