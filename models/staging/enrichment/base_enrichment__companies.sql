-- A table: typed once, then read by the stg model, stg_rejected_rows and the row-accounting test.
{{ config(materialized='table') }}

{%- set reject_checks = microseg.reject_checks(
    required=['company_id', 'domain', 'employee_count', '_extracted_at'],
    typed=['annual_revenue', 'founded_year'],
    rules=[
        ('not ' ~ microseg.is_valid_domain('domain'), 'invalid domain', 'domain'),
        ('employee_count < 0', 'impossible employee_count', 'employee_count'),
        (
            'founded_year < 1600 or founded_year > extract(year from _extracted_at)',
            'impossible founded_year', 'founded_year'
        ),
        (microseg.not_in('region', ['NA', 'EMEA', 'APAC', 'LATAM']), 'unknown region', 'region'),
    ] + microseg.currency_rules('annual_revenue', 'revenue_currency'),
) %}

with

source as (
    {{ microseg.select_source('enrichment', 'companies') }}
),

typed as (
    select
        source.*,
        {{ microseg.clean_string('raw_company_id') }} as company_id,
        {{ microseg.normalize_domain('raw_domain') }} as domain,
        {{ microseg.clean_string('raw_company_name') }} as company_name,
        {{ microseg.clean_string('raw_industry') }} as industry,
        {{ microseg.clean_string('raw_sub_industry') }} as sub_industry,
        {{ microseg.safe_cast('raw_employee_count', 'integer') }} as employee_count,
        {{ microseg.safe_cast('raw_annual_revenue', 'decimal') }} as annual_revenue,
        upper({{ microseg.clean_string('raw_revenue_currency') }}) as revenue_currency,
        upper({{ microseg.clean_string('raw_country_code') }}) as country_code,
        upper({{ microseg.clean_string('raw_region') }}) as region,
        {{ microseg.safe_cast('raw_founded_year', 'integer') }} as founded_year,
        {{ microseg.normalize_enum('raw_funding_stage') }} as funding_stage,
        {{ microseg.to_utc_timestamp('raw__extracted_at') }} as _extracted_at
    from source
),

converted as (
    {{ microseg.convert_to_usd('typed', 'annual_revenue', 'revenue_currency', 'annual_revenue_usd') }}
),

checked as (
    select
        *,
        {{ microseg.reject_reason(reject_checks) }} as reject_reason
    from converted
),

final as (
    select
        *,
        {{ microseg.rejected_field(reject_checks) }} as rejected_field,
        {{ microseg.key_text(['company_id']) }} as source_key
    from checked
)

-- Typed columns, and the raw row as text only where it is rejected (stg_rejected_rows shows it;
-- keeping every raw_<column> on every row was most of this table's write cost).
select
    company_id,
    domain,
    company_name,
    industry,
    sub_industry,
    employee_count,
    annual_revenue,
    revenue_currency,
    country_code,
    region,
    founded_year,
    funding_stage,
    _extracted_at,
    annual_revenue_usd,
    is_known_currency,
    reject_reason,
    rejected_field,
    source_key,
    {{ microseg.rejected_raw_record('enrichment', 'companies') }} as raw_record
from final
