-- Nothing is dropped silently: for every raw table, each raw row is staged, collapsed as a
-- duplicate of a newer row, or listed in stg_rejected_rows. Returns the tables that do not add up,
-- with the usual cause (logged by microseg.log_failing_test_rows at the end of the run).
with

accounting as (
    {{ microseg.row_accounting() }}
),

final as (
    select
        *,
        raw_rows - (staged_rows + duplicate_rows + rejected_rows) as unaccounted_rows,
        -- README "Incremental tables and when to full-refresh".
        'loads older than the incremental look-back, or a replaced event extract: dbt build --full-refresh'
            as likely_cause
    from accounting
    where raw_rows <> staged_rows + duplicate_rows + rejected_rows
)

select * from final
