{#- Size band of an employee count: '1-50', '51-500', '501-5000', '5000+' (5,001 and up), or
    'unknown' when the count is missing or not positive. One definition for every layer. -#}
{% macro size_band(employee_count) -%}
    case
        when {{ employee_count }} is null or {{ employee_count }} < 1 then 'unknown'
        when {{ employee_count }} <= 50 then '1-50'
        when {{ employee_count }} <= 500 then '51-500'
        when {{ employee_count }} <= 5000 then '501-5000'
        else '5000+'
    end
{%- endmacro %}
