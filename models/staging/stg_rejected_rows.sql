{{ config(materialized='table') }}

with

rejected as (
    {{ microseg.union_rejected_rows(microseg.staged_tables()) }}
),

final as (
    select
        source_name,
        table_name,
        source_key,
        reject_reason,
        rejected_field,
        raw_record,
        _extracted_at
    from rejected
)

select * from final
