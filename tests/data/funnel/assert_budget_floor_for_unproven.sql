-- Every unproven segment (eligible, verdict insufficient_evidence) gets at least its floor share,
-- and the floor never exceeds the configured var. Returns the offending segments.

select
    segment_id,
    budget_share,
    floor_share
from {{ ref('rpt_segment_budget') }}
where is_unproven
    and (
        budget_share < floor_share - 1.0e-12
        or floor_share > {{ var('microseg__budget_unproven_floor_share') }} + 1.0e-12
        or floor_share <= 0
    )
