{#- Custom schemas are used as-is (staging, intermediate, marts, seeds, snapshots) rather than
    prefixed with the target schema, so BI tools and analysts see stable schema names. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema | trim }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
