"""The same project, unchanged, on PostgreSQL and Spark: each builds green (`dbt build`: seeds,
models, unit and data tests) on a small generated dataset and yields the same staging and mart
contents as the DuckDB build of that dataset.

Models compared are discovered from the manifest (every staging and marts model), so new marts
are covered without editing this file. See tests/engines/engine_profile.py for the measures.

Both run by default in the test command (scripts/test.sh; MICROSEG_SKIP_SPARK=1 skips Spark).
Run only these:  .venv/bin/python -m pytest -m "postgres or spark" tests/engines
Skip them:       .venv/bin/python -m pytest -m "not postgres and not spark"
Costs on 2 cores: the DuckDB reference and the PostgreSQL build take about a minute each; Spark
6-10 minutes (~15 s of JVM start per dbt invocation, four invocations: create raw tables
40-60 s, build 4-7 min, a second snapshot run (the Parquet rewrite path) and the export 30-60 s
each; every model and test is a Spark job, hence the generic tests skipped there, below). Raise MICROSEG_ENGINE_TEST_ACCOUNTS for a larger dataset.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from engine_profile import arrow_from_rows, column_kind, compare_profiles, profile_arrow

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts"))

from pg_server import PostgresServer  # noqa: E402

PYTHON = sys.executable
DBT = str(Path(sys.executable).with_name("dbt"))
ACCOUNTS = int(os.environ.get("MICROSEG_ENGINE_TEST_ACCOUNTS", "400"))
SEED = 11
AS_OF = "2026-11-01"
# Layer -> name prefix of the models compared there ("" = all): the staging models proper
# (base_* models are their plumbing, checked through them and stg_rejected_rows) and every mart.
COMPARED_LAYERS = {"staging": "stg_", "marts": ""}
DBT_VARS = json.dumps({"microseg__as_of_date": AS_OF})


@dataclass
class Build:
    """One engine's build: its target dir (manifest) and the wall time of `dbt build`."""
    target: str
    workdir: Path
    env: dict
    seconds: float
    output: str

    @property
    def manifest(self) -> dict:
        return json.loads((self.workdir / "target" / "manifest.json").read_text())


def base_env(workdir: Path, raw_dir: Path) -> dict:
    return {
        **os.environ,
        "DBT_PROFILES_DIR": str(REPO),
        "DBT_TARGET_PATH": str(workdir / "target"),
        "DBT_LOG_PATH": str(workdir / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "MICROSEG_RAW_DIR": str(raw_dir),
        "MICROSEG_RAW_FORMAT": "parquet",
        "MICROSEG_DUCKDB_PATH": str(workdir / "wh.duckdb"),
        "SPARK_LOCAL_IP": "127.0.0.1",
    }


# A line of Spark's JVM log on stderr ("26/12/05 23:10:08 WARN SparkSession: ...").
JVM_LOG_LINE = re.compile(r"^\d\d/\d\d/\d\d \d\d:\d\d:\d\d [A-Z]+ ")


def run(cmd: list[str], env: dict, what: str) -> str:
    """Run a command from the repo root; fail the test with the output tail when it fails
    (stderr first, so dbt's error summary on stdout ends the message; without Spark's JVM log
    lines and Java stack frames, which would fill the tail)."""
    result = subprocess.run(cmd, env=env, cwd=REPO, capture_output=True, text=True)
    output = result.stdout + result.stderr
    if result.returncode != 0:
        lines = [line for line in (result.stderr + "\n" + result.stdout).splitlines()
                 if not line.lstrip().startswith("at ") and not JVM_LOG_LINE.match(line)]
        pytest.fail(f"{what} failed (exit {result.returncode}):\n" + "\n".join(lines[-80:]))
    return output


# On Spark every data test is a Spark job (~0.5-1 s each on 2 cores, hundreds of them): there the
# build skips dbt's own generic tests (not_null, unique, accepted_values, relationships), whose
# outcome follows from the data, which is compared with DuckDB's below, and which PostgreSQL and
# DuckDB run in full. Unit tests, singular tests and the project's own generic tests (SQL
# written here, so its portability is what is being tested) still run on Spark.
# MICROSEG_SPARK_ALL_TESTS=1 runs everything.
SPARK_SKIPPED_TESTS = ["test_name:not_null", "test_name:unique", "test_name:accepted_values",
                       "test_name:relationships"]


def dbt_build(target: str, workdir: Path, env: dict) -> Build:
    started = time.monotonic()
    args = [DBT, "build", "--target", target, "--vars", DBT_VARS]
    if target == "spark" and os.environ.get("MICROSEG_SPARK_ALL_TESTS") != "1":
        args += ["--exclude", *SPARK_SKIPPED_TESTS]
    output = run(args, env, f"dbt build --target {target}")
    return Build(target=target, workdir=workdir, env=env, seconds=time.monotonic() - started, output=output)


def compared_nodes(manifest: dict) -> list[dict]:
    """Staging (stg_*) and marts models of this project (not ephemeral, enabled)."""
    nodes = [
        node for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["package_name"] == "microseg"
        and node["fqn"][1] in COMPARED_LAYERS
        and node["name"].startswith(COMPARED_LAYERS[node["fqn"][1]])
        and node["config"].get("enabled", True)
        and node["config"].get("materialized") != "ephemeral"
    ]
    return sorted(nodes, key=lambda n: n["unique_id"])


def engine_dependent_columns(node: dict) -> frozenset[str]:
    """Columns declared `config: {meta: {engine_dependent: true}}` in the model YAML."""
    names = set()
    for name, column in node.get("columns", {}).items():
        meta = {**(column.get("meta") or {}), **((column.get("config") or {}).get("meta") or {})}
        if meta.get("engine_dependent"):
            names.add(name.lower())
    return frozenset(names)


# -- fixtures ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def engine_raw(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("engines") / "raw"
    subprocess.run(
        [PYTHON, str(REPO / "scripts" / "generate_sample_data.py"), "--accounts", str(ACCOUNTS),
         "--seed", str(SEED), "--out", str(out), "--format", "parquet", "--as-of", AS_OF, "--quiet"],
        check=True, cwd=REPO,
    )
    return out


@pytest.fixture(scope="module")
def reference(engine_raw, tmp_path_factory) -> dict:
    """DuckDB build of the dataset: {model unique_id: profile} plus the kinds per column."""
    workdir = tmp_path_factory.mktemp("engines_duckdb")
    build = dbt_build("duckdb", workdir, base_env(workdir, engine_raw))
    nodes = compared_nodes(build.manifest)
    assert nodes, "no staging or marts models found in the manifest"
    profiles, kinds = {}, {}
    with duckdb.connect(str(workdir / "wh.duckdb"), read_only=True) as con:
        for node in nodes:
            table = con.execute(f"select * from {node['relation_name']}").to_arrow_table()
            described = con.execute(f"describe select * from {node['relation_name']}").fetchall()
            kinds[node["unique_id"]] = {row[0].lower(): column_kind(row[1]) for row in described}
            profiles[node["unique_id"]] = profile_arrow(
                node["name"], table, kinds[node["unique_id"]], engine_dependent_columns(node))
        snapshots = {node["name"]: {
            "unique_key": node["config"]["unique_key"],
            "keys": sorted(row[0] for row in con.execute(
                f"select cast({node['config']['unique_key']} as varchar) from {node['relation_name']}").fetchall()),
        } for node in snapshot_nodes(build.manifest)}
    assert set(snapshots) == {"snap_segment_decisions", "snap_account_primary_segment"}
    return {"profiles": profiles, "kinds": kinds, "nodes": nodes, "snapshots": snapshots, "seconds": build.seconds}


def snapshot_nodes(manifest: dict) -> list[dict]:
    return sorted((node for node in manifest["nodes"].values()
                   if node["resource_type"] == "snapshot" and node["package_name"] == "microseg"
                   and node["config"].get("enabled", True)), key=lambda n: n["name"])


def assert_same_as_reference(reference: dict, engine_tables: dict, engine: str) -> None:
    """engine_tables: {unique_id: Arrow table} for every reference model."""
    problems: list[str] = []
    for node in reference["nodes"]:
        uid = node["unique_id"]
        if uid not in engine_tables:
            problems.append(f"{node['name']}: not built on {engine}")
            continue
        candidate = profile_arrow(node["name"], engine_tables[uid], reference["kinds"][uid],
                                  engine_dependent_columns(node))
        problems.extend(compare_profiles(reference["profiles"][uid], candidate))
    assert not problems, f"{engine} differs from DuckDB:\n" + "\n".join(problems[:200])


# -- tests -------------------------------------------------------------------------------------
@pytest.mark.postgres
def test_postgres_build_matches_duckdb(engine_raw, reference, tmp_path):
    workdir = tmp_path / "postgres"
    with PostgresServer() as server:
        env = {**base_env(workdir, engine_raw), **server.env()}
        run([PYTHON, str(REPO / "scripts" / "load_raw.py"), "--target", "postgres",
             "--raw-dir", str(engine_raw), "--quiet"], env, "load_raw.py --target postgres")
        build = dbt_build("postgres", workdir, env)
        print(f"postgres dbt build: {build.seconds:.1f} s (duckdb {reference['seconds']:.1f} s)")
        nodes = {n["unique_id"]: n for n in compared_nodes(build.manifest)}
        tables = {}
        with server.connect() as conn, conn.cursor() as cur:
            for uid, node in nodes.items():
                cur.execute(f"select * from {node['relation_name']}")
                names = [d.name for d in cur.description]
                tables[uid] = arrow_from_rows(names, cur.fetchall())
    assert_same_as_reference(reference, tables, "postgres")


@pytest.mark.spark
def test_spark_build_matches_duckdb(engine_raw, reference, tmp_path):
    workdir = tmp_path / "spark"
    spark_dir = workdir / "spark"
    env = {**base_env(workdir, engine_raw), "MICROSEG_SPARK_DIR": str(spark_dir)}
    # Same --vars as the build, so the build reuses this invocation's parse (partial parsing).
    run([PYTHON, str(REPO / "scripts" / "load_raw.py"), "--target", "spark",
         "--raw-dir", str(engine_raw), "--vars", DBT_VARS, "--quiet"], env, "load_raw.py --target spark")
    build = dbt_build("spark", workdir, env)
    print(f"spark dbt build: {build.seconds:.1f} s (duckdb {reference['seconds']:.1f} s)")
    # A second snapshot run on unchanged inputs: on Parquet it takes the rewrite path of
    # macros/engines/spark_snapshot.sql (the first run, inside the build, created the tables).
    run([DBT, "snapshot", "--target", "spark", "--vars", DBT_VARS], env, "dbt snapshot --target spark (second run)")
    nodes = {n["unique_id"]: n for n in compared_nodes(build.manifest)}
    export_dir = workdir / "export"
    relations = {uid: f"{n['schema']}.{n['alias'] or n['name']}" for uid, n in nodes.items()}
    snapshots = {n["name"]: (n, f"{n['schema']}.{n['alias'] or n['name']}") for n in snapshot_nodes(build.manifest)}
    exported = sorted(relations.values()) + sorted(relation for _, relation in snapshots.values())
    run([DBT, "run-operation", "microseg.export_relations_spark", "--target", "spark", "--vars", DBT_VARS,
         "--args", json.dumps({"relations": exported, "directory": str(export_dir)})],
        env, "dbt run-operation export_relations_spark")
    tables = {}
    with duckdb.connect() as con:
        con.execute("set timezone = 'UTC'")
        for uid, relation in relations.items():
            tables[uid] = con.execute(
                f"select * from read_parquet('{export_dir / relation}/*.parquet')").to_arrow_table()
        # Snapshots: the same versions as DuckDB's single run, none closed by the unchanged rerun.
        assert set(snapshots) == set(reference["snapshots"]), "snapshots built on spark differ"
        for name, (node, relation) in snapshots.items():
            key = reference["snapshots"][name]["unique_key"]
            keys, closed = con.execute(
                f"select list(cast({key} as varchar) order by cast({key} as varchar)), "
                f"count(*) filter (where dbt_valid_to is not null) "
                f"from read_parquet('{export_dir / relation}/*.parquet')").fetchone()
            assert closed == 0, f"{name}: the unchanged second snapshot run closed {closed} versions on spark"
            assert keys == reference["snapshots"][name]["keys"], f"{name}: versions differ from DuckDB's"
    assert_same_as_reference(reference, tables, "spark")


def test_load_raw_without_a_server_says_how_to_start_one(engine_raw):
    """No PostgreSQL where the env vars point: one line naming the address and the env vars,
    with the command that starts a throwaway server (not a driver traceback)."""
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "MICROSEG_PG_HOST": "127.0.0.1", "MICROSEG_PG_PORT": str(port)}
    result = subprocess.run([PYTHON, str(REPO / "scripts" / "load_raw.py"), "--target", "postgres",
                             "--raw-dir", str(engine_raw), "--quiet"], env=env, cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"load_raw: cannot connect to PostgreSQL microseg@127.0.0.1:{port}/microseg "
                               "(MICROSEG_PG_HOST, _PORT, _USER, _PASSWORD, _DATABASE)")
    assert lines[0].endswith('eval "$(.venv/bin/python scripts/pg_server.py start)"')
