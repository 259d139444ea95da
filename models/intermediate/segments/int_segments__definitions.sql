-- One row per segment: every micro-segment of the definitions file (segments/
-- segment_definitions.sql, validated at parse time) and one macro baseline per macro segment of
-- seed macro_segments (accounts in no micro-segment). Building it also checks that every macro
-- segment a definition names exists in the seed, and that every department (subtype) and
-- seniority of a new_executive_hire condition is one seed trigger_executive_titles assigns: a
-- missing one fails with the segment's name and the condition's field.
-- depends_on: {{ ref('trigger_executive_titles') }}

{%- set definitions = microseg.segments_load() %}
{%- do microseg.segments_check_macro_segments(definitions) %}
{%- do microseg.segments_check_trigger_filters(definitions) %}
{%- set segments = definitions.segments %}
{%- set baselines = definitions.baselines %}
{%- set micro_versions = [] %}
{%- set signal_kinds = {} %}
{%- for segment in segments %}
    {%- do micro_versions.append(segment.id ~ ':' ~ segment.rule_version) %}
    {%- set kinds = [] %}
    {%- for leaf in segment.leaves[1:] if leaf.kind not in kinds %}
        {%- do kinds.append(leaf.kind) %}
    {%- endfor %}
    {%- do signal_kinds.update({segment.id: kinds | sort | join(',')}) %}
{%- endfor %}
{%- set baseline_rule_version = local_md5('baseline|' ~ (micro_versions | sort | join('|')))[:12] %}
{%- set s = microseg.segments_string_literal %}
{%- set text = dbt.type_string() %}

with

micro_segments as (

    {% for segment in segments %}
        select
            cast({{ s(segment.id) }} as {{ text }}) as segment_id,
            cast('micro_segment' as {{ text }}) as segment_kind,
            cast({{ s(segment.name) }} as {{ text }}) as segment_name,
            cast({{ s(segment.description) }} as {{ text }}) as segment_description, -- noqa: LT05
            cast({{ s(segment.macro_segments[0]) }} as {{ text }}) as macro_segment_id,
            cast({{ s(segment.macro_segments | join(',')) }} as {{ text }}) as macro_segment_ids, -- noqa: LT05
            cast({{ segment.priority }} as integer) as priority,
            cast({{ s(segment.refresh_class) }} as {{ text }}) as refresh_class,
            cast({{ s(segment.conditions_text) }} as {{ text }}) as conditions_text, -- noqa: LT05
            cast({{ s(segment.definition_json) }} as {{ text }}) as definition_json, -- noqa: LT05
            cast({{ s(segment.rule_version) }} as {{ text }}) as rule_version,
            cast({{ segment.leaves | length - 1 }} as integer) as condition_count,
            cast({{ s(signal_kinds[segment.id]) }} as {{ text }}) as signal_kinds,
            cast({{ s(segment.play.name) }} as {{ text }}) as play_name, -- noqa: LT05
            cast({{ s(segment.play.channel) }} as {{ text }}) as play_channel,
            cast({{ s(segment.play.trigger) }} as {{ text }}) as play_trigger, -- noqa: LT05
            cast({{ s(segment.play.pain) }} as {{ text }}) as play_pain, -- noqa: LT05
            cast({{ s(segment.play.value) }} as {{ text }}) as play_value, -- noqa: LT05
            cast({{ s(segment.play.proof) }} as {{ text }}) as play_proof, -- noqa: LT05
            cast({{ s(segment.play.cta) }} as {{ text }}) as play_cta, -- noqa: LT05
            cast({{ s(segment.play_version) }} as {{ text }}) as play_version,
            cast({{ segment.play.personas | length }} as integer) as persona_variant_count
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

baseline_plays as (

    {% for baseline in baselines %}
        select
            cast({{ s(baseline.macro_segment) }} as {{ text }}) as macro_segment_id,
            cast({{ s(baseline.play.name) }} as {{ text }}) as play_name, -- noqa: LT05
            cast({{ s(baseline.play.channel) }} as {{ text }}) as play_channel,
            cast({{ s(baseline.play.trigger) }} as {{ text }}) as play_trigger, -- noqa: LT05
            cast({{ s(baseline.play.pain) }} as {{ text }}) as play_pain, -- noqa: LT05
            cast({{ s(baseline.play.value) }} as {{ text }}) as play_value, -- noqa: LT05
            cast({{ s(baseline.play.proof) }} as {{ text }}) as play_proof, -- noqa: LT05
            cast({{ s(baseline.play.cta) }} as {{ text }}) as play_cta, -- noqa: LT05
            cast({{ s(baseline.play_version) }} as {{ text }}) as play_version,
            cast({{ baseline.play.personas | length }} as integer) as persona_variant_count
        union all
    {% endfor %}
    select
        cast(null as {{ text }}) as macro_segment_id,
        cast(null as {{ text }}) as play_name,
        cast(null as {{ text }}) as play_channel,
        cast(null as {{ text }}) as play_trigger,
        cast(null as {{ text }}) as play_pain,
        cast(null as {{ text }}) as play_value,
        cast(null as {{ text }}) as play_proof,
        cast(null as {{ text }}) as play_cta,
        cast(null as {{ text }}) as play_version,
        cast(0 as integer) as persona_variant_count
    from {{ ref('macro_segments') }}
    where 1 = 0

),

macro_segments as (

    select
        macro_segment_id,
        min(macro_segment_name) as macro_segment_name
    from {{ ref('macro_segments') }}
    group by macro_segment_id

),

baselines as (

    select
        macro_segments.macro_segment_id,
        macro_segments.macro_segment_id as macro_segment_ids,
        baseline_plays.play_channel,
        baseline_plays.play_trigger,
        baseline_plays.play_pain,
        baseline_plays.play_value,
        baseline_plays.play_proof,
        baseline_plays.play_cta,
        baseline_plays.play_version,
        {{ dbt.concat(["'baseline__'", 'macro_segments.macro_segment_id']) }} as segment_id,
        'macro_baseline' as segment_kind,
        {{ dbt.concat(["'Baseline: '", 'macro_segments.macro_segment_name']) }} as segment_name,
        {{ dbt.concat(["'Macro segment '", 'macro_segments.macro_segment_id', "', no micro-segment'"]) }}
            as segment_description,
        cast(null as integer) as priority,
        cast(null as {{ text }}) as refresh_class,
        {{ dbt.concat(["'macro_segment_id = '", 'macro_segments.macro_segment_id', "', no micro-segment'"]) }}
            as conditions_text,
        cast(null as {{ text }}) as definition_json,
        {{ s(baseline_rule_version) }} as rule_version,
        0 as condition_count,
        '' as signal_kinds,
        coalesce(baseline_plays.play_name, {{ dbt.concat(["'Baseline: '", 'macro_segments.macro_segment_name']) }})
            as play_name,
        coalesce(baseline_plays.persona_variant_count, 0) as persona_variant_count
    from macro_segments
    left join baseline_plays
        on macro_segments.macro_segment_id = baseline_plays.macro_segment_id

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
        persona_variant_count
    from micro_segments

    union all

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
        persona_variant_count
    from baselines

)

select * from final
