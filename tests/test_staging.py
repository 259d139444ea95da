"""Staging layer (models/staging): dbt builds it from generated extracts, and the result is checked
against what the generator planted (its _manifest.json): for every raw table, exactly the planted
duplicates are collapsed and exactly the planted bad rows are rejected, with the right reason.
Also: normalised keys and picklists, UTC timestamps whatever the session time zone, FX
conversion, soft deletes, incremental runs equal to a full refresh, CSV extracts, and bad
extracts failing the build with one line naming the file and the column.

dbt runs through dbtRunner (tests/conftest.py: run_dbt), each build on its own DuckDB file.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from conftest import AS_OF, generate, run_dbt

# Tests of later layers that also read staging stay out of a staging-only build.
STAGING = ["--select", "staging", "fx_rates", "--indirect-selection", "buildable"]
INCREMENTAL_TABLES = {  # stg model -> (key, partition date column)
    "stg_engagement__email_events": ("event_id", "occurred_date"),
    "stg_engagement__meetings": ("meeting_id", "booked_date"),
    "stg_engagement__web_visits": ("visit_id", "visited_date"),
    "stg_engagement__content_downloads": ("download_id", "downloaded_date"),
    "stg_engagement__intent_topics": ("company_domain || week_start_date || topic", "week_start_date"),
}
# The reason staging gives for each kind of bad row the generator plants (per table: the key
# column, the timestamp that does not parse, the enum that is unknown).
MISSING_KEY_COLUMN = {
    "accounts": "account_id", "contacts": "contact_id", "opportunities": "opportunity_id",
    "opportunity_stage_history": "stage_history_id", "companies": "company_id",
    "headcount_history": "company_id", "technographics": "company_id",
    "funding_rounds": "funding_round_id", "executive_changes": "executive_change_id",
    "job_postings": "job_posting_id", "email_events": "event_id", "meetings": "meeting_id",
    "web_visits": "visit_id", "content_downloads": "download_id", "intent_topics": "company_domain",
}
TIMESTAMP_COLUMN = {"email_events": "occurred_at", "meetings": "booked_at", "web_visits": "visited_at",
                    "content_downloads": "downloaded_at"}


def staging_reason(table: str, planted: str) -> str:
    """stg_rejected_rows.reject_reason for a bad row the generator planted as `planted`."""
    reasons = {
        "missing_key": f"missing {MISSING_KEY_COLUMN[table]}",
        "unparseable_timestamp": f"invalid {TIMESTAMP_COLUMN.get(table, '')}",
        "negative_employee_count": "impossible employee_count",
        "intent_score_out_of_range": "intent_score outside 0-100",
        "negative_amount": "negative amount",
        "close_date_before_created": "close_date before created_date",
        "unknown_enum": "unknown event_type",
    }
    return reasons[planted]


@dataclass
class Staged:
    db_path: Path
    raw_dir: Path
    manifest: dict
    output: str

    def query(self, sql: str, time_zone: str | None = None) -> list[tuple]:
        # Not read_only: dbt-duckdb keeps the database open in this process after dbtRunner
        # returns, and DuckDB refuses a second connection with another configuration.
        with duckdb.connect(str(self.db_path)) as con:
            if time_zone:
                con.execute(f"set TimeZone = '{time_zone}'")
            return con.execute(sql).fetchall()

    def scalar(self, sql: str):
        return self.query(sql)[0][0]


def build_staging(raw_dir: Path, workdir: Path, raw_format: str = "parquet") -> Staged:
    result = run_dbt(["build", *STAGING], workdir=workdir, raw_dir=raw_dir, raw_format=raw_format)
    if not result.success:
        pytest.fail("dbt build --select staging failed:\n" + result.output[-6000:])
    manifest = json.loads((raw_dir / "_manifest.json").read_text())
    return Staged(db_path=workdir / "wh.duckdb", raw_dir=raw_dir, manifest=manifest, output=result.output)


@pytest.fixture(scope="module")
def staged(sample_data, tmp_path_factory) -> Staged:
    """`dbt build --select staging fx_rates` (models, unit tests, data tests) on the sample data."""
    return build_staging(sample_data, tmp_path_factory.mktemp("staging"))


def assert_accounting_matches_manifest(staged: Staged) -> None:
    problems = []
    for name, planted in staged.manifest["tables"].items():
        source, table = name.split(".")
        raw = staged.scalar(f"select count(*) from read_parquet('{staged.raw_dir / planted['path']}')"
                            if planted["path"].endswith(".parquet") else
                            f"select count(*) from read_csv('{staged.raw_dir / planted['path']}', header = true, all_varchar = true)")
        rows = staged.scalar(f"select count(*) from staging.stg_{source}__{table}")
        duplicates = staged.scalar(f"select count(*) - count(distinct source_key) from staging.base_{source}__{table} "
                                   "where reject_reason is null")
        reasons = dict(staged.query(
            "select reject_reason, count(*) from staging.stg_rejected_rows "
            f"where source_name = '{source}' and table_name = '{table}' group by 1"))
        expected_reasons = {}
        for planted_reason, count in planted["rejected_by_reason"].items():
            reason = staging_reason(table, planted_reason)
            expected_reasons[reason] = expected_reasons.get(reason, 0) + count
        got = (raw, rows, duplicates, sum(reasons.values()), reasons)
        want = (planted["rows"], planted["rows_after_staging"], planted["duplicates"], planted["rejected"],
                expected_reasons)
        if got != want:
            problems.append(f"{name}: got raw/staged/duplicates/rejected/reasons {got}, planted {want}")
        assert raw == rows + duplicates + sum(reasons.values()), f"{name}: rows unaccounted for"
    assert not problems, "\n".join(problems)


def test_every_raw_row_is_staged_collapsed_or_rejected_as_planted(staged):
    assert_accounting_matches_manifest(staged)


def test_the_row_accounting_test_ran_and_passed(staged):
    lines = [line for line in staged.output.splitlines() if "assert_row_accounting" in line]
    assert any("PASS" in line for line in lines), lines


def test_keys_and_picklists_are_normalised(staged):
    messy_domains = staged.scalar("""
        select count(*) from (
            select domain as d from staging.stg_crm__accounts
            union all select domain from staging.stg_enrichment__companies
            union all select visitor_domain from staging.stg_engagement__web_visits
            union all select company_domain from staging.stg_engagement__intent_topics
            union all select email_domain from staging.stg_engagement__email_events
        ) as domains
        where d <> lower(d) or d like 'www.%' or d like '%.' or d like '%/%' or d like '% %' or d like '%:%'
    """)
    assert messy_domains == 0
    messy_emails = staged.scalar("""
        select count(*) from (
            select email as e from staging.stg_crm__contacts
            union all select contact_email from staging.stg_engagement__email_events
            union all select contact_email from staging.stg_engagement__meetings
        ) as emails
        where e <> lower(e) or e like '% %' or e not like '%_@_%._%'
    """)
    assert messy_emails == 0
    # Every website the generator wrote (with scheme, www., path, trailing dot...) has a domain,
    # except the ones it left empty.
    tables = staged.manifest["tables"]
    assert staged.scalar("select count(*) from staging.stg_crm__accounts where domain is null") == \
        tables["crm.accounts"]["mess"]["website_missing"]
    # Picklists arrive in mixed case; staged, they are the lower snake case vocabulary.
    sentiments = dict(staged.query("select reply_sentiment, count(*) from staging.stg_engagement__email_events "
                                   "where reply_sentiment is not null group by 1"))
    planted = {k.removeprefix("replied_"): v for k, v in tables["engagement.email_events"]["mess"].items()
               if k.startswith("replied_")}
    assert sentiments == planted
    stages = {row[0] for row in staged.query("select distinct stage_name from staging.stg_crm__opportunities")}
    assert stages <= {"prospecting", "discovery", "evaluation", "proposal", "negotiation", "closed_won",
                      "closed_lost"} and "closed_won" in stages
    titles = staged.scalar("select count(*) from staging.stg_crm__contacts where title_normalized <> "
                           "lower(trim(title_normalized)) or title_normalized like '%  %'")
    assert titles == 0


def test_soft_deleted_rows_stay_flagged(staged):
    tables = staged.manifest["tables"]
    for table in ("accounts", "contacts", "opportunities"):
        deleted = staged.scalar(f"select count(*) from staging.stg_crm__{table} where is_deleted")
        assert deleted == tables[f"crm.{table}"]["mess"]["soft_deleted"] > 0, table


def test_amounts_are_converted_to_usd_with_the_fx_seed(staged):
    rates = dict(staged.query("select currency_code, usd_per_unit from seeds.fx_rates"))
    rows = staged.query("select currency_code, amount, amount_usd from staging.stg_crm__opportunities "
                        "where amount is not null")
    assert rows
    for currency, amount, amount_usd in rows:
        assert amount_usd == pytest.approx(float(amount) * rates[currency], rel=1e-9), (currency, amount)
    by_currency = {row[0]: row[1] for row in staged.query(
        "select currency_code, count(*) from staging.stg_crm__opportunities group by 1")}
    planted = {k.removeprefix("currency_"): v for k, v in staged.manifest["tables"]["crm.opportunities"]["mess"].items()
               if k.startswith("currency_")}
    assert by_currency == planted


@pytest.mark.parametrize("time_zone", ["UTC", "America/Los_Angeles", "Asia/Kolkata"])
def test_timestamps_are_utc_whatever_the_session_time_zone(staged, time_zone):
    """Every raw booked_at / _extracted_at of the meetings extract becomes its UTC instant (NULL
    when unparseable), whatever the time zone of the session that reads the base table: the base
    keeps one row per raw row, so the two sides are compared as multisets."""
    path = staged.raw_dir / staged.manifest["tables"]["engagement.meetings"]["path"]
    raw = staged.query(f"select cast(booked_at as varchar), cast(_extracted_at as varchar) "
                       f"from read_parquet('{path}')")
    expected = []
    for raw_booked, raw_extracted in raw:
        pair = []
        for text in (raw_booked, raw_extracted):
            try:
                pair.append(to_utc(text))
            except (AttributeError, TypeError, ValueError):
                pair.append(None)
        expected.append(tuple(pair))
    staged_rows = staged.query("select booked_at, _extracted_at from staging.base_engagement__meetings",
                               time_zone=time_zone)

    def order(row):
        return tuple((value is None, value or dt.datetime.min) for value in row)

    assert sorted(staged_rows, key=order) == sorted(expected, key=order)
    assert sum(1 for booked, _ in expected if booked is not None) > 100
    with_offset = sum(1 for text, _ in raw if text and re.search(r"[+-]\d\d:?\d\d$", text))
    assert with_offset > 10


@pytest.mark.slow
def test_csv_extracts_stage_like_parquet(tmp_path_factory):
    raw = generate(tmp_path_factory.mktemp("csv") / "raw", accounts=250, seed=3, fmt="csv")
    staged = build_staging(raw, tmp_path_factory.mktemp("csv_build"), raw_format="csv")
    assert_accounting_matches_manifest(staged)


# -- incremental ---------------------------------------------------------------------------------
def split_by_extraction(raw_dir: Path, cutoff: str) -> dict[str, pa.Table]:
    """Keep only the rows extracted up to `cutoff` in the engagement files; return the full tables."""
    full = {}
    for path in sorted((raw_dir / "engagement").glob("*.parquet")):
        table = pq.read_table(path)
        full[path.stem] = table
        extracted = table["_extracted_at"]
        early = pc.or_kleene(pc.less_equal(extracted, cutoff), pc.is_null(extracted))
        pq.write_table(table.filter(pc.fill_null(early, True)), path)
    return full


def to_utc(text: str) -> dt.datetime:
    """ISO-8601 text -> naive UTC datetime (text without an offset is UTC already)."""
    parsed = dt.datetime.fromisoformat(text.strip())
    return parsed.astimezone(dt.timezone.utc).replace(tzinfo=None) if parsed.tzinfo else parsed


def moved_event_repull(events: pa.Table, event_ids: list[str]) -> pa.Table:
    """Re-pulls, loaded last, of staged events with their time corrected by two days: staging must
    move each event to its new date and leave nothing on the old one."""
    picked = events.filter(pc.is_in(events["event_id"], pa.array(event_ids)))
    picked = picked.take(pa.array([picked["event_id"].to_pylist().index(i) for i in event_ids]))
    new_times = [(dt.datetime.fromisoformat(v) + dt.timedelta(days=2)).isoformat()
                 for v in picked["occurred_at"].to_pylist()]
    latest = pc.max(events["_extracted_at"]).as_py()
    later = (dt.datetime.fromisoformat(latest) + dt.timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S")
    picked = picked.set_column(picked.schema.get_field_index("occurred_at"), "occurred_at",
                               pa.array(new_times, pa.string()))
    return picked.set_column(picked.schema.get_field_index("_extracted_at"), "_extracted_at",
                             pa.array([later] * picked.num_rows, pa.string()))


INCREMENTAL_BASES = [f"base_{model.removeprefix('stg_')}" for model in INCREMENTAL_TABLES]


def base_rows(db_path: Path, model: str) -> list[tuple]:
    """Every row of a base model (one per raw row, no key), in a stable order."""
    with duckdb.connect(str(db_path)) as con:
        rows = con.execute(f"select * from staging.{model}").fetchall()
    return sorted(rows, key=lambda row: tuple((value is None, str(value)) for value in row))


def load_window_rows(db_path: Path, model: str) -> int:
    """Rows of the load dates the last incremental run of `model` replaced (its load window)."""
    with duckdb.connect(str(db_path)) as con:
        latest = con.execute(f"select max(load_date) from staging.{model} where load_date > date '1900-01-01'").fetchone()[0]
        return con.execute(f"select count(*) from staging.{model} where load_date >= ? - interval 1 day "
                           "or load_date = date '1900-01-01'", [latest]).fetchone()[0]


def snapshot(db_path: Path, model: str, key: str) -> list[tuple]:
    with duckdb.connect(str(db_path)) as con:
        return con.execute(f"select * from staging.{model} order by {key}, 1").fetchall()


@pytest.mark.slow
def test_incremental_run_gives_the_same_rows_as_a_full_refresh(sample_copy, tmp_path):
    workdir = tmp_path / "incremental"
    manifest = json.loads((sample_copy / "_manifest.json").read_text())
    cutoff = (dt.date.fromisoformat(manifest["as_of"]) - dt.timedelta(days=10)).isoformat() + " 00:00:00"
    full = split_by_extraction(sample_copy, cutoff)
    first = run_dbt(["build", *STAGING], workdir=workdir, raw_dir=sample_copy)
    assert first.success, first.output[-4000:]
    early_rows = snapshot(workdir / "wh.duckdb", "stg_engagement__email_events", "event_id")

    # The later loads arrive: late events, re-pulls, and three events moved to another date.
    staged_ids = [row[0] for row in run_query(workdir / "wh.duckdb", "select event_id from "
                                              "staging.stg_engagement__email_events order by event_id limit 3")]
    events = full["email_events"]
    moved = moved_event_repull(events, staged_ids)
    full["email_events"] = pa.concat_tables([events, moved])
    for name, table in full.items():
        pq.write_table(table, sample_copy / "engagement" / f"{name}.parquet")
    second = run_dbt(["build", *STAGING], workdir=workdir, raw_dir=sample_copy)
    assert second.success, second.output[-4000:]
    assert re.search(r"incremental model staging\.stg_engagement__email_events", second.output)
    for base in INCREMENTAL_BASES:
        assert re.search(rf"incremental model staging\.{base}\b", second.output), base
    incremental = {model: snapshot(workdir / "wh.duckdb", model, key)
                   for model, (key, _) in INCREMENTAL_TABLES.items()}
    incremental_bases = {base: base_rows(workdir / "wh.duckdb", base) for base in INCREMENTAL_BASES}
    assert len(incremental["stg_engagement__email_events"]) > len(early_rows)
    # The second run typed only its load window (the last load day and after, a small part of
    # the extract): its SQL read the raw file behind a filter on _extracted_at.
    window = load_window_rows(workdir / "wh.duckdb", "base_engagement__email_events")
    assert 0 < window < len(incremental_bases["base_engagement__email_events"]) / 2, window
    ran = (workdir / "target" / "compiled" / "microseg" / "models" / "staging" / "engagement"
           / "base_engagement__email_events.sql").read_text()
    assert re.search(r"where \(.*>= cast\('\d{4}-\d\d-\d\d 00:00:00' as timestamp\)", ran, re.S), ran[:3000]

    refresh = run_dbt(["run", "--full-refresh", "--select", *INCREMENTAL_BASES, *INCREMENTAL_TABLES],
                      workdir=workdir, raw_dir=sample_copy)
    assert refresh.success, refresh.output[-4000:]
    for base in INCREMENTAL_BASES:
        assert incremental_bases[base] == base_rows(workdir / "wh.duckdb", base), \
            f"{base}: incremental run differs from a full refresh"
    for model, (key, _) in INCREMENTAL_TABLES.items():
        rebuilt = snapshot(workdir / "wh.duckdb", model, key)
        assert incremental[model] == rebuilt, f"{model}: incremental run differs from a full refresh"

    moved_ids = moved["event_id"].to_pylist()
    placed = dict(run_query(workdir / "wh.duckdb",
                            "select event_id, cast(occurred_at as varchar) from staging.stg_engagement__email_events "
                            f"where event_id in ({', '.join(repr(i) for i in moved_ids)})"))
    for event_id, new_time in zip(moved_ids, moved["occurred_at"].to_pylist()):
        assert placed[event_id] == str(to_utc(new_time)), event_id


def run_query(db_path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db_path)) as con:
        return con.execute(sql).fetchall()


# -- bad input -----------------------------------------------------------------------------------
def rewrite(path: Path, change) -> None:
    pq.write_table(change(pq.read_table(path)), path)


def error_line(output: str, label: str) -> str:
    lines = [line.strip() for line in output.splitlines() if line.strip().startswith(label)]
    assert len(set(lines)) == 1, f"expected one error line starting {label!r}, got {lines}\n{output[-3000:]}"
    return lines[0]


@pytest.mark.slow
def test_bad_extracts_fail_the_build_with_one_line_naming_file_and_column(sample_copy, tmp_path):
    raw = sample_copy
    rewrite(raw / "crm" / "accounts.parquet", lambda t: t.drop(["website"]))
    rewrite(raw / "engagement" / "meetings.parquet", lambda t: t.drop(["meeting_status", "booked_at"]))
    (raw / "crm" / "contacts.parquet").write_bytes(b"")
    (raw / "crm" / "opportunities.parquet").unlink()
    rewrite(raw / "enrichment" / "companies.parquet", lambda t: t.slice(0, 0))
    (raw / "enrichment" / "headcount_history.parquet").write_bytes(b"not a parquet file\n" * 50)
    # A declared column that is not required may be missing: it reads as null.
    rewrite(raw / "enrichment" / "funding_rounds.parquet", lambda t: t.drop(["lead_investor"]))

    workdir = tmp_path / "bad"
    result = run_dbt(["build", *STAGING], workdir=workdir, raw_dir=raw)
    assert not result.success
    out = result.output
    line = error_line(out, "raw extract crm.accounts")
    assert line == f"raw extract crm.accounts ({raw / 'crm' / 'accounts.parquet'}): missing required column 'website'"
    line = error_line(out, "raw extract engagement.meetings")
    assert line.endswith("missing required columns 'meeting_status', 'booked_at'")
    assert error_line(out, "raw extract crm.contacts").endswith("contacts.parquet): file is empty (0 bytes)")
    assert error_line(out, "raw extract crm.opportunities").endswith("opportunities.parquet): file not found")
    assert "companies.parquet): no rows" in error_line(out, "raw extract enrichment.companies")
    # A file DuckDB cannot read fails on DuckDB's own error, which names the file.
    assert re.search(r"Error.*'" + re.escape(str(raw / "enrichment" / "headcount_history.parquet")) + "'", out)
    # The bad models fail on the message, not on a page of generated SQL.
    assert "compiled code at" not in "\n".join(
        line for line in out.splitlines() if "base_crm__accounts" in line)

    investors = run_query(workdir / "wh.duckdb", "select count(*), count(lead_investor) "
                                                 "from staging.stg_enrichment__funding_rounds")
    assert investors[0][0] > 0 and investors[0][1] == 0
    # ... and the run says so, once, naming the extract and the column (a renamed column).
    warnings = [line for line in out.splitlines() if "declared column" in line]
    assert len(warnings) == 1, warnings
    assert (f"raw extract enrichment.funding_rounds ({raw / 'enrichment' / 'funding_rounds.parquet'}): "
            "declared column 'lead_investor' not in the extract: read as NULL") in warnings[0]


@pytest.mark.slow
def test_a_mostly_rejected_extract_fails_the_build_naming_table_and_reason(sample_copy, tmp_path):
    """Every CRM account's updated_at in a US date format: each row is rejected (kept in
    stg_rejected_rows), and the build fails past microseg__max_reject_rate_error instead of
    building marts without CRM accounts; the log names the table, the rate and the reason."""
    rewrite(sample_copy / "crm" / "accounts.parquet",
            lambda t: t.set_column(t.column_names.index("updated_at"), "updated_at",
                                   pa.array(["08/18/2026 03:03"] * t.num_rows)))
    result = run_dbt(["build", *STAGING], workdir=tmp_path / "rejected", raw_dir=sample_copy)
    assert not result.success
    lines = result.output.splitlines()
    header = [i for i, line in enumerate(lines) if "microseg: assert_reject_rate_below_error_rate (fail, 1 row)" in line]
    assert len(header) == 1, result.output[-3000:]
    row = lines[header[0] + 1]
    assert "source_name=crm | table_name=accounts" in row and "reject_rate=1.0" in row
    assert "top_reject_reason=invalid updated_at | top_rejected_field=updated_at" in row
    # Below the error rate the same table only warns (and the log says which one).
    warned = run_dbt(["test", "--select", "warn_reject_rate", "assert_reject_rate_below_error_rate"],
                     workdir=tmp_path / "rejected", raw_dir=sample_copy,
                     extra_vars={"microseg__max_reject_rate_error": 1.0})
    assert warned.success, warned.output[-3000:]
    assert "microseg: warn_reject_rate (warn, 1 row)" in warned.output
    assert "microseg: assert_reject_rate_below_error_rate" not in warned.output


@pytest.mark.slow
def test_contacts_without_the_opt_out_column_fail_the_build(sample_copy, tmp_path):
    """The opt-out flag is required: renamed or dropped, every contact would read as reachable."""
    rewrite(sample_copy / "crm" / "contacts.parquet",
            lambda t: t.rename_columns(["HasOptedOutOfEmail" if c == "has_opted_out_of_email" else c
                                        for c in t.column_names]))
    result = run_dbt(["run", "--select", "base_crm__contacts"], workdir=tmp_path / "optout", raw_dir=sample_copy)
    assert not result.success
    assert error_line(result.output, "raw extract crm.contacts").endswith(
        "contacts.parquet): missing required column 'has_opted_out_of_email'")


@pytest.mark.slow
def test_malformed_csv_lines_are_kept_or_named(tmp_path_factory):
    """CSV extracts in a directory whose name has a quote: a truncated line is read with NULLs
    and rejected with its reason (kept, not lost); a line with an extra field is read, and the
    run warns naming the file; a file the CSV sniffer cannot make sense of (an unterminated
    quote) stops the build with one line saying so instead of listing every column as missing."""
    raw = generate(tmp_path_factory.mktemp("csv_bad") / "o'brien" / "raw", accounts=150, seed=3, fmt="csv")
    opportunities = raw / "crm" / "opportunities.csv"
    lines = opportunities.read_text().rstrip("\n").split("\n")
    truncated = ",".join(lines[-1].split(",")[:3])                 # id, account, name: no stage_name
    opportunities.write_text("\n".join(lines[:-1] + [truncated]) + "\n")
    events = raw / "engagement" / "email_events.csv"
    lines = events.read_text().rstrip("\n").split("\n")
    lines[5] += ",extra"
    events.write_text("\n".join(lines) + "\n")

    workdir = tmp_path_factory.mktemp("csv_bad_build")
    result = run_dbt(["build", *STAGING], workdir=workdir, raw_dir=raw, raw_format="csv")
    assert result.success, result.output[-3000:]
    assert (f"raw extract engagement.email_events ({events}): 1 line has more fields than the header "
            "(malformed CSV: an unquoted delimiter?); the extra field is ignored") in result.output
    account_id = truncated.split(",")[1].strip('"')
    rejected = run_query(workdir / "wh.duckdb", "select reject_reason from staging.stg_rejected_rows "
                         f"where table_name = 'opportunities' and raw_record like '%| account_id={account_id} |%' "
                         "and raw_record like '%| stage_name=null |%'")
    assert len(rejected) == 1 and rejected[0][0].startswith("missing "), rejected

    lines = opportunities.read_text().rstrip("\n").split("\n")
    opportunities.write_text("\n".join(lines[:-1] + [lines[-2][:30]]) + "\n")   # cut inside a quoted field
    result = run_dbt(["run", "--select", "base_crm__opportunities"], workdir=workdir, raw_dir=raw, raw_format="csv")
    assert not result.success
    line = error_line(result.output, "raw extract crm.opportunities")
    assert line.startswith(f"raw extract crm.opportunities ({opportunities}): not readable as CSV")
    assert line.endswith("look for an unterminated quote, a truncated last line, or another delimiter")

    # A Latin-1 extract reads with var microseg__raw_csv_encoding.
    accounts = raw / "crm" / "accounts.csv"
    lines = accounts.read_text(encoding="utf-8").split("\n")
    name = lines[1].split(",")[2]
    lines[1] = lines[1].replace(name, '"Soci\u00e9t\u00e9 G\u00e9n\u00e9rale"', 1)
    accounts.write_bytes("\n".join(lines).encode("latin-1"))
    result = run_dbt(["run", "--select", "base_crm__accounts"], workdir=workdir, raw_dir=raw, raw_format="csv",
                     extra_vars={"microseg__raw_csv_encoding": "latin-1"})
    assert result.success, result.output[-3000:]
    names = run_query(workdir / "wh.duckdb", "select count(*) from staging.base_crm__accounts "
                      "where account_name = 'Soci\u00e9t\u00e9 G\u00e9n\u00e9rale'")
    assert names == [(1,)]


@pytest.mark.parametrize("case, expected", [
    ("format", "file not found: raw format 'xlsx' is not supported (MICROSEG_RAW_FORMAT or var "
               "microseg__raw_format: parquet or csv)"),
    ("directory", "does not exist or is empty (MICROSEG_RAW_DIR or var microseg__raw_dir)"),
    ("other_format", "accounts.parquet (set MICROSEG_RAW_FORMAT to its format)"),
])
def test_a_wrong_raw_location_says_what_is_there(sample_data, tmp_path, case, expected):
    raw_dir = tmp_path / "nowhere" if case == "directory" else sample_data
    raw_format = {"format": "xlsx", "directory": "parquet", "other_format": "csv"}[case]
    result = run_dbt(["run", "--select", "base_crm__accounts"], workdir=tmp_path / "work", raw_dir=raw_dir,
                     raw_format=raw_format)
    assert not result.success
    assert error_line(result.output, "raw extract crm.accounts").endswith(expected)


@pytest.mark.slow
def test_an_empty_extract_can_be_allowed(sample_copy, tmp_path):
    rewrite(sample_copy / "engagement" / "content_downloads.parquet", lambda t: t.slice(0, 0))
    result = run_dbt(["run", "--select", "base_engagement__content_downloads", "stg_engagement__content_downloads"],
                     workdir=tmp_path / "empty", raw_dir=sample_copy,
                     extra_vars={"microseg__fail_on_empty_extract": False})
    assert result.success, result.output[-3000:]
    assert run_query(tmp_path / "empty" / "wh.duckdb",
                     "select count(*) from staging.stg_engagement__content_downloads") == [(0,)]


def test_not_null_columns_fails_naming_each_column_with_nulls(staged, tmp_path):
    """The model-level not_null_columns test (one dbt node for all of a model's not-null checks)
    fails when a listed column has NULLs, with one row per such column."""
    copy = tmp_path / staged.db_path.name
    shutil.copy(staged.db_path, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute("update staging.stg_crm__accounts set updated_at = null "
                    "where account_id in (select account_id from staging.stg_crm__accounts limit 3)")
        con.execute("update staging.stg_crm__accounts set is_deleted = null "
                    "where account_id in (select account_id from staging.stg_crm__accounts limit 1)")
    result = run_dbt(["test", "--select", "stg_crm__accounts,test_name:not_null_columns", "--store-failures"],
                     workdir=tmp_path / "work", raw_dir=staged.raw_dir, db_path=copy)
    assert not result.success
    assert "not_null_columns_stg_crm" in result.output and "Got 2 results" in result.output
    with duckdb.connect(str(copy)) as con:
        failures = con.execute("select schema_name || '.' || table_name from duckdb_tables() where table_name like "
                               "'not_null_columns_stg_crm%'").fetchall()
        assert len(failures) == 1
        rows = con.execute(f"select column_name, null_count from {failures[0][0]} order by 1").fetchall()
    assert rows == [("is_deleted", 1), ("updated_at", 3)]


def test_a_base_table_built_before_load_windows_asks_for_a_full_refresh(staged, tmp_path):
    """An incremental base table without load_date (built by an earlier version) stops its model
    with one line saying which full refresh to run, instead of a SQL error about the column."""
    copy = tmp_path / staged.db_path.name
    shutil.copy(staged.db_path, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute("alter table staging.base_engagement__meetings drop column load_date")
    result = run_dbt(["run", "--select", "base_engagement__meetings"],
                     workdir=tmp_path / "work", raw_dir=staged.raw_dir, db_path=copy)
    assert not result.success
    assert "was built before its load window existed" in result.output, result.output[-3000:]
    assert "--full-refresh --select base_engagement__meetings+" in result.output


@pytest.mark.parametrize("as_of", ["yesterday", "2026-1-5", "2026-13-01", "2026-02-30", "2025-02-29"])
def test_a_bad_as_of_date_fails_with_one_line_naming_the_var(as_of, tmp_path):
    """A var microseg__as_of_date that is not a date, or is well-formed but impossible, stops
    dbt at parse time with one line naming the var and the value (not strptime's error)."""
    result = run_dbt(["parse"], workdir=tmp_path / "work", raw_dir=tmp_path, as_of=as_of)
    assert not result.success
    assert f"var microseg__as_of_date must be a date 'YYYY-MM-DD', got '{as_of}'" in result.output, \
        result.output[-3000:]
    assert "does not match format" not in result.output
