-- The budget shares of all micro-segments sum to 1 (when any segment is eligible), no share is
-- negative, ineligible segments get nothing, and budget_usd is the share of the total budget.
-- Returns one row describing the violation.

with

totals as (

    select
        sum(budget_share) as total_share,
        sum(budget_usd) as total_budget_usd,
        sum(case when is_eligible then 1 else 0 end) as eligible_count,
        sum(case when budget_share < 0 then 1 else 0 end) as negative_count,
        sum(case when not is_eligible and budget_share <> 0 then 1 else 0 end) as ineligible_funded_count
    from {{ ref('rpt_segment_budget') }}

)

select *
from totals
where (eligible_count > 0 and abs(total_share - 1.0e0) > 1.0e-9)
    or (eligible_count > 0 and abs(total_budget_usd - {{ var('microseg__budget_total_usd') }}) > 1.0e-6 * {{ var('microseg__budget_total_usd') }})
    or negative_count > 0
    or ineligible_funded_count > 0
