-- One row per account per evaluation date on which the account runs a competitor or legacy
-- tool. A tool is current on date d when first_seen_date <= d and it was last seen no more than
-- microseg__technology_current_days days before d (d <= last_seen_date + that many days).

{%- set current_days = var('microseg__technology_current_days') | int %}

with

technologies as (

    select
        account_id,
        technology_name,
        is_competitor,
        is_legacy,
        first_seen_date,
        last_seen_date
    from {{ ref('int_accounts__technologies') }}
    where is_competitor or is_legacy

),

evaluation_dates as (

    select evaluation_date from {{ ref('int_accounts__evaluation_dates') }}

),

current_tools as (

    select
        technologies.account_id,
        evaluation_dates.evaluation_date,
        technologies.technology_name,
        technologies.is_competitor,
        technologies.is_legacy
    from technologies
    inner join evaluation_dates
        on technologies.first_seen_date <= evaluation_dates.evaluation_date
            and evaluation_dates.evaluation_date
            <= cast({{ dbt.dateadd('day', current_days, 'technologies.last_seen_date') }} as date)

),

final as (

    select
        account_id,
        evaluation_date,
        max(case when is_competitor then 1 else 0 end) = 1 as uses_competitor,
        {{ microseg.sorted_string_agg('case when is_competitor then technology_name end') }} as competitor_tools,
        max(case when is_legacy then 1 else 0 end) = 1 as uses_legacy_stack,
        {{ microseg.sorted_string_agg('case when is_legacy then technology_name end') }} as legacy_tools
    from current_tools
    group by 1, 2

)

select * from final
