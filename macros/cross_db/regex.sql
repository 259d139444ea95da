{#- Regular expressions differ between engines: DuckDB's regexp_replace replaces only the first
    match unless given 'g', PostgreSQL likewise; Spark replaces every match. Matching is
    regexp_matches (DuckDB), `~` (PostgreSQL), rlike (Spark).
    Patterns are SQL string literals ('^www[.]'): write them without backslashes (Spark's parser
    reads a backslash in a literal as an escape), e.g. [.] for a literal dot. -#}

{% macro regexp_replace_all(expr, pattern, replacement) -%}
    {{ return(adapter.dispatch('regexp_replace_all', 'microseg')(expr, pattern, replacement)) }}
{%- endmacro %}

{% macro default__regexp_replace_all(expr, pattern, replacement) -%}
    regexp_replace({{ expr }}, {{ pattern }}, {{ replacement }})
{%- endmacro %}

{% macro duckdb__regexp_replace_all(expr, pattern, replacement) -%}
    regexp_replace({{ expr }}, {{ pattern }}, {{ replacement }}, 'g')
{%- endmacro %}

{% macro postgres__regexp_replace_all(expr, pattern, replacement) -%}
    regexp_replace({{ expr }}, {{ pattern }}, {{ replacement }}, 'g')
{%- endmacro %}


{% macro regexp_like(expr, pattern) -%}
    {{ return(adapter.dispatch('regexp_like', 'microseg')(expr, pattern)) }}
{%- endmacro %}

{% macro default__regexp_like(expr, pattern) -%}
    regexp_like({{ expr }}, {{ pattern }})
{%- endmacro %}

{% macro duckdb__regexp_like(expr, pattern) -%}
    regexp_matches({{ expr }}, {{ pattern }})
{%- endmacro %}

{% macro postgres__regexp_like(expr, pattern) -%}
    ({{ expr }} ~ {{ pattern }})
{%- endmacro %}

{% macro spark__regexp_like(expr, pattern) -%}
    ({{ expr }} rlike {{ pattern }})
{%- endmacro %}
