{% macro hash64(expression) -%}
    {#- A 64-bit hash of a text expression, for grouping and joining on a narrow key where a
        collision is harmless (see microseg.repeated_keys). Engines with a fast 64-bit hash
        use it; elsewhere the default is dbt.hash (md5 as text), which any warehouse runs:
        wider, slower, but the same result. -#}
    {{ return(adapter.dispatch('hash64', 'microseg')(expression)) }}
{%- endmacro %}

{% macro default__hash64(expression) -%}
    {{ dbt.hash(expression) }}
{%- endmacro %}

{% macro duckdb__hash64(expression) -%}
    hash({{ expression }})
{%- endmacro %}

{% macro postgres__hash64(expression) -%}
    hashtextextended({{ expression }}, 0)
{%- endmacro %}

{% macro spark__hash64(expression) -%}
    xxhash64({{ expression }})
{%- endmacro %}
