{#- The date the warehouse is computed "as of": var microseg__as_of_date (YYYY-MM-DD), or the
    date dbt runs on when the var is null. Every model that depends on "today" calls
    as_of_date(), so the same inputs and the same date give the same output, and an earlier date
    rebuilds what was true then. Rendered as a literal, so one run sees one date throughout. -#}
{% macro as_of_date() -%}
    {{ microseg.date_literal(microseg.as_of_date_value().isoformat()) }}
{%- endmacro %}

{% macro as_of_date_value() -%}
    {#- The as-of date as a Python date (for Jinja logic such as date spines). -#}
    {%- set value = var('microseg__as_of_date', none) -%}
    {%- if value is none or (value | string | trim) in ('', 'None', 'null') -%}
        {{ return(modules.datetime.date.today()) }}
    {%- endif -%}
    {%- set text = value | string | trim -%}
    {%- set message = "var microseg__as_of_date must be a date 'YYYY-MM-DD', got '" ~ text ~ "'" -%}
    {%- if not modules.re.match('^[0-9]{4}-[0-9]{2}-[0-9]{2}$', text) -%}
        {{ exceptions.raise_compiler_error(message) }}
    {%- endif -%}
    {#- Well-formed but impossible (2026-13-01, 2026-02-30, 0000-01-01): checked here, since
        Jinja cannot catch strptime's error, which names neither the var nor the format. -#}
    {%- set year, month, day = text.split('-') | map('int') | list -%}
    {%- if year < 1 or month < 1 or month > 12 or day < 1 -%}
        {{ exceptions.raise_compiler_error(message ~ " (no such date)") }}
    {%- endif -%}
    {#- Days in the month from the calendar itself: the first of the next month minus one day. -#}
    {%- set dt = modules.datetime -%}
    {%- set last_day = (dt.date(year, 12, 31) if month == 12
        else dt.date(year, month + 1, 1) - dt.timedelta(days=1)).day -%}
    {%- if day > last_day -%}
        {{ exceptions.raise_compiler_error(message ~ " (no such date)") }}
    {%- endif -%}
    {{ return(modules.datetime.datetime.strptime(text, '%Y-%m-%d').date()) }}
{%- endmacro %}

{% macro date_literal(iso_date) -%}
    {{ return(adapter.dispatch('date_literal', 'microseg')(iso_date)) }}
{%- endmacro %}

{% macro default__date_literal(iso_date) -%}
    cast('{{ iso_date }}' as date)
{%- endmacro %}
