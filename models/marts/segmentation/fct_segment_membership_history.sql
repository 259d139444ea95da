-- One row per account per segment per membership spell: the consecutive weekly evaluation
-- dates (int_accounts__evaluation_dates) on which the account was a member of a micro-segment
-- (membership_type member), or had a given primary assignment (membership_type primary: the
-- routed micro-segment, or its macro segment's baseline when in none). Rebuilt from the dated
-- signals on every run with the current definitions, so history exists from the first run.
-- A spell covers valid_from <= date < valid_to; valid_to is the first evaluation date the
-- account no longer qualified (null while the spell is current). Attribute a touch on date d to
-- the primary spell with valid_from <= d < coalesce(valid_to, as-of + 1 day).
-- Event-driven entries are dated to the trigger: when the first evaluation of a spell
-- (first_evaluation_date) met a trigger condition with a trigger dated after the previous
-- evaluation date, valid_from is that trigger date (the latest such trigger among the conditions
-- met), so outreach in the days between a trigger and the next weekly evaluation is credited to
-- the segment, not to the baseline; the primary spell the account left ends on that date.

with

assignments as (

    select * from {{ ref('int_segments__assignments') }}

),

definitions as (

    select
        segment_id,
        segment_kind,
        rule_version
    from {{ ref('int_segments__definitions') }}

),

evaluation_dates as (

    select
        evaluation_index,
        evaluation_date
    from {{ ref('int_accounts__evaluation_dates') }}

),

context as (

    select
        account_id,
        evaluation_date,
        macro_segment_id
    from {{ ref('int_accounts__context_history') }}
    where macro_segment_id is not null

),

member_weeks as (

    select
        assignments.account_id,
        assignments.segment_id,
        'member' as membership_type,
        assignments.evaluation_date,
        evaluation_dates.evaluation_index,
        assignments.rule_version,
        assignments.macro_segment_id,
        assignments.latest_trigger_date
    from assignments
    inner join evaluation_dates
        on assignments.evaluation_date = evaluation_dates.evaluation_date

),

primary_weeks as (

    select
        context.account_id,
        coalesce(
            assignments.segment_id,
            {{ dbt.concat(["'baseline__'", 'context.macro_segment_id']) }}
        ) as segment_id,
        'primary' as membership_type,
        context.evaluation_date,
        evaluation_dates.evaluation_index,
        coalesce(assignments.rule_version, baselines.rule_version) as rule_version,
        context.macro_segment_id,
        assignments.latest_trigger_date
    from context
    inner join evaluation_dates
        on context.evaluation_date = evaluation_dates.evaluation_date
    left join assignments
        on
            context.account_id = assignments.account_id
            and context.evaluation_date = assignments.evaluation_date
            and assignments.is_primary
    left join definitions as baselines
        on {{ dbt.concat(["'baseline__'", 'context.macro_segment_id']) }} = baselines.segment_id

),

weeks as (

    select * from member_weeks
    union all
    select * from primary_weeks

),

islands as (

    -- Consecutive evaluation dates have consecutive indexes (0 = as-of date, counting back),
    -- so index + row number is constant within a run of weeks and changes across a gap.
    select
        weeks.*,
        weeks.evaluation_index + row_number() over (
            partition by weeks.account_id, weeks.segment_id, weeks.membership_type
            order by weeks.evaluation_date
        ) as island_id
    from weeks

),

spells as (

    select
        account_id,
        segment_id,
        membership_type,
        island_id,
        min(evaluation_date) as valid_from,
        max(evaluation_date) as last_evaluation_date,
        min(evaluation_index) as last_evaluation_index,
        count(*) as evaluation_count,
        max(rule_version) as rule_version
    from islands
    group by
        account_id,
        segment_id,
        membership_type,
        island_id

),

next_dates as (

    select
        evaluation_index,
        lag(evaluation_date) over (order by evaluation_date) as previous_evaluation_date,
        lead(evaluation_date) over (order by evaluation_date) as next_evaluation_date
    from evaluation_dates

),

dated as (

    select
        spells.account_id,
        spells.segment_id,
        spells.membership_type,
        islands.macro_segment_id,
        spells.valid_from as first_evaluation_date,
        last_dates.next_evaluation_date as evaluation_valid_to,
        spells.last_evaluation_date,
        spells.evaluation_count,
        spells.rule_version,
        case
            when
                islands.latest_trigger_date > first_dates.previous_evaluation_date
                and islands.latest_trigger_date < spells.valid_from
                then islands.latest_trigger_date
            else spells.valid_from
        end as valid_from
    from spells
    inner join islands
        on
            spells.account_id = islands.account_id
            and spells.segment_id = islands.segment_id
            and spells.membership_type = islands.membership_type
            and spells.valid_from = islands.evaluation_date
    inner join next_dates as first_dates
        on islands.evaluation_index = first_dates.evaluation_index
    inner join next_dates as last_dates
        on spells.last_evaluation_index = last_dates.evaluation_index

),

chained as (

    -- A primary spell ends where the account's next primary spell starts (that spell's
    -- valid_from may be a trigger date before its first evaluation date).
    select
        dated.*,
        lead(dated.first_evaluation_date) over next_spell as next_first_evaluation_date,
        lead(dated.valid_from) over next_spell as next_valid_from
    from dated
    window next_spell as (
        partition by
            dated.account_id,
            dated.membership_type,
            case when dated.membership_type = 'member' then dated.segment_id end
        order by dated.first_evaluation_date
    )

),

final as (

    select
        {{ dbt.concat([
            'chained.account_id', "'|'", 'chained.segment_id', "'|'", 'chained.membership_type', "'|'",
            dbt.cast('chained.first_evaluation_date', dbt.type_string())
        ]) }} as spell_id,
        chained.account_id,
        chained.segment_id,
        chained.membership_type,
        coalesce(definitions.segment_kind, 'micro_segment') as segment_kind,
        chained.macro_segment_id,
        chained.valid_from,
        case
            when chained.next_first_evaluation_date = chained.evaluation_valid_to then chained.next_valid_from
            else chained.evaluation_valid_to
        end as valid_to,
        chained.first_evaluation_date,
        chained.last_evaluation_date,
        cast(chained.evaluation_count as integer) as evaluation_count,
        chained.evaluation_valid_to is null as is_current,
        chained.rule_version,
        {{ microseg.segments_is_holdout_sql('chained.account_id') }} as is_holdout
    from chained
    left join definitions
        on chained.segment_id = definitions.segment_id

)

select * from final
