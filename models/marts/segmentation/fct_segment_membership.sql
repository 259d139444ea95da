-- One row per account per micro-segment it qualifies for on the as-of date. Every qualifying
-- segment is kept (overlap analysis); is_primary marks the one the account is routed to (lowest
-- priority number wins). rule_version is the hash of the definition that produced the row;
-- is_holdout the account's stable hash-based holdout draw; evidence lists every condition of the
-- definition with the value observed for the account.

with

assignments as (

    select
        account_id,
        segment_id,
        macro_segment_id,
        segment_priority,
        priority_rank,
        is_primary,
        qualified_segment_count,
        rule_version,
        evidence,
        oldest_signal_date,
        evaluation_date,
        cast(
            {{ dbt.datediff('oldest_signal_date', 'evaluation_date', 'day') }}
            as integer
        ) as signal_age_days
    from {{ ref('int_segments__assignments') }}
    where evaluation_date = {{ microseg.as_of_date() }}

),

current_spells as (

    select
        account_id,
        segment_id,
        valid_from
    from {{ ref('fct_segment_membership_history') }}
    where membership_type = 'member'
        and is_current

),

accounts as (

    select distinct account_id from assignments

),

holdouts as (

    select
        account_id,
        {{ microseg.segments_is_holdout_sql('account_id') }} as is_holdout
    from accounts

),

final as (

    select
        assignments.account_id,
        assignments.segment_id,
        assignments.macro_segment_id,
        assignments.segment_priority,
        assignments.priority_rank,
        assignments.is_primary,
        assignments.qualified_segment_count,
        assignments.rule_version,
        holdouts.is_holdout,
        current_spells.valid_from as member_since_date,
        assignments.evidence,
        assignments.oldest_signal_date,
        assignments.evaluation_date as as_of_date,
        assignments.signal_age_days,
        {{ dbt.concat(['assignments.account_id', "'|'", 'assignments.segment_id']) }} as membership_id
    from assignments
    inner join holdouts
        on assignments.account_id = holdouts.account_id
    left join current_spells
        on
            assignments.account_id = current_spells.account_id
            and assignments.segment_id = current_spells.segment_id

)

select * from final
