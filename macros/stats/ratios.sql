{#- num / den in double precision; NULL when den is 0 or NULL. The casts make the result the same
    on every engine (integer division truncates on PostgreSQL, and x / 0 is NULL on Spark but
    infinity or an error elsewhere). -#}
{% macro safe_divide(numerator, denominator) -%}
    ({{ microseg.stats_double(numerator) }} / nullif({{ microseg.stats_double(denominator) }}, 0))
{%- endmacro %}

{#- Lift of a segment's rate over its baseline's rate: (s1 / n1) / (s2 / n2).
    NULL unless both counts are valid (n > 0, 0 <= s <= n) and the baseline rate s2 / n2 > 0. -#}
{% macro lift_ratio(s1, n1, s2, n2) -%}
    {%- set s1d = microseg.stats_double(s1) -%}
    {%- set n1d = microseg.stats_double(n1) -%}
    {%- set s2d = microseg.stats_double(s2) -%}
    {%- set n2d = microseg.stats_double(n2) -%}
    (case
        when {{ microseg.stats_valid_counts(s1, n1) }} and {{ microseg.stats_valid_counts(s2, n2) }} and ({{ s2 }}) > 0
            then ({{ s1d }} / {{ n1d }}) / ({{ s2d }} / {{ n2d }})
    end)
{%- endmacro %}
