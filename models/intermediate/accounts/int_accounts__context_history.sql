{{ config(materialized='table') }}
-- One row per account per evaluation date (the weekly spine of int_accounts__evaluation_dates,
-- ending at the as-of date): the account's whole context as it was on that date. Every
-- time-varying attribute comes from a dated per-account series spread onto the dates by the
-- int_accounts__pit_* models, so nothing dated after evaluation_date is used. Identity and
-- descriptive firmographics (name, industry, country, region, revenue) are the vendor's
-- single snapshot.
-- Built to scale (1M accounts x 53 dates): the families join on one bigint key
-- (microseg.context_key), the wide per-account text columns are joined last, and tiers rank
-- only the few accounts that can be in the top 70 of a date, not every account.
-- Materialized as a table: accounts x dates is the largest intermediate relation, and the
-- segment engine reads it many times.

{%- set weights = var('microseg__account_value_weights') %}
{%- set tier_1_accounts = var('microseg__tier_1_accounts') | int %}
{%- set tier_2_accounts = var('microseg__tier_2_accounts') | int %}
{%- set ranked_accounts = tier_1_accounts + tier_2_accounts %}
{%- set size_band_names = ['1-50', '51-500', '501-5000', '5000+'] %}

with

accounts as (

    select
        resolved.account_id,
        resolved.account_index,
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

    select * from {{ ref('int_accounts__evaluation_dates') }}

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
    group by 1

),

-- Narrow spine: only what the time-varying attributes and the score need.
spine as (

    select
        accounts.account_index,
        accounts.annual_revenue_usd,
        accounts.snapshot_employee_count,
        accounts.snapshot_funding_stage,
        accounts.has_headcount_history,
        accounts.has_equity_rounds,
        {% for band in size_band_names -%}
            industry_macro_segments.macro_segment_{{ loop.index }},
        {% endfor -%}
        evaluation_dates.evaluation_date,
        {{ microseg.context_key('accounts.account_index', 'evaluation_dates.evaluation_index') }} as context_key
    from accounts
    left join industry_macro_segments
        on accounts.industry_group = industry_macro_segments.industry_group
    cross join evaluation_dates

),

joined as (

    select
        spine.context_key,
        spine.account_index,
        spine.evaluation_date,
        spine.annual_revenue_usd,
        {% for band in size_band_names -%}
            spine.macro_segment_{{ loop.index }},
        {% endfor -%}
        headcount.headcount_growth_12m_pct,
        triggers.latest_trigger_date,
        {% for trigger_type in microseg.trigger_types() -%}
            triggers.latest_{{ trigger_type }}_date,
            triggers.latest_{{ trigger_type }}_subtype,
        {% endfor -%}
        triggers.latest_new_executive_hire_seniority,
        engagement.engagement_state_since,
        technologies.competitor_tools,
        technologies.legacy_tools,
        case
            when spine.has_headcount_history then headcount.employee_count
            else spine.snapshot_employee_count
        end as employee_count,
        coalesce(
            funding.funding_stage,
            case when not spine.has_equity_rounds then spine.snapshot_funding_stage end,
            'unknown'
        ) as funding_stage,
        coalesce(headcount.growth_stage, 'unknown') as growth_stage,
        coalesce(headcount.headcount_trajectory, 'unknown') as headcount_trajectory,
        coalesce(engagement.engagement_state, 'never_contacted') as engagement_state,
        coalesce(intent.intent_stage, 'none') as intent_stage,
        coalesce(intent.max_intent_score_28d, 0) as max_intent_score_28d,
        coalesce(technologies.uses_competitor, false) as uses_competitor,
        coalesce(technologies.uses_legacy_stack, false) as uses_legacy_stack,
        coalesce(triggers.active_trigger_count, 0) as active_trigger_count
    from spine
    left join {{ ref('int_accounts__pit_headcount') }} as headcount
        on spine.context_key = headcount.context_key
    left join {{ ref('int_accounts__pit_funding') }} as funding
        on spine.context_key = funding.context_key
    left join {{ ref('int_accounts__pit_engagement') }} as engagement
        on spine.context_key = engagement.context_key
    left join {{ ref('int_accounts__pit_intent') }} as intent
        on spine.context_key = intent.context_key
    left join {{ ref('int_accounts__pit_technologies') }} as technologies
        on spine.context_key = technologies.context_key
    left join {{ ref('int_accounts__pit_triggers') }} as triggers
        on spine.context_key = triggers.context_key

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
        case banded.size_band
            {% for band in size_band_names -%}
                when '{{ band }}' then banded.macro_segment_{{ loop.index }}
            {% endfor -%}
        end as macro_segment_id
    from banded

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
        cast({{ microseg.decimal_round(
            '100 * ('
            ~ weights['size'] ~ ' * case when segmented.employee_count >= 10 then least(1.0, ln(cast(segmented.employee_count as ' ~ dbt.type_float() ~ ') / 10) / ln(1000.0)) else 0.0 end + '
            ~ weights['revenue'] ~ ' * case when segmented.annual_revenue_usd >= 1000000 then least(1.0, ln(segmented.annual_revenue_usd / 1000000) / ln(10000.0)) else 0.0 end + '
            ~ weights['growth'] ~ " * case segmented.growth_stage when 'hyper_growth' then 1.0 when 'steady_growth' then 0.75 when 'stable' then 0.4 when 'contracting' then 0.15 else 0.3 end + "
            ~ weights['intent'] ~ ' * cast(segmented.max_intent_score_28d as ' ~ dbt.type_float() ~ ') / 100 + '
            ~ weights['engagement'] ~ " * case segmented.engagement_state when 'engaged_not_converted' then 1.0 when 'customer' then 0.8 when 'contacted_not_engaged' then 0.5 when 'never_contacted' then 0.4 else 0.2 end)", 4) }} as {{ dbt.type_float() }}) as account_value_score  -- noqa: LT05
    from segmented

),

-- Tiers need the top N accounts of each date. Count accounts per date per 0.1-point score
-- bucket; the highest bucket at which the running count (from the top) reaches N bounds the
-- candidates, and only they are ranked.
score_buckets as (

    select
        evaluation_date,
        cast(floor(account_value_score * 10) as integer) as score_bucket,
        count(*) as bucket_accounts
    from scored
    group by 1, 2

),

bucket_running_counts as (

    select
        evaluation_date,
        score_bucket,
        sum(bucket_accounts) over (
            partition by evaluation_date
            order by score_bucket desc
            rows between unbounded preceding and current row
        ) as accounts_at_or_above
    from score_buckets

),

cutoffs as (

    select
        evaluation_date,
        max(score_bucket) as cutoff_bucket
    from bucket_running_counts
    where accounts_at_or_above >= {{ ranked_accounts }}
    group by 1

),

candidates as (

    select
        scored.context_key,
        scored.evaluation_date,
        scored.account_value_score,
        scored.account_index
    from scored
    left join cutoffs
        on scored.evaluation_date = cutoffs.evaluation_date
    where cast(floor(scored.account_value_score * 10) as integer) >= coalesce(cutoffs.cutoff_bucket, -1)

),

ranks as (

    select
        candidates.context_key,
        row_number() over (
            partition by candidates.evaluation_date
            order by candidates.account_value_score desc, accounts.account_id asc
        ) as account_value_rank
    from candidates
    inner join accounts
        on candidates.account_index = accounts.account_index

),

final as (

    select
        accounts.account_id,
        scored.evaluation_date,
        accounts.account_name,
        accounts.domain,
        accounts.crm_account_id,
        accounts.enrichment_company_id,
        accounts.industry,
        accounts.industry_group,
        accounts.sub_industry,
        accounts.country_code,
        accounts.region,
        scored.employee_count,
        scored.size_band,
        accounts.annual_revenue_usd,
        scored.funding_stage,
        scored.headcount_growth_12m_pct,
        scored.growth_stage,
        scored.headcount_trajectory,
        scored.macro_segment_id,
        scored.account_value_score,
        scored.engagement_state,
        scored.engagement_state_since,
        scored.intent_stage,
        scored.max_intent_score_28d,
        scored.uses_competitor,
        scored.competitor_tools,
        scored.uses_legacy_stack,
        scored.legacy_tools,
        scored.active_trigger_count,
        {% for trigger_type in microseg.trigger_types() -%}
            scored.latest_{{ trigger_type }}_date,
            scored.latest_{{ trigger_type }}_subtype,
        {% endfor -%}
        scored.latest_new_executive_hire_seniority,
        case
            when scored.employee_count > 0 then accounts.annual_revenue_usd / scored.employee_count
        end as revenue_per_employee_usd,
        case
            when ranks.account_value_rank <= {{ tier_1_accounts }} then 'tier_1'
            when ranks.account_value_rank <= {{ ranked_accounts }} then 'tier_2'
            else 'tier_3'
        end as tier,
        case when scored.engagement_state = 'customer' then 'expansion' else 'net_new' end as buying_motion,
        cast({{ dbt.datediff('scored.latest_trigger_date', 'scored.evaluation_date', 'day') }} as integer) as days_since_last_trigger  -- noqa: LT05
    from scored
    inner join accounts
        on scored.account_index = accounts.account_index
    left join ranks
        on scored.context_key = ranks.context_key

)

select * from final
