{#- Reporting periods of the funnel marts, computed at compile time from the as-of date and the
    length of the membership history (var microseg__history_weeks, the same spine as
    int_accounts__evaluation_dates): the attribution window runs from
    window_start = as-of - 7 * history_weeks days through the as-of date, because no event
    before the first evaluation date can be credited point-in-time.

    funnel_periods() returns a list of {period_type, period_start, period_end, is_complete}:
      - month:    every calendar month that overlaps the window (first day .. last day);
      - quarter:  every calendar quarter that overlaps the window;
      - all_time: window_start .. as-of.
    is_complete is true when the whole period lies inside the window (a month or quarter that
    began before the window or ends after the as-of date is partial).
    funnel_window_start() returns window_start as a Python date. -#}

{% macro funnel_window_start() -%}
    {%- set weeks = var('microseg__history_weeks') | int -%}
    {{ return(microseg.as_of_date_value() - modules.datetime.timedelta(days=7 * weeks)) }}
{%- endmacro %}

{% macro funnel_add_months(day, months) -%}
    {#- First day of the month `months` after the month of `day`. -#}
    {%- set index = day.year * 12 + day.month - 1 + months -%}
    {{ return(modules.datetime.date(index // 12, index % 12 + 1, 1)) }}
{%- endmacro %}

{% macro funnel_periods() -%}
    {%- set as_of = microseg.as_of_date_value() -%}
    {%- set window_start = microseg.funnel_window_start() -%}
    {%- set one_day = modules.datetime.timedelta(days=1) -%}
    {%- set periods = [] -%}
    {%- for period_type, months in [('month', 1), ('quarter', 3)] -%}
        {%- set first_month = window_start.month - (window_start.month - 1) % months -%}
        {%- set ns = namespace(start=modules.datetime.date(window_start.year, first_month, 1)) -%}
        {%- for _ in range(1000) if ns.start <= as_of -%}
            {%- set next_start = microseg.funnel_add_months(ns.start, months) -%}
            {%- set period_end = next_start - one_day -%}
            {%- do periods.append({
                'period_type': period_type,
                'period_start': ns.start,
                'period_end': period_end,
                'is_complete': ns.start >= window_start and period_end <= as_of,
            }) -%}
            {%- set ns.start = next_start -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- do periods.append({
        'period_type': 'all_time',
        'period_start': window_start,
        'period_end': as_of,
        'is_complete': true,
    }) -%}
    {{ return(periods) }}
{%- endmacro %}

{#- The periods as a SQL query (one `select ... union all` row per period), for a CTE:
    period_type, period_start, period_end, is_complete_period. -#}
{% macro funnel_periods_sql() -%}
    {%- for period in microseg.funnel_periods() %}
    select
        cast('{{ period.period_type }}' as {{ dbt.type_string() }}) as period_type,
        {{ microseg.date_literal(period.period_start.isoformat()) }} as period_start,
        {{ microseg.date_literal(period.period_end.isoformat()) }} as period_end,
        {{ 'true' if period.is_complete else 'false' }} as is_complete_period
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}
