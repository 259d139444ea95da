-- One row per micro-segment: its share of the outbound budget (var microseg__budget_total_usd),
-- in proportion to the expected value of running its play on the accounts it can reach now,
-- with a floor for unproven segments.
--
--   expected_value_usd = reachable_accounts * expected_opportunity_rate * expected_win_rate
--                        * expected_deal_size_usd
--   reachable_accounts        accounts whose primary segment it is today, holdout excluded
--   expected_opportunity_rate the all-time shrunk opportunity rate (fct_segment_lift: empirical
--                             Bayes toward the macro baseline, so small segments look like it)
--   expected_win_rate         the all-time shrunk win rate
--   expected_deal_size_usd    (won amount + k * baseline deal size) / (won deals + k),
--                             k = var microseg__budget_deal_size_prior_deals; the baseline deal
--                             size is the segment's macro baselines' average, weighted by its
--                             accounts in each
--   (a missing rate or deal size falls back to the value pooled over all macro baselines)
--
-- Eligible segments have reachable accounts and a verdict other than worse (a play that loses to
-- the baseline gets nothing). Unproven eligible segments (verdict insufficient_evidence) get the
-- floor f = min(var microseg__budget_unproven_floor_share, 1 / unproven count) first; the rest,
-- 1 - f * unproven count, is shared by expected value among all eligible segments (equally when
-- every expected value is 0):
--
--   budget_share = f * is_unproven + (1 - f * n_unproven) * expected_value / sum(expected_value)
--
-- so the shares of eligible segments sum to exactly 1 and others get 0.

{%- set total_budget = var('microseg__budget_total_usd') %}
{%- set floor_share = var('microseg__budget_unproven_floor_share') %}
{%- set prior_deals = var('microseg__budget_deal_size_prior_deals') %}
{%- set text = dbt.type_string() %}
{%- set double = microseg.type_double() | trim %}

with

review as (

    select
        segment_id,
        segment_name,
        segment_verdict,
        current_played_accounts
    from {{ ref('rpt_segment_review') }}

),

lift as (

    select
        segment_id,
        max(case when metric_name = 'opportunity_rate' then shrunk_rate end) as shrunk_opportunity_rate,
        max(case when metric_name = 'win_rate' then shrunk_rate end) as shrunk_win_rate
    from {{ ref('fct_segment_lift') }}
    where period_type = 'all_time'
        and comparison = 'macro_baseline'
    group by segment_id

),

funnel as (

    select * from {{ ref('fct_segment_funnel') }}
    where period_type = 'all_time'

),

pooled_baseline as (

    select
        {{ microseg.safe_divide('sum(accounts_with_opportunity)', 'sum(accounts_contacted)') }} as opportunity_rate,
        {{ microseg.safe_divide('sum(opportunities_won)', 'sum(opportunities_closed)') }} as win_rate,
        {{ microseg.safe_divide('sum(won_amount_usd)', 'sum(won_with_amount_count)') }}
            as deal_size_usd
    from funnel
    where group_type = 'macro_baseline'

),

segment_deals as (

    select
        segment_id,
        sum(won_with_amount_count) as won_with_amount_count,
        sum(won_amount_usd) as won_amount_usd
    from funnel
    where group_type = 'micro_segment'
    group by segment_id

),

baseline_deal_sizes as (

    -- The segment's macro baselines' average deal size, weighted by its accounts in each.
    select
        micro.segment_id,
        {{ microseg.safe_divide('sum(micro.accounts_in_segment * baseline.average_deal_size_usd)',
            'sum(micro.accounts_in_segment)') }} as deal_size_usd
    from funnel as micro
    inner join funnel as baseline
        on micro.macro_segment_id = baseline.macro_segment_id
            and baseline.group_type = 'macro_baseline'
    where micro.group_type = 'micro_segment'
        and baseline.average_deal_size_usd is not null
    group by micro.segment_id

),

valued as (

    select
        review.segment_id,
        review.segment_name,
        review.segment_verdict,
        review.current_played_accounts as reachable_accounts,
        coalesce(lift.shrunk_opportunity_rate, pooled_baseline.opportunity_rate, 0) as expected_opportunity_rate,
        coalesce(lift.shrunk_win_rate, pooled_baseline.win_rate, 0) as expected_win_rate,
        coalesce(segment_deals.won_with_amount_count, 0) as won_with_amount_count,
        coalesce(baseline_deal_sizes.deal_size_usd, pooled_baseline.deal_size_usd, 0) as baseline_deal_size_usd,
        (
            coalesce(segment_deals.won_amount_usd, 0)
            + {{ prior_deals }} * coalesce(baseline_deal_sizes.deal_size_usd, pooled_baseline.deal_size_usd, 0)
        ) / {{ microseg.stats_double('coalesce(segment_deals.won_with_amount_count, 0) + ' ~ prior_deals) }}
            as expected_deal_size_usd,
        review.current_played_accounts > 0 and review.segment_verdict <> 'worse' as is_eligible,
        review.current_played_accounts > 0 and review.segment_verdict = 'insufficient_evidence' as is_unproven
    from review
    left join lift
        on review.segment_id = lift.segment_id
    left join segment_deals
        on review.segment_id = segment_deals.segment_id
    left join baseline_deal_sizes
        on review.segment_id = baseline_deal_sizes.segment_id
    cross join pooled_baseline

),

with_value as (

    select
        valued.*,
        case
            when valued.is_eligible
                then valued.reachable_accounts
                    * valued.expected_opportunity_rate
                    * valued.expected_win_rate
                    * valued.expected_deal_size_usd
            else 0
        end as expected_value_usd
    from valued

),

totals as (

    select
        sum(expected_value_usd) as total_expected_value_usd,
        sum(case when is_eligible then 1 else 0 end) as eligible_count,
        sum(case when is_unproven then 1 else 0 end) as unproven_count
    from with_value

),

shared as (

    select
        with_value.*,
        case
            when totals.unproven_count > 0
                then least({{ microseg.stats_double(floor_share) }}, 1.0e0 / totals.unproven_count)
            else 0.0e0
        end as floor_share,
        totals.unproven_count,
        case
            when not with_value.is_eligible then 0.0e0
            when totals.total_expected_value_usd > 0
                then with_value.expected_value_usd / totals.total_expected_value_usd
            else 1.0e0 / totals.eligible_count
        end as value_share
    from with_value
    cross join totals

),

final as (

    select
        cast(segment_id as {{ text }}) as segment_id,
        cast(segment_name as {{ text }}) as segment_name,
        cast(segment_verdict as {{ text }}) as segment_verdict,
        cast(is_eligible as boolean) as is_eligible,
        cast(is_unproven as boolean) as is_unproven,
        cast(reachable_accounts as bigint) as reachable_accounts,
        cast(expected_opportunity_rate as {{ double }}) as expected_opportunity_rate,
        cast(expected_win_rate as {{ double }}) as expected_win_rate,
        cast(won_with_amount_count as bigint) as won_with_amount_count,
        cast(baseline_deal_size_usd as {{ double }}) as baseline_deal_size_usd,
        cast(expected_deal_size_usd as {{ double }}) as expected_deal_size_usd,
        cast(expected_value_usd as {{ double }}) as expected_value_usd,
        cast(value_share as {{ double }}) as value_share,
        cast(case when is_unproven then floor_share else 0.0e0 end as {{ double }}) as floor_share,
        cast(
            case
                when is_unproven then floor_share + (1.0e0 - floor_share * unproven_count) * value_share
                else (1.0e0 - floor_share * unproven_count) * value_share
            end as {{ double }}
        ) as budget_share,
        cast(
            {{ microseg.stats_double(total_budget) }} * case
                when is_unproven then floor_share + (1.0e0 - floor_share * unproven_count) * value_share
                else (1.0e0 - floor_share * unproven_count) * value_share
            end as {{ double }}
        ) as budget_usd,
        {{ microseg.as_of_date() }} as as_of_date
    from shared

)

select * from final
