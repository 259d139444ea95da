{#- Building blocks shared by the statistics macros in macros/stats: casts to double precision,
    the validity test for a (successes, trials) pair, and window partitions.

    Every statistic is computed in double precision, through microseg.type_double()
    (macros/cross_db: `double`, `double precision` on PostgreSQL); dbt's `type_float()` is not used
    because it renders `float`, which is single precision (4 bytes) on DuckDB and Spark. -#}

{#- cast((expr) as double). A Python number (e.g. the default z) is rendered as a full-precision
    scientific literal, so the value reaches the warehouse unrounded, and still cast, so that a
    constant-only expression is evaluated in double precision on PostgreSQL too (where a literal
    with a decimal point is `numeric`). -#}
{% macro stats_double(value) -%}
    {%- if value is number -%}
        cast({{ '%.17e' | format(value | float) }} as {{ microseg.type_double() | trim }})
    {%- else -%}
        cast(({{ value }}) as {{ microseg.type_double() | trim }})
    {%- endif -%}
{%- endmacro %}

{#- True when (successes, trials) is a usable binomial count: trials > 0 and
    0 <= successes <= trials. NULL when either is NULL. -#}
{% macro stats_valid_counts(successes, trials) -%}
    (({{ trials }}) > 0 and ({{ successes }}) >= 0 and ({{ successes }}) <= ({{ trials }}))
{%- endmacro %}

{#- Render a partition list (a column name, a list of column names, or none) as the
    `partition by ...` part of a window specification (empty for none). -#}
{% macro stats_partition_clause(partition_by) -%}
    {%- if partition_by is none or partition_by == '' or partition_by == [] -%}
    {%- elif partition_by is string -%}
        partition by {{ partition_by }}
    {%- else -%}
        partition by {{ partition_by | join(', ') }}
    {%- endif -%}
{%- endmacro %}
