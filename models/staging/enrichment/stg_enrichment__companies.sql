{{ config(materialized='table') }}

with

usable as (
    select * from {{ ref('base_enrichment__companies') }}
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
        company_id,
        domain,
        company_name,
        industry,
        sub_industry,
        employee_count,
        annual_revenue,
        revenue_currency,
        country_code,
        region,
        founded_year,
        funding_stage,
        _extracted_at,
        annual_revenue_usd
    from ranked
    where dedupe_rank = 1
)

select * from final
