{#- Aggregate distinct, non-null strings into one delimited string in ascending order, so the
    same inputs always give the same text. Pass values that are already distinct per group.
    A group with no non-null value gives NULL, as string_agg does on DuckDB and PostgreSQL.
    Spark's listagg ignores its order, hence the sort_array variant there; array_join of the
    empty array is '' rather than NULL, hence the count guard. -#}
{% macro sorted_string_agg(expression, delimiter=', ') -%}
    {{ return(adapter.dispatch('sorted_string_agg', 'microseg')(expression, delimiter)) }}
{%- endmacro %}

{% macro default__sorted_string_agg(expression, delimiter) -%}
    string_agg({{ expression }}, '{{ delimiter }}' order by {{ expression }})
{%- endmacro %}

{% macro spark__sorted_string_agg(expression, delimiter) -%}
    case
        when count({{ expression }}) > 0
            then array_join(sort_array(collect_list({{ expression }})), '{{ delimiter }}')
    end
{%- endmacro %}
