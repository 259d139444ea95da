-- One row per account (as of the as-of date): its context attributes, its macro segment, and
-- the segment it is routed to: its primary micro-segment, or its macro segment's baseline
-- (baseline__<macro_segment_id>) when it qualifies for none. Accounts whose size is unknown
-- belong to no macro segment and have no primary segment.

with

context as (

    select * from {{ ref('int_accounts__context') }}

),

memberships as (

    select
        account_id,
        max(case when is_primary then segment_id end) as primary_micro_segment_id,
        max(case when is_primary then rule_version end) as primary_rule_version,
        count(*) as micro_segment_count,
        {{ microseg.sorted_string_agg('segment_id') }} as micro_segment_ids
    from {{ ref('fct_segment_membership') }}
    group by account_id

),

baselines as (

    select
        segment_id,
        rule_version
    from {{ ref('int_segments__definitions') }}
    where segment_kind = 'macro_baseline'

),

primary_spells as (

    select
        account_id,
        valid_from
    from {{ ref('fct_segment_membership_history') }}
    where membership_type = 'primary'
        and is_current

),

final as (

    select
        context.account_id,
        context.evaluation_date as as_of_date,
        context.account_name,
        context.domain,
        context.crm_account_id,
        context.industry,
        context.industry_group,
        context.sub_industry,
        context.country_code,
        context.region,
        context.employee_count,
        context.size_band,
        cast(context.annual_revenue_usd as {{ microseg.type_double() | trim }}) as annual_revenue_usd,
        cast(context.revenue_per_employee_usd as {{ microseg.type_double() | trim }}) as revenue_per_employee_usd,
        context.funding_stage,
        cast(context.headcount_growth_12m_pct as {{ microseg.type_double() | trim }}) as headcount_growth_12m_pct,
        context.growth_stage,
        context.headcount_trajectory,
        context.macro_segment_id,
        cast(context.account_value_score as {{ microseg.type_double() | trim }}) as account_value_score,
        context.tier,
        context.buying_motion,
        context.engagement_state,
        context.intent_stage,
        cast(context.max_intent_score_28d as {{ microseg.type_double() | trim }}) as max_intent_score_28d,
        context.uses_competitor,
        context.competitor_tools,
        context.uses_legacy_stack,
        context.legacy_tools,
        context.active_trigger_count,
        context.days_since_last_trigger,
        {%- for trigger_type in microseg.trigger_types() %}
            context.latest_{{ trigger_type }}_date,
        {%- endfor %}
        case
            when memberships.primary_micro_segment_id is not null then memberships.primary_micro_segment_id
            when context.macro_segment_id is not null
                then {{ dbt.concat(["'baseline__'", 'context.macro_segment_id']) }}
        end as primary_segment_id,
        case
            when memberships.primary_micro_segment_id is not null then 'micro_segment'
            when context.macro_segment_id is not null then 'macro_baseline'
        end as primary_segment_kind,
        coalesce(memberships.primary_rule_version, baselines.rule_version) as primary_rule_version,
        primary_spells.valid_from as primary_since_date,
        cast(coalesce(memberships.micro_segment_count, 0) as integer) as micro_segment_count,
        memberships.micro_segment_ids,
        {{ microseg.segments_is_holdout_sql('context.account_id') }} as is_holdout
    from context
    left join memberships
        on context.account_id = memberships.account_id
    left join baselines
        on {{ dbt.concat(["'baseline__'", 'context.macro_segment_id']) }} = baselines.segment_id
    left join primary_spells
        on context.account_id = primary_spells.account_id

)

select * from final
