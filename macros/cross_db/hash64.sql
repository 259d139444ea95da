{% macro hash64(expression) -%}
    {#- A 64-bit integer hash of a text expression, for grouping and joining on a narrow key
        where a collision is harmless (see repeated_keys). dbt.hash is md5 text: 32 characters,
        no narrower than the keys it would replace. -#}
    {{ return(adapter.dispatch('hash64', 'microseg')(expression)) }}
{%- endmacro %}

{% macro default__hash64(expression) -%}
    hash({{ expression }})
{%- endmacro %}

{% macro postgres__hash64(expression) -%}
    hashtextextended({{ expression }}, 0)
{%- endmacro %}

{% macro spark__hash64(expression) -%}
    xxhash64({{ expression }})
{%- endmacro %}
