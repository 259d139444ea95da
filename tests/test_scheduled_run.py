"""scripts/scheduled_run.py, the entry point for cron and orchestrators.

A run on the sample succeeds and prints its summary; a second run while the first holds the lock
(or while another process has the DuckDB file open for writing) refuses to start with exit code
3 and a clear message; --help explains itself.
"""
from __future__ import annotations

import fcntl
import gc
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "scripts" / "scheduled_run.py"
AS_OF = "2026-11-01"


def release_dbt_duckdb() -> None:
    """dbt-duckdb keeps the last warehouse it built open (read-write, file-locked) in this process
    after dbtRunner returns: close it, so other processes and read-only connections can open it."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    DuckDBConnectionManager.close_all_connections()
    gc.collect()


def run_script(args: list[str], db_path: Path, raw_dir: Path, workdir: Path, timeout: int = 1800):
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(REPO),
        "MICROSEG_DUCKDB_PATH": str(db_path),
        "MICROSEG_RAW_DIR": str(raw_dir),
        "MICROSEG_TARGET": "duckdb",
        "DBT_TARGET_PATH": str(workdir / "target"),
        "DBT_LOG_PATH": str(workdir / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    return subprocess.run([sys.executable, str(SCRIPT), *args], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=timeout)


@pytest.fixture()
def warehouse_copy(warehouse, tmp_path) -> Path:
    """A private copy of the built warehouse (same file name, so compiled SQL names the same database)."""
    release_dbt_duckdb()  # closes (and checkpoints) the session's build before copying the file
    copy = tmp_path / warehouse.db_path.name
    shutil.copy(warehouse.db_path, copy)
    return copy


def test_help_exits_zero():
    done = subprocess.run([sys.executable, str(SCRIPT), "--help"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert "Exit codes" in done.stdout and "--allow-stale" in done.stdout and "warehouse busy" in done.stdout


def test_bad_as_of_exits_2(tmp_path, warehouse):
    done = run_script(["--as-of", "2026-13-45"], tmp_path / "wh.duckdb", warehouse.raw_dir, tmp_path, timeout=60)
    assert done.returncode == 2
    assert "--as-of must be YYYY-MM-DD" in done.stderr


@pytest.mark.slow
def test_run_on_the_sample_succeeds_and_prints_the_summary(warehouse, warehouse_copy, tmp_path):
    """A scheduled run (freshness check, dbt build, summary) on the sample's warehouse.

    The sample's extracts are dated around the as-of date, so against today's clock they are past
    the freshness error threshold: --allow-stale builds anyway (a real schedule leaves it off).
    The build is limited to the semantic mart and its tests to keep the suite fast; the script's
    flow (lock, freshness, build, summary from the marts) is the same as for a full build.
    """
    summary_file = tmp_path / "summary.json"
    done = run_script(
        ["--as-of", AS_OF, "--allow-stale", "--select", "fct_funnel_account_months metricflow_time_spine",
         "--summary-json", str(summary_file)],
        warehouse_copy, warehouse.raw_dir, tmp_path,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    out = done.stdout
    for line in ("[microseg] run as of 2026-11-01 on target duckdb", "[microseg] 1/2 source freshness",
                 "[microseg] 2/2 dbt build", "[microseg] summary"):
        assert line in out
    assert "ok in" in out
    summary = json.loads(summary_file.read_text())
    assert summary["success"] is True
    assert summary["counts"]["model"] == {"success": 2}
    # Its data tests (not-null checks are contract constraints in marts, so fewer test nodes).
    assert summary["counts"]["test"].get("pass", 0) >= 5 and not summary["failed"]
    membership = summary["membership"]
    assert membership["segments_defined"] == warehouse.scalar("select count(*) from marts.dim_segments")
    expected = dict(warehouse.query(
        "select change_type, count(*) from marts.fct_segment_membership_changes "
        f"where change_date = date '{AS_OF}' group by 1"))
    assert {k: v["rows"] for k, v in membership["changes_on_as_of"].items()} == expected
    for change_type, rows in expected.items():
        assert f"membership {change_type}: {rows} accounts" in out
    assert not Path(str(warehouse_copy) + ".lock").read_text().strip(), "the lock file is released and cleared"


def test_second_run_refused_while_the_lock_is_held(warehouse, warehouse_copy, tmp_path):
    lock_path = Path(str(warehouse_copy) + ".lock")
    with open(lock_path, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        handle.write("pid 4242 since 2026-11-01T06:15:00")
        handle.flush()
        done = run_script(["--as-of", AS_OF], warehouse_copy, warehouse.raw_dir, tmp_path, timeout=120)
    assert done.returncode == 3
    assert "refusing to start" in done.stderr
    assert "another microseg run holds the warehouse lock" in done.stderr
    assert "pid 4242" in done.stderr  # names the holder
    assert "dbt build" not in done.stdout


def test_second_run_refused_while_the_warehouse_is_open(warehouse, warehouse_copy, tmp_path):
    """A dashboard or notebook holding a DuckDB write connection blocks the run the same way."""
    con = duckdb.connect(str(warehouse_copy))
    try:
        done = run_script(["--as-of", AS_OF], warehouse_copy, warehouse.raw_dir, tmp_path, timeout=120)
    finally:
        con.close()
    assert done.returncode == 3
    assert "refusing to start" in done.stderr
    assert "is open in another process" in done.stderr
    # Released: the lock file does not stay held after the refusal.
    with open(str(warehouse_copy) + ".lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)


def test_unit_tests_are_left_to_ci_unless_asked_for(warehouse, warehouse_copy, tmp_path):
    """A scheduled run builds and data-tests the selection but skips the unit tests on it (they
    check SQL logic on fixtures, which CI does); --unit-tests runs them as well."""
    counts = {}
    for flag in ([], ["--unit-tests"]):
        summary_file = tmp_path / f"summary{len(flag)}.json"
        done = run_script(["--as-of", AS_OF, "--skip-freshness", "--select", "int_accounts__headcount_growth",
                           "--summary-json", str(summary_file), *flag],
                          warehouse_copy, warehouse.raw_dir, tmp_path / f"run{len(flag)}")
        assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
        counts[bool(flag)] = json.loads(summary_file.read_text())["counts"]
    assert counts[False]["model"] == {"success": 1} and counts[False]["test"].get("pass", 0) >= 1
    assert "unit_test" not in counts[False]
    assert counts[True]["unit_test"].get("pass", 0) >= 2
