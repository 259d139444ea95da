-- One row per account per evaluation date with at least one active buying trigger, keyed by
-- context_key: a trigger is active on date d while trigger_date <= d < expires_date (the
-- last active day is trigger_date + window - 1). Counts the active triggers and, per trigger
-- type, the date, subtype (and for executive hires the seniority) of the latest active one
-- (same-day ties: the alphabetically last subtype). The latest one is found with one
-- aggregate over 'date|subtype|seniority' text (ISO dates sort as dates), not a window; the
-- text and the account_index are computed once per trigger, before the spread onto the dates.
-- A view, read once (by the context history): as a table it raised the history's peak memory
-- on DuckDB (its joins failed under a memory cap that the view version fits in).

with

accounts as (

    select
        account_id,
        account_index
    from {{ ref('int_accounts__resolved') }}

),

triggers as (

    select
        accounts.account_index,
        triggers.trigger_type,
        triggers.trigger_date,
        triggers.expires_date,
        {{ dbt.concat([
            dbt.cast('triggers.trigger_date', dbt.type_string()), "'|'", 'triggers.trigger_subtype', "'|'",
            "coalesce(triggers.seniority, '')"
        ]) }} as trigger_text
    from {{ ref('int_accounts__buying_triggers') }} as triggers
    inner join accounts
        on triggers.account_id = accounts.account_id

),

evaluation_dates as (

    select * from {{ ref('int_accounts__evaluation_dates') }}

),

active as (

    select
        triggers.trigger_type,
        triggers.trigger_date,
        triggers.trigger_text,
        {{ microseg.context_key('triggers.account_index', 'evaluation_dates.evaluation_index') }} as context_key
    from triggers
    inner join evaluation_dates
        on triggers.trigger_date <= evaluation_dates.evaluation_date
            and triggers.expires_date > evaluation_dates.evaluation_date

),

aggregated as (

    select
        context_key,
        count(*) as active_trigger_count,
        max(trigger_date) as latest_trigger_date,
        {% for trigger_type in microseg.trigger_types() -%}
            max(case when trigger_type = '{{ trigger_type }}' then trigger_text end) as latest_{{ trigger_type }}_text
            {%- if not loop.last %},{% endif %}
        {% endfor %}
    from active
    group by 1

),

final as (

    select
        context_key,
        latest_trigger_date,
        cast(active_trigger_count as integer) as active_trigger_count,
        {% for trigger_type in microseg.trigger_types() -%}
            cast({{ dbt.split_part('latest_' ~ trigger_type ~ '_text', "'|'", 1) }} as date)
                as latest_{{ trigger_type }}_date,
            {{ dbt.split_part('latest_' ~ trigger_type ~ '_text', "'|'", 2) }} as latest_{{ trigger_type }}_subtype,
        {% endfor -%}
        nullif({{ dbt.split_part('latest_new_executive_hire_text', "'|'", 3) }}, '')
            as latest_new_executive_hire_seniority
    from aggregated

)

select * from final
