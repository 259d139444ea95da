{{ config(**microseg.incremental_config(['download_id'], 'downloaded_date')) }}

with

candidates as (
    {{ microseg.incremental_rows(ref('base_engagement__content_downloads'), 'downloaded_date') }}
),

repeated_keys as (
    {{ microseg.repeated_keys('candidates') }}
),

ranked as (
    {{ microseg.ranked_rows('candidates', 'repeated_keys', ['_extracted_at']) }}
),

final as (
    select
        download_id,
        contact_email,
        asset_name,
        asset_topic,
        downloaded_at,
        _extracted_at,
        email_domain,
        downloaded_date
    from ranked
    where dedupe_rank = 1 and is_rebuilt_date
)

select * from final
