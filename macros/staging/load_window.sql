{#- The base models of the engagement event tables (base_engagement__*) are incremental by load
    window: a run types only the raw rows loaded on the last days the table already holds (var
    microseg__incremental_lookback_days before its latest load date) and later, and replaces
    those whole load dates (delete+insert on load_date). The raw extracts are append-only loads:
    a row, once loaded, is not changed or removed (a correction is a new, later row, which the stg
    model's dedupe picks). Rows whose _extracted_at is missing or unparseable have no load date:
    they carry load_date 1900-01-01 and are re-read and replaced on every run (they are rejected
    rows, so there are few). A full refresh (`dbt build --full-refresh`) re-reads every raw row.

        {{ config(**microseg.base_load_config()) }}
        {%- set load_window = microseg.load_window_condition() %}
        source as ( {{ microseg.select_source('engagement', 'web_visits', where=load_window) }} )
        ...  {{ microseg.load_date('_extracted_at') }} as load_date

    Measured at 1,000,000 accounts (one day of new loads): the e-mail events' base model takes
    47 s in the incremental run against 123 s in the full build (docs/benchmarks). -#}

{% macro base_load_config() -%}
    {{ return(adapter.dispatch('base_load_config', 'microseg')()) }}
{%- endmacro %}

{% macro default__base_load_config() -%}
    {{ return({
        'materialized': 'incremental',
        'incremental_strategy': 'delete+insert',
        'unique_key': 'load_date',
        'on_schema_change': 'fail',
    }) }}
{%- endmacro %}

{% macro spark__base_load_config() -%}
    {#- Spark: rebuilt in full. Plain Parquet has no delete; replacing load-date partitions would
        make every load date a metastore partition (see spark__incremental_config). -#}
    {{ return({'materialized': 'table', 'file_format': 'parquet'}) }}
{%- endmacro %}

{% macro load_date_sentinel() -%}
    {{ return('1900-01-01') }}
{%- endmacro %}

{% macro load_date(extracted_at) -%}
    {#- The load date of a base row: the UTC date of its _extracted_at, 1900-01-01 when it has none. -#}
    coalesce(cast({{ extracted_at }} as date), {{ microseg.date_literal(microseg.load_date_sentinel()) }})
{%- endmacro %}

{% macro load_window_condition() -%}
    {#- A WHERE condition on the extract's raw _extracted_at that keeps the rows of this run's load
        window; '' when every row is read (a full refresh, a first run, an empty target, or a unit
        test). The earliest load date read is found by one query before the model runs, so the
        condition compares with a literal; call it once per model (it queries the target). -#}
    {%- if not execute or this is none or model.resource_type == 'unit_test' or not is_incremental() -%}
        {{ return('') }}
    {%- endif -%}
    {%- set existing = adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list -%}
    {%- if 'load_date' not in existing -%}
        {{ exceptions.raise_compiler_error(this ~ " was built before its load window existed (no load_date column): rebuild it once with `dbt build --full-refresh --select " ~ model.name ~ "+`") }}
    {%- endif -%}
    {%- set latest_sql -%}
        select max(load_date) from {{ this }}
        where load_date > {{ microseg.date_literal(microseg.load_date_sentinel()) }}
    {%- endset -%}
    {%- set latest = run_query(latest_sql).columns[0].values()[0] -%}
    {%- if latest is none -%}
        {{ return('') }}
    {%- endif -%}
    {%- set first_day = modules.datetime.date.fromisoformat((latest | string)[:10])
        - modules.datetime.timedelta(days=var('microseg__incremental_lookback_days') | int) -%}
    {%- set parsed = microseg.to_utc_timestamp('cast(_extracted_at as ' ~ dbt.type_string() ~ ')') -%}
    {{ return('(' ~ parsed ~ ' >= cast(' ~ "'" ~ first_day.isoformat() ~ " 00:00:00' as " ~ dbt.type_timestamp() ~ ') or ' ~ parsed ~ ' is null)') }}
{%- endmacro %}
