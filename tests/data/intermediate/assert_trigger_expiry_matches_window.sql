-- Each trigger expires exactly its type's window (var microseg__trigger_window_days_<type>)
-- after its date, and nothing is dated after the as-of date.

with

windows as (

    {% for trigger_type in microseg.trigger_types() -%}
        select
            '{{ trigger_type }}' as trigger_type,
            {{ microseg.trigger_window_days(trigger_type) }} as window_days
        {% if not loop.last %}union all
        {% endif -%}
    {%- endfor %}

),

final as (

    select
        triggers.trigger_id,
        triggers.trigger_type,
        triggers.trigger_date,
        triggers.expires_date
    from {{ ref('int_accounts__buying_triggers') }} as triggers
    left join windows
        on triggers.trigger_type = windows.trigger_type
    where windows.trigger_type is null
        or triggers.window_days <> windows.window_days
        or triggers.expires_date <> cast({{ dbt.dateadd('day', 'windows.window_days', 'triggers.trigger_date') }} as date)
        or triggers.trigger_date > {{ microseg.as_of_date() }}

)

select * from final
