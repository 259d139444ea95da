-- A table: typed once, then read by the stg model, stg_rejected_rows and the row-accounting test.
{{ config(materialized='table') }}

{%- set reject_checks = microseg.reject_checks(
    required=['funding_round_id', 'company_id', 'round_type', 'announced_date', '_extracted_at'],
    typed=['amount'],
    rules=[
        (microseg.not_in('round_type', microseg.funding_round_types()), 'unknown round_type', 'round_type'),
    ] + microseg.currency_rules('amount', 'currency_code'),
) %}

with

source as (
    {{ microseg.select_source('enrichment', 'funding_rounds') }}
),

typed as (
    select
        source.*,
        {{ microseg.clean_string('raw_funding_round_id') }} as funding_round_id,
        {{ microseg.clean_string('raw_company_id') }} as company_id,
        {{ microseg.normalize_enum('raw_round_type') }} as round_type,
        {{ microseg.safe_cast('raw_announced_date', 'date') }} as announced_date,
        {{ microseg.safe_cast('raw_amount', 'decimal') }} as amount,
        upper({{ microseg.clean_string('raw_currency_code') }}) as currency_code,
        {{ microseg.clean_string('raw_lead_investor') }} as lead_investor,
        {{ microseg.to_utc_timestamp('raw__extracted_at') }} as _extracted_at
    from source
),

converted as (
    {{ microseg.convert_to_usd('typed', 'amount', 'currency_code', 'amount_usd') }}
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
        {{ microseg.key_text(['funding_round_id']) }} as source_key
    from checked
)

-- Typed columns, and the raw row as text only where it is rejected (stg_rejected_rows shows it;
-- keeping every raw_<column> on every row was most of this table's write cost).
select
    funding_round_id,
    company_id,
    round_type,
    announced_date,
    amount,
    currency_code,
    lead_investor,
    _extracted_at,
    amount_usd,
    is_known_currency,
    reject_reason,
    rejected_field,
    source_key,
    {{ microseg.rejected_raw_record('enrichment', 'funding_rounds') }} as raw_record
from final
