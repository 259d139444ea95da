{#- Pooled two-proportion z-test of H0: p1 = p2 (statsmodels' proportions_ztest with the default
    pooled variance, value=0, two-sided):

        p1 = s1/n1, p2 = s2/n2, pooled = (s1 + s2) / (n1 + n2)
        z  = (p1 - p2) / sqrt(pooled * (1 - pooled) * (1/n1 + 1/n2))
        p-value = 2 * (1 - Phi(|z|)) = erfc(|z| / sqrt(2))      (microseg.normal_two_sided_p_value)

    Defined cases:
      - NULL when either count is invalid (n <= 0, s < 0, s > n) or NULL;
      - pooled in {0, 1} (no successes at all, or all successes in both groups) means both rates are
        equal and the variance is 0: z is defined as 0 (the difference is 0) and the p-value as 1.0
        (no evidence of a difference), where statsmodels returns nan. -#}

{% macro stats_two_proportion_z_raw(s1, n1, s2, n2) -%}
    {%- set s1d = microseg.stats_double(s1) -%}
    {%- set n1d = microseg.stats_double(n1) -%}
    {%- set s2d = microseg.stats_double(s2) -%}
    {%- set n2d = microseg.stats_double(n2) -%}
    {%- set pooled = '((' ~ s1d ~ ' + ' ~ s2d ~ ') / (' ~ n1d ~ ' + ' ~ n2d ~ '))' -%}
    (({{ s1d }} / {{ n1d }} - {{ s2d }} / {{ n2d }})
        / sqrt({{ pooled }} * (1.0e0 - {{ pooled }}) * (1.0e0 / {{ n1d }} + 1.0e0 / {{ n2d }})))
{%- endmacro %}

{% macro stats_two_proportion_defined(s1, n1, s2, n2) -%}
    ({{ microseg.stats_valid_counts(s1, n1) }} and {{ microseg.stats_valid_counts(s2, n2) }})
{%- endmacro %}

{% macro stats_two_proportion_degenerate(s1, n1, s2, n2) -%}
    (({{ s1 }}) + ({{ s2 }}) = 0 or ({{ s1 }}) + ({{ s2 }}) = ({{ n1 }}) + ({{ n2 }}))
{%- endmacro %}

{#- The z statistic (positive when group 1's rate is higher). -#}
{% macro two_proportion_z(s1, n1, s2, n2) -%}
    (case
        when {{ microseg.stats_two_proportion_defined(s1, n1, s2, n2) }} then
            case
                when {{ microseg.stats_two_proportion_degenerate(s1, n1, s2, n2) }} then 0.0e0
                else {{ microseg.stats_two_proportion_z_raw(s1, n1, s2, n2) }}
            end
    end)
{%- endmacro %}

{#- Two-sided p-value. The expression is long (the normal tail repeats z); in a model with several
    metrics, computing two_proportion_z in one CTE and normal_two_sided_p_value on that column in
    the next keeps the compiled SQL short and gives identical numbers (z = 0 gives 1.0). -#}
{% macro two_proportion_p_value(s1, n1, s2, n2) -%}
    (case
        when {{ microseg.stats_two_proportion_defined(s1, n1, s2, n2) }} then
            case
                when {{ microseg.stats_two_proportion_degenerate(s1, n1, s2, n2) }} then 1.0e0
                else {{ microseg.normal_two_sided_p_value(microseg.stats_two_proportion_z_raw(s1, n1, s2, n2)) }}
            end
    end)
{%- endmacro %}
