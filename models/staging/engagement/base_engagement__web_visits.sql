-- A table: typed once, then read by the stg model, stg_rejected_rows and the row-accounting test.
{{ config(materialized='table') }}

with

source as (
    {{ microseg.select_source('engagement', 'web_visits') }}
),

typed as (
    select
        source.*,
        {{ microseg.clean_string('raw_visit_id') }} as visit_id,
        {{ microseg.normalize_domain('raw_visitor_domain') }} as visitor_domain,
        {{ microseg.clean_string('raw_page_url') }} as page_url,
        {{ microseg.normalize_enum('raw_page_category') }} as page_category,
        {{ microseg.to_utc_timestamp('raw_visited_at') }} as visited_at,
        {{ microseg.safe_cast('raw_duration_seconds', 'integer') }} as duration_seconds,
        {{ microseg.to_utc_timestamp('raw__extracted_at') }} as _extracted_at
    from source
),

checked as (
    select
        *,
        cast(visited_at as date) as visited_date,
        {{ microseg.reject_columns(
            required=['visit_id', 'visitor_domain', 'visited_at', '_extracted_at'],
            typed=['duration_seconds'],
            rules=[
                ('not ' ~ microseg.is_valid_domain('visitor_domain'), 'invalid visitor_domain', 'visitor_domain'),
                ('duration_seconds < 0', 'negative duration_seconds', 'duration_seconds'),
            ],
        ) }}
    from typed
),

final as (
    select
        *,
        {{ microseg.key_text(['visit_id']) }} as source_key
    from checked
)

select * from final
