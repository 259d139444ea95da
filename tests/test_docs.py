"""`dbt docs generate` on the default target (the built DuckDB warehouse) documents every mart:
the catalog covers every mart column, every column has a description, every model's
description starts with its grain, and the exposures and shared doc blocks are in the manifest."""
from __future__ import annotations

import gc
import json
import re
from pathlib import Path

import pytest

from conftest import run_dbt

DOC_BLOCKS = ("marts_overview", "marts_as_of_date", "marts_account_id", "marts_segment_id",
              "marts_macro_segment_id", "marts_contact_cohort", "marts_verdict")
DASHBOARD_MARTS = {"dim_segments", "dim_accounts", "fct_segment_membership", "fct_segment_membership_history",
                   "fct_segment_membership_changes", "fct_segment_overlap", "fct_segment_lift",
                   "rpt_segment_review", "rpt_segment_budget"}


def release_dbt_duckdb() -> None:
    """dbt-duckdb keeps the last warehouse it built open (read-write, file-locked) in this process
    after dbtRunner returns: close it, so other processes and read-only connections can open it."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    DuckDBConnectionManager.close_all_connections()
    gc.collect()


@pytest.fixture(scope="module")
def docs(warehouse, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("docs")
    result = run_dbt(["docs", "generate", "--static"], workdir=workdir, raw_dir=warehouse.raw_dir,
                     db_path=warehouse.db_path)
    release_dbt_duckdb()
    assert result.success, result.output[-4000:]
    target = workdir / "target"
    manifest = json.loads((target / "manifest.json").read_text())
    catalog = json.loads((target / "catalog.json").read_text())
    marts = {uid: node for uid, node in manifest["nodes"].items()
             if node["resource_type"] == "model" and node["fqn"][1:2] == ["marts"]}
    return {"target": target, "manifest": manifest, "catalog": catalog, "marts": marts}


def test_catalog_covers_every_mart_column(docs):
    marts, catalog = docs["marts"], docs["catalog"]
    assert len(marts) >= 14
    problems = []
    for uid, node in marts.items():
        entry = catalog["nodes"].get(uid)
        if entry is None:
            problems.append(f"{node['name']}: not in catalog.json (table missing from the warehouse?)")
            continue
        in_table = {name.lower() for name in entry["columns"]}
        documented = {name.lower(): col for name, col in node["columns"].items()}
        assert in_table, node["name"]
        for column in sorted(in_table - set(documented)):
            problems.append(f"{node['name']}.{column}: in the table, not in the YAML")
        for column in sorted(set(documented) - in_table):
            problems.append(f"{node['name']}.{column}: in the YAML, not in the table")
        for column, spec in documented.items():
            if not spec.get("description", "").strip():
                problems.append(f"{node['name']}.{column}: no description")
            if not spec.get("data_type"):
                problems.append(f"{node['name']}.{column}: no data_type (contract)")
    assert not problems, "\n".join(problems)


def test_every_mart_states_its_grain_and_contract(docs):
    for node in docs["marts"].values():
        assert node["description"].lstrip().lower().startswith("one row per"), node["name"]
        assert node["config"]["contract"]["enforced"], node["name"]


def test_mart_not_null_constraints_are_enforced_in_the_warehouse(docs, warehouse):
    """Marts state not-null as contract constraints (not as one data test per column): the
    warehouse's tables must carry them, so a NULL fails the build of the mart itself."""
    declared = {(node["name"], column.lower()) for node in docs["marts"].values()
                for column, spec in node["columns"].items()
                if any(c["type"] == "not_null" for c in spec.get("constraints", []))}
    assert len(declared) > 100
    enforced = {(table, column.lower()) for table, column in warehouse.query(
        "select c.table_name, c.column_name from duckdb_columns() as c "
        "where c.schema_name = 'marts' and not c.is_nullable")}
    assert declared - enforced == set(), "declared not null but nullable in the warehouse"
    tests = [n for n in docs["manifest"]["nodes"].values() if n["resource_type"] == "test"
             and (n.get("test_metadata") or {}).get("name") == "not_null"
             and n.get("attached_node") in docs["marts"] and not n["config"].get("where")]
    assert tests == [], "plain not_null tests on marts: use the contract constraint instead"


def test_doc_blocks_are_rendered(docs):
    manifest = docs["manifest"]
    names = {doc["name"] for doc in manifest["docs"].values()}
    assert set(DOC_BLOCKS) <= names
    months = next(n for n in docs["marts"].values() if n["name"] == "fct_funnel_account_months")
    assert "Contact cohort" in months["description"]  # doc('marts_contact_cohort') was rendered
    assert "{{" not in months["columns"]["as_of_date"]["description"]


def test_exposures_cover_the_dashboard(docs):
    manifest = docs["manifest"]
    exposures = {e["name"]: e for e in manifest["exposures"].values()}
    dashboard = exposures["segment_dashboard"]
    assert dashboard["type"] == "dashboard"
    depends = {uid.split(".")[-1] for uid in dashboard["depends_on"]["nodes"]}
    assert depends == DASHBOARD_MARTS
    # ... and they are exactly the marts the dashboard's queries read.
    source = (Path(__file__).resolve().parents[1] / "dashboard" / "data.py").read_text()
    assert set(re.findall(r"marts\.(\w+)", source)) == DASHBOARD_MARTS
    assert {"funnel_semantic_layer", "analyst_worked_examples"} <= set(exposures)
    # The static site is one self-contained file that embeds the manifest and the catalog.
    site = (docs["target"] / "static_index.html").read_text()
    assert "segment_dashboard" in site and "fct_funnel_account_months" in site
