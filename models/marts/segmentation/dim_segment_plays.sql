-- One row per segment per persona variant of its play (the messaging matrix): persona 'default'
-- is the segment's base matrix; every persona the definition overrides gets its own row with
-- the overrides applied over the base (channel, trigger, pain, value, proof, cta). Covers the
-- micro-segments and the macro baselines that define a play.

{%- set definitions = microseg.segments_load() %}
{%- set s = microseg.segments_string_literal %}
{%- set text = dbt.type_string() %}
{%- set plays = [] %}
{%- for segment in definitions.segments %}
    {%- do plays.append({
        'segment_id': segment.id, 'kind': 'micro_segment', 'play': segment.play, 'version': segment.play_version,
    }) %}
{%- endfor %}
{%- for baseline in definitions.baselines %}
    {%- do plays.append({
        'segment_id': baseline.segment_id, 'kind': 'macro_baseline', 'play': baseline.play,
        'version': baseline.play_version,
    }) %}
{%- endfor %}
{#- One entry per (segment, persona): the default matrix, then each persona's overrides applied. #}
{%- set rows = [] %}
{%- for play in plays %}
    {%- set variants = [('default', {})] %}
    {%- for persona in play.play.personas | sort %}
        {%- do variants.append((persona, play.play.personas[persona])) %}
    {%- endfor %}
    {%- for persona, overrides in variants %}
        {%- set row = {
            'segment_id': play.segment_id, 'kind': play.kind, 'persona': persona, 'name': play.play.name,
            'version': play.version, 'overridden': overrides.keys() | sort | join(','),
        } %}
        {%- for field in ['channel', 'trigger', 'pain', 'value', 'proof', 'cta'] %}
            {%- do row.update({field: overrides.get(field, play.play[field])}) %}
        {%- endfor %}
        {%- do rows.append(row) %}
    {%- endfor %}
{%- endfor %}

with

variants as (

    {% for row in rows %}
        select
            cast({{ s(row.segment_id) }} as {{ text }}) as segment_id,
            cast({{ s(row.kind) }} as {{ text }}) as segment_kind,
            cast({{ s(row.persona) }} as {{ text }}) as persona,
            cast({{ s(row.name) }} as {{ text }}) as play_name, -- noqa: LT05
            cast({{ s(row.channel) }} as {{ text }}) as channel,
            cast({{ s(row.trigger) }} as {{ text }}) as message_trigger, -- noqa: LT05
            cast({{ s(row.pain) }} as {{ text }}) as message_pain, -- noqa: LT05
            cast({{ s(row.value) }} as {{ text }}) as message_value, -- noqa: LT05
            cast({{ s(row.proof) }} as {{ text }}) as message_proof, -- noqa: LT05
            cast({{ s(row.cta) }} as {{ text }}) as message_cta, -- noqa: LT05
            {{ 'false' if row.persona == 'default' else 'true' }} as is_persona_variant,
            cast({{ s(row.overridden) }} as {{ text }}) as overridden_fields,
            cast({{ s(row.version) }} as {{ text }}) as play_version
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select
        variants.*,
        {{ dbt.concat(['segment_id', "'|'", 'persona']) }} as play_variant_id
    from variants

)

select * from final
