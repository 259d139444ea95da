-- Pairs of micro-segments sharing more than var microseg__segment_max_overlap_share of the
-- smaller segment: the segments are probably not distinct clusters (the priority decides where
-- the shared accounts go). Warns by default; var microseg__segment_check_severity: error.
{{ config(severity=var('microseg__segment_check_severity')) }}

select
    segment_pair_id,
    shared_account_count,
    overlap_share
from {{ ref('fct_segment_overlap') }}
where is_above_threshold
