{#- The raw tables staging covers, as (source_name, table_name): one base_<source>__<table> view
    and one stg_<source>__<table> model each. Used by stg_rejected_rows and the row-accounting
    tests, so a new table is added here once. -#}

{% macro staged_tables() -%}
    {{ return([
        ('crm', 'accounts'),
        ('crm', 'contacts'),
        ('crm', 'opportunities'),
        ('crm', 'opportunity_stage_history'),
        ('enrichment', 'companies'),
        ('enrichment', 'headcount_history'),
        ('enrichment', 'technographics'),
        ('enrichment', 'funding_rounds'),
        ('enrichment', 'executive_changes'),
        ('enrichment', 'job_postings'),
        ('engagement', 'email_events'),
        ('engagement', 'meetings'),
        ('engagement', 'web_visits'),
        ('engagement', 'content_downloads'),
        ('engagement', 'intent_topics'),
    ]) }}
{%- endmacro %}

{% macro row_accounting(with_staged=true) -%}
    {#- One row per raw table: raw_rows (read from the source itself), rejected_rows (in
        stg_rejected_rows) and, with_staged, staged_rows (the stg model) and duplicate_rows
        (usable rows beyond one per key, counted from the base model without its dedupe rank).
        Nothing is dropped silently when raw = staged + duplicate + rejected. -#}
    {%- for source_name, table_name in microseg.staged_tables() %}
    select
        '{{ source_name }}' as source_name,
        '{{ table_name }}' as table_name,
        (select count(*) from {{ source(source_name, table_name) }}) as raw_rows,
        {%- if with_staged %}
        (select count(*) from {{ ref('stg_' ~ source_name ~ '__' ~ table_name) }}) as staged_rows,
        (
            select count(*) - count(distinct source_key)
            from {{ ref('base_' ~ source_name ~ '__' ~ table_name) }}
            where reject_reason is null
        ) as duplicate_rows,
        {%- endif %}
        (
            select count(*) from {{ ref('stg_rejected_rows') }}
            where source_name = '{{ source_name }}' and table_name = '{{ table_name }}'
        ) as rejected_rows
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}
