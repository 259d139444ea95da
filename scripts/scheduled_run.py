#!/usr/bin/env python3
"""Scheduled microseg run: freshness check, build (models, tests, snapshots), short summary.

One entry point for cron or an orchestrator. It

1. takes an exclusive lock on the warehouse (a lock file beside it), and refuses to start,
   with a clear message and exit code 3, while another run holds it — or, on DuckDB, while
   another process (a dashboard, a notebook) has the warehouse file open;
2. checks source freshness (`dbt source freshness`): a source past its error threshold stops
   the run with exit code 4 unless --allow-stale is given (warnings are reported, not fatal);
3. runs `dbt build` (seeds, models, snapshots and data tests in DAG order; the snapshot keeps
   what this run decided even after segment definitions change). Unit tests check the SQL logic
   on fixtures, not the data, so a scheduled run leaves them to CI, as dbt recommends for
   production (`--exclude-resource-type unit_test`); --unit-tests runs them too;
4. prints a summary: resources built, tests failed or warned, segments whose membership changed
   today and the entries/exits recorded by this run.

Exit codes: 0 success (warnings allowed), 1 dbt build failed, 2 bad arguments,
3 warehouse busy, 4 stale sources.

Example crontab line (daily at 06:15, logs appended):
    15 6 * * * cd /opt/microseg && .venv/bin/python scripts/scheduled_run.py >> logs/scheduled.log 2>&1
"""
from __future__ import annotations

import argparse
import datetime as dt
import fcntl
import json
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXIT_BUILD_FAILED, EXIT_BAD_ARGS, EXIT_BUSY, EXIT_STALE = 1, 2, 3, 4


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="scheduled_run.py",
        description=__doc__.split("\n\n")[0] + "\n\n" + "\n\n".join(__doc__.split("\n\n")[1:3]),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Exit codes: 0 ok, 1 build failed, 2 bad arguments, 3 warehouse busy, 4 stale sources.",
    )
    parser.add_argument("--target", default=os.environ.get("MICROSEG_TARGET", "duckdb"),
                        help="dbt target from profiles.yml (default: %(default)s)")
    parser.add_argument("--as-of", dest="as_of", default=None,
                        help="as-of date YYYY-MM-DD (default: today, var microseg__as_of_date)")
    parser.add_argument("--vars", default=None,
                        help="extra dbt vars as a YAML/JSON mapping, merged with --as-of")
    parser.add_argument("--select", default=None, help="dbt selector for the build (default: everything)")
    parser.add_argument("--full-refresh", action="store_true",
                        help="rebuild incremental models from scratch")
    parser.add_argument("--allow-stale", action="store_true",
                        help="build even when a source is past its freshness error threshold")
    parser.add_argument("--skip-freshness", action="store_true", help="do not check source freshness")
    parser.add_argument("--unit-tests", action="store_true",
                        help="also run the unit tests (default: excluded, they belong to CI)")
    parser.add_argument("--lock-file", default=None,
                        help="lock file path (default: beside the DuckDB file, or target/.microseg.lock)")
    parser.add_argument("--summary-json", default=None, help="also write the summary to this JSON file")
    args = parser.parse_args(argv)
    if args.as_of is not None:
        try:
            dt.date.fromisoformat(args.as_of)
        except ValueError:
            parser.exit(EXIT_BAD_ARGS, f"scheduled_run.py: --as-of must be YYYY-MM-DD, got {args.as_of!r}\n")
    return args


def duckdb_path(target: str) -> Path | None:
    if target != "duckdb":
        return None
    return Path(os.environ.get("MICROSEG_DUCKDB_PATH", REPO / "warehouse" / "microseg.duckdb"))


class WarehouseBusy(RuntimeError):
    pass


class RunLock:
    """Exclusive, non-blocking lock on a file; records the holder's pid and start time."""

    def __init__(self, path: Path):
        self.path = path
        self.handle = None

    def __enter__(self) -> "RunLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.handle = open(self.path, "a+")
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.handle.seek(0)
            holder = self.handle.read().strip() or "unknown holder"
            self.handle.close()
            raise WarehouseBusy(f"another microseg run holds the warehouse lock {self.path} ({holder})")
        self.handle.seek(0)
        self.handle.truncate()
        self.handle.write(f"pid {os.getpid()} since {dt.datetime.now().isoformat(timespec='seconds')}")
        self.handle.flush()
        return self

    def __exit__(self, *exc) -> None:
        if self.handle:
            self.handle.seek(0)
            self.handle.truncate()
            fcntl.flock(self.handle, fcntl.LOCK_UN)
            self.handle.close()


def check_duckdb_free(path: Path) -> None:
    """DuckDB allows one writer process: fail early, clearly, if another process has the file."""
    if not path.exists():
        return
    import duckdb

    try:
        duckdb.connect(str(path)).close()
    except duckdb.IOException as exc:
        first = str(exc).splitlines()[0]
        raise WarehouseBusy(f"the warehouse file {path} is open in another process: {first}") from exc


def invoke(args: list[str], dbt_vars: dict) -> tuple[bool, object]:
    from dbt.cli.main import dbtRunner

    cli = [*args, "--project-dir", str(REPO), "--profiles-dir", os.environ.get("DBT_PROFILES_DIR", str(REPO))]
    if dbt_vars:
        cli += ["--vars", json.dumps(dbt_vars)]
    res = dbtRunner().invoke(cli)
    return bool(res.success), res


def summarize_results(run_results: dict) -> dict:
    counts: dict[str, dict[str, int]] = {}
    failed, warned = [], []
    for r in run_results.get("results", []):
        kind = r["unique_id"].split(".")[0]
        counts.setdefault(kind, {}).setdefault(r["status"], 0)
        counts[kind][r["status"]] += 1
        if r["status"] in ("fail", "error"):
            failed.append(r["unique_id"])
        elif r["status"] == "warn":
            warned.append(r["unique_id"])
    return {"counts": counts, "failed": failed, "warned": warned,
            "elapsed_seconds": round(run_results.get("elapsed_time", 0.0), 1)}


def membership_summary(path: Path | None, as_of: str) -> dict | None:
    """Entries/exits recorded for the as-of date (DuckDB default only; read-only)."""
    if path is None or not path.exists():
        return None
    import duckdb

    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.ConnectionException:
        # dbt-duckdb (run in this process by invoke()) keeps the file open read-write, and DuckDB
        # refuses a second, read-only configuration of it in the same process: reuse that mode.
        con = duckdb.connect(str(path))
    with con:
        tables = {r[0] for r in con.execute(
            "select table_name from information_schema.tables where table_schema = 'marts'").fetchall()}
        if "fct_segment_membership_changes" not in tables:
            return None
        rows = con.execute(
            "select change_type, count(*), count(distinct segment_id) from marts.fct_segment_membership_changes "
            "where change_date = cast(? as date) group by 1 order by 1", [as_of]).fetchall()
        segments = con.execute(
            "select count(*) from marts.dim_segments") .fetchone()[0] if "dim_segments" in tables else None
    return {"changes_on_as_of": {r[0]: {"rows": r[1], "segments": r[2]} for r in rows},
            "segments_defined": segments}


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    dbt_vars: dict = {}
    if args.vars:
        import yaml

        loaded = yaml.safe_load(args.vars)
        if not isinstance(loaded, dict):
            print("scheduled_run.py: --vars must be a mapping", file=sys.stderr)
            return EXIT_BAD_ARGS
        dbt_vars.update(loaded)
    as_of = args.as_of or str(dbt_vars.get("microseg__as_of_date") or dt.date.today().isoformat())
    dbt_vars["microseg__as_of_date"] = as_of
    os.environ["MICROSEG_TARGET"] = args.target
    db = duckdb_path(args.target)
    lock_path = Path(args.lock_file) if args.lock_file else (
        db.with_name(db.name + ".lock") if db else REPO / "target" / ".microseg.lock")
    started = time.monotonic()
    try:
        with RunLock(lock_path):
            if db:
                check_duckdb_free(db)
                db.parent.mkdir(parents=True, exist_ok=True)
            print(f"[microseg] run as of {as_of} on target {args.target}", flush=True)
            if not args.skip_freshness:
                print("[microseg] 1/2 source freshness", flush=True)
                ok, res = invoke(["source", "freshness", "--target", args.target], dbt_vars)
                if not ok and not args.allow_stale:
                    print("[microseg] stale or unreadable sources: not building (use --allow-stale to build anyway)",
                          file=sys.stderr)
                    return EXIT_STALE
            print("[microseg] 2/2 dbt build", flush=True)
            build = ["build", "--target", args.target]
            if args.select:
                build += ["--select", args.select]
            if args.full_refresh:
                build.append("--full-refresh")
            if not args.unit_tests:
                build += ["--exclude-resource-type", "unit_test"]
            ok, _ = invoke(build, dbt_vars)
            target_dir = Path(os.environ.get("DBT_TARGET_PATH", REPO / "target"))
            results_file = target_dir / "run_results.json"
            summary = summarize_results(json.loads(results_file.read_text())) if results_file.exists() else {}
            summary["membership"] = membership_summary(db, as_of)
            summary["success"] = ok
            summary["wall_seconds"] = round(time.monotonic() - started, 1)
    except WarehouseBusy as exc:
        print(f"[microseg] refusing to start: {exc}", file=sys.stderr)
        return EXIT_BUSY
    print_summary(summary)
    if args.summary_json:
        Path(args.summary_json).write_text(json.dumps(summary, indent=2))
    return 0 if ok else EXIT_BUILD_FAILED


def print_summary(summary: dict) -> None:
    print("[microseg] summary")
    for kind, statuses in sorted(summary.get("counts", {}).items()):
        print(f"  {kind:10s} " + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items())))
    for uid in summary.get("failed", []):
        print(f"  FAILED  {uid}")
    for uid in summary.get("warned", []):
        print(f"  warned  {uid}")
    membership = summary.get("membership")
    if membership:
        changes = membership["changes_on_as_of"]
        if changes:
            for change_type, c in changes.items():
                print(f"  membership {change_type}: {c['rows']} accounts across {c['segments']} segments")
        else:
            print("  membership: no entries or exits on the as-of date")
    print(f"  {'ok' if summary.get('success') else 'FAILED'} in {summary.get('wall_seconds')} s")


if __name__ == "__main__":
    sys.exit(main())
