-- One row per entry into or exit from a micro-segment: the audit trail of (re)assignments.
-- Three causes:
--   history_start     the account was already a member on the first evaluation date of the
--                     history (the entry happened earlier; the signals are those holding then);
--   signal_change     a weekly re-evaluation (fct_segment_membership_history, current
--                     definitions) found the account in / out because signals changed; the
--                     signal columns name the changed condition that best explains it (a
--                     trigger before a technology before an attribute) and signal_count /
--                     cause_signals list every condition that changed that week;
--   definition_change a scheduled run with an edited (or added / removed) definition decided
--                     differently from the run before it: read from the snapshot of what each
--                     run decided (snap_segment_decisions), so these rows survive later edits.
--                     A re-run on unchanged inputs adds no row.

{%- set text = dbt.type_string() %}
{#- Before the first snapshot (e.g. `dbt run` on a new warehouse) there is no run to compare. #}
{%- set snapshot_exists = false %}
{%- set decisions_snapshot = ref('snap_segment_decisions') %}
{%- if execute %}
    {%- set found = adapter.get_relation(
        database=decisions_snapshot.database,
        schema=decisions_snapshot.schema,
        identifier=decisions_snapshot.identifier
    ) %}
    {%- set snapshot_exists = found is not none %}
{%- endif %}

with

spells as (

    select
        account_id,
        segment_id,
        valid_from,
        first_evaluation_date,
        valid_to,
        rule_version
    from {{ ref('fct_segment_membership_history') }}
    where membership_type = 'member'

),

history_bounds as (

    select min(evaluation_date) as first_evaluation_date
    from {{ ref('int_accounts__evaluation_dates') }}

),

history_events as (

    select
        spells.account_id,
        spells.segment_id,
        'entry' as change_type,
        spells.valid_from as change_date,
        spells.first_evaluation_date as evaluation_date,
        case
            when spells.first_evaluation_date = history_bounds.first_evaluation_date then 'history_start'
            else 'signal_change'
        end as cause,
        spells.rule_version
    from spells
    cross join history_bounds

    union all

    select
        account_id,
        segment_id,
        'exit' as change_type,
        valid_to as change_date,
        valid_to as evaluation_date,
        'signal_change' as cause,
        rule_version
    from spells
    where valid_to is not null

),

flips as (

    select * from {{ ref('int_segments__signal_flips') }}

),

event_signals as (

    select
        history_events.*,
        flips.leaf_index,
        flips.signal_kind,
        flips.signal_name,
        flips.signal_label,
        flips.is_met,
        flips.signal_value,
        flips.observed_date,
        flips.source_model,
        flips.source_key,
        row_number() over (
            partition by
                history_events.account_id,
                history_events.segment_id,
                history_events.change_type,
                history_events.change_date
            order by
                case when (history_events.change_type = 'entry') = flips.is_met then 0 else 1 end,
                case flips.signal_kind when 'trigger' then 1 when 'technology' then 2 else 3 end,
                flips.leaf_index
        ) as signal_rank
    from history_events
    left join flips
        on
            history_events.account_id = flips.account_id
            and history_events.segment_id = flips.segment_id
            and history_events.evaluation_date = flips.evaluation_date

),

signal_summaries as (

    select
        account_id,
        segment_id,
        change_type,
        change_date,
        count(signal_label) as signal_count,
        {{ microseg.sorted_string_agg(dbt.concat([
            'signal_label',
            "case when is_met then ' -> met (' else ' -> no longer met (' end",
            "coalesce(signal_value, 'none')",
            "')'",
        ]), '; ') }} as cause_signals
    from event_signals
    group by
        account_id,
        segment_id,
        change_type,
        change_date

),

signal_changes as (

    select
        event_signals.account_id,
        event_signals.segment_id,
        event_signals.change_type,
        event_signals.change_date,
        event_signals.cause,
        event_signals.rule_version,
        cast(null as {{ text }}) as previous_rule_version,
        event_signals.signal_kind,
        event_signals.signal_name,
        event_signals.signal_label,
        event_signals.signal_value,
        event_signals.observed_date as signal_observed_date,
        event_signals.source_model as signal_source_model,
        event_signals.source_key as signal_source_key,
        signal_summaries.signal_count,
        signal_summaries.cause_signals,
        cast(null as {{ dbt.type_timestamp() }}) as recorded_at
    from event_signals
    inner join signal_summaries
        on
            event_signals.account_id = signal_summaries.account_id
            and event_signals.segment_id = signal_summaries.segment_id
            and event_signals.change_type = signal_summaries.change_type
            and event_signals.change_date = signal_summaries.change_date
    where event_signals.signal_rank = 1

),

decisions as (

    {% if snapshot_exists %}
        select
            row_kind,
            account_id,
            segment_id,
            decision_key,
            rule_version,
            as_of_date,
            dbt_valid_from,
            dbt_valid_to
        from {{ decisions_snapshot }}
    {% else %}
        select
            cast(null as {{ text }}) as row_kind,
            cast(null as {{ text }}) as account_id,
            cast(null as {{ text }}) as segment_id,
            cast(null as {{ text }}) as decision_key,
            cast(null as {{ text }}) as rule_version,
            cast(null as date) as as_of_date,
            cast(null as {{ dbt.type_timestamp() }}) as dbt_valid_from,
            cast(null as {{ dbt.type_timestamp() }}) as dbt_valid_to
        from history_bounds
        where 1 = 0
    {% endif %}

),

membership_versions as (

    select
        decision_key as membership_id,
        account_id,
        segment_id,
        rule_version,
        as_of_date,
        dbt_valid_from,
        dbt_valid_to
    from decisions
    where row_kind = 'membership'

),

definition_versions as (

    select
        segment_id,
        rule_version,
        as_of_date,
        dbt_valid_from,
        dbt_valid_to,
        lag(rule_version) over (partition by segment_id order by dbt_valid_from) as previous_rule_version
    from decisions
    where row_kind = 'definition'

),

run_dates as (

    -- The as-of date of each snapshot run (the rows a run creates carry it).
    select
        dbt_valid_from as run_at,
        max(as_of_date) as as_of_date
    from decisions
    group by dbt_valid_from

),

first_run as (

    select min(dbt_valid_from) as first_run_at
    from decisions

),

definition_changes as (

    -- A version created after the first run: the definition was edited or added in that run.
    select
        definition_versions.segment_id,
        definition_versions.rule_version,
        definition_versions.previous_rule_version,
        definition_versions.dbt_valid_from as changed_at
    from definition_versions
    cross join first_run
    where definition_versions.dbt_valid_from > first_run.first_run_at

    union all

    -- A version closed without a successor: the definition was removed in that run.
    select
        closed.segment_id,
        cast(null as {{ text }}) as rule_version,
        closed.rule_version as previous_rule_version,
        closed.dbt_valid_to as changed_at
    from definition_versions as closed
    left join definition_versions as successor
        on
            closed.segment_id = successor.segment_id
            and closed.dbt_valid_to = successor.dbt_valid_from
    where closed.dbt_valid_to is not null
        and successor.segment_id is null

),

definition_exits as (

    select
        ended.account_id,
        ended.segment_id,
        'exit' as change_type,
        definition_changes.rule_version,
        definition_changes.previous_rule_version,
        definition_changes.changed_at
    from membership_versions as ended
    inner join definition_changes
        on
            ended.segment_id = definition_changes.segment_id
            and ended.dbt_valid_to = definition_changes.changed_at
    left join membership_versions as successor
        on
            ended.membership_id = successor.membership_id
            and ended.dbt_valid_to = successor.dbt_valid_from
    where successor.membership_id is null

),

definition_entries as (

    select
        started.account_id,
        started.segment_id,
        'entry' as change_type,
        definition_changes.rule_version,
        definition_changes.previous_rule_version,
        definition_changes.changed_at
    from membership_versions as started
    inner join definition_changes
        on
            started.segment_id = definition_changes.segment_id
            and started.dbt_valid_from = definition_changes.changed_at
    left join membership_versions as predecessor
        on
            started.membership_id = predecessor.membership_id
            and started.dbt_valid_from = predecessor.dbt_valid_to
    where predecessor.membership_id is null

),

definition_events as (

    select * from definition_exits
    union all
    select * from definition_entries

),

definition_change_rows as (

    select
        definition_events.account_id,
        definition_events.segment_id,
        definition_events.change_type,
        coalesce(run_dates.as_of_date, cast(definition_events.changed_at as date)) as change_date,
        'definition_change' as cause,
        coalesce(definition_events.rule_version, definition_events.previous_rule_version) as rule_version,
        definition_events.previous_rule_version,
        'definition' as signal_kind,
        definition_events.segment_id as signal_name,
        {{ dbt.concat([
            "'rule_version '",
            "coalesce(definition_events.previous_rule_version, 'none')",
            "' -> '",
            "coalesce(definition_events.rule_version, 'removed')",
        ]) }} as signal_label,
        coalesce(definition_events.rule_version, 'removed') as signal_value,
        coalesce(run_dates.as_of_date, cast(definition_events.changed_at as date)) as signal_observed_date,
        'snap_segment_decisions' as signal_source_model,
        {{ dbt.concat(['definition_events.segment_id', "'|'", "coalesce(definition_events.rule_version, 'removed')"]) }}
            as signal_source_key,
        1 as signal_count,
        {{ dbt.concat([
            "'definition of '", 'definition_events.segment_id', "' changed: rule_version '",
            "coalesce(definition_events.previous_rule_version, 'none')", "' -> '",
            "coalesce(definition_events.rule_version, 'removed')",
        ]) }} as cause_signals,
        cast(definition_events.changed_at as {{ dbt.type_timestamp() }}) as recorded_at
    from definition_events
    left join run_dates
        on definition_events.changed_at = run_dates.run_at

),

changes as (

    select * from signal_changes
    union all
    select * from definition_change_rows

),

final as (

    select
        {{ dbt.hash(dbt.concat([
            'account_id', "'|'", 'segment_id', "'|'", 'change_type', "'|'",
            dbt.cast('change_date', text), "'|'", 'cause', "'|'",
            "coalesce(" ~ dbt.cast('recorded_at', text) ~ ", '')",
        ])) }} as change_id,
        account_id,
        segment_id,
        change_type,
        change_date,
        cause,
        rule_version,
        previous_rule_version,
        signal_kind,
        signal_name,
        signal_label,
        signal_value,
        signal_observed_date,
        signal_source_model,
        signal_source_key,
        cast(signal_count as integer) as signal_count,
        cause_signals,
        recorded_at
    from changes

)

select * from final
