{#- A readable one-line rendering of a raw row, 'account_id=A-1 | website=Acme.com | ...', from
    the raw_<column> text of every column the source YAML declares (NULL shows as 'null').
    Kept on rejected rows so the reason can be checked against what arrived. -#}

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
