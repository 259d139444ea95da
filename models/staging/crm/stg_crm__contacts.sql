{{ config(materialized='table') }}

with

usable as (
    select * from {{ ref('base_crm__contacts') }}
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
        contact_id,
        account_id,
        first_name,
        last_name,
        email,
        title,
        has_opted_out_of_email,
        created_at,
        updated_at,
        is_deleted,
        _extracted_at,
        email_domain,
        title_normalized
    from ranked
    where dedupe_rank = 1
)

select * from final
