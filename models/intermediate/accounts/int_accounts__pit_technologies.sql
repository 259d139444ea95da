-- One row per account per evaluation date on which the account runs a current competitor or
-- legacy tool, keyed by context_key. A tool is current on date d when first_seen_date <= d
-- and it was last seen no more than microseg__technology_current_days days before d, i.e. on
-- [first_seen_date, last_seen_date + days + 1). The tool lists are built once per stretch of
-- time with the same set of current tools (between consecutive start/end points), then
-- spread onto the evaluation dates (with the account_index joined per stretch, before the
-- spread), instead of once per account and date.
-- A view, read once (by the context history): as a table it raised the history's peak memory
-- on DuckDB (its joins failed under a memory cap that the view version fits in).

{%- set current_days = var('microseg__technology_current_days') | int %}

with

tools as (

    select
        account_id,
        technology_name,
        is_competitor,
        is_legacy,
        first_seen_date as current_from,
        cast({{ dbt.dateadd('day', current_days + 1, 'last_seen_date') }} as date) as current_to
    from {{ ref('int_accounts__technologies') }}
    where is_competitor or is_legacy

),

points as (

    select
        account_id,
        current_from as point_date
    from tools

    union

    select
        account_id,
        current_to as point_date
    from tools

),

stretches as (

    select
        account_id,
        point_date as stretch_from,
        lead(point_date) over (partition by account_id order by point_date) as stretch_to
    from points

),

stretch_tools as (

    select
        stretches.account_id,
        stretches.stretch_from,
        stretches.stretch_to,
        tools.technology_name,
        tools.is_competitor,
        tools.is_legacy
    from stretches
    inner join tools
        on stretches.account_id = tools.account_id
            and stretches.stretch_from >= tools.current_from
            and stretches.stretch_from < tools.current_to
    where stretches.stretch_to is not null

),

stretch_sets as (

    select
        account_id,
        stretch_from,
        stretch_to,
        max(case when is_competitor then 1 else 0 end) = 1 as uses_competitor,
        {{ microseg.sorted_string_agg('case when is_competitor then technology_name end') }} as competitor_tools,
        max(case when is_legacy then 1 else 0 end) = 1 as uses_legacy_stack,
        {{ microseg.sorted_string_agg('case when is_legacy then technology_name end') }} as legacy_tools
    from stretch_tools
    group by 1, 2, 3

),

accounts as (

    select
        account_id,
        account_index
    from {{ ref('int_accounts__resolved') }}

),

indexed_stretch_sets as (

    select
        stretch_sets.*,
        accounts.account_index
    from stretch_sets
    inner join accounts
        on stretch_sets.account_id = accounts.account_id

),

evaluation_dates as (

    select * from {{ ref('int_accounts__evaluation_dates') }}

),

final as (

    select
        indexed_stretch_sets.uses_competitor,
        indexed_stretch_sets.competitor_tools,
        indexed_stretch_sets.uses_legacy_stack,
        indexed_stretch_sets.legacy_tools,
        {{ microseg.context_key(
            'indexed_stretch_sets.account_index', 'evaluation_dates.evaluation_index'
        ) }} as context_key
    from indexed_stretch_sets
    inner join evaluation_dates
        on indexed_stretch_sets.stretch_from <= evaluation_dates.evaluation_date
            and indexed_stretch_sets.stretch_to > evaluation_dates.evaluation_date

)

select * from final
