{#- Generic test: the combination of `columns` identifies each row (a composite primary key).
    Fails with one row per duplicated key. Pair it with not_null on each key column. -#}
{% test unique_key_columns(model, columns) %}

select
    {{ columns | join(', ') }},
    count(*) as duplicate_count
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1

{% endtest %}
