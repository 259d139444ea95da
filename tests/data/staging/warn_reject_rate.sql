-- Warns (does not fail) when a raw table's share of rejected rows passes
-- var microseg__max_reject_rate: a sign that an extract changed shape or a loader broke.
{{ config(severity='warn') }}

with

accounting as (
    {{ microseg.row_accounting(with_staged=false) }}
),

final as (
    select
        source_name,
        table_name,
        raw_rows,
        rejected_rows,
        cast(rejected_rows as {{ microseg.type_double() }}) / raw_rows as reject_rate
    from accounting
    where
        raw_rows > 0
        and cast(rejected_rows as {{ microseg.type_double() }}) / raw_rows > {{ var('microseg__max_reject_rate') }}
)

select * from final
