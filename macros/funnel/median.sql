{#- Median of a numeric expression as an aggregate (use with `group by`), interpolated between
    the two middle values when the count is even (the continuous percentile at 0.5), NULL when
    the group has no non-NULL value. The result is double precision on every engine.

    Percentile functions differ between engines, so the body is dispatched:
      DuckDB       quantile_cont(x, 0.5)
      PostgreSQL   percentile_cont(0.5) within group (order by x)   (an ordered-set aggregate)
      Spark        percentile(x, 0.5)                                (exact, interpolated)
      default      percentile_cont(0.5) within group (order by x)   (ANSI SQL:2008)
    All four interpolate the same way: the median of 10, 20, 40, 80 is 30. -#}

{% macro median(expression) -%}
    {{ return(adapter.dispatch('median', 'microseg')(expression)) }}
{%- endmacro %}

{% macro default__median(expression) -%}
    percentile_cont(0.5) within group (order by {{ microseg.stats_double(expression) }})
{%- endmacro %}

{% macro duckdb__median(expression) -%}
    quantile_cont({{ microseg.stats_double(expression) }}, 0.5)
{%- endmacro %}

{% macro spark__median(expression) -%}
    percentile({{ microseg.stats_double(expression) }}, 0.5)
{%- endmacro %}
