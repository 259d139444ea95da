-- A table, typed once, then read by the stg model, stg_rejected_rows and the row-accounting test;
-- incremental by load window (macros/staging/load_window.sql): a run types the latest loads only.
{{ config(**microseg.base_load_config()) }}

{#- This run's load window, found once and applied to each import of the extract. #}
{%- set load_window = microseg.load_window_condition() %}

{%- set reject_checks = microseg.reject_checks(
    required=['company_domain', 'week_start_date', 'topic', 'intent_score', '_extracted_at'],
    rules=[
        ('not ' ~ microseg.is_valid_domain('company_domain'), 'invalid company_domain', 'company_domain'),
        ('intent_score < 0 or intent_score > 100', 'intent_score outside 0-100', 'intent_score'),
        (microseg.not_in('topic_category', ['category', 'competitor', 'problem']), 'unknown topic_category', 'topic_category'),
    ],
) %}

with

source as (
    {{ microseg.select_source('engagement', 'intent_topics', where=load_window) }}
),

-- Each distinct raw domain normalised once (~140 k domains over ~1.4 M rows at 50 k accounts)
-- and joined back on the raw text, from its own import of the column: see
-- macros/staging/normalize.sql and select_source.sql.
raw_company_domains as (
    {{ microseg.select_source('engagement', 'intent_topics', columns=['company_domain'], where=load_window) }}
),

company_domains as (
    select
        raw_company_domain,
        {{ microseg.normalize_domain('raw_company_domain') }} as company_domain
    from raw_company_domains
    group by raw_company_domain
),

typed as (
    select
        source.*,
        company_domains.company_domain,
        {{ microseg.safe_cast('raw_week_start_date', 'date') }} as week_start_date,
        {{ microseg.normalize_title('raw_topic') }} as topic,
        {{ microseg.normalize_enum('raw_topic_category') }} as topic_category,
        {{ microseg.safe_cast('raw_intent_score', 'integer') }} as intent_score,
        {{ microseg.to_utc_timestamp('raw__extracted_at') }} as _extracted_at
    from source
    left join company_domains
        on source.raw_company_domain = company_domains.raw_company_domain
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
        {{ microseg.key_text(['company_domain', 'week_start_date', 'topic']) }} as source_key
    from checked
)

-- Typed columns, and the raw row as text only where it is rejected (stg_rejected_rows shows it;
-- keeping every raw_<column> on every row was most of this table's write cost).
select
    company_domain,
    week_start_date,
    topic,
    topic_category,
    intent_score,
    _extracted_at,
    reject_reason,
    rejected_field,
    source_key,
    {{ microseg.load_date('_extracted_at') }} as load_date,
    {{ microseg.rejected_raw_record('engagement', 'intent_topics') }} as raw_record
from final
