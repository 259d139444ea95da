-- Nothing is dropped silently: for every raw table, each raw row is staged, collapsed as a
-- duplicate of a newer row, or listed in stg_rejected_rows. Returns the tables that do not add up.
with

accounting as (
    {{ microseg.row_accounting() }}
),

final as (
    select
        *,
        raw_rows - (staged_rows + duplicate_rows + rejected_rows) as unaccounted_rows
    from accounting
    where raw_rows <> staged_rows + duplicate_rows + rejected_rows
)

select * from final
