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

select
    {%- for column in columns %}
    {{ column }},
    {%- endfor %}
    count(*) as row_count,
    {%- if also_not_null %}
    sum(case when {% for column in also_not_null %}{{ column }} is null{{ ' or ' if not loop.last }}{% endfor %} then 1 else 0 end)
    {%- else %}
    0
    {%- endif %} as rows_with_null
from {{ model }}
group by {{ columns | join(', ') }}
having
    count(*) > 1
    {%- for column in columns %}
    or {{ column }} is null
    {%- endfor %}
    {%- if also_not_null %}
    or sum(case when {% for column in also_not_null %}{{ column }} is null{{ ' or ' if not loop.last }}{% endfor %} then 1 else 0 end) > 0
    {%- endif %}

{% endtest %}
