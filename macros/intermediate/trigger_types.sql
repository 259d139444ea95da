{#- The buying-trigger types, in one place: the trigger model, the point-in-time trigger
    activity and the context columns (latest_<trigger_type>_date ...) all iterate over it. -#}
{% macro trigger_types() -%}
    {{ return([
        'new_executive_hire',
        'technology_migration',
        'funding_event',
        'competitive_pressure',
        'regulatory_change',
        'strategic_initiative',
    ]) }}
{%- endmacro %}

{#- Days a trigger of the given type stays active: var microseg__trigger_window_days_<type>. -#}
{% macro trigger_window_days(trigger_type) -%}
    {%- set value = var('microseg__trigger_window_days_' ~ trigger_type) -%}
    {%- if value is none or (value | int) < 1 -%}
        {{ exceptions.raise_compiler_error("var microseg__trigger_window_days_" ~ trigger_type ~ " must be a positive number of days, got '" ~ value ~ "'") }}
    {%- endif -%}
    {{ return(value | int) }}
{%- endmacro %}
