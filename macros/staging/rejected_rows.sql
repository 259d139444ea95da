{#- Body of stg_rejected_rows: the rejected rows of every base model, one shape. `tables` is a
    list of (source_name, table_name); the base model is base_<source_name>__<table_name>.
    raw_record comes from the base model (rendered there for rejected rows only). -#}

{% macro union_rejected_rows(tables) -%}
    {%- for source_name, table_name in tables %}
    select
        '{{ source_name }}' as source_name,
        '{{ table_name }}' as table_name,
        source_key,
        reject_reason,
        rejected_field,
        raw_record,
        _extracted_at
    from {{ ref('base_' ~ source_name ~ '__' ~ table_name) }}
    where reject_reason is not null
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}
