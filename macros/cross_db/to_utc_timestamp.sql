{#- ISO-8601 text -> UTC `timestamp` (without time zone), NULL when the text is not a valid time.
    Accepted: '2026-03-04T09:12:00-05:00', '2026-03-04 09:12:00+0530', '2026-03-04T14:12:00Z'
    (converted to UTC), and text without an offset ('2026-03-04 09:12:00', '2026-03-04'), which
    is taken to be UTC already. The session time zone never changes the result. -#}

{% macro to_utc_timestamp(expr) -%}
    {{ return(adapter.dispatch('to_utc_timestamp', 'microseg')(expr)) }}
{%- endmacro %}

{% macro utc_offset_pattern() -%}
    {#- Text that ends in a time followed by a UTC offset or Z. -#}
    '[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]*)?)? ?([zZ]|[+-][0-9]{2}(:?[0-9]{2})?)$'
{%- endmacro %}

{% macro default__to_utc_timestamp(expr) -%}
    {%- set text = 'trim(cast(' ~ expr ~ ' as ' ~ dbt.type_string() ~ '))' -%}
    case
        when {{ microseg.regexp_like(text, microseg.utc_offset_pattern()) }}
            then cast(try_cast({{ text }} as timestamp with time zone) at time zone 'UTC' as timestamp)
        else try_cast({{ text }} as timestamp)
    end
{%- endmacro %}

{% macro duckdb__to_utc_timestamp(expr) -%}
    {#- try_cast(... as timestamptz) alone would read offset-less text in the session time zone
        (SET TimeZone), and try_cast(... as timestamp) silently drops an offset: pick by shape
        (an offset or Z after the time), then take the UTC instant's epoch, which no session
        setting changes. LIKE and epoch arithmetic: several times faster than a regex and
        `at time zone` on large event tables; trim_text skips DuckDB's copying trim on text that
        has nothing to trim. -#}
    {%- set text = microseg.trim_text('cast(' ~ expr ~ ' as varchar)') -%}
    case
        when {{ text }} like '%:%+%' or {{ text }} like '%:%-%' or upper({{ text }}) like '%:%Z'
            then make_timestamp(epoch_us(try_cast({{ text }} as timestamptz)))
        else try_cast({{ text }} as timestamp)
    end
{%- endmacro %}

{% macro spark__to_utc_timestamp(expr) -%}
    {#- Spark's timestamp is an instant shown in the session time zone. Offset text parses to the
        right instant; to_utc_timestamp(..., current_timezone()) then shifts it so that it shows
        the UTC wall-clock time, which is what offset-less text already shows. With the profile's
        spark.sql.session.timeZone = UTC both branches are plain parses. -#}
    {%- set text = 'trim(cast(' ~ expr ~ ' as string))' -%}
    case
        when {{ microseg.regexp_like(text, microseg.utc_offset_pattern()) }}
            then to_utc_timestamp(try_cast({{ text }} as timestamp), current_timezone())
        else try_cast({{ text }} as timestamp)
    end
{%- endmacro %}

{% macro postgres__to_utc_timestamp(expr) -%}
    {#- No try_cast: parse only text of the accepted shape with a real calendar date; the cast of
        offset text to timestamptz is exact, `at time zone 'UTC'` then gives the UTC wall clock. -#}
    {%- set text = 'trim(cast(' ~ expr ~ ' as text))' -%}
    {%- set shape = "'^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.][0-9]+)?)? ?([zZ]|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?)?)?$'" -%}
    case
        when {{ text }} ~ {{ shape }}
            then {{ microseg.postgres_guarded_date(text, "case when " ~ text ~ " ~ " ~ microseg.utc_offset_pattern() ~ " then cast(" ~ text ~ " as timestamptz) at time zone 'UTC' else cast(" ~ text ~ " as timestamp) end") }}
    end
{%- endmacro %}
