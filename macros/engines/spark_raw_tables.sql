{#- Engine support for Spark (used by scripts/load_raw.py and tests/engines/): register raw
    extracts as Spark tables, and export relations to Parquet folders. -#}

{% macro create_raw_tables_spark(tables) -%}
    {#- Create (or replace) one Spark table per raw extract over its Parquet files.
        `tables` is a list of {schema, name, location}: location is an absolute folder (or file)
        path holding Parquet files. The tables are external: dropping one keeps the files. Real
        tables rather than temporary views, so later dbt invocations on the same metastore see
        them. -#}
    {%- if target.type != 'spark' -%}
        {{ exceptions.raise_compiler_error("create_raw_tables_spark runs on a spark target, not " ~ target.type) }}
    {%- endif -%}
    {%- set schemas = [] -%}
    {%- for table in tables -%}
        {%- if table['schema'] not in schemas -%}
            {%- do schemas.append(table['schema']) -%}
            {%- do run_query('create schema if not exists ' ~ table['schema']) -%}
        {%- endif -%}
        {%- set relation = table['schema'] ~ '.' ~ table['name'] -%}
        {%- do run_query('drop table if exists ' ~ relation) -%}
        {%- do run_query("create table " ~ relation ~ " using parquet location '" ~ table['location'] ~ "'") -%}
        {%- set row_count = run_query('select count(*) from ' ~ relation).columns[0].values()[0] -%}
        {%- do log('raw table ' ~ relation ~ ': ' ~ row_count ~ ' rows', info=true) -%}
    {%- endfor -%}
{%- endmacro %}

{% macro export_relations_spark(relations, directory) -%}
    {#- Write each relation ('schema.name') to `directory`/<schema>.<name>/ as Parquet files
        (one folder per relation), for reading outside Spark (e.g. with DuckDB). -#}
    {%- if target.type != 'spark' -%}
        {{ exceptions.raise_compiler_error("export_relations_spark runs on a spark target, not " ~ target.type) }}
    {%- endif -%}
    {%- for relation in relations -%}
        {%- do run_query("insert overwrite directory '" ~ directory ~ "/" ~ relation ~ "' using parquet select * from " ~ relation) -%}
        {%- do log('exported ' ~ relation, info=true) -%}
    {%- endfor -%}
{%- endmacro %}
