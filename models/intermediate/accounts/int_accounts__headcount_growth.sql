{{ config(materialized='table') }}
-- One row per account per headcount month (from the account's primary enrichment company),
-- up to the as-of date: the headcount, trailing-12-month growth and growth stage, and the
-- 6-month vs prior-6-month trajectory that hold from month_date until next_month_date. Growth
-- needs the month exactly 12 (6) months earlier; where it is missing the stage is 'unknown'.
-- Materialized as a table: the per-account headcount time series the context history reads.

{%- set hyper_min = var('microseg__growth_hyper_min') %}
{%- set steady_min = var('microseg__growth_steady_min') %}
{%- set contracting_max = var('microseg__growth_contracting_max') %}
{%- set trajectory_delta = var('microseg__trajectory_min_delta') %}

with

primary_companies as (

    select
        source_key as company_id,
        account_id
    from {{ ref('int_entity_resolution__account_keys') }}
    where source_name = 'enrichment_companies'
        and is_primary

),

headcount as (

    select
        primary_companies.account_id,
        cast({{ dbt.date_trunc('month', 'headcount_history.month_date') }} as date) as month_date,
        max(headcount_history.employee_count) as employee_count
    from {{ ref('stg_enrichment__headcount_history') }} as headcount_history
    inner join primary_companies
        on headcount_history.company_id = primary_companies.company_id
    where headcount_history.month_date <= {{ microseg.as_of_date() }}
        and headcount_history.employee_count is not null
    group by 1, 2

),

with_lookback as (

    select
        headcount.account_id,
        headcount.month_date,
        headcount.employee_count,
        headcount_6m.employee_count as employee_count_6m_ago,
        headcount_12m.employee_count as employee_count_12m_ago,
        lead(headcount.month_date) over (
            partition by headcount.account_id
            order by headcount.month_date
        ) as next_month_date
    from headcount
    left join headcount as headcount_6m
        on headcount.account_id = headcount_6m.account_id
            and headcount_6m.month_date = cast({{ dbt.dateadd('month', -6, 'headcount.month_date') }} as date)
    left join headcount as headcount_12m
        on headcount.account_id = headcount_12m.account_id
            and headcount_12m.month_date = cast({{ dbt.dateadd('month', -12, 'headcount.month_date') }} as date)

),

growth as (

    select
        account_id,
        month_date,
        next_month_date,
        employee_count,
        employee_count_6m_ago,
        employee_count_12m_ago,
        case
            when employee_count_12m_ago > 0
                then {{ microseg.decimal_round(
                    'cast(employee_count as ' ~ dbt.type_float() ~ ') / employee_count_12m_ago - 1') }}
        end as growth_12m,
        case
            when employee_count_6m_ago > 0
                then {{ microseg.decimal_round(
                    'cast(employee_count as ' ~ dbt.type_float() ~ ') / employee_count_6m_ago - 1') }}
        end as growth_6m,
        case
            when employee_count_12m_ago > 0 and employee_count_6m_ago is not null
                then {{ microseg.decimal_round(
                    'cast(employee_count_6m_ago as ' ~ dbt.type_float() ~ ') / employee_count_12m_ago - 1') }}
        end as growth_prior_6m
    from with_lookback

),

final as (

    select
        account_id,
        month_date,
        next_month_date,
        employee_count,
        employee_count_6m_ago,
        employee_count_12m_ago,
        cast(growth_12m as {{ dbt.type_float() }}) as headcount_growth_12m_pct,
        cast(growth_6m as {{ dbt.type_float() }}) as headcount_growth_6m_pct,
        cast(growth_prior_6m as {{ dbt.type_float() }}) as headcount_growth_prior_6m_pct,
        case
            when growth_12m is null then 'unknown'
            when growth_12m >= {{ hyper_min }} then 'hyper_growth'
            when growth_12m >= {{ steady_min }} then 'steady_growth'
            when growth_12m <= {{ contracting_max }} then 'contracting'
            else 'stable'
        end as growth_stage,
        case
            when growth_6m is null or growth_prior_6m is null then 'unknown'
            when growth_6m - growth_prior_6m >= {{ trajectory_delta }} then 'accelerating'
            when growth_6m - growth_prior_6m <= -{{ trajectory_delta }} then 'decelerating'
            else 'steady'
        end as headcount_trajectory
    from growth

)

select * from final
