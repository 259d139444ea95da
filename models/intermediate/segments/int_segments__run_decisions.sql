-- One row per micro-segment definition and per account membership, as this run decides them:
-- row_kind 'definition' (segment_id, its rule_version and definition) and row_kind
-- 'membership' (account_id x segment_id on the as-of date, with is_primary and is_holdout).
-- Snapshotted by snap_segment_decisions: both kinds in one snapshot, so every row a run changes
-- carries the same snapshot time and a definition change can be matched to the memberships it
-- added or removed in that run.

{%- set text = dbt.type_string() %}

with

definitions as (

    select
        segment_id,
        rule_version,
        definition_json
    from {{ ref('int_segments__definitions') }}
    where segment_kind = 'micro_segment'

),

memberships as (

    select
        account_id,
        segment_id,
        rule_version,
        is_primary,
        {{ microseg.segments_is_holdout_sql('account_id') }} as is_holdout
    from {{ ref('int_segments__assignments') }}
    where evaluation_date = {{ microseg.as_of_date() }}

),

decisions as (

    select
        'definition' as row_kind,
        segment_id,
        rule_version,
        definition_json,
        cast(null as {{ text }}) as account_id,
        cast(null as boolean) as is_primary,
        cast(null as boolean) as is_holdout,
        {{ dbt.concat(["'definition|'", 'segment_id']) }} as decision_key
    from definitions

    union all

    select
        'membership' as row_kind,
        segment_id,
        rule_version,
        cast(null as {{ text }}) as definition_json,
        account_id,
        is_primary,
        is_holdout,
        {{ dbt.concat(["'membership|'", 'account_id', "'|'", 'segment_id']) }} as decision_key
    from memberships

),

final as (

    select
        decisions.*,
        {{ microseg.as_of_date() }} as as_of_date
    from decisions

)

select * from final
