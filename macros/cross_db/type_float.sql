{#- dbt's type_float() is a 4-byte float on DuckDB (FLOAT = REAL) and Spark (float), but an
    8-byte one on PostgreSQL (float = float8): the same model then gives results that differ from
    the 7th significant digit on (a revenue of 21,759,436,800 became 21,759,437,000). Here it is
    8 bytes everywhere, like microseg.type_double(). -#}

{% macro duckdb__type_float() -%}
    {{ return('double') }}
{%- endmacro %}

{% macro spark__type_float() -%}
    {{ return('double') }}
{%- endmacro %}
