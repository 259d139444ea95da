{{ config(materialized='table') }}

with

usable as (
    select * from {{ ref('base_crm__accounts') }}
    where reject_reason is null
),

ranked as (
    select
        *,
        {{ microseg.dedupe_rank(['updated_at', '_extracted_at']) }} as dedupe_rank
    from usable
),

final as (
    select
        account_id,
        crm_instance,
        account_name,
        website,
        industry,
        billing_country,
        owner_id,
        created_at,
        updated_at,
        is_deleted,
        _extracted_at,
        domain
    from ranked
    where dedupe_rank = 1
)

select * from final
