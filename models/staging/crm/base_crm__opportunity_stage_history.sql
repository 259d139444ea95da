-- A table: typed once, then read by the stg model, stg_rejected_rows and the row-accounting test.
{{ config(materialized='table') }}

{%- set reject_checks = microseg.reject_checks(
    required=['stage_history_id', 'opportunity_id', 'stage_name', 'entered_at', '_extracted_at'],
    rules=[
        (microseg.not_in('stage_name', microseg.opportunity_stages()), 'unknown stage_name', 'stage_name'),
    ],
) %}

with

source as (
    {{ microseg.select_source('crm', 'opportunity_stage_history') }}
),

typed as (
    select
        source.*,
        {{ microseg.clean_string('raw_stage_history_id') }} as stage_history_id,
        {{ microseg.clean_string('raw_opportunity_id') }} as opportunity_id,
        {{ microseg.normalize_enum('raw_stage_name') }} as stage_name,
        {{ microseg.to_utc_timestamp('raw_entered_at') }} as entered_at,
        {{ microseg.to_utc_timestamp('raw__extracted_at') }} as _extracted_at
    from source
),

checked as (
    select
        *,
        {{ microseg.reject_reason(reject_checks) }} as reject_reason
    from typed
),

final as (
    select
        *,
        {{ microseg.rejected_field(reject_checks) }} as rejected_field,
        {{ microseg.key_text(['stage_history_id']) }} as source_key
    from checked
)

-- Typed columns, and the raw row as text only where it is rejected (stg_rejected_rows shows it;
-- keeping every raw_<column> on every row was most of this table's write cost).
select
    stage_history_id,
    opportunity_id,
    stage_name,
    entered_at,
    _extracted_at,
    reject_reason,
    rejected_field,
    source_key,
    {{ microseg.rejected_raw_record('crm', 'opportunity_stage_history') }} as raw_record
from final
