-- Warns (does not fail) when a raw table's share of rejected rows passes
-- var microseg__max_reject_rate: a sign that an extract changed shape or a loader broke.
-- assert_reject_rate_below_error_rate fails the build past microseg__max_reject_rate_error.
-- Each row names the table, its rate and its most common reason (logged by
-- microseg.log_failing_test_rows at the end of the run).
{{ config(severity='warn') }}

{{ microseg.reject_rate_above(var('microseg__max_reject_rate')) }}
