{#- A readable one-line rendering of a raw row, 'account_id=A-1 | website=Acme.com | ...', from
    the raw_<column> text of every column the source YAML declares (NULL shows as 'null').
    Kept on rejected rows so the reason can be checked against what arrived: each base model
    renders it (rejected_raw_record) and stg_rejected_rows shows it. -#}

{% macro raw_record(source_name, table_name) -%}
    {%- set node = microseg.source_node(source_name, table_name) -%}
    {%- if node is none -%}
        cast(null as {{ dbt.type_string() }})
    {%- else -%}
        {%- set parts = [] -%}
        {%- for column in node.columns.values() -%}
            {%- do parts.append("'" ~ (' | ' if not loop.first else '') ~ column.name ~ "='") -%}
            {%- do parts.append("coalesce(raw_" ~ column.name ~ ", 'null')") -%}
        {%- endfor -%}
        {{ dbt.concat(parts) }}
    {%- endif -%}
{%- endmacro %}

{% macro rejected_raw_record(source_name, table_name) -%}
    {#- The base model's raw_record column: the raw row as text on a rejected row (reject_reason is
        not null), NULL on a usable one. Base models keep this one column instead of every
        raw_<column>: on 3 M e-mail events the raw text was ~35 % of the table's build CPU. -#}
    case when reject_reason is not null then {{ microseg.raw_record(source_name, table_name) }} end
{%- endmacro %}
