-- One row per account per segment per membership spell: the consecutive weekly evaluation
-- dates (int_accounts__evaluation_dates) on which the account was a member of a micro-segment
-- (membership_type member), or had a given primary assignment (membership_type primary: the
-- routed micro-segment, or its macro segment's baseline when in none). Rebuilt from the dated
-- signals on every run with the current definitions, so history exists from the first run.
-- A spell covers valid_from <= date < valid_to; valid_to is the first evaluation date the
-- account no longer qualified (null while the spell is current). Attribute a touch on date d to
-- the primary spell with valid_from <= d < coalesce(valid_to, as-of + 1 day).

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
        assignments.macro_segment_id
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
        context.macro_segment_id
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
        lead(evaluation_date) over (order by evaluation_date) as next_evaluation_date
    from evaluation_dates

),

final as (

    select
        {{ dbt.concat([
            'spells.account_id', "'|'", 'spells.segment_id', "'|'", 'spells.membership_type', "'|'",
            dbt.cast('spells.valid_from', dbt.type_string())
        ]) }} as spell_id,
        spells.account_id,
        spells.segment_id,
        spells.membership_type,
        coalesce(definitions.segment_kind, 'micro_segment') as segment_kind,
        islands.macro_segment_id,
        spells.valid_from,
        next_dates.next_evaluation_date as valid_to,
        spells.last_evaluation_date,
        cast(spells.evaluation_count as integer) as evaluation_count,
        next_dates.next_evaluation_date is null as is_current,
        spells.rule_version,
        {{ microseg.segments_is_holdout_sql('spells.account_id') }} as is_holdout
    from spells
    inner join islands
        on
            spells.account_id = islands.account_id
            and spells.segment_id = islands.segment_id
            and spells.membership_type = islands.membership_type
            and spells.valid_from = islands.evaluation_date
    inner join next_dates
        on spells.last_evaluation_index = next_dates.evaluation_index
    left join definitions
        on spells.segment_id = definitions.segment_id

)

select * from final
