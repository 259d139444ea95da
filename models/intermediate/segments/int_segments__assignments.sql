{{ config(materialized='table') }}
-- One row per account per evaluation date per micro-segment it qualifies for, with the priority
-- resolution: the qualifying segment with the lowest priority number is the account's primary
-- segment on that date (is_primary, priority_rank 1); ties cannot happen (priorities are
-- unique; segment_id breaks them anyway). The others are kept, flagged is_primary = false.
-- Materialized as a table: membership, spells, overlap and funnel attribution read it.

with

qualifications as (

    select * from {{ ref('int_segments__qualifications') }}

),

ranked as (

    select
        account_id,
        evaluation_date,
        macro_segment_id,
        segment_id,
        segment_priority,
        rule_version,
        evidence,
        oldest_signal_date,
        latest_trigger_date,
        cast(
            row_number() over (
                partition by account_id, evaluation_date
                order by segment_priority, segment_id
            ) as integer
        ) as priority_rank,
        cast(count(*) over (partition by account_id, evaluation_date) as integer) as qualified_segment_count
    from qualifications

),

final as (

    select
        account_id,
        evaluation_date,
        macro_segment_id,
        segment_id,
        segment_priority,
        rule_version,
        evidence,
        oldest_signal_date,
        latest_trigger_date,
        priority_rank,
        qualified_segment_count,
        priority_rank = 1 as is_primary
    from ranked

)

select * from final
