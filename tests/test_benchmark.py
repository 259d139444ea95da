"""scripts/benchmark.py end to end on a tiny dataset: every step runs, the JSON holds what the
README's table reports, and the held-back day of loads really reaches the incremental run.
(The figures themselves are not asserted: performance is measured by running the script, not by
timed tests.)"""
from __future__ import annotations

import json
import subprocess
import sys

import duckdb
import pytest
from conftest import REPO

pytestmark = pytest.mark.slow


def test_help_explains_the_steps():
    out = subprocess.run([sys.executable, str(REPO / "scripts" / "benchmark.py"), "--help"],
                         capture_output=True, text=True, check=True).stdout
    for word in ("floor", "parse", "fixed", "full", "unit", "incremental", "--accounts", "--memory-limit", "--json",
                 "--with-unit-tests"):
        assert word in out


def test_bad_arguments_exit_2():
    res = subprocess.run([sys.executable, str(REPO / "scripts" / "benchmark.py"), "--accounts", "5"],
                         capture_output=True, text=True)
    assert res.returncode == 2 and "--accounts must be at least 100" in res.stderr


@pytest.mark.parametrize("item, message", [
    ("microseg__history_weeks", "--var must be NAME=VALUE"),
    ("=3", "--var must be NAME=VALUE"),
    ("microseg__as_of_date=2026-01-01", "use --as-of"),
    ("microseg__history_weeks=[1", "VALUE is not valid YAML"),
])
def test_bad_var_exits_2_naming_it(item, message):
    res = subprocess.run([sys.executable, str(REPO / "scripts" / "benchmark.py"), "--var", item],
                         capture_output=True, text=True)
    assert res.returncode == 2 and message in res.stderr


def test_tiny_run_measures_every_step(tmp_path):
    out = tmp_path / "result.json"
    res = subprocess.run([sys.executable, str(REPO / "scripts" / "benchmark.py"), "--accounts", "300",
                          "--seed", "3", "--data-dir", str(tmp_path / "data"), "--work-dir", str(tmp_path / "work"),
                          "--json", str(out), "--memory-limit", "2GB", "--quiet",
                          "--var", "microseg__history_weeks=5"],
                         capture_output=True, text=True, timeout=1800)
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    result = json.loads(out.read_text())
    steps = result["steps"]
    for name in ("floor", "parse", "fixed", "full", "unit", "incremental"):
        assert steps[name]["exit_code"] == 0
        assert steps[name]["wall_s"] > 0 and steps[name]["peak_rss_mb"] > 0
    assert steps["data"]["reused"] is False
    held = steps["data"]["held_back"]["tables"]
    assert sum(t["held_back"] for t in held.values()) > 0, "no load was held back for the incremental run"
    # --var reaches every dbt step: the history has the as-of date and 5 weeks before it.
    assert result["vars"] == {"microseg__history_weeks": 5}
    with duckdb.connect(str(tmp_path / "work" / "microseg.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from intermediate.int_accounts__evaluation_dates").fetchone()[0] == 6
    assert result["ratios"]["full_over_floor"] == round(steps["full"]["wall_s"] / steps["floor"]["wall_s"], 2)
    profile = steps["full"]["profile"]
    assert profile["by_type"]["model"]["count"] > 50 and profile["by_type"]["test"]["count"] > 100
    # Node time by layer adds up to the models' and data tests' node time.
    layers = profile["by_layer"]
    assert {"staging", "staging (incremental)", "intermediate", "marts", "tests on intermediate"} <= set(layers)
    assert sum(layers.values()) == pytest.approx(profile["by_type"]["model"]["seconds"]
                                                 + profile["by_type"]["test"]["seconds"], abs=0.1)
    assert profile["statuses"].get("error", 0) == 0 and profile["statuses"].get("fail", 0) == 0
    # The full build is the scheduled run's (no unit tests); they are measured on their own, and
    # the fixed-cost build runs the same nodes on 100 accounts.
    assert "unit_test" not in profile["by_type"]
    assert steps["unit"]["profile"]["by_type"]["unit_test"]["count"] > 20
    assert steps["fixed"]["profile"]["by_type"]["model"]["count"] == profile["by_type"]["model"]["count"]
    assert steps["fixed"]["profile"]["by_type"]["test"]["count"] == profile["by_type"]["test"]["count"]
    assert result["ratios"]["data_dependent_s"] == round(steps["full"]["wall_s"] - steps["fixed"]["wall_s"], 2)
    # The incremental run staged the released day: the newest load in staging is the newest raw one.
    raw_latest = duckdb.sql(f"select max(try_cast(_extracted_at as timestamp)) from read_parquet('"
                            f"{tmp_path / 'data'}/engagement/email_events.parquet')").fetchone()[0]
    with duckdb.connect(str(tmp_path / "work" / "microseg.duckdb"), read_only=True) as con:
        staged_latest = con.execute("select max(_extracted_at) from staging.stg_engagement__email_events").fetchone()[0]
    assert staged_latest == raw_latest
    assert "full / floor" in res.stdout
    # Each dbt step's per-node timings are kept (the next dbt command overwrites target/).
    for name in ("full", "unit", "incremental"):
        kept = json.loads((tmp_path / "work" / "logs" / f"run_results_{name}.json").read_text())
        assert len(kept["results"]) == sum(v["count"] for v in steps[name]["profile"]["by_type"].values())
