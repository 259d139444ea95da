"""Segment engine: planted-group recovery, audit trail across runs, definition validation.

Uses the session fixtures of conftest.py (`sample_data`: 3,000 generated accounts as of
2026-11-01; `warehouse`: `dbt build` of the whole project on them). Tests that run dbt again work
on a private copy of the warehouse file and rebuild only the segment engine's nodes.
"""
from __future__ import annotations

import copy
import json
import re
import shutil
from pathlib import Path

import duckdb
import pytest
import yaml

from conftest import AS_OF, REPO, run_dbt

# Planted group (generator ground truth) -> the sample definition written to recover it.
PLANTED_SEGMENTS = {
    "pg_competitor_salesops": "mmt_competitor_salesops_hire",
    "pg_recent_funding": "funded_greenfield",
    "pg_new_sales_leader": "new_sales_leader",
    "pg_contracting_legacy": "enterprise_contracting_legacy",
    "pg_engaged_late_intent": "regulated_engaged_late_intent",
    "pg_tiny": "smb_revops_on_apollo",
}
MIN_PRECISION = 0.95
MIN_RECALL = 0.95

# The segment engine's part of the DAG (its upstream tables already exist in a copied warehouse).
SEGMENT_ENGINE = [
    "--select", "path:models/intermediate/segments", "path:models/marts/segmentation",
    "path:snapshots", "path:tests/data/segments", "--indirect-selection", "cautious",
]


def shipped_definitions() -> dict:
    """The YAML body of segments/segment_definitions.sql, parsed."""
    text = (REPO / "segments" / "segment_definitions.sql").read_text()
    match = re.search(r"\{% macro segment_definitions\(\) %\}(.*)\{% endmacro %\}", text, re.S)
    assert match, "segments/segment_definitions.sql has no segment_definitions() macro"
    return yaml.safe_load(match.group(1))


def query(db: Path, sql: str) -> list[tuple]:
    # Not read_only: dbt-duckdb keeps the file open (read-write) in this process after dbtRunner,
    # and DuckDB refuses a second connection with another configuration.
    with duckdb.connect(str(db)) as con:
        return con.execute(sql).fetchall()


@pytest.fixture()
def warehouse_copy(warehouse, tmp_path) -> Path:
    """A private copy of the session warehouse (same data, same first snapshot run)."""
    workdir = tmp_path / "run"
    workdir.mkdir()
    # Flush the write-ahead log into the file first: dbt-duckdb may still hold it open.
    with duckdb.connect(str(warehouse.db_path)) as con:
        con.execute("checkpoint")
    shutil.copy(warehouse.db_path, workdir / "wh.duckdb")
    return workdir


def rebuild_segments(workdir: Path, raw_dir: Path, extra_vars: dict | None = None):
    result = run_dbt(["build", *SEGMENT_ENGINE], workdir=workdir, raw_dir=raw_dir,
                     extra_vars=extra_vars)
    assert result.success, "segment engine rebuild failed:\n" + result.output[-6000:]
    return result


# --- planted ground truth -------------------------------------------------------------------

def test_planted_groups_are_recovered(warehouse):
    truth = warehouse.ground_truth("accounts")
    key = "account_id" if "account_id" in truth.columns else "account_key"
    members = warehouse.df(
        "select account_id, segment_id from marts.fct_segment_membership")
    report = {}
    for group, segment in PLANTED_SEGMENTS.items():
        expected = set(truth.loc[truth["planted_group"] == group, key])
        found = set(members.loc[members["segment_id"] == segment, "account_id"])
        assert expected, f"ground truth has no account in {group}"
        hits = len(expected & found)
        precision = hits / len(found) if found else 0.0
        recall = hits / len(expected)
        report[group] = (segment, len(expected), len(found), precision, recall)
    print("\nplanted group recovery (group -> segment: truth, found, precision, recall)")
    for group, (segment, n_true, n_found, precision, recall) in report.items():
        print(f"  {group:24s} -> {segment:30s} {n_true:4d} {n_found:4d} "
              f"{precision:.3f} {recall:.3f}")
    failures = {g: r for g, r in report.items() if r[3] < MIN_PRECISION or r[4] < MIN_RECALL}
    assert not failures, f"groups recovered below {MIN_PRECISION}/{MIN_RECALL}: {failures}"


def test_tiny_group_is_flagged_too_small(warehouse):
    size, status = warehouse.query(
        "select member_count, size_status from marts.dim_segments "
        "where segment_id = 'smb_revops_on_apollo'")[0]
    assert size == 9
    assert status == "too_small"


def test_primary_assignment_is_unique_and_baseline_covers_the_rest(warehouse):
    rows = warehouse.query("""
        select
            count(*),
            sum(case when primary_segment_kind = 'micro_segment' then 1 else 0 end),
            sum(case when primary_segment_kind = 'macro_baseline'
                     and primary_segment_id = 'baseline__' || macro_segment_id then 1 else 0 end),
            sum(case when macro_segment_id is not null and primary_segment_id is null then 1 else 0 end)
        from marts.dim_accounts""")[0]
    total, micro, baseline, unrouted = rows
    primaries = warehouse.scalar(
        "select count(*) from marts.fct_segment_membership where is_primary")
    assert micro == primaries
    assert micro > 0 and baseline > 0
    assert unrouted == 0


def test_holdout_share_is_close_to_the_configured_share(warehouse):
    share = warehouse.scalar(
        "select avg(case when is_holdout then 1.0 else 0.0 end) from marts.dim_accounts")
    assert 0.07 <= share <= 0.13
    # No held-out account in the activation feed.
    assert warehouse.scalar("""
        select count(*) from marts.fct_play_enrollments as e
        inner join marts.dim_accounts as a on e.account_id = a.account_id
        where a.is_holdout""") == 0


def test_an_address_opted_out_on_another_accounts_record_is_suppressed(warehouse, sample_copy, tmp_path):
    """End to end on the sample data (the unit test ut_enrollments_suppress_by_address covers the
    rule on fixtures): a CRM record on another account that carries an enrolled contact's
    address, opted out, removes that address - and only it - from the activation feed."""
    enrolled = warehouse.query("""
        select email, contact_key from marts.fct_play_enrollments
        where contact_key like 'crm:%' order by enrollment_id limit 1""")
    assert enrolled, "the sample has no enrolled CRM contact to test suppression with"
    email, contact_key = enrolled[0]
    contacts = sample_copy / "crm" / "contacts.parquet"
    with duckdb.connect() as con:
        raw = con.execute(f"select * from read_parquet('{contacts}') where contact_id = ?",
                          [contact_key.removeprefix("crm:")]).fetchone()
        assert raw, f"raw CRM contact of {contact_key} not found"
        other_account = con.execute(f"select min(account_id) from read_parquet('{contacts}') where account_id <> ?",
                                    [raw[1]]).fetchone()[0]
        # Same person (address, name, title) on another account's CRM record, opted out there.
        con.execute(f"""
            copy (
                select * from read_parquet('{contacts}')
                union all
                select 'PLANTEDOPTOUT001', ?, first_name, last_name, email, title, true, created_at, updated_at,
                       false, _extracted_at
                from read_parquet('{contacts}') where contact_id = ?
            ) to '{tmp_path / "contacts.parquet"}' (format parquet)""", [other_account, raw[0]])
    shutil.move(tmp_path / "contacts.parquet", contacts)
    before = warehouse.query("select enrollment_id, email from marts.fct_play_enrollments")
    result = run_dbt(["build", "--select", "+fct_play_enrollments", "--exclude-resource-type", "test", "unit_test"],
                     workdir=tmp_path / "run", raw_dir=sample_copy)
    assert result.success, result.output[-3000:]
    after = query(tmp_path / "run" / "wh.duckdb", "select enrollment_id, email from marts.fct_play_enrollments")
    assert email not in {row[1] for row in after}, f"{email} is opted out on another record but still enrolled"
    assert sorted(after) == sorted(row for row in before if row[1] != email)


# --- audit trail across runs -----------------------------------------------------------------

CHANGES = """
    select change_id, account_id, segment_id, change_type, change_date, cause, rule_version,
           previous_rule_version, signal_kind, signal_name, signal_value, signal_source_key
    from marts.fct_segment_membership_changes
"""


def test_second_run_on_unchanged_input_produces_no_changes(warehouse, warehouse_copy):
    db = warehouse_copy / "wh.duckdb"
    before = set(query(db, CHANGES))
    snapshot_rows = query(db, "select count(*) from snapshots.snap_segment_decisions")[0][0]
    assert before, "the first run recorded no entry or exit at all"

    rebuild_segments(warehouse_copy, warehouse.raw_dir)

    after = set(query(db, CHANGES))
    assert after == before
    assert query(db, "select count(*) from snapshots.snap_segment_decisions")[0][0] == snapshot_rows
    assert query(db, "select count(*) from marts.fct_segment_membership_changes "
                     "where cause = 'definition_change'")[0][0] == 0


def test_editing_a_definition_records_exits_and_entries(warehouse, warehouse_copy):
    db = warehouse_copy / "wh.duckdb"
    edited_id = "regulated_engaged_late_intent"
    versions_before = dict(query(db, "select segment_id, rule_version from marts.dim_segments"))
    members_before = {a for (a,) in query(
        db, f"select account_id from marts.fct_segment_membership where segment_id = '{edited_id}'")}

    definitions = copy.deepcopy(shipped_definitions())
    segment = next(s for s in definitions["segments"] if s["id"] == edited_id)
    leaf = next(c for c in segment["conditions"]["all"] if c.get("attribute") == "intent_stage")
    leaf["value"] = "mid"  # late -> mid: the late-intent accounts leave, mid-intent ones enter
    rebuild_segments(warehouse_copy, warehouse.raw_dir,
                     extra_vars={"microseg__segment_definitions": definitions})

    versions_after = dict(query(db, "select segment_id, rule_version from marts.dim_segments"))
    assert versions_after[edited_id] != versions_before[edited_id]
    unchanged = {s for s in versions_before
                 if s != edited_id and not s.startswith("baseline__")}
    assert {s: versions_after[s] for s in unchanged} == {s: versions_before[s] for s in unchanged}

    members_after = {a for (a,) in query(
        db, f"select account_id from marts.fct_segment_membership where segment_id = '{edited_id}'")}
    changes = query(db, """
        select segment_id, change_type, account_id, rule_version, previous_rule_version,
               change_date, signal_kind
        from marts.fct_segment_membership_changes where cause = 'definition_change'""")
    assert {c[0] for c in changes} == {edited_id}
    exits = {c[2] for c in changes if c[1] == "exit"}
    entries = {c[2] for c in changes if c[1] == "entry"}
    assert exits and entries
    assert exits == members_before - members_after
    assert entries == members_after - members_before
    assert {(c[3], c[4]) for c in changes} == {(versions_after[edited_id], versions_before[edited_id])}
    assert {str(c[5]) for c in changes} == {"2026-11-01"}
    assert {c[6] for c in changes} == {"definition"}
    # The definition audit trail keeps both versions.
    assert query(db, f"select count(*) from snapshots.snap_segment_decisions "
                     f"where row_kind = 'definition' and segment_id = '{edited_id}'")[0][0] == 2


def catalog_attributes(workdir: Path, raw_dir: Path) -> list[str]:
    """Every attribute a condition may test: the keys of macro segments_context_attributes,
    rendered by dbt from the project's own macro."""
    result = run_dbt(["compile", "--inline", "{{ tojson(microseg.segments_context_attributes().keys() | list) }}"],
                     workdir=workdir / "catalog", raw_dir=raw_dir)
    assert result.success, result.output[-3000:]
    names = json.loads(result.results.results[0].node.compiled_code)
    assert "industry" in names and "latest_funding_event_date" in names, names
    return names


def test_every_catalog_attribute_evaluates_to_the_context_value(warehouse, warehouse_copy):
    """A definition may test any attribute of the catalog: each one evaluates, on the as-of date,
    to what int_accounts__context holds for the account. This covers the attributes that are not
    dated (industry, country, revenue ...), which the engine joins from
    int_accounts__snapshot_attributes only when a definition reads them (the shipped ones do not)."""
    db = warehouse_copy / "wh.duckdb"
    industry, country = query(db, """
        select
            (select industry from intermediate.int_accounts__context
             where industry is not null group by 1 order by count(*) desc, 1 limit 1),
            (select country_code from intermediate.int_accounts__context
             where country_code is not null group by 1 order by count(*) desc, 1 limit 1)
    """)[0]
    attributes = catalog_attributes(warehouse_copy, warehouse.raw_dir)
    leaves = [{"attribute": a, "operator": "is_not_null"} for a in attributes]
    leaves += [{"attribute": "industry", "operator": "equals", "value": industry},
               {"attribute": "country_code", "operator": "not_equals", "value": country}]
    expected = [f"c.{a} is not null" for a in attributes]
    expected += [f"coalesce(c.industry = '{industry}', false)", f"coalesce(c.country_code <> '{country}', false)"]
    definitions = copy.deepcopy(shipped_definitions())
    definitions["segments"].append({
        "id": "catalog_probe", "name": "Catalog probe", "macro_segment": "smb", "priority": 999,
        "refresh_class": "attribute_based", "conditions": {"any": leaves},
        "play": {"channel": "email", "trigger": "t", "pain": "p", "value": "v", "proof": "p", "cta": "c"},
    })
    k = len(definitions["segments"])
    result = run_dbt(["run", "--select", "int_segments__definitions", "int_segments__evaluations"],
                     workdir=warehouse_copy, raw_dir=warehouse.raw_dir,
                     extra_vars={"microseg__segment_definitions": definitions})
    assert result.success, result.output[-4000:]
    checks = ", ".join(
        f"sum(case when e.s{k}_l{i}_ok <> ({condition}) then 1 else 0 end), "
        f"sum(case when e.s{k}_l{i}_ok then 1 else 0 end)"
        for i, condition in enumerate(expected, start=1))
    row = query(db, f"""
        select count(*), {checks}
        from intermediate.int_segments__evaluations as e
        inner join intermediate.int_accounts__context as c on e.account_id = c.account_id
        where e.evaluation_date = date '{AS_OF}'
    """)[0]
    accounts = query(db, "select count(*) from intermediate.int_accounts__context")[0][0]
    assert row[0] == accounts
    names = attributes + ["industry equals", "country_code not_equals"]
    mismatches = {n: row[1 + 2 * i] for i, n in enumerate(names) if row[1 + 2 * i]}
    assert not mismatches, f"leaf outcome differs from the context (accounts): {mismatches}"
    met = {n: row[2 + 2 * i] for i, n in enumerate(names)}
    assert 0 < met["industry equals"] < accounts and 0 < met["country_code not_equals"] < accounts
    assert met["account_name"] == accounts and met["annual_revenue_usd"] > 0


# --- validation of definitions ---------------------------------------------------------------

def _mutated(mutate) -> dict:
    definitions = copy.deepcopy(shipped_definitions())
    mutate(definitions)
    return definitions


def _set_first_leaf(key, value):
    def mutate(definitions):
        segment = next(s for s in definitions["segments"] if s["id"] == "enterprise_contracting_legacy")
        segment["conditions"]["all"][0][key] = value
    return mutate


def _duplicate_priority(definitions):
    segment = next(s for s in definitions["segments"] if s["id"] == "new_sales_leader")
    segment["priority"] = 10


def _wrong_value_type(definitions):
    segment = next(s for s in definitions["segments"] if s["id"] == "enterprise_contracting_legacy")
    segment["conditions"]["all"][0] = {"attribute": "employee_count", "operator": "at_least", "value": "lots"}


def _duplicate_id(definitions):
    copied = copy.deepcopy(next(s for s in definitions["segments"] if s["id"] == "new_sales_leader"))
    copied["priority"] = 999
    definitions["segments"].append(copied)


def _set_leaf(segment_id, key, value):
    def mutate(definitions):
        segment = next(s for s in definitions["segments"] if s["id"] == segment_id)
        segment["conditions"]["all"][0][key] = value
    return mutate


def _missing_macro_segment(definitions):
    segment = next(s for s in definitions["segments"] if s["id"] == "funded_greenfield")
    segment["macro_segment"] = ["mid_market_tech", "mid_market_fintech"]


@pytest.mark.parametrize("mutate, expected", [
    (_set_first_leaf("attribute", "growth_phase"),
     "Invalid segment definition 'enterprise_contracting_legacy', field "
     "'conditions.all[0].attribute': unknown attribute 'growth_phase'"),
    (_set_first_leaf("operator", "is_about"),
     "Invalid segment definition 'enterprise_contracting_legacy', field "
     "'conditions.all[0].operator': unknown operator 'is_about'"),
    (_duplicate_priority,
     "Invalid segment definition 'new_sales_leader', field 'priority': duplicate priority 10 "
     "(also used by segment 'mmt_competitor_salesops_hire')"),
    (_missing_macro_segment,
     "Invalid segment definition 'funded_greenfield', field 'macro_segment': missing macro "
     "segment 'mid_market_fintech'"),
    (_set_first_leaf("value", "shrinking"),
     "Invalid segment definition 'enterprise_contracting_legacy', field "
     "'conditions.all[0].value': unknown value 'shrinking' (allowed: hyper_growth, steady_growth, "
     "stable, contracting, unknown)"),
    (_wrong_value_type,
     "Invalid segment definition 'enterprise_contracting_legacy', field "
     "'conditions.all[0].value': expected a whole number, got 'lots'"),
    (_duplicate_id,
     "Invalid segment definition 'new_sales_leader', field 'id': duplicate id 'new_sales_leader'"),
    (_set_leaf("funded_greenfield", "subtype", ["series_a", "series_z"]),
     "Invalid segment definition 'funded_greenfield', field 'conditions.all[0].subtype': unknown value "
     "'series_z' (allowed: seed, series_a, series_b, series_c, series_d, series_e, debt, private_equity)"),
    (_set_leaf("new_sales_leader", "subtype", "salez"),
     "Invalid segment definition 'new_sales_leader', field 'conditions.all[0].subtype': unknown subtype "
     "'salez' for new_executive_hire: not in seed trigger_executive_titles"),
    (_set_leaf("new_sales_leader", "seniority", ["c_level", "c_levl"]),
     "Invalid segment definition 'new_sales_leader', field 'conditions.all[0].seniority': unknown "
     "seniority 'c_levl' for new_executive_hire: not in seed trigger_executive_titles (known: c_level, "
     "director, manager, vp)"),
], ids=["unknown_attribute", "unknown_operator", "duplicate_priority", "missing_macro_segment", "unknown_enum_value",
        "wrong_value_type", "duplicate_id", "unknown_funding_subtype", "unknown_department", "unknown_seniority"])
def test_malformed_definition_fails_with_a_clear_message(warehouse, warehouse_copy, mutate, expected):
    result = run_dbt(["build", "--select", "int_segments__definitions"], workdir=warehouse_copy,
                     raw_dir=warehouse.raw_dir,
                     extra_vars={"microseg__segment_definitions": _mutated(mutate)})
    assert not result.success
    flat = " ".join(result.output.split())
    assert expected in flat, flat[-3000:]


def test_shipped_definitions_build_without_error_message(warehouse):
    assert "Invalid segment definition" not in warehouse.build_output
    assert len(shipped_definitions()["segments"]) >= 8
