{{ config(materialized='table') }}
-- One row per account per evaluation date: the dense, narrow part of the context history -
-- engagement state, headcount (and growth stage, trajectory, size band, macro segment),
-- funding stage, intent stage - and the account value score, keyed by context_key. Split from
-- int_accounts__context_history so that tiers (int_accounts__context_tiers) can rank a narrow
-- table and the wide rows are written once.
-- Built to scale (1M accounts x 53 dates): the engagement spells cover every account on every
-- date and drive the rows (no accounts x dates cross join), the other families join on one
-- bigint key (microseg.context_key), and per-account attributes are joined on account_index.
-- Materialized as a table: read by the tiers and the context history.

{%- set weights = var('microseg__account_value_weights') %}
{%- set size_band_names = ['1-50', '51-500', '501-5000', '5000+'] %}

with

accounts as (

    select
        resolved.account_index,
        firmographics.industry_group,
        firmographics.annual_revenue_usd,
        firmographics.snapshot_employee_count,
        firmographics.snapshot_funding_stage,
        firmographics.has_headcount_history,
        firmographics.has_equity_rounds
    from {{ ref('int_accounts__resolved') }} as resolved
    inner join {{ ref('int_accounts__firmographics') }} as firmographics
        on resolved.account_id = firmographics.account_id

),

macro_segments as (

    select
        macro_segment_id,
        size_band,
        industry_group
    from {{ ref('macro_segments') }}

),

-- The macro segment of each industry group in each size band (the group's own rule, else the
-- band's 'any' rule): a few rows, pivoted to one column per band and joined once per account,
-- so that each date only picks its band's column.
size_bands as (

    select distinct size_band from macro_segments

),

industry_groups as (

    select distinct industry_group from accounts

),

band_rules as (

    select
        industry_groups.industry_group,
        size_bands.size_band,
        coalesce(exact_segment.macro_segment_id, any_industry_segment.macro_segment_id) as macro_segment_id
    from industry_groups
    cross join size_bands
    left join macro_segments as exact_segment
        on industry_groups.industry_group = exact_segment.industry_group
            and size_bands.size_band = exact_segment.size_band
    left join macro_segments as any_industry_segment
        on size_bands.size_band = any_industry_segment.size_band
            and any_industry_segment.industry_group = 'any'

),

industry_macro_segments as (

    select
        industry_group,
        {% for band in size_band_names -%}
            max(case when size_band = '{{ band }}' then macro_segment_id end) as macro_segment_{{ loop.index }}
            {%- if not loop.last %},{% endif %}
        {% endfor %}
    from band_rules
    group by industry_group

),

account_attributes as (

    select
        accounts.*,
        case
            when accounts.annual_revenue_usd >= 1000000
                then least(1.0, ln(accounts.annual_revenue_usd / 1000000) / ln(10000.0))
            else 0.0
        end as revenue_component,
        {% for band in size_band_names -%}
            industry_macro_segments.macro_segment_{{ loop.index }}
            {%- if not loop.last %},{% endif %}
        {% endfor %}
    from accounts
    left join industry_macro_segments
        on accounts.industry_group = industry_macro_segments.industry_group

),

joined as (

    select
        engagement.context_key,
        engagement.account_index,
        engagement.evaluation_date,
        engagement.engagement_state,
        engagement.engagement_state_since,
        account_attributes.revenue_component,
        {% for band in size_band_names -%}
            account_attributes.macro_segment_{{ loop.index }},
        {% endfor -%}
        headcount.headcount_growth_12m_pct,
        case
            when account_attributes.has_headcount_history then headcount.employee_count
            else account_attributes.snapshot_employee_count
        end as employee_count,
        coalesce(
            funding.funding_stage,
            case when not account_attributes.has_equity_rounds then account_attributes.snapshot_funding_stage end,
            'unknown'
        ) as funding_stage,
        coalesce(headcount.growth_stage, 'unknown') as growth_stage,
        coalesce(headcount.headcount_trajectory, 'unknown') as headcount_trajectory,
        coalesce(intent.intent_stage, 'none') as intent_stage,
        coalesce(intent.max_intent_score_28d, 0) as max_intent_score_28d
    from {{ ref('int_accounts__pit_engagement') }} as engagement
    inner join account_attributes
        on engagement.account_index = account_attributes.account_index
    left join {{ ref('int_accounts__pit_headcount') }} as headcount
        on engagement.context_key = headcount.context_key
    left join {{ ref('int_accounts__pit_funding') }} as funding
        on engagement.context_key = funding.context_key
    left join {{ ref('int_accounts__pit_intent') }} as intent
        on engagement.context_key = intent.context_key

),

banded as (

    select
        joined.*,
        {{ microseg.size_band('joined.employee_count') }} as size_band
    from joined

),

-- Account value score, 0-100: a weighted sum of five components in [0, 1]
-- (weights: var microseg__account_value_weights; revenue is per account, in account_attributes):
--   size       ln(employees / 10) / ln(1000), clipped: 10 employees -> 0, 10,000 -> 1
--   revenue    ln(revenue / 1M USD) / ln(10000), clipped: $1M -> 0, $10B -> 1
--   growth     hyper_growth 1, steady_growth 0.75, stable 0.4, unknown 0.3, contracting 0.15
--   intent     max intent score of the last 28 days / 100
--   engagement engaged_not_converted 1, customer 0.8, contacted_not_engaged 0.5,
--              never_contacted 0.4, churned 0.2
components as (

    select
        banded.*,
        case
            {% for band in size_band_names -%}
                when banded.size_band = '{{ band }}' then banded.macro_segment_{{ loop.index }}
            {% endfor -%}
        end as macro_segment_id,
        case
            when banded.employee_count >= 10
                then least(1.0, ln(cast(banded.employee_count as {{ dbt.type_float() }}) / 10) / ln(1000.0))
            else 0.0
        end as size_component,
        case banded.growth_stage
            when 'hyper_growth' then 1.0
            when 'steady_growth' then 0.75
            when 'stable' then 0.4
            when 'contracting' then 0.15
            else 0.3
        end as growth_component,
        cast(banded.max_intent_score_28d as {{ dbt.type_float() }}) / 100 as intent_component,
        case banded.engagement_state
            when 'engaged_not_converted' then 1.0
            when 'customer' then 0.8
            when 'contacted_not_engaged' then 0.5
            when 'never_contacted' then 0.4
            else 0.2
        end as engagement_component
    from banded

),

final as (

    select
        context_key,
        account_index,
        evaluation_date,
        employee_count,
        size_band,
        macro_segment_id,
        funding_stage,
        headcount_growth_12m_pct,
        growth_stage,
        headcount_trajectory,
        engagement_state,
        engagement_state_since,
        intent_stage,
        max_intent_score_28d,
        cast({{ microseg.decimal_round(
            '100 * ('
            ~ weights['size'] ~ ' * size_component + '
            ~ weights['revenue'] ~ ' * revenue_component + '
            ~ weights['growth'] ~ ' * growth_component + '
            ~ weights['intent'] ~ ' * intent_component + '
            ~ weights['engagement'] ~ ' * engagement_component)', 4) }} as {{ dbt.type_float() }}) as account_value_score
    from components

)

select * from final
