{#- A real safe cast: bad input gives NULL instead of an error, on every engine. dbt's own
    `dbt.safe_cast` is a plain cast on DuckDB and PostgreSQL (it raises on 'abc' as integer).

    `type` is a contract type name as written in the source YAML (`data_type`): string, integer,
    bigint, double, decimal (= decimal(18,2)) or decimal(p,s), date, boolean, timestamp.
    - timestamp goes through `to_utc_timestamp` (ISO-8601 text, with or without offset -> UTC);
    - boolean is one portable CASE (true/t/yes/y/1, false/f/no/n/0, any case);
    - string is a plain cast;
    - numbers and dates: try_cast on DuckDB and Spark, a regex-guarded CASE on PostgreSQL.
    Being a root-project macro named safe_cast, this one is also what dbt's own code calls
    unqualified (unit-test fixtures); any other type (an engine type such as 'VARCHAR' or
    'character varying') goes to dbt.safe_cast, so dbt behaves as it does without it. -#}

{% macro safe_cast(expr, type) -%}
    {%- set type_name = type | string | replace(' ', '') -%}
    {%- if type_name == 'timestamp' -%}
        {{ return(microseg.to_utc_timestamp(expr)) }}
    {%- elif type_name == 'boolean' -%}
        {{ return(microseg.safe_cast_boolean(expr)) }}
    {%- elif type_name == 'string' -%}
        {{ return('cast(' ~ expr ~ ' as ' ~ dbt.type_string() ~ ')') }}
    {%- elif type_name not in ('integer', 'bigint', 'double', 'decimal', 'date')
        and not type_name.startswith('decimal(') -%}
        {{ return(dbt.safe_cast(expr, type)) }}
    {%- endif -%}
    {{ return(adapter.dispatch('try_cast', 'microseg')(expr, type_name)) }}
{%- endmacro %}

{% macro sql_type(type_name) -%}
    {#- The engine's spelling of a contract type name. -#}
    {%- if type_name == 'decimal' -%}
        {{ return('decimal(18,2)') }}
    {%- elif type_name == 'double' -%}
        {{ return(microseg.type_double()) }}
    {%- elif type_name == 'integer' -%}
        {{ return(dbt.type_int()) }}
    {%- elif type_name == 'bigint' -%}
        {{ return(dbt.type_bigint()) }}
    {%- else -%}
        {{ return(type_name) }}
    {%- endif -%}
{%- endmacro %}

{% macro default__try_cast(expr, type_name) -%}
    try_cast({{ expr }} as {{ microseg.sql_type(type_name) }})
{%- endmacro %}

{% macro spark__try_cast(expr, type_name) -%}
    {#- Spark's try_cast gives NULL for '12.5' or '1.5E7' as an integer, where DuckDB and
        PostgreSQL round them (half away from zero): go through a decimal and round the same way. -#}
    {%- if type_name in ('integer', 'bigint') -%}
        try_cast(round(try_cast(trim(cast({{ expr }} as string)) as decimal(38, 6)), 0) as {{ microseg.sql_type(type_name) }})
    {%- else -%}
        try_cast({{ expr }} as {{ microseg.sql_type(type_name) }})
    {%- endif -%}
{%- endmacro %}

{% macro postgres__try_cast(expr, type_name) -%}
    {#- PostgreSQL has no try_cast: cast only text that the target type accepts (nested CASEs so
        that no cast is evaluated before its guard). Out-of-range numbers give NULL too. -#}
    {%- set text = 'trim(cast(' ~ expr ~ ' as text))' -%}
    {%- if type_name == 'date' -%}
        {{ microseg.postgres_guarded_date(text, 'cast(' ~ text ~ ' as date)') }}
    {%- else -%}
        {%- set limits = {'integer': '2147483647.5', 'bigint': '9223372036854775807.5', 'double': '1e300'} -%}
        {%- if type_name.startswith('decimal(') -%}
            {%- set precision_scale = type_name[8:-1].split(',') -%}
            {%- set limit = '1e' ~ (precision_scale[0] | int - precision_scale[1] | int) -%}
        {%- else -%}
            {%- set limit = limits.get(type_name, '1e16') -%}
        {%- endif -%}
        case
            when {{ text }} ~ '^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]{1,2})?$'
                then case
                    when abs(cast({{ text }} as numeric)) < {{ limit }}
                        then cast(cast({{ text }} as numeric) as {{ microseg.sql_type(type_name) }})
                end
        end
    {%- endif -%}
{%- endmacro %}

{% macro postgres_guarded_date(text, value_expr) -%}
    {#- PostgreSQL: `value_expr` when `text` starts with a real calendar date YYYY-MM-DD (no
        30 February, no year 0), else NULL. The day is checked against the month's length. -#}
    case
        when {{ text }} ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])' and substr({{ text }}, 1, 4) <> '0000'
            then case
                when cast(substr({{ text }}, 9, 2) as integer) <= extract(
                    day from make_date(
                        cast(substr({{ text }}, 1, 4) as integer), cast(substr({{ text }}, 6, 2) as integer), 1
                    ) + interval '1 month' - interval '1 day'
                )
                    then {{ value_expr }}
            end
    end
{%- endmacro %}

{% macro safe_cast_boolean(expr) -%}
    {#- Portable: the same spellings are accepted on every engine. -#}
    case
        when lower(trim(cast({{ expr }} as {{ dbt.type_string() }}))) in ('true', 't', 'yes', 'y', '1') then true
        when lower(trim(cast({{ expr }} as {{ dbt.type_string() }}))) in ('false', 'f', 'no', 'n', '0') then false
    end
{%- endmacro %}

{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double', 'microseg')()) }}
{%- endmacro %}

{% macro default__type_double() -%}
    {#- dbt.type_float() is a 4-byte float on DuckDB; amounts need 8 bytes everywhere. -#}
    double
{%- endmacro %}

{% macro postgres__type_double() -%}
    double precision
{%- endmacro %}
