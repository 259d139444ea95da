{{ config(materialized='table') }}

with

usable as (
    select * from {{ ref('base_enrichment__funding_rounds') }}
    where reject_reason is null
),

ranked as (
    select
        *,
        {{ microseg.dedupe_rank(['_extracted_at']) }} as dedupe_rank
    from usable
),

final as (
    select
        funding_round_id,
        company_id,
        round_type,
        announced_date,
        amount,
        currency_code,
        lead_investor,
        _extracted_at,
        amount_usd
    from ranked
    where dedupe_rank = 1
)

select * from final
