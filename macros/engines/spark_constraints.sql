{#- Contract constraints on Spark with plain Parquet tables.

    The marts declare `not_null` constraints in their enforced contracts; DuckDB and PostgreSQL
    put them in the CREATE TABLE, so a null fails the build. dbt-spark applies them afterwards
    with `alter table ... change column ... set not null`, which only Delta tables support, and it
    assumes Delta when no `file_format` is configured (its table materialization does not), so on
    Parquet the build failed with UNSUPPORTED_FEATURE.TABLE_OPERATION. This override of dbt's
    `persist_constraints` for Spark keeps dbt-spark's behaviour for Delta tables and, for any
    other format, checks the not-null columns with one query and fails the model when one holds a
    null, as the CREATE TABLE does on the other engines. -#}

{% macro spark__persist_constraints(relation, model) %}
    {%- set contract_config = config.get('contract') -%}
    {%- if contract_config.enforced -%}
        {%- if config.get('file_format') == 'delta' -%}
            {%- do alter_table_add_constraints(relation, model.constraints) -%}
            {%- do alter_column_set_constraints(relation, model.columns) -%}
        {%- else -%}
            {%- do microseg.spark_assert_not_null(relation, model.columns) -%}
        {%- endif -%}
    {%- endif -%}
{% endmacro %}

{% macro spark_assert_not_null(relation, column_dict) %}
    {#- Raises when a column declared with a `not_null` constraint holds a null in `relation`:
        runs the project's not_null_columns test query (one row per column with NULLs). -#}
    {%- set columns = [] -%}
    {%- for column_name, column in column_dict.items() -%}
        {%- for constraint in column.get('constraints') or [] -%}
            {%- if constraint.type == 'not_null' and column_name not in columns -%}
                {%- do columns.append(column_name) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- if columns -%}
        {%- set failures = run_query(microseg.test_not_null_columns(model=relation, columns=columns)) -%}
        {%- set violations = [] -%}
        {%- for row in failures.rows -%}
            {%- do violations.append(row[0] ~ ' (' ~ row[1] ~ ' nulls)') -%}
        {%- endfor -%}
        {%- if violations -%}
            {%- do exceptions.raise_compiler_error(
                'NOT NULL constraint failed on ' ~ relation ~ ': ' ~ violations | join(', ')
            ) -%}
        {%- endif -%}
    {%- endif -%}
{% endmacro %}
