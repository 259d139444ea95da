{{ config(materialized='table') }}
-- One row per account per evaluation date (the weekly spine of int_accounts__evaluation_dates,
-- ending at the as-of date): the account's whole context as it was on that date. Every
-- time-varying attribute comes from a dated per-account series range-joined onto the dates, so
-- nothing dated after evaluation_date is used. Identity and descriptive firmographics
-- (name, industry, country, region, revenue) are the vendor's single snapshot.
-- Materialized as a table: accounts x dates is the largest intermediate relation, and the
-- segment engine reads it many times.

{%- set weights = var('microseg__account_value_weights') %}
{%- set tier_1_accounts = var('microseg__tier_1_accounts') | int %}
{%- set tier_2_accounts = var('microseg__tier_2_accounts') | int %}

with

accounts as (

    select
        resolved.account_id,
        resolved.account_name,
        resolved.domain,
        resolved.crm_account_id,
        resolved.enrichment_company_id,
        firmographics.industry,
        firmographics.industry_group,
        firmographics.sub_industry,
        firmographics.country_code,
        firmographics.region,
        firmographics.annual_revenue_usd,
        firmographics.snapshot_employee_count,
        firmographics.snapshot_funding_stage,
        firmographics.has_headcount_history,
        firmographics.has_equity_rounds
    from {{ ref('int_accounts__resolved') }} as resolved
    inner join {{ ref('int_accounts__firmographics') }} as firmographics
        on resolved.account_id = firmographics.account_id

),

evaluation_dates as (

    select evaluation_date from {{ ref('int_accounts__evaluation_dates') }}

),

macro_segments as (

    select
        macro_segment_id,
        size_band,
        industry_group
    from {{ ref('macro_segments') }}

),

spine as (

    select
        accounts.*,
        evaluation_dates.evaluation_date
    from accounts
    cross join evaluation_dates

),

joined as (

    select
        spine.account_id,
        spine.evaluation_date,
        spine.account_name,
        spine.domain,
        spine.crm_account_id,
        spine.enrichment_company_id,
        spine.industry,
        spine.industry_group,
        spine.sub_industry,
        spine.country_code,
        spine.region,
        case
            when spine.has_headcount_history then headcount.employee_count
            else spine.snapshot_employee_count
        end as employee_count,
        spine.annual_revenue_usd,
        coalesce(
            funding.funding_stage,
            case when not spine.has_equity_rounds then spine.snapshot_funding_stage end,
            'unknown'
        ) as funding_stage,
        headcount.headcount_growth_12m_pct,
        coalesce(headcount.growth_stage, 'unknown') as growth_stage,
        coalesce(headcount.headcount_trajectory, 'unknown') as headcount_trajectory,
        coalesce(engagement.engagement_state, 'never_contacted') as engagement_state,
        engagement.engagement_state_since,
        coalesce(intent.intent_stage, 'none') as intent_stage,
        coalesce(intent.max_intent_score_28d, 0) as max_intent_score_28d,
        coalesce(technologies.uses_competitor, false) as uses_competitor,
        technologies.competitor_tools,
        coalesce(technologies.uses_legacy_stack, false) as uses_legacy_stack,
        technologies.legacy_tools,
        coalesce(triggers.active_trigger_count, 0) as active_trigger_count,
        triggers.latest_trigger_date,
        {% for trigger_type in microseg.trigger_types() -%}
            triggers.latest_{{ trigger_type }}_date,
            triggers.latest_{{ trigger_type }}_subtype,
        {% endfor -%}
        triggers.latest_new_executive_hire_seniority
    from spine
    left join {{ ref('int_accounts__pit_headcount') }} as headcount
        on spine.account_id = headcount.account_id
            and spine.evaluation_date = headcount.evaluation_date
    left join {{ ref('int_accounts__pit_funding') }} as funding
        on spine.account_id = funding.account_id
            and spine.evaluation_date = funding.evaluation_date
    left join {{ ref('int_accounts__pit_engagement') }} as engagement
        on spine.account_id = engagement.account_id
            and spine.evaluation_date = engagement.evaluation_date
    left join {{ ref('int_accounts__pit_intent') }} as intent
        on spine.account_id = intent.account_id
            and spine.evaluation_date = intent.evaluation_date
    left join {{ ref('int_accounts__pit_technologies') }} as technologies
        on spine.account_id = technologies.account_id
            and spine.evaluation_date = technologies.evaluation_date
    left join {{ ref('int_accounts__pit_triggers') }} as triggers
        on spine.account_id = triggers.account_id
            and spine.evaluation_date = triggers.evaluation_date

),

banded as (

    select
        joined.*,
        {{ microseg.size_band('joined.employee_count') }} as size_band
    from joined

),

segmented as (

    select
        banded.*,
        coalesce(exact_segment.macro_segment_id, any_industry_segment.macro_segment_id) as macro_segment_id
    from banded
    left join macro_segments as exact_segment
        on banded.size_band = exact_segment.size_band
            and banded.industry_group = exact_segment.industry_group
    left join macro_segments as any_industry_segment
        on banded.size_band = any_industry_segment.size_band
            and any_industry_segment.industry_group = 'any'

),

-- Account value score, 0-100: a weighted sum of five components in [0, 1]
-- (weights: var microseg__account_value_weights):
--   size       ln(employees / 10) / ln(1000), clipped: 10 employees -> 0, 10,000 -> 1
--   revenue    ln(revenue / 1M USD) / ln(10000), clipped: $1M -> 0, $10B -> 1
--   growth     hyper_growth 1, steady_growth 0.75, stable 0.4, unknown 0.3, contracting 0.15
--   intent     max intent score of the last 28 days / 100
--   engagement engaged_not_converted 1, customer 0.8, contacted_not_engaged 0.5,
--              never_contacted 0.4, churned 0.2
scored as (

    select
        segmented.*,
        case
            when segmented.employee_count >= 10
                then least(1.0, ln(cast(segmented.employee_count as {{ dbt.type_float() }}) / 10) / ln(1000.0))
            else 0.0
        end as size_component,
        case
            when segmented.annual_revenue_usd >= 1000000
                then least(1.0, ln(segmented.annual_revenue_usd / 1000000) / ln(10000.0))
            else 0.0
        end as revenue_component,
        case segmented.growth_stage
            when 'hyper_growth' then 1.0
            when 'steady_growth' then 0.75
            when 'stable' then 0.4
            when 'contracting' then 0.15
            else 0.3
        end as growth_component,
        cast(segmented.max_intent_score_28d as {{ dbt.type_float() }}) / 100 as intent_component,
        case segmented.engagement_state
            when 'engaged_not_converted' then 1.0
            when 'customer' then 0.8
            when 'contacted_not_engaged' then 0.5
            when 'never_contacted' then 0.4
            else 0.2
        end as engagement_component
    from segmented

),

valued as (

    select
        scored.*,
        cast({{ microseg.decimal_round(
            '100 * ('
            ~ weights['size'] ~ ' * size_component + '
            ~ weights['revenue'] ~ ' * revenue_component + '
            ~ weights['growth'] ~ ' * growth_component + '
            ~ weights['intent'] ~ ' * intent_component + '
            ~ weights['engagement'] ~ ' * engagement_component)', 4) }} as {{ dbt.type_float() }}) as account_value_score
    from scored

),

-- Ranked on a narrow projection: a window over the wide rows would carry every column
-- through the sort.
value_ranks as (

    select
        account_id,
        evaluation_date,
        row_number() over (
            partition by evaluation_date
            order by account_value_score desc, account_id asc
        ) as account_value_rank
    from valued

),

ranked as (

    select
        valued.*,
        value_ranks.account_value_rank
    from valued
    inner join value_ranks
        on valued.account_id = value_ranks.account_id
            and valued.evaluation_date = value_ranks.evaluation_date

),

final as (

    select
        account_id,
        evaluation_date,
        account_name,
        domain,
        crm_account_id,
        enrichment_company_id,
        industry,
        industry_group,
        sub_industry,
        country_code,
        region,
        employee_count,
        size_band,
        annual_revenue_usd,
        case
            when employee_count > 0 then annual_revenue_usd / employee_count
        end as revenue_per_employee_usd,
        funding_stage,
        headcount_growth_12m_pct,
        growth_stage,
        headcount_trajectory,
        macro_segment_id,
        account_value_score,
        cast(account_value_rank as integer) as account_value_rank,
        case
            when account_value_rank <= {{ tier_1_accounts }} then 'tier_1'
            when account_value_rank <= {{ tier_1_accounts + tier_2_accounts }} then 'tier_2'
            else 'tier_3'
        end as tier,
        case when engagement_state = 'customer' then 'expansion' else 'net_new' end as buying_motion,
        engagement_state,
        engagement_state_since,
        intent_stage,
        max_intent_score_28d,
        uses_competitor,
        competitor_tools,
        uses_legacy_stack,
        legacy_tools,
        active_trigger_count,
        cast({{ dbt.datediff('latest_trigger_date', 'evaluation_date', 'day') }} as integer) as days_since_last_trigger,  -- noqa: LT05
        {% for trigger_type in microseg.trigger_types() -%}
            latest_{{ trigger_type }}_date,
            latest_{{ trigger_type }}_subtype,
        {% endfor -%}
        latest_new_executive_hire_seniority
    from ranked

)

select * from final
