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


{% macro reject_rate_above(max_rate) -%}
    {#- The raw tables whose share of rejected rows is above max_rate: their counts, rate and the
        most common reject reason and field (what to fix first). -#}
    with

    accounting as (
        {{ microseg.row_accounting(with_staged=false) }}
    ),

    reasons as (
        select
            source_name,
            table_name,
            reject_reason,
            rejected_field,
            count(*) as reason_rows
        from {{ ref('stg_rejected_rows') }}
        group by
            source_name,
            table_name,
            reject_reason,
            rejected_field
    ),

    ranked_reasons as (
        select
            *,
            row_number() over (
                partition by source_name, table_name
                order by reason_rows desc, reject_reason, rejected_field
            ) as reason_rank
        from reasons
    ),

    rates as (
        select
            accounting.source_name,
            accounting.table_name,
            accounting.raw_rows,
            accounting.rejected_rows,
            cast(accounting.rejected_rows as {{ microseg.type_double() }}) / accounting.raw_rows as reject_rate,
            ranked_reasons.reject_reason as top_reject_reason,
            ranked_reasons.rejected_field as top_rejected_field,
            ranked_reasons.reason_rows as top_reason_rows
        from accounting
        left join ranked_reasons
            on
                accounting.source_name = ranked_reasons.source_name
                and accounting.table_name = ranked_reasons.table_name
                and ranked_reasons.reason_rank = 1
        where accounting.raw_rows > 0
    ),

    final as (
        select * from rates
        where reject_rate > {{ max_rate }}
    )

    select * from final
{%- endmacro %}
