{#- Narrow join key of the context history: one bigint per account per evaluation date,
    account_index * 10000 + evaluation_index (account_index from int_accounts__resolved,
    evaluation_index from int_accounts__evaluation_dates; history_weeks must stay below 10000).
    Joining the point-in-time families on one bigint instead of (account_id, evaluation_date)
    keeps the accounts x dates joins cheap at a million accounts. -#}
{% macro context_key(account_index, evaluation_index) -%}
    cast({{ account_index }} as bigint) * 10000 + {{ evaluation_index }}
{%- endmacro %}
