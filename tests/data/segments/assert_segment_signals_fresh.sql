-- Micro-segments where at least half of the members rely on signals older than their refresh
-- class allows (microseg__stale_signal_days_event_driven / _attribute_based): stale
-- micro-segments are worse than none. Warns by default; var
-- microseg__segment_check_severity: error.
{{ config(severity=var('microseg__segment_check_severity')) }}

select
    segment_id,
    refresh_class,
    stale_member_count,
    member_count,
    max_signal_age_days
from {{ ref('dim_segments') }}
where staleness_status = 'stale'
