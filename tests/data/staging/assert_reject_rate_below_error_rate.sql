-- Fails the build when a raw table's share of rejected rows passes
-- var microseg__max_reject_rate_error (default 50 %): the extract is mostly unusable (a changed
-- date format, a renamed picklist ...), so the marts built on it would be wrong rather than
-- thin. Each row names the table, its rate and its most common reason (logged by
-- microseg.log_failing_test_rows at the end of the run).

{{ microseg.reject_rate_above(var('microseg__max_reject_rate_error')) }}
