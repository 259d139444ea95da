{#- Newcombe's hybrid score interval for a difference of proportions d = p1 - p2
    (R. G. Newcombe, "Interval estimation for the difference between independent proportions:
    comparison of eleven methods", Statistics in Medicine 17 (1998) 873-890, method 10), built from
    the two Wilson intervals (l1, u1) for p1 = s1/n1 and (l2, u2) for p2 = s2/n2 at the same z:

        low  = d - sqrt((p1 - l1)^2 + (u2 - p2)^2)
        high = d + sqrt((u1 - p1)^2 + (p2 - l2)^2)

    as statsmodels' confint_proportions_2indep(method='newcomb', compare='diff').
    Convention here: group 1 is the segment, group 2 its baseline, so the interval is for
    segment rate - baseline rate. NULL unless both counts are valid (n > 0, 0 <= s <= n). -#}

{% macro stats_newcombe_bound(s1, n1, s2, n2, z, side) -%}
    {%- set p1 = '(' ~ microseg.stats_double(s1) ~ ' / ' ~ microseg.stats_double(n1) ~ ')' -%}
    {%- set p2 = '(' ~ microseg.stats_double(s2) ~ ' / ' ~ microseg.stats_double(n2) ~ ')' -%}
    {%- if side == 'low' -%}
        {%- set a = '(' ~ p1 ~ ' - ' ~ microseg.wilson_ci_low(s1, n1, z) ~ ')' -%}
        {%- set b = '(' ~ microseg.wilson_ci_high(s2, n2, z) ~ ' - ' ~ p2 ~ ')' -%}
    {%- else -%}
        {%- set a = '(' ~ microseg.wilson_ci_high(s1, n1, z) ~ ' - ' ~ p1 ~ ')' -%}
        {%- set b = '(' ~ p2 ~ ' - ' ~ microseg.wilson_ci_low(s2, n2, z) ~ ')' -%}
    {%- endif -%}
    (case
        when {{ microseg.stats_valid_counts(s1, n1) }} and {{ microseg.stats_valid_counts(s2, n2) }}
            then ({{ p1 }} - {{ p2 }}) {{ '-' if side == 'low' else '+' }} sqrt(power({{ a }}, 2) + power({{ b }}, 2))
    end)
{%- endmacro %}

{% macro newcombe_diff_ci_low(s1, n1, s2, n2, z=1.959963984540054) -%}
    {{ microseg.stats_newcombe_bound(s1, n1, s2, n2, z, 'low') }}
{%- endmacro %}

{% macro newcombe_diff_ci_high(s1, n1, s2, n2, z=1.959963984540054) -%}
    {{ microseg.stats_newcombe_bound(s1, n1, s2, n2, z, 'high') }}
{%- endmacro %}
