{#- Wilson score interval for a binomial proportion p = s / n (Wilson 1927; Newcombe 1998 method 3),
    the interval statsmodels' proportion_confint(method='wilson') returns:

        low, high = (s + z^2/2 -/+ z * sqrt(s (n - s) / n + z^2/4)) / (n + z^2)

    (the usual form (p + z^2/(2n) -/+ z sqrt(p(1-p)/n + z^2/(4n^2))) / (1 + z^2/n) multiplied
    through by n). z defaults to the two-sided 95 % normal quantile 1.959963984540054.
    Exactly 0 at s = 0 (low) and exactly 1 at s = n (high); clipped to [0, 1] otherwise.
    NULL when n <= 0, s < 0, s > n or an argument is NULL. -#}

{% macro stats_wilson_bound(successes, trials, z, sign) -%}
    {%- set s = microseg.stats_double(successes) -%}
    {%- set n = microseg.stats_double(trials) -%}
    {%- if z is number -%}
        {%- set zd = microseg.stats_double(z) -%}
        {%- set z2 = microseg.stats_double(z * z) -%}
        {%- set z2_half = microseg.stats_double(z * z / 2) -%}
        {%- set z2_quarter = microseg.stats_double(z * z / 4) -%}
    {%- else -%}
        {%- set zd = microseg.stats_double(z) -%}
        {%- set z2 = '(' ~ zd ~ ' * ' ~ zd ~ ')' -%}
        {%- set z2_half = '(' ~ z2 ~ ' / 2.0e0)' -%}
        {%- set z2_quarter = '(' ~ z2 ~ ' / 4.0e0)' -%}
    {%- endif -%}
    {%- set bound = '(' ~ s ~ ' + ' ~ z2_half ~ ' ' ~ sign ~ ' ' ~ zd ~ ' * sqrt(' ~ s ~ ' * (' ~ n ~ ' - ' ~ s ~ ') / '
        ~ n ~ ' + ' ~ z2_quarter ~ ')) / (' ~ n ~ ' + ' ~ z2 ~ ')' -%}
    (case
        when {{ microseg.stats_valid_counts(successes, trials) }} then
        {%- if sign == '-' %}
            case when ({{ successes }}) = 0 then 0.0e0 else greatest(0.0e0, {{ bound }}) end
        {%- else %}
            case when ({{ successes }}) = ({{ trials }}) then 1.0e0 else least(1.0e0, {{ bound }}) end
        {%- endif %}
    end)
{%- endmacro %}

{% macro wilson_ci_low(successes, trials, z=1.959963984540054) -%}
    {{ microseg.stats_wilson_bound(successes, trials, z, '-') }}
{%- endmacro %}

{% macro wilson_ci_high(successes, trials, z=1.959963984540054) -%}
    {{ microseg.stats_wilson_bound(successes, trials, z, '+') }}
{%- endmacro %}
