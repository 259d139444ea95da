-- One row per segment: every micro-segment definition (conditions, priority, refresh class,
-- rule version, messaging matrix) and every macro segment's baseline, with its size on the
-- as-of date, its holdout size, its size status against the bounds (vars
-- microseg__segment_min_size / _max_size) and the staleness of the dated signals its members
-- rely on (trigger dates, technology last-seen dates) against the threshold of its refresh
-- class (vars microseg__stale_signal_days_event_driven / _attribute_based).

{%- set min_size = var('microseg__segment_min_size') | int %}
{%- set max_size = var('microseg__segment_max_size') | int %}
{%- set stale_event = var('microseg__stale_signal_days_event_driven') | int %}
{%- set stale_attribute = var('microseg__stale_signal_days_attribute_based') | int %}

with

definitions as (

    select * from {{ ref('int_segments__definitions') }}

),

memberships as (

    select * from {{ ref('fct_segment_membership') }}

),

micro_stats as (

    select
        memberships.segment_id,
        count(*) as member_count,
        sum(case when memberships.is_primary then 1 else 0 end) as primary_count,
        sum(case when memberships.is_holdout then 1 else 0 end) as holdout_count,
        sum(case when memberships.is_primary and memberships.is_holdout then 1 else 0 end) as primary_holdout_count,
        min(memberships.oldest_signal_date) as oldest_signal_date,
        max(memberships.signal_age_days) as max_signal_age_days,
        sum(
            case
                when definitions.refresh_class = 'event_driven' and memberships.signal_age_days > {{ stale_event }}
                    then 1
                when definitions.refresh_class <> 'event_driven' and memberships.signal_age_days > {{ stale_attribute }}
                    then 1
                else 0
            end
        ) as stale_member_count,
        sum(case when memberships.oldest_signal_date is not null then 1 else 0 end) as dated_member_count
    from memberships
    inner join definitions
        on memberships.segment_id = definitions.segment_id
    group by memberships.segment_id

),

baseline_stats as (

    select
        primary_segment_id as segment_id,
        count(*) as member_count,
        count(*) as primary_count,
        sum(case when is_holdout then 1 else 0 end) as holdout_count,
        sum(case when is_holdout then 1 else 0 end) as primary_holdout_count
    from {{ ref('dim_accounts') }}
    where primary_segment_kind = 'macro_baseline'
    group by primary_segment_id

),

sized as (

    select
        definitions.*,
        micro_stats.oldest_signal_date,
        cast(micro_stats.max_signal_age_days as integer) as max_signal_age_days,
        coalesce(micro_stats.stale_member_count, 0) as stale_member_count,
        coalesce(micro_stats.member_count, baseline_stats.member_count, 0) as member_count,
        coalesce(micro_stats.primary_count, baseline_stats.primary_count, 0) as primary_count,
        coalesce(micro_stats.holdout_count, baseline_stats.holdout_count, 0) as holdout_count,
        coalesce(micro_stats.primary_holdout_count, baseline_stats.primary_holdout_count, 0)
            as primary_holdout_count,
        coalesce(micro_stats.dated_member_count, 0) as dated_member_count
    from definitions
    left join micro_stats
        on definitions.segment_id = micro_stats.segment_id
    left join baseline_stats
        on definitions.segment_id = baseline_stats.segment_id

),

final as (

    select
        segment_id,
        segment_kind,
        segment_name,
        segment_description,
        macro_segment_id,
        macro_segment_ids,
        priority,
        refresh_class,
        conditions_text,
        definition_json,
        rule_version,
        condition_count,
        signal_kinds,
        play_name,
        play_channel,
        play_trigger,
        play_pain,
        play_value,
        play_proof,
        play_cta,
        play_version,
        persona_variant_count,
        oldest_signal_date,
        max_signal_age_days,
        cast(member_count as integer) as member_count,
        cast(primary_count as integer) as primary_count,
        cast(holdout_count as integer) as holdout_count,
        cast(primary_holdout_count as integer) as primary_holdout_count,
        cast(stale_member_count as integer) as stale_member_count,
        {{ microseg.as_of_date() }} as as_of_date,
        cast({{ min_size }} as integer) as min_size,
        cast({{ max_size }} as integer) as max_size,
        case
            when segment_kind = 'macro_baseline' then 'not_applicable'
            when member_count = 0 then 'empty'
            when member_count < {{ min_size }} then 'too_small'
            when member_count > {{ max_size }} then 'too_large'
            else 'within_bounds'
        end as size_status,
        case
            when segment_kind = 'macro_baseline' then null
            when refresh_class = 'event_driven' then {{ stale_event }}
            else {{ stale_attribute }}
        end as stale_after_days,
        case
            when segment_kind = 'macro_baseline' or dated_member_count = 0 then 'not_applicable'
            when stale_member_count = 0 then 'fresh'
            when 2 * stale_member_count < member_count then 'partially_stale'
            else 'stale'
        end as staleness_status
    from sized

)

select * from final
