"""Shared pytest fixtures: one generated sample dataset and one DuckDB warehouse built from it
per test session, through dbt's programmatic entry point (dbtRunner).

Every test that reads the marts uses `warehouse`; tests that need their own build (bad input,
definition edits) copy `sample_data` and call `run_dbt` with their own paths.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest

REPO = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
SAMPLE_ACCOUNTS = int(os.environ.get("MICROSEG_TEST_ACCOUNTS", "3000"))
SAMPLE_SEED = 7
AS_OF = "2026-11-01"


@dataclass
class DbtResult:
    success: bool
    output: str
    results: object = None
    exception: BaseException | None = None


def generate(out: Path, accounts: int = SAMPLE_ACCOUNTS, seed: int = SAMPLE_SEED,
             fmt: str = "parquet", as_of: str = AS_OF) -> Path:
    """Run the sample generator CLI; returns the output directory."""
    cmd = [PYTHON, str(REPO / "scripts" / "generate_sample_data.py"), "--accounts", str(accounts),
           "--seed", str(seed), "--out", str(out), "--format", fmt, "--as-of", as_of, "--quiet"]
    subprocess.run(cmd, check=True, cwd=REPO)
    return out


def run_dbt(args: list[str], *, workdir: Path, raw_dir: Path, db_path: Path | None = None,
            raw_format: str = "parquet", as_of: str = AS_OF, extra_vars: dict | None = None,
            extra_env: dict | None = None) -> DbtResult:
    """Invoke dbt through its programmatic entry point (dbtRunner) on an isolated warehouse.

    workdir holds target/ and logs/; the profile's DuckDB path is db_path (default
    workdir/wh.duckdb). Returns the success flag and every log line dbt emitted, so tests can
    assert on error messages. dbt fails -> success is False (tests must then fail).
    """
    from dbt.cli.main import dbtRunner

    workdir.mkdir(parents=True, exist_ok=True)
    env = {
        "DBT_PROFILES_DIR": str(REPO),
        "MICROSEG_DUCKDB_PATH": str(db_path or workdir / "wh.duckdb"),
        "MICROSEG_RAW_DIR": str(raw_dir),
        "MICROSEG_RAW_FORMAT": raw_format,
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        **(extra_env or {}),
    }
    variables = {"microseg__as_of_date": as_of, **(extra_vars or {})}
    lines: list[str] = []

    def collect(event) -> None:
        msg = getattr(event.info, "msg", "")
        if msg:
            lines.append(str(msg))

    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    cwd = os.getcwd()
    try:
        os.chdir(REPO)
        res = dbtRunner(callbacks=[collect]).invoke([
            *args, "--project-dir", str(REPO), "--profiles-dir", str(REPO),
            "--target-path", str(workdir / "target"), "--log-path", str(workdir / "logs"),
            "--vars", json.dumps(variables),
        ])
    finally:
        release_duckdb()
        os.chdir(cwd)
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    output = "\n".join(lines)
    if res.exception is not None:
        output += "\n" + str(res.exception)
    return DbtResult(success=bool(res.success), output=output, results=res.result,
                     exception=res.exception)


def release_duckdb() -> None:
    """Close the connections dbt-duckdb keeps open in this process after dbtRunner returns, so
    that other processes (streamlit, mf, a scheduled run) can open the warehouse file."""
    import gc

    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    DuckDBConnectionManager.close_all_connections()
    gc.collect()


@dataclass
class Warehouse:
    """A built DuckDB warehouse plus the dataset it was built from."""
    db_path: Path
    raw_dir: Path
    workdir: Path
    build_output: str
    manifest: dict = field(default_factory=dict)

    def connect(self) -> duckdb.DuckDBPyConnection:
        """Read-only connection; falls back to the default mode when dbt-duckdb (run in this
        process by dbtRunner) still holds the file open read-write, since DuckDB refuses a second
        configuration of one file in one process."""
        try:
            return duckdb.connect(str(self.db_path), read_only=True)
        except duckdb.ConnectionException:
            return duckdb.connect(str(self.db_path))

    def query(self, sql: str, params: list | None = None) -> list[tuple]:
        with self.connect() as con:
            return con.execute(sql, params or []).fetchall()

    def df(self, sql: str):
        with self.connect() as con:
            return con.execute(sql).df()

    def scalar(self, sql: str):
        rows = self.query(sql)
        return rows[0][0]

    @property
    def ground_truth_dir(self) -> Path:
        return self.raw_dir / "_ground_truth"

    def ground_truth(self, name: str):
        """Ground-truth table (accounts, triggers) as a DataFrame."""
        base = self.ground_truth_dir
        for ext, reader in (("parquet", "read_parquet"), ("csv", "read_csv_auto")):
            path = base / f"{name}.{ext}"
            if path.exists():
                with duckdb.connect() as con:
                    return con.execute(f"select * from {reader}('{path}')").df()
        raise FileNotFoundError(f"no ground truth table {name!r} in {base}")

    def groups(self) -> dict:
        return json.loads((self.ground_truth_dir / "groups.json").read_text())


@pytest.fixture(scope="session")
def sample_data(tmp_path_factory) -> Path:
    """Generated sample extracts (parquet) shared by the session. Read-only: copy to modify."""
    out = tmp_path_factory.mktemp("sample") / "raw"
    return generate(out)


@pytest.fixture(scope="session")
def warehouse(sample_data, tmp_path_factory) -> Warehouse:
    """`dbt build` (seeds, models, snapshots, tests) of the whole project on the sample data."""
    workdir = tmp_path_factory.mktemp("warehouse")
    result = run_dbt(["build"], workdir=workdir, raw_dir=sample_data)
    if not result.success:
        pytest.fail("dbt build failed on the sample data:\n" + result.output[-6000:])
    manifest = json.loads((sample_data / "_manifest.json").read_text())
    return Warehouse(db_path=workdir / "wh.duckdb", raw_dir=sample_data, workdir=workdir,
                     build_output=result.output, manifest=manifest)


@pytest.fixture()
def sample_copy(sample_data, tmp_path) -> Path:
    """A private, writable copy of the sample extracts (for bad-input tests)."""
    dest = tmp_path / "raw"
    shutil.copytree(sample_data, dest)
    return dest
