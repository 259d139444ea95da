-- One row per micro-segment per period per metric per comparison: the segment's rate against
-- its macro baseline (comparison macro_baseline) and, where its holdout has trials, against its
-- holdout (comparison holdout), with Wilson intervals, the Newcombe interval of the difference,
-- the lift ratio, a pooled two-proportion z-test, Benjamini-Hochberg q-values across the segments
-- compared in the same period, metric and comparison, an empirical-Bayes shrunk rate and a
-- verdict. Every statistic comes from the portable macros in macros/stats.
--
-- A micro-segment spanning several macro segments is compared with those macro baselines
-- standardised to the segment's own mix (weight w_m = the segment's trials in macro segment m /
-- its trials): baseline_rate = sum w_m r_m, baseline_trials = 1 / sum (w_m^2 / n_m) (the
-- effective sample size of that weighted rate) and baseline_successes = baseline_rate *
-- baseline_trials. With one macro segment these are exactly its baseline's counts.

{%- set as_of = microseg.as_of_date() %}
{%- set text = dbt.type_string() %}
{%- set double = microseg.type_double() | trim %}
{%- set min_trials = var('microseg__min_trials') %}
{%- set fdr_alpha = var('microseg__fdr_alpha') %}
{%- set tolerance = var('microseg__worth_it_tolerance') | float %}
{%- set thresholds = {
    'reply_rate': var('microseg__worth_it_funnel_lift'),
    'positive_reply_rate': var('microseg__worth_it_funnel_lift'),
    'meeting_rate': var('microseg__worth_it_meeting_lift'),
    'opportunity_rate': var('microseg__worth_it_funnel_lift'),
    'win_rate': var('microseg__worth_it_win_lift'),
} %}
{%- set metrics = [
    ('reply_rate', 'accounts_replied', 'accounts_contacted'),
    ('positive_reply_rate', 'accounts_positive_reply', 'accounts_contacted'),
    ('meeting_rate', 'accounts_with_meeting', 'accounts_contacted'),
    ('opportunity_rate', 'accounts_with_opportunity', 'accounts_contacted'),
    ('win_rate', 'opportunities_won', 'opportunities_closed'),
] %}
{%- set period_keys = ['period_type', 'period_start', 'metric_name'] %}
{%- set family = ['comparison', 'period_type', 'period_start', 'metric_name'] %}

with

funnel as (

    select * from {{ ref('fct_segment_funnel') }}

),

metric_counts as (

    {%- for metric_name, successes, trials in metrics %}
        select
            group_type,
            segment_id,
            macro_segment_id,
            period_type,
            period_start,
            period_end,
            is_complete_period,
            cast('{{ metric_name }}' as {{ text }}) as metric_name,
            {{ successes }} as successes,
            {{ trials }} as trials,
            accounts_in_segment
        from funnel
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}

),

segment_totals as (

    select
        segment_id,
        period_type,
        period_start,
        period_end,
        is_complete_period,
        metric_name,
        sum(successes) as segment_successes,
        sum(trials) as segment_trials,
        sum(accounts_in_segment) as segment_accounts
    from metric_counts
    where group_type = 'micro_segment'
    group by
        segment_id,
        period_type,
        period_start,
        period_end,
        is_complete_period,
        metric_name

),

segment_mix as (

    -- The segment's weight in each macro segment: its share of the segment's trials (of its
    -- accounts while it has no trials yet).
    select
        metric_counts.segment_id,
        metric_counts.macro_segment_id,
        metric_counts.period_type,
        metric_counts.period_start,
        metric_counts.metric_name,
        case
            when segment_totals.segment_trials > 0
                then {{ microseg.safe_divide('metric_counts.trials', 'segment_totals.segment_trials') }}
            else {{ microseg.safe_divide('metric_counts.accounts_in_segment', 'segment_totals.segment_accounts') }}
        end as mix_weight
    from metric_counts
    inner join segment_totals
        on metric_counts.segment_id = segment_totals.segment_id
            and metric_counts.period_type = segment_totals.period_type
            and metric_counts.period_start = segment_totals.period_start
            and metric_counts.metric_name = segment_totals.metric_name
    where metric_counts.group_type = 'micro_segment'

),

macro_baselines as (

    select
        macro_segment_id,
        period_type,
        period_start,
        metric_name,
        successes,
        trials
    from metric_counts
    where group_type = 'macro_baseline'

),

macro_comparison as (

    select
        segment_mix.segment_id,
        segment_mix.period_type,
        segment_mix.period_start,
        segment_mix.metric_name,
        count(*) as baseline_macro_segment_count,
        count(case when macro_baselines.trials > 0 then 1 end) as usable_macro_segment_count,
        sum(macro_baselines.successes) as pooled_successes,
        sum(macro_baselines.trials) as pooled_trials,
        sum(
            segment_mix.mix_weight * {{ microseg.safe_divide('macro_baselines.successes', 'macro_baselines.trials') }}
        ) as standardised_rate,
        sum(
            segment_mix.mix_weight * segment_mix.mix_weight
            / {{ microseg.stats_double('nullif(macro_baselines.trials, 0)') }}
        ) as variance_factor
    from segment_mix
    left join macro_baselines
        on segment_mix.macro_segment_id = macro_baselines.macro_segment_id
            and segment_mix.period_type = macro_baselines.period_type
            and segment_mix.period_start = macro_baselines.period_start
            and segment_mix.metric_name = macro_baselines.metric_name
    where segment_mix.mix_weight > 0
    group by
        segment_mix.segment_id,
        segment_mix.period_type,
        segment_mix.period_start,
        segment_mix.metric_name

),

holdout_comparison as (

    select
        segment_id,
        period_type,
        period_start,
        metric_name,
        sum(successes) as holdout_successes,
        sum(trials) as holdout_trials
    from metric_counts
    where group_type = 'holdout'
    group by
        segment_id,
        period_type,
        period_start,
        metric_name

),

compared as (

    select
        segment_totals.segment_id,
        segment_totals.period_type,
        segment_totals.period_start,
        segment_totals.period_end,
        segment_totals.is_complete_period,
        segment_totals.metric_name,
        'macro_baseline' as comparison,
        segment_totals.segment_successes,
        segment_totals.segment_trials,
        coalesce(macro_comparison.baseline_macro_segment_count, 0) as baseline_macro_segment_count,
        case
            when macro_comparison.usable_macro_segment_count < macro_comparison.baseline_macro_segment_count then null
            when macro_comparison.baseline_macro_segment_count = 1
                then {{ microseg.stats_double('macro_comparison.pooled_successes') }}
            else macro_comparison.standardised_rate / macro_comparison.variance_factor
        end as baseline_successes,
        case
            when macro_comparison.usable_macro_segment_count < macro_comparison.baseline_macro_segment_count then null
            when macro_comparison.baseline_macro_segment_count = 1
                then {{ microseg.stats_double('macro_comparison.pooled_trials') }}
            else 1.0e0 / macro_comparison.variance_factor
        end as baseline_trials
    from segment_totals
    left join macro_comparison
        on segment_totals.segment_id = macro_comparison.segment_id
            and segment_totals.period_type = macro_comparison.period_type
            and segment_totals.period_start = macro_comparison.period_start
            and segment_totals.metric_name = macro_comparison.metric_name

    union all

    select
        segment_totals.segment_id,
        segment_totals.period_type,
        segment_totals.period_start,
        segment_totals.period_end,
        segment_totals.is_complete_period,
        segment_totals.metric_name,
        'holdout' as comparison,
        segment_totals.segment_successes,
        segment_totals.segment_trials,
        0 as baseline_macro_segment_count,
        {{ microseg.stats_double('holdout_comparison.holdout_successes') }} as baseline_successes,
        {{ microseg.stats_double('holdout_comparison.holdout_trials') }} as baseline_trials
    from segment_totals
    inner join holdout_comparison
        on segment_totals.segment_id = holdout_comparison.segment_id
            and segment_totals.period_type = holdout_comparison.period_type
            and segment_totals.period_start = holdout_comparison.period_start
            and segment_totals.metric_name = holdout_comparison.metric_name
    where holdout_comparison.holdout_trials > 0

),

with_statistics as (

    select
        compared.*,
        {{ microseg.safe_divide('segment_successes', 'segment_trials') }} as segment_rate,
        {{ microseg.wilson_ci_low('segment_successes', 'segment_trials') }} as segment_rate_ci_low,
        {{ microseg.wilson_ci_high('segment_successes', 'segment_trials') }} as segment_rate_ci_high,
        {{ microseg.safe_divide('baseline_successes', 'baseline_trials') }} as baseline_rate,
        {{ microseg.wilson_ci_low('baseline_successes', 'baseline_trials') }} as baseline_rate_ci_low,
        {{ microseg.wilson_ci_high('baseline_successes', 'baseline_trials') }} as baseline_rate_ci_high,
        {{ microseg.newcombe_diff_ci_low(
            'segment_successes', 'segment_trials', 'baseline_successes', 'baseline_trials'
        ) }} as difference_ci_low,
        {{ microseg.newcombe_diff_ci_high(
            'segment_successes', 'segment_trials', 'baseline_successes', 'baseline_trials'
        ) }} as difference_ci_high,
        {{ microseg.lift_ratio(
            'segment_successes', 'segment_trials', 'baseline_successes', 'baseline_trials'
        ) }} as lift_ratio,
        {{ microseg.two_proportion_z(
            'segment_successes', 'segment_trials', 'baseline_successes', 'baseline_trials'
        ) }} as z_statistic
    from compared

),

with_p_value as (

    select
        with_statistics.*,
        with_statistics.segment_rate - with_statistics.baseline_rate as rate_difference,
        {{ microseg.normal_two_sided_p_value('z_statistic') }} as p_value
    from with_statistics

),

with_bh_step as (

    select
        with_p_value.*,
        {{ microseg.bh_step_up_p_value('p_value', family) }} as bh_step_up_p_value
    from with_p_value

),

with_q_value as (

    select
        with_bh_step.*,
        {{ microseg.bh_q_value('p_value', family) }} as q_value
    from with_bh_step

),

macro_baseline_rates as (

    -- The prior of every segment's rate is its macro baseline's rate (in both comparison rows);
    -- the prior strength is estimated across the segments of the period and metric.
    select
        segment_id,
        period_type,
        period_start,
        metric_name,
        baseline_rate as prior_rate,
        {{ microseg.shrinkage_prior_strength('segment_successes', 'segment_trials', 'baseline_rate',
            partition_by=period_keys) }} as shrinkage_prior_strength
    from with_q_value
    where comparison = 'macro_baseline'

),

with_shrinkage as (

    select
        with_q_value.*,
        macro_baseline_rates.prior_rate,
        macro_baseline_rates.shrinkage_prior_strength,
        {{ microseg.shrunk_rate('with_q_value.segment_successes', 'with_q_value.segment_trials',
            'macro_baseline_rates.prior_rate', prior_strength='macro_baseline_rates.shrinkage_prior_strength') }}
            as shrunk_rate,
        case with_q_value.metric_name
            {%- for metric_name, threshold in thresholds.items() %}
                {%- set bar = 1.0 + ((threshold | float) - 1.0) * (1.0 - tolerance) %}
                when '{{ metric_name }}' then {{ microseg.stats_double(bar) }}
            {%- endfor %}
        end as worth_it_lift_threshold
    from with_q_value
    left join macro_baseline_rates
        on with_q_value.segment_id = macro_baseline_rates.segment_id
            and with_q_value.period_type = macro_baseline_rates.period_type
            and with_q_value.period_start = macro_baseline_rates.period_start
            and with_q_value.metric_name = macro_baseline_rates.metric_name

),

with_verdict as (

    -- worth_it: point estimate at least worth_it_lift_threshold x the baseline (the var's lift,
    -- less the "about" tolerance), Newcombe interval above 0 and q-value <= fdr_alpha. worse:
    -- significant drop. insufficient_evidence: too few trials on either side, or the interval
    -- still reaches the worth-it difference (it cannot tell). no_lift: the interval rules out
    -- the worth-it difference (including a significant lift that is clearly below it).
    select
        with_shrinkage.*,
        case
            when with_shrinkage.segment_trials < {{ min_trials }}
                or with_shrinkage.baseline_trials is null
                or with_shrinkage.baseline_trials < {{ min_trials }}
                or with_shrinkage.p_value is null
                then 'insufficient_evidence'
            when with_shrinkage.difference_ci_low > 0
                and with_shrinkage.q_value <= {{ fdr_alpha }}
                and with_shrinkage.segment_rate >= with_shrinkage.worth_it_lift_threshold * with_shrinkage.baseline_rate
                then 'worth_it'
            when with_shrinkage.difference_ci_high < 0 and with_shrinkage.q_value <= {{ fdr_alpha }} then 'worse'
            when
                with_shrinkage.difference_ci_high
                >= (with_shrinkage.worth_it_lift_threshold - 1.0e0) * with_shrinkage.baseline_rate
                then 'insufficient_evidence'
            else 'no_lift'
        end as verdict
    from with_shrinkage

),

final as (

    select
        cast({{ dbt.concat([
            'segment_id', "'|'", 'period_type', "'|'", dbt.cast('period_start', text), "'|'", 'metric_name', "'|'",
            'comparison'
        ]) }} as {{ text }}) as lift_row_id,
        cast(segment_id as {{ text }}) as segment_id,
        cast(period_type as {{ text }}) as period_type,
        cast(period_start as date) as period_start,
        cast(period_end as date) as period_end,
        cast(is_complete_period as boolean) as is_complete_period,
        cast(metric_name as {{ text }}) as metric_name,
        cast(comparison as {{ text }}) as comparison,
        cast(baseline_macro_segment_count as integer) as baseline_macro_segment_count,
        cast(segment_successes as bigint) as segment_successes,
        cast(segment_trials as bigint) as segment_trials,
        cast(segment_rate as {{ double }}) as segment_rate,
        cast(segment_rate_ci_low as {{ double }}) as segment_rate_ci_low,
        cast(segment_rate_ci_high as {{ double }}) as segment_rate_ci_high,
        cast(baseline_successes as {{ double }}) as baseline_successes,
        cast(baseline_trials as {{ double }}) as baseline_trials,
        cast(baseline_rate as {{ double }}) as baseline_rate,
        cast(baseline_rate_ci_low as {{ double }}) as baseline_rate_ci_low,
        cast(baseline_rate_ci_high as {{ double }}) as baseline_rate_ci_high,
        cast(rate_difference as {{ double }}) as rate_difference,
        cast(difference_ci_low as {{ double }}) as difference_ci_low,
        cast(difference_ci_high as {{ double }}) as difference_ci_high,
        cast(lift_ratio as {{ double }}) as lift_ratio,
        cast(z_statistic as {{ double }}) as z_statistic,
        cast(p_value as {{ double }}) as p_value,
        cast(q_value as {{ double }}) as q_value,
        cast(prior_rate as {{ double }}) as prior_rate,
        cast(shrinkage_prior_strength as {{ double }}) as shrinkage_prior_strength,
        cast(shrunk_rate as {{ double }}) as shrunk_rate,
        cast(worth_it_lift_threshold as {{ double }}) as worth_it_lift_threshold,
        cast(verdict as {{ text }}) as verdict,
        {{ as_of }} as as_of_date
    from with_verdict

)

select * from final
