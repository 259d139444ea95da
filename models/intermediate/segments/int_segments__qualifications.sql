{{ config(materialized='table') }}
-- One row per account per evaluation date per micro-segment the account qualifies for on that
-- date: the definition's priority and rule version, the evidence (every condition with the
-- value observed for the account) and the oldest dated signal (trigger date or technology last
-- seen) among the conditions it meets, for staleness checks; and the newest trigger date among
-- the trigger conditions it meets (latest_trigger_date), from which the membership history
-- dates an event-driven entry to the day the trigger happened rather than the weekly evaluation.
-- Materialized as a table: a view re-read the wide evaluation table once per segment for each
-- of its tests and for int_segments__assignments.

{%- set segments = microseg.segments_load().segments %}
{%- set text = dbt.type_string() %}

with

evaluations as (

    select * from {{ ref('int_segments__evaluations') }}

),

qualified as (

    {% for segment in segments %}
        select
            evaluations.account_id,
            evaluations.evaluation_date,
            evaluations.macro_segment_id,
            cast({{ microseg.segments_string_literal(segment.id) }} as {{ text }}) as segment_id,
            cast({{ segment.priority }} as integer) as segment_priority,
            cast({{ microseg.segments_string_literal(segment.rule_version) }} as {{ text }}) as rule_version,
            cast({{ microseg.segments_evidence_sql(segment, 'evaluations') }} as {{ text }}) as evidence, -- noqa: LT05
            {{ microseg.segments_met_date(segment, 'evaluations', ['trigger', 'technology'], 'least') }} as oldest_signal_date, -- noqa: LT05
            {{ microseg.segments_met_date(segment, 'evaluations', ['trigger'], 'greatest') }} as latest_trigger_date -- noqa: LT05
        from evaluations
        where evaluations.{{ segment.member_column }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select * from qualified

)

select * from final
