{{ config(materialized='table') }}
-- One row per account: its context as of the as-of date, i.e. the slice of
-- int_accounts__context_history at evaluation_date = as-of date, with the attributes that are
-- not dated (int_accounts__snapshot_attributes) joined back. Every later model uses it.
-- Materialized as a table: read by every mart.

with

history as (

    select *
    from {{ ref('int_accounts__context_history') }}
    where evaluation_date = {{ microseg.as_of_date() }}

),

snapshot as (

    select * from {{ ref('int_accounts__snapshot_attributes') }}

),

final as (

    select
        history.account_id,
        history.evaluation_date,
        snapshot.account_name,
        snapshot.domain,
        snapshot.crm_account_id,
        snapshot.enrichment_company_id,
        snapshot.industry,
        snapshot.industry_group,
        snapshot.sub_industry,
        snapshot.country_code,
        snapshot.region,
        history.employee_count,
        history.size_band,
        snapshot.annual_revenue_usd,
        history.funding_stage,
        history.headcount_growth_12m_pct,
        history.growth_stage,
        history.headcount_trajectory,
        history.macro_segment_id,
        history.account_value_score,
        history.engagement_state,
        history.engagement_state_since,
        history.intent_stage,
        history.max_intent_score_28d,
        history.competitor_tools,
        history.legacy_tools,
        history.latest_trigger_date,
        {% for trigger_type in microseg.trigger_types() -%}
            history.latest_{{ trigger_type }}_date,
            history.latest_{{ trigger_type }}_subtype,
        {% endfor -%}
        history.latest_new_executive_hire_seniority,
        history.revenue_per_employee_usd,
        history.tier,
        history.buying_motion,
        history.uses_competitor,
        history.uses_legacy_stack,
        history.active_trigger_count,
        history.days_since_last_trigger
    from history
    inner join snapshot
        on history.account_id = snapshot.account_id

)

select * from final
