{#- Generic test: none of `columns` holds a NULL. The same check as dbt's not_null on each
    column, in one query (one dbt node) per model instead of one per column: on a build of ~800
    nodes dbt's fixed cost per node, not the SQL, is most of a test's time. Fails with one row per
    column that has NULLs: the column name and how many rows are NULL there.
    Model-level, in the model's YAML:
        data_tests:
          - not_null_columns:
              arguments:
                columns: [account_id, evaluation_date]
    (Marts use enforced not-null contract constraints instead; on Spark's Parquet tables,
    which cannot hold them, macros/engines/spark_constraints.sql runs this query after the
    build.) -#}
{% test not_null_columns(model, columns) %}

with

null_counts as (

    select
        {%- for column in columns %}
        sum(case when {{ column }} is null then 1 else 0 end) as null_count_{{ loop.index }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ model }}

)

{% for column in columns -%}
select
    '{{ column }}' as column_name,
    null_count_{{ loop.index }} as null_count
from null_counts
where null_count_{{ loop.index }} > 0
{% if not loop.last %}union all
{% endif -%}
{%- endfor %}

{% endtest %}
