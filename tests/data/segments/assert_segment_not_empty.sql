-- Micro-segments with no member on the as-of date (a definition that matches nothing, or a
-- signal source that stopped delivering). Warns by default; var
-- microseg__segment_check_severity: error.
{{ config(severity=var('microseg__segment_check_severity')) }}

select
    segment_id,
    conditions_text
from {{ ref('dim_segments') }}
where segment_kind = 'micro_segment'
    and member_count = 0
