-- One row per account per evaluation date with an intent or content signal in the trailing
-- window (microseg__intent_window_days, default 28: signal_date <= evaluation_date <
-- signal_date + window), keyed by context_key: the window's maximum intent score and the
-- intent stage.
--   late  = max intent score >= 70 and (a pricing or comparison page visit, or a
--           competitor-topic score >= 70)
--   mid   = max intent score >= 50, or a content download
--   early = max intent score >= 30
--   none  = otherwise (accounts with no signal in the window get 'none' in the context)

{%- set window_days = var('microseg__intent_window_days') | int %}

with

signals as (

    select * from {{ ref('int_accounts__intent_signals') }}

),

accounts as (

    select
        account_id,
        account_index
    from {{ ref('int_accounts__resolved') }}

),

evaluation_dates as (

    select * from {{ ref('int_accounts__evaluation_dates') }}

),

windowed as (

    select
        signals.max_intent_score,
        signals.max_competitor_intent_score,
        signals.pricing_or_comparison_visit_count,
        signals.content_download_count,
        {{ microseg.context_key('accounts.account_index', 'evaluation_dates.evaluation_index') }} as context_key
    from signals
    inner join accounts
        on signals.account_id = accounts.account_id
    inner join evaluation_dates
        on signals.signal_date <= evaluation_dates.evaluation_date
            and evaluation_dates.evaluation_date
            < cast({{ dbt.dateadd('day', window_days, 'signals.signal_date') }} as date)

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
