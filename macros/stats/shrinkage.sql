{#- Empirical-Bayes shrinkage of a small segment's rate toward its baseline rate.

    Model: a segment's true rate is drawn from Beta(k * mu, k * (1 - mu)) around its baseline rate
    mu, with prior strength k (pseudo-trials); s successes in n trials are then Binomial(n, rate).
    The posterior mean (the shrunk rate) is

        shrunk = (s + k * mu) / (n + k)

    which is the raw rate s/n for n >> k and mu for n << k. -#}

{#- shrunk_rate: prior_strength defaults to var microseg__shrinkage_prior_strength (20).
    NULL when n < 0, s < 0, s > n, k < 0, n + k = 0, or an argument (incl. prior_rate) is NULL;
    prior_rate when n = 0 and k > 0. -#}
{% macro shrunk_rate(successes, trials, prior_rate, prior_strength=none) -%}
    {%- set strength = var('microseg__shrinkage_prior_strength', 20) if prior_strength is none else prior_strength -%}
    {%- set s = microseg.stats_double(successes) -%}
    {%- set n = microseg.stats_double(trials) -%}
    {%- set k = microseg.stats_double(strength) -%}
    (case
        when ({{ trials }}) >= 0 and ({{ successes }}) >= 0 and ({{ successes }}) <= ({{ trials }})
            and {{ k }} >= 0 and {{ n }} + {{ k }} > 0
            then ({{ s }} + {{ k }} * {{ microseg.stats_double(prior_rate) }}) / ({{ n }} + {{ k }})
    end)
{%- endmacro %}

{#- Method-of-moments estimate of the prior strength k from many segments (one family, e.g. one
    period and metric), each with its own baseline rate mu_i (taken as known: the baseline has far
    more accounts than a segment).

    Under the model above, with rho = 1 / (k + 1) (the intra-segment correlation),
        E[n_i (s_i/n_i - mu_i)^2] = mu_i (1 - mu_i) (1 + (n_i - 1) rho)
    so summing over the segments and solving for rho gives the moment estimator

        rho = sum_i [ (s_i - n_i mu_i)^2 / n_i - mu_i (1 - mu_i) ] / sum_i [ mu_i (1 - mu_i) (n_i - 1) ]
        k   = 1 / rho - 1 = D / N - 1   (N, D: the numerator and denominator sums), floored at 0.

    Rows count when n_i > 0, 0 <= s_i <= n_i and 0 < mu_i < 1. The estimate is undefined, and
    `default` (var microseg__shrinkage_prior_strength, 20) is returned, when fewer than
    `min_segments` rows count (default 2), D <= 0 (all segments have n = 1), or N <= 0 (the rates
    vary no more than binomial noise explains: rho <= 0, i.e. k infinite).

    Use it as an aggregate (partition_by none, with a group by) or as a window over partition_by:

        select
            period_start,
            metric_name,
            {{ microseg.shrinkage_prior_strength('successes', 'trials', 'baseline_rate') }} as prior_strength
        from segment_metrics
        group by 1, 2

        select
            *,
            {{ microseg.shrinkage_prior_strength('successes', 'trials', 'baseline_rate',
                partition_by=['period_start', 'metric_name']) }} as prior_strength
        from segment_metrics -#}
{% macro shrinkage_prior_strength(successes, trials, prior_rate, partition_by=none, default=none, min_segments=2) -%}
    {%- set fallback = var('microseg__shrinkage_prior_strength', 20) if default is none else default -%}
    {%- set s = microseg.stats_double(successes) -%}
    {%- set n = microseg.stats_double(trials) -%}
    {%- set mu = microseg.stats_double(prior_rate) -%}
    {%- set counts = microseg.stats_valid_counts(successes, trials) ~ ' and (' ~ prior_rate ~ ') > 0 and ('
        ~ prior_rate ~ ') < 1' -%}
    {%- set over = ' over (' ~ microseg.stats_partition_clause(partition_by) ~ ')' if partition_by is not none else '' -%}
    {%- set num = 'sum(case when ' ~ counts ~ ' then power(' ~ s ~ ' - ' ~ n ~ ' * ' ~ mu ~ ', 2) / ' ~ n
        ~ ' - ' ~ mu ~ ' * (1.0e0 - ' ~ mu ~ ') end)' ~ over -%}
    {%- set den = 'sum(case when ' ~ counts ~ ' then ' ~ mu ~ ' * (1.0e0 - ' ~ mu ~ ') * (' ~ n ~ ' - 1.0e0) end)'
        ~ over -%}
    {%- set used = 'count(case when ' ~ counts ~ ' then 1 end)' ~ over -%}
    (case
        when {{ used }} >= {{ min_segments }} and {{ den }} > 0 and {{ num }} > 0
            then greatest(0.0e0, {{ den }} / {{ num }} - 1.0e0)
        else {{ microseg.stats_double(fallback) }}
    end)
{%- endmacro %}
