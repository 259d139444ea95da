"""Raw table layouts: exactly the columns of models/staging/*/_*__sources.yml, with Parquet types.

Types follow the generator contract: strings; int64 for integers; double for amounts (YAML
`decimal`); bool; date32 for dates; timestamps as strings ('...T09:12:00-05:00' local with offset,
`_extracted_at` as 'YYYY-MM-DD HH:MM:SS' UTC).
"""
from __future__ import annotations

import pyarrow as pa

S, I, D, B, DT = pa.string(), pa.int64(), pa.float64(), pa.bool_(), pa.date32()

TABLES: dict[str, dict[str, list[tuple[str, pa.DataType]]]] = {
    "crm": {
        "accounts": [
            ("account_id", S), ("crm_instance", S), ("account_name", S), ("website", S),
            ("industry", S), ("billing_country", S), ("owner_id", S), ("created_at", S),
            ("updated_at", S), ("is_deleted", B), ("_extracted_at", S),
        ],
        "contacts": [
            ("contact_id", S), ("account_id", S), ("first_name", S), ("last_name", S),
            ("email", S), ("title", S), ("has_opted_out_of_email", B), ("created_at", S),
            ("updated_at", S), ("is_deleted", B), ("_extracted_at", S),
        ],
        "opportunities": [
            ("opportunity_id", S), ("account_id", S), ("opportunity_name", S),
            ("opportunity_type", S), ("stage_name", S), ("amount", D), ("currency_code", S),
            ("created_at", S), ("close_date", DT), ("is_closed", B), ("is_won", B),
            ("updated_at", S), ("is_deleted", B), ("_extracted_at", S),
        ],
        "opportunity_stage_history": [
            ("stage_history_id", S), ("opportunity_id", S), ("stage_name", S),
            ("entered_at", S), ("_extracted_at", S),
        ],
    },
    "enrichment": {
        "companies": [
            ("company_id", S), ("domain", S), ("company_name", S), ("industry", S),
            ("sub_industry", S), ("employee_count", I), ("annual_revenue", D),
            ("revenue_currency", S), ("country_code", S), ("region", S), ("founded_year", I),
            ("funding_stage", S), ("_extracted_at", S),
        ],
        "headcount_history": [
            ("company_id", S), ("month_date", DT), ("employee_count", I), ("_extracted_at", S),
        ],
        "technographics": [
            ("company_id", S), ("technology_name", S), ("technology_category", S),
            ("first_seen_date", DT), ("last_seen_date", DT), ("_extracted_at", S),
        ],
        "funding_rounds": [
            ("funding_round_id", S), ("company_id", S), ("round_type", S),
            ("announced_date", DT), ("amount", D), ("currency_code", S), ("lead_investor", S),
            ("_extracted_at", S),
        ],
        "executive_changes": [
            ("executive_change_id", S), ("company_id", S), ("person_name", S), ("title", S),
            ("department", S), ("change_type", S), ("change_date", DT), ("_extracted_at", S),
        ],
        "job_postings": [
            ("job_posting_id", S), ("company_id", S), ("job_title", S), ("department", S),
            ("seniority", S), ("posted_date", DT), ("closed_date", DT), ("_extracted_at", S),
        ],
    },
    "engagement": {
        "email_events": [
            ("event_id", S), ("sequence_id", S), ("step_number", I), ("contact_email", S),
            ("crm_contact_id", S), ("event_type", S), ("reply_sentiment", S), ("bounce_type", S),
            ("occurred_at", S), ("_extracted_at", S),
        ],
        "meetings": [
            ("meeting_id", S), ("contact_email", S), ("crm_contact_id", S), ("sequence_id", S),
            ("meeting_status", S), ("booked_at", S), ("scheduled_at", S), ("_extracted_at", S),
        ],
        "web_visits": [
            ("visit_id", S), ("visitor_domain", S), ("page_url", S), ("page_category", S),
            ("visited_at", S), ("duration_seconds", I), ("_extracted_at", S),
        ],
        "content_downloads": [
            ("download_id", S), ("contact_email", S), ("asset_name", S), ("asset_topic", S),
            ("downloaded_at", S), ("_extracted_at", S),
        ],
        "intent_topics": [
            ("company_domain", S), ("week_start_date", DT), ("topic", S), ("topic_category", S),
            ("intent_score", I), ("_extracted_at", S),
        ],
    },
}

# Dedupe key per table (staging keeps the latest row per key; see ORDER_BY) and the column that
# orders re-pulls.
KEYS: dict[str, tuple[str, ...]] = {
    "accounts": ("account_id",),
    "contacts": ("contact_id",),
    "opportunities": ("opportunity_id",),
    "opportunity_stage_history": ("stage_history_id",),
    "companies": ("company_id",),
    "headcount_history": ("company_id", "month_date"),
    "technographics": ("company_id", "technology_name"),
    "funding_rounds": ("funding_round_id",),
    "executive_changes": ("executive_change_id",),
    "job_postings": ("job_posting_id",),
    "email_events": ("event_id",),
    "meetings": ("meeting_id",),
    "web_visits": ("visit_id",),
    "content_downloads": ("download_id",),
    "intent_topics": ("company_domain", "week_start_date", "topic"),
}
ORDER_BY = {"accounts": "updated_at", "contacts": "updated_at", "opportunities": "updated_at"}

TABLE_SOURCE = {t: src for src, tables in TABLES.items() for t in tables}


def arrow_schema(table: str) -> pa.Schema:
    return pa.schema([pa.field(n, t) for n, t in TABLES[TABLE_SOURCE[table]][table]])


def column_names(table: str) -> list[str]:
    return [n for n, _ in TABLES[TABLE_SOURCE[table]][table]]
