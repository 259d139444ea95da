{#- The context columns that are not dated: the account's identity and the vendor's single
    firmographic snapshot, the same on every evaluation date. They live once per account in
    int_accounts__snapshot_attributes; int_accounts__context_history carries only account_id
    and the dated columns, and int_accounts__context (and the segment engine, for the ones a
    definition reads) joins them back on account_id; int_accounts__context ends with them, in this order. -#}
{% macro account_snapshot_columns() -%}
    {{ return([
        'account_name',
        'domain',
        'crm_account_id',
        'enrichment_company_id',
        'industry',
        'industry_group',
        'sub_industry',
        'country_code',
        'region',
        'annual_revenue_usd',
    ]) }}
{%- endmacro %}
