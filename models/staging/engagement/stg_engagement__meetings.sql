{{ config(**microseg.incremental_config(['meeting_id'], 'booked_date')) }}

with

usable as (
    select * from {{ ref('base_engagement__meetings') }}
    where reject_reason is null
),

rebuilt as (
    {{ microseg.incremental_rebuilt_dates('usable', 'booked_date') }}
),

candidates as (
    {{ microseg.incremental_rows('usable', 'booked_date', 'rebuilt') }}
),

ranked as (
    select
        *,
        {{ microseg.dedupe_rank(['_extracted_at']) }} as dedupe_rank
    from candidates
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
