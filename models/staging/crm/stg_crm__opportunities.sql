{{ config(materialized='table') }}

with

usable as (
    select * from {{ ref('base_crm__opportunities') }}
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
        opportunity_id,
        account_id,
        opportunity_name,
        opportunity_type,
        stage_name,
        amount,
        currency_code,
        created_at,
        close_date,
        is_closed,
        is_won,
        updated_at,
        is_deleted,
        _extracted_at,
        amount_usd,
        created_date
    from ranked
    where dedupe_rank = 1
)

select * from final
