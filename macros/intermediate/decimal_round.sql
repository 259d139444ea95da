{#- Round a numeric expression to `scale` decimals as an exact decimal(18, scale), so that
    threshold comparisons against decimal literals are exact on every engine (a double such as
    165 / 100 - 1 is 0.6499999...; rounded, it is 0.65). -#}
{% macro decimal_round(expression, scale=6) -%}
    cast({{ expression }} as decimal(18, {{ scale }}))
{%- endmacro %}
