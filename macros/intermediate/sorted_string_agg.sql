{#- Aggregate distinct, non-null strings into one delimited string in ascending order, so the
    same inputs always give the same text. Pass values that are already distinct per group.
    Spark's listagg ignores its order, hence the sort_array variant there. -#}
{% macro sorted_string_agg(expression, delimiter=', ') -%}
    {{ return(adapter.dispatch('sorted_string_agg', 'microseg')(expression, delimiter)) }}
{%- endmacro %}

{% macro default__sorted_string_agg(expression, delimiter) -%}
    string_agg({{ expression }}, '{{ delimiter }}' order by {{ expression }})
{%- endmacro %}

{% macro spark__sorted_string_agg(expression, delimiter) -%}
    array_join(sort_array(collect_list({{ expression }})), '{{ delimiter }}')
{%- endmacro %}
