-- Micro-segments whose size on the as-of date is outside the bounds
-- (vars microseg__segment_min_size / microseg__segment_max_size; default 15-75): too small for
-- a custom play or too broad for differentiated treatment. Empty segments: see
-- assert_segment_not_empty. Warns by default; var microseg__segment_check_severity: error.
{{ config(severity=var('microseg__segment_check_severity')) }}

select
    segment_id,
    member_count,
    min_size,
    max_size,
    size_status
from {{ ref('dim_segments') }}
where size_status in ('too_small', 'too_large')
