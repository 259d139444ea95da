{#- Snapshots on Spark with plain Parquet tables.

    dbt-spark's snapshot materialization needs a table format that can MERGE (delta, iceberg,
    hudi), which needs jars a plain Spark does not have. This one is dbt-spark's, except that
    for Parquet the merge step is done by rewriting the table: the new contents (existing rows,
    with dbt_valid_to set where the staging relation closes them, plus the new rows) go to a
    work table, which then overwrites the snapshot. Same rows as the merge; with delta, iceberg
    or hudi (`file_format` config) the merge runs as before. -#}

{% macro spark_parquet_snapshot_rewrite(target, source, insert_cols) -%}
    {#- Replace `target` (a Parquet snapshot table) by the result of merging `source` (dbt's
        snapshot staging relation) into it, as spark__snapshot_merge_sql would. -#}
    {%- set columns = config.get('snapshot_table_column_names') or get_snapshot_table_column_names() -%}
    {%- set target_columns = adapter.get_columns_in_relation(target) -%}
    {%- set work = api.Relation.create(
        identifier=target.identifier ~ '__dbt_rewrite', schema=target.schema, database=none, type='table'
    ) -%}
    {%- set is_open -%}
        {%- if config.get('dbt_valid_to_current') -%}
            (dest.{{ columns.dbt_valid_to }} = {{ config.get('dbt_valid_to_current') }} or dest.{{ columns.dbt_valid_to }} is null)
        {%- else -%}
            dest.{{ columns.dbt_valid_to }} is null
        {%- endif -%}
    {%- endset -%}
    {% call statement('drop_snapshot_rewrite') %}
        drop table if exists {{ work }}
    {% endcall %}
    {% call statement('build_snapshot_rewrite') %}
        create table {{ work }} using parquet as
        with closing as (
            select
                {{ columns.dbt_scd_id }} as closing_scd_id,
                max({{ columns.dbt_valid_to }}) as closing_valid_to
            from {{ source }}
            where dbt_change_type in ('update', 'delete')
            group by {{ columns.dbt_scd_id }}
        )
        select
            {%- for column in target_columns %}
            {% if column.name | lower == columns.dbt_valid_to | lower -%}
                case
                    when closing.closing_scd_id is not null and {{ is_open }}
                        then closing.closing_valid_to
                    else dest.{{ adapter.quote(column.name) }}
                end as {{ adapter.quote(column.name) }}
            {%- else -%}
                dest.{{ adapter.quote(column.name) }}
            {%- endif %}{{ ',' if not loop.last }}
            {%- endfor %}
        from {{ target }} as dest
        left join closing
            on dest.{{ columns.dbt_scd_id }} = closing.closing_scd_id
        union all
        select
            {%- for column in target_columns %}
            src.{{ adapter.quote(column.name) }}{{ ',' if not loop.last }}
            {%- endfor %}
        from {{ source }} as src
        where
            src.dbt_change_type = 'insert'
            and src.{{ columns.dbt_scd_id }} not in (
                select dest_ids.{{ columns.dbt_scd_id }} from {{ target }} as dest_ids
            )
    {% endcall %}
    insert overwrite table {{ target }}
    select * from {{ work }}
{%- endmacro %}


{% materialization snapshot, adapter='spark' %}

  {%- set target_table = model.get('alias', model.get('name')) -%}

  {%- set strategy_name = config.get('strategy') -%}
  {%- set unique_key = config.get('unique_key') %}
  {%- set file_format = config.get('file_format') or 'parquet' -%}
  {%- set grant_config = config.get('grants') -%}

  {% set target_relation_exists, target_relation = get_or_create_relation(
          database=none,
          schema=model.schema,
          identifier=target_table,
          type='table') -%}

  {%- if file_format not in ['delta', 'iceberg', 'hudi', 'parquet'] -%}
    {% set invalid_format_msg -%}
      Invalid file format: {{ file_format }}
      Snapshots on Spark need file_format parquet, delta, iceberg or hudi
    {%- endset %}
    {% do exceptions.raise_compiler_error(invalid_format_msg) %}
  {% endif %}

  {% if not adapter.check_schema_exists(model.database, model.schema) %}
    {% do create_schema(model.schema) %}
  {% endif %}

  {%- if not target_relation.is_table -%}
    {% do exceptions.relation_wrong_type(target_relation, 'table') %}
  {%- endif -%}

  {{ run_hooks(pre_hooks, inside_transaction=False) }}

  {{ run_hooks(pre_hooks, inside_transaction=True) }}

  {% set strategy_macro = strategy_dispatch(strategy_name) %}
  {% set strategy = strategy_macro(model, "snapshotted_data", "source_data", model['config'], target_relation_exists) %}

  {% if not target_relation_exists %}

      {% set build_sql = build_snapshot_table(strategy, model['compiled_code']) %}
      {% set final_sql = create_table_as(False, target_relation, build_sql) %}

  {% else %}

      {% set columns = config.get("snapshot_table_column_names") or get_snapshot_table_column_names() %}

      {{ adapter.valid_snapshot_target(target_relation, columns) }}

      {% set staging_table = spark_build_snapshot_staging_table(strategy, sql, target_relation) %}

      {% do adapter.expand_target_column_types(from_relation=staging_table,
                                               to_relation=target_relation) %}

      {% set missing_columns = adapter.get_missing_columns(staging_table, target_relation)
                                   | rejectattr('name', 'equalto', 'dbt_change_type')
                                   | rejectattr('name', 'equalto', 'DBT_CHANGE_TYPE')
                                   | rejectattr('name', 'equalto', 'dbt_unique_key')
                                   | rejectattr('name', 'equalto', 'DBT_UNIQUE_KEY')
                                   | list %}

      {% do create_columns(target_relation, missing_columns) %}

      {% set source_columns = adapter.get_columns_in_relation(staging_table)
                                   | rejectattr('name', 'equalto', 'dbt_change_type')
                                   | rejectattr('name', 'equalto', 'DBT_CHANGE_TYPE')
                                   | rejectattr('name', 'equalto', 'dbt_unique_key')
                                   | rejectattr('name', 'equalto', 'DBT_UNIQUE_KEY')
                                   | list %}

      {% set quoted_source_columns = [] %}
      {% for column in source_columns %}
        {% do quoted_source_columns.append(adapter.quote(column.name)) %}
      {% endfor %}

      {% if target_relation.is_delta or target_relation.is_iceberg or target_relation.is_hudi %}
        {% set final_sql = snapshot_merge_sql(
              target = target_relation,
              source = staging_table,
              insert_cols = quoted_source_columns
           )
        %}
      {% else %}
        {% set final_sql = microseg.spark_parquet_snapshot_rewrite(
              target = target_relation,
              source = staging_table,
              insert_cols = quoted_source_columns
           )
        %}
      {% endif %}

  {% endif %}

  {% call statement('main') %}
      {{ final_sql }}
  {% endcall %}

  {% set should_revoke = should_revoke(target_relation_exists, full_refresh_mode) %}
  {% do apply_grants(target_relation, grant_config, should_revoke) %}

  {% do persist_docs(target_relation, model) %}

  {{ run_hooks(post_hooks, inside_transaction=True) }}

  {{ adapter.commit() }}

  {% if staging_table is defined %}
      {% do post_snapshot(staging_table) %}
      {% if not (target_relation.is_delta or target_relation.is_iceberg or target_relation.is_hudi) %}
        {% do adapter.drop_relation(api.Relation.create(
            identifier=target_relation.identifier ~ '__dbt_rewrite', schema=target_relation.schema,
            database=none, type='table')) %}
      {% endif %}
  {% endif %}

  {{ run_hooks(post_hooks, inside_transaction=False) }}

  {{ return({'relations': [target_relation]}) }}

{% endmaterialization %}
