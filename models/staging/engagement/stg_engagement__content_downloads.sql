{{ config(**microseg.incremental_config(['download_id'], 'downloaded_date')) }}

with

candidates as (
    {{ microseg.incremental_rows(ref('base_engagement__content_downloads'), 'downloaded_date') }}
),

ranked as (
    select
        *,
        {{ microseg.dedupe_rank(['_extracted_at']) }} as dedupe_rank
    from candidates
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
