{#- Generic test: `columns` are the model's primary key - never NULL and never repeated - and the
    `also_not_null` columns hold no NULL, all checked in one pass over the model. For the large
    point-in-time views (accounts x evaluation dates, recomputed by every query that reads them)
    this is one evaluation of the view instead of one for unique and one for not_null_columns.
    Fails with one row per offending key: the key, how many rows carry it, and how many of them
    have a NULL in an also_not_null column (a NULL key part shows as a key with a NULL in it).
        data_tests:
          - primary_key:
              arguments:
                columns: [context_key]
                also_not_null: [account_id, evaluation_date] -#}
{% test primary_key(model, columns, also_not_null=[]) %}
{%- set any_null = (also_not_null | join(' is null or ')) ~ ' is null' if also_not_null else 'false' %}

with

keys as (

    select
        {%- for column in columns %}
        {{ column }},
        {%- endfor %}
        count(*) as row_count,
        sum(case when {{ any_null }} then 1 else 0 end) as rows_with_null
    from {{ model }}
    group by {{ columns | join(', ') }}

)

select *
from keys
where
    row_count > 1
    or rows_with_null > 0
    {%- for column in columns %}
    or {{ column }} is null
    {%- endfor %}

{% endtest %}
