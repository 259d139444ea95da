{{ config(materialized='table') }}
-- One row per account per evaluation date with an intent or content signal in the trailing
-- window (microseg__intent_window_days, default 28: signal_date <= evaluation_date <
-- signal_date + window), keyed by context_key: the window's maximum intent score and the
-- intent stage.
--   late  = max intent score >= 70 and (a pricing or comparison page visit, or a
--           competitor-topic score >= 70)
--   mid   = max intent score >= 50, or a content download
--   early = max intent score >= 30
--   none  = otherwise (accounts with no signal in the window get 'none' in the context)
-- The window is matched with an equality join, not a date-range join: evaluation date i is
-- evaluation date 0 (the as-of date) minus 7 * i days, so a signal in week w before it (w =
-- floor(days before it / 7)) can only be in the windows of evaluation indexes w, w - 1, ...
-- (one per week the window spans); those candidates are joined on the week number and the
-- exact date condition above keeps the right ones.
-- Materialized as a table: the window aggregate is computed once for the context base and the
-- tests (as a view, each test recomputed it).

{%- set window_days = var('microseg__intent_window_days') | int %}
{%- if window_days < 1 %}
    {{ exceptions.raise_compiler_error("var microseg__intent_window_days must be a positive number of days, got '" ~ window_days ~ "'") }}
{%- endif %}
{#- Evaluation dates whose window can hold a signal of a given week: ceil(window_days / 7). #}
{%- set window_weeks = (window_days + 6) // 7 %}

with

evaluation_dates as (

    select
        evaluation_index,
        evaluation_date
    from {{ ref('int_accounts__evaluation_dates') }}

),

latest_evaluation as (

    select max(evaluation_date) as latest_evaluation_date
    from evaluation_dates

),

accounts as (

    select
        account_id,
        account_index
    from {{ ref('int_accounts__resolved') }}

),

signals as (

    select
        accounts.account_index,
        signals.signal_date,
        signals.max_intent_score,
        signals.max_competitor_intent_score,
        signals.pricing_or_comparison_visit_count,
        signals.content_download_count,
        cast({{ dbt.dateadd('day', window_days, 'signals.signal_date') }} as date) as window_end_date,
        cast(
            floor({{ dbt.datediff('signals.signal_date', 'latest_evaluation.latest_evaluation_date', 'day') }} / 7.0)  -- noqa: LT05
            as integer
        ) as signal_week_index
    from {{ ref('int_accounts__intent_signals') }} as signals
    inner join accounts
        on signals.account_id = accounts.account_id
    cross join latest_evaluation

),

week_offsets as (

    {{ dbt.generate_series(window_weeks) }}

),

-- Each evaluation date once per week its window reaches back: the signals of week
-- evaluation_index + offset are candidates for it.
evaluation_weeks as (

    select
        evaluation_dates.evaluation_index,
        evaluation_dates.evaluation_date,
        evaluation_dates.evaluation_index + week_offsets.generated_number - 1 as signal_week_index
    from evaluation_dates
    cross join week_offsets

),

windowed as (

    select
        signals.max_intent_score,
        signals.max_competitor_intent_score,
        signals.pricing_or_comparison_visit_count,
        signals.content_download_count,
        {{ microseg.context_key('signals.account_index', 'evaluation_weeks.evaluation_index') }} as context_key
    from signals
    inner join evaluation_weeks
        on signals.signal_week_index = evaluation_weeks.signal_week_index
            and signals.signal_date <= evaluation_weeks.evaluation_date
            and signals.window_end_date > evaluation_weeks.evaluation_date

),

aggregated as (

    select
        context_key,
        coalesce(max(max_intent_score), 0) as max_intent_score,
        coalesce(max(max_competitor_intent_score), 0) as max_competitor_intent_score,
        sum(pricing_or_comparison_visit_count) as pricing_or_comparison_visit_count,
        sum(content_download_count) as content_download_count
    from windowed
    group by 1

),

final as (

    select
        context_key,
        cast(max_intent_score as integer) as max_intent_score_28d,
        cast(max_competitor_intent_score as integer) as max_competitor_intent_score_28d,
        cast(pricing_or_comparison_visit_count as integer) as pricing_or_comparison_visit_count_28d,
        cast(content_download_count as integer) as content_download_count_28d,
        case
            when max_intent_score >= 70
                and (pricing_or_comparison_visit_count > 0 or max_competitor_intent_score >= 70)
                then 'late'
            when max_intent_score >= 50 or content_download_count > 0 then 'mid'
            when max_intent_score >= 30 then 'early'
            else 'none'
        end as intent_stage
    from aggregated

)

select * from final
