{{ config(materialized='table') }}
-- One row per account per signal date up to the as-of date: the intent and content signals
-- the intent stage reads. Third-party intent is dated by its week_start_date; web visits by
-- visit date (pricing and comparison pages only); content downloads by download date.
-- Materialized as a table: a narrow per-account time series the context history windows over.

{%- set as_of = microseg.as_of_date() %}

with

domain_accounts as (

    select
        domain,
        account_id
    from {{ ref('int_accounts__resolved') }}
    where domain is not null

),

intent as (

    select
        domain_accounts.account_id,
        intent_topics.week_start_date as signal_date,
        intent_topics.intent_score,
        case when intent_topics.topic_category = 'competitor' then intent_topics.intent_score end
            as competitor_intent_score,
        0 as is_pricing_or_comparison_visit,
        0 as is_content_download
    from {{ ref('stg_engagement__intent_topics') }} as intent_topics
    inner join domain_accounts
        on intent_topics.company_domain = domain_accounts.domain
    where intent_topics.week_start_date <= {{ as_of }}

),

engagement as (

    select
        account_id,
        event_date as signal_date,
        cast(null as integer) as intent_score,
        cast(null as integer) as competitor_intent_score,
        case
            when event_source = 'web_visits' and event_detail in ('pricing', 'comparison') then 1
            else 0
        end as is_pricing_or_comparison_visit,
        case when event_source = 'content_downloads' then 1 else 0 end as is_content_download
    from {{ ref('int_accounts__engagement_events') }}
    where account_id is not null
        and event_date <= {{ as_of }}
        and (
            (event_source = 'web_visits' and event_detail in ('pricing', 'comparison'))
            or event_source = 'content_downloads'
        )

),

unioned as (

    select * from intent
    union all
    select * from engagement

),

final as (

    select
        account_id,
        signal_date,
        cast(max(intent_score) as integer) as max_intent_score,
        cast(max(competitor_intent_score) as integer) as max_competitor_intent_score,
        cast(sum(is_pricing_or_comparison_visit) as integer) as pricing_or_comparison_visit_count,
        cast(sum(is_content_download) as integer) as content_download_count
    from unioned
    group by 1, 2

)

select * from final
