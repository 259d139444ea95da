#!/usr/bin/env python3
"""Benchmark the microseg build on generated data at a given scale (DuckDB, the default target).

One run measures, each with its wall time and the peak resident memory of its whole process
tree (sampled every 0.1 s):

1. data      generate the sample extracts (skipped when --data-dir already holds them for the same
             accounts and seed), then hold back the last day of loads (rows of the incremental
             event tables extracted in the final 24 hours) for step 6;
2. floor     the raw-scan floor: one DuckDB process reading and decoding every value of every raw
             input once (what any build must at least do);
3. parse     `dbt parse` alone, from scratch: dbt's fixed start-up cost (no SQL); the builds
             then reuse its manifest (partial parsing), as a scheduled run does;
4. fixed     the same `dbt build` on a 100-account dataset: dbt's fixed cost per model, test,
             seed and snapshot, paid whatever the data size (skip with --skip-fixed);
5. full      `dbt build` on an empty warehouse, as the scheduled run does it: seeds, models,
             snapshots and every data test; unit tests (which test the SQL logic on fixtures, not
             the data) are excluded as dbt recommends for production runs (--with-unit-tests
             keeps them in);
6. unit      the unit tests on their own (`dbt test --select test_type:unit`), so their cost is
             reported beside the build rather than hidden in it;
7. incremental  the held-back day of loads arrives; `dbt build` again (incremental event models
             rebuild only the touched dates; every other model and test runs as scheduled).

It prints a table with the ratios full/floor and incremental/full, the data-dependent part of
the build (full minus fixed), where the build's time goes (per resource type, from dbt's
run_results.json: models, tests, seeds, snapshots; and the share that is dbt overhead rather
than SQL), the slowest nodes, and writes everything to a JSON file.

Examples:
    .venv/bin/python scripts/benchmark.py --accounts 50000
    .venv/bin/python scripts/benchmark.py --accounts 1000000 --data-dir /data/bench-1m --json bench-1m.json
    .venv/bin/python scripts/benchmark.py --accounts 3000 --skip-incremental --quiet

Exit codes: 0 all steps ran and dbt succeeded, 1 a dbt step failed (its log is printed),
2 bad arguments.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import psutil
import yaml

REPO = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
DBT = str(Path(PYTHON).with_name("dbt"))
# Incremental event models' raw tables (models/staging/engagement, macros/staging/incremental.sql).
INCREMENTAL_TABLES = ["engagement/email_events", "engagement/web_visits", "engagement/intent_topics",
                      "engagement/meetings", "engagement/content_downloads"]
DEFAULT_AS_OF = "2026-11-01"


class Sampler:
    """Peak RSS (bytes) of a process and all its descendants, sampled on a thread."""

    def __init__(self, pid: int, interval: float = 0.1):
        self.pid, self.interval, self.peak = pid, interval, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        try:
            root = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        while not self._stop.is_set():
            total = 0
            try:
                for proc in [root, *root.children(recursive=True)]:
                    try:
                        total += proc.memory_info().rss
                    except (psutil.NoSuchProcess, psutil.AccessDenied):
                        pass
            except psutil.NoSuchProcess:
                break
            self.peak = max(self.peak, total)
            self._stop.wait(self.interval)


class Progress:
    """One status line per step, with a ticking elapsed-time counter on a terminal."""

    def __init__(self, quiet: bool):
        self.quiet = quiet
        self.tty = sys.stderr.isatty()

    def run(self, label: str, fn):
        if self.quiet:
            return fn()
        start = time.monotonic()
        done = threading.Event()

        def tick() -> None:
            while not done.wait(1.0):
                if self.tty:
                    print(f"\r  {label} ... {time.monotonic() - start:6.0f} s", end="", file=sys.stderr, flush=True)

        print(f"  {label} ...", end="" if self.tty else "\n", file=sys.stderr, flush=True)
        thread = threading.Thread(target=tick, daemon=True)
        thread.start()
        try:
            return fn()
        finally:
            done.set()
            thread.join()
            print(f"\r  {label} ... done in {time.monotonic() - start:.1f} s", file=sys.stderr, flush=True)


def measure(cmd: list[str], *, env: dict, cwd: Path, log: Path) -> dict:
    """Run a command; returns wall seconds, peak tree RSS and the exit code (output to `log`)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as out:
        start = time.monotonic()
        cpu_before = psutil.Process().cpu_times()
        proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        with Sampler(proc.pid) as sampler:
            code = proc.wait()
        wall = time.monotonic() - start
    children = psutil.Process().cpu_times()
    cpu = (children.children_user - cpu_before.children_user) + (children.children_system - cpu_before.children_system)
    return {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "peak_rss_mb": round(sampler.peak / 2**20, 1),
            "exit_code": code, "log": str(log)}


def generate(args, data_dir: Path, progress: Progress, accounts: int | None = None) -> dict:
    """Generate `accounts` (default --accounts) with --seed into data_dir, or reuse what is there
    when it was generated with the same accounts and seed."""
    accounts = accounts or args.accounts
    manifest_path = data_dir / "_manifest.json"
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text())
        if manifest.get("accounts") == accounts and manifest.get("seed") == args.seed:
            return {"reused": True, "wall_s": None, "peak_rss_mb": None}
        sys.exit(f"benchmark: {data_dir} holds data for {manifest.get('accounts')} accounts, seed "
                 f"{manifest.get('seed')}; pass another --data-dir or delete it")
    cmd = [PYTHON, str(REPO / "scripts" / "generate_sample_data.py"), "--accounts", str(accounts),
           "--seed", str(args.seed), "--out", str(data_dir), "--as-of", args.as_of, "--quiet"]
    log = args.work_dir / "logs" / f"generate_{accounts}.log"
    result = progress.run(f"generate {accounts:,} accounts",
                          lambda: measure(cmd, env=os.environ.copy(), cwd=REPO, log=log))
    if result["exit_code"] != 0:
        fail("generator", result)
    return {"reused": False, **result}


def prepare_run_dir(data_dir: Path, run_dir: Path) -> dict:
    """run_dir mirrors data_dir with symlinks, except the incremental event tables, which are
    copies without the last day of loads. Returns the cut-off and the held-back row counts."""
    if run_dir.exists():
        shutil.rmtree(run_dir)
    for path in data_dir.rglob("*"):
        target = run_dir / path.relative_to(data_dir)
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(path.resolve())
    con = duckdb.connect()
    loaded = "try_cast(_extracted_at as timestamp)"
    latest = max(con.execute(f"select max({loaded}) from read_parquet('{data_dir / t}.parquet')").fetchone()[0]
                 for t in INCREMENTAL_TABLES)
    cutoff = latest - dt.timedelta(days=1)
    held_back = {}
    for table in INCREMENTAL_TABLES:
        source, target = data_dir / f"{table}.parquet", run_dir / f"{table}.parquet"
        target.unlink()
        con.execute(f"copy (select * from read_parquet('{source}') where {loaded} is null or {loaded} <= "
                    f"timestamp '{cutoff}') to '{target}' (format parquet)")
        total = con.execute(f"select count(*) from read_parquet('{source}')").fetchone()[0]
        kept = con.execute(f"select count(*) from read_parquet('{target}')").fetchone()[0]
        held_back[table] = {"rows": total, "held_back": total - kept}
    con.close()
    return {"cutoff": cutoff.isoformat(sep=" "), "tables": held_back}


def release_held_back(data_dir: Path, run_dir: Path) -> None:
    for table in INCREMENTAL_TABLES:
        target = run_dir / f"{table}.parquet"
        target.unlink()
        target.symlink_to((data_dir / f"{table}.parquet").resolve())


FLOOR_SCRIPT = r"""
import glob, sys, duckdb
con = duckdb.connect()
rows = 0
for path in sorted(glob.glob(sys.argv[1] + '/*/*.parquet')):
    cols = [r[0] for r in con.execute(f"describe select * from read_parquet('{path}')").fetchall()]
    # hash() of every value: every column chunk is read and decoded (counts alone could be
    # answered from Parquet metadata).
    hashes = ', '.join(f'sum(hash("{c}"))' for c in cols)
    rows += con.execute(f"select count(*), {hashes} from read_parquet('{path}')").fetchone()[0]
print(rows)
"""


def dbt_env(args, raw_dir: Path, db_path: Path) -> dict:
    env = os.environ.copy()
    env.update({"DBT_PROFILES_DIR": str(REPO), "MICROSEG_RAW_DIR": str(raw_dir), "MICROSEG_RAW_FORMAT": "parquet",
                "MICROSEG_DUCKDB_PATH": str(db_path), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"})
    if args.memory_limit.lower() != "none":
        env["MICROSEG_DUCKDB_MEMORY_LIMIT"] = args.memory_limit
    else:
        env.pop("MICROSEG_DUCKDB_MEMORY_LIMIT", None)
    return env


def dbt_cmd(args, verb: str, target_path: Path, log_dir: Path | None = None) -> list[str]:
    cmd = [DBT, verb, "--project-dir", str(REPO), "--profiles-dir", str(REPO), "--target-path", str(target_path),
           "--log-path", str(log_dir or args.work_dir / "logs"),
           "--vars", json.dumps({"microseg__as_of_date": args.as_of, **args.vars})]
    if args.threads:
        cmd += ["--threads", str(args.threads)]
    return cmd


def build_cmd(args, target_path: Path, log_dir: Path | None = None) -> list[str]:
    """`dbt build` as the scheduled run does it (scripts/scheduled_run.py): unit tests excluded
    unless --with-unit-tests."""
    cmd = dbt_cmd(args, "build", target_path, log_dir)
    if not args.with_unit_tests:
        cmd += ["--exclude-resource-type", "unit_test"]
    return cmd


FIXED_ACCOUNTS = 100


def measure_fixed(args, progress: Progress) -> dict:
    """dbt build on a 100-account dataset (generated once beside --data-dir): what the build
    costs when there is almost no data, i.e. dbt's per-node fixed cost."""
    data_dir = args.data_dir.parent / f"{args.data_dir.name}-fixed-{FIXED_ACCOUNTS}"
    generate(args, data_dir, progress, accounts=FIXED_ACCOUNTS)
    work = args.work_dir / "fixed"
    env = dbt_env(args, data_dir, work / "microseg.duckdb")
    target, logs = work / "target", work / "logs"
    parse = measure(dbt_cmd(args, "parse", target, logs), env=env, cwd=REPO, log=logs / "parse.log")
    if parse["exit_code"] != 0:
        fail("dbt parse (fixed-cost dataset)", parse)
    result = progress.run(f"dbt build on {FIXED_ACCOUNTS} accounts (fixed cost per node)",
                          lambda: measure(build_cmd(args, target, logs), env=env, cwd=REPO, log=logs / "build.log"))
    if result["exit_code"] != 0:
        fail("dbt build (fixed-cost dataset)", result)
    result["profile"] = node_profile(target, logs / "run_results_build.json")
    return result


def node_profile(target_path: Path, keep_as: Path) -> dict:
    """Where a dbt command's time went, from run_results.json (copied to `keep_as`: the next
    dbt command overwrites it, and the per-node timings show the build's critical path)."""
    shutil.copyfile(target_path / "run_results.json", keep_as)
    results = json.loads(keep_as.read_text())
    by_type: dict[str, dict] = {}
    nodes = []
    for r in results["results"]:
        kind = r["unique_id"].split(".")[0]
        entry = by_type.setdefault(kind, {"count": 0, "seconds": 0.0, "sql_seconds": 0.0})
        entry["count"] += 1
        entry["seconds"] += r.get("execution_time") or 0.0
        for timing in r.get("timing", []):
            if timing.get("name") == "execute" and timing.get("started_at") and timing.get("completed_at"):
                started = dt.datetime.fromisoformat(timing["started_at"].replace("Z", "+00:00"))
                completed = dt.datetime.fromisoformat(timing["completed_at"].replace("Z", "+00:00"))
                entry["sql_seconds"] += (completed - started).total_seconds()
        nodes.append((r.get("execution_time") or 0.0, r["unique_id"], r["status"]))
    for entry in by_type.values():
        entry["seconds"] = round(entry["seconds"], 2)
        entry["sql_seconds"] = round(entry["sql_seconds"], 2)
    nodes.sort(reverse=True)
    by_layer = layer_seconds(target_path, results["results"])
    statuses: dict[str, int] = {}
    for _, _, status in nodes:
        statuses[status] = statuses.get(status, 0) + 1
    return {"elapsed_s": round(results.get("elapsed_time", 0.0), 2), "by_type": by_type, "by_layer": by_layer,
            "statuses": statuses,
            "slowest": [{"node": n, "seconds": round(s, 2), "status": st} for s, n, st in nodes[:12]]}


def layer_seconds(target_path: Path, results: list[dict]) -> dict:
    """Node seconds of models and data tests by project layer (models/<layer>/, from the manifest):
    models as 'staging', 'staging (incremental)', 'intermediate', 'marts' ...; a data test under
    'tests on <layer>' of the first model it reads. Shows what an incremental run still rebuilds."""
    manifest_path = target_path / "manifest.json"
    if not manifest_path.exists():
        return {}
    nodes = json.loads(manifest_path.read_text())["nodes"]

    def model_layer(unique_id: str) -> str:
        node = nodes.get(unique_id, {})
        fqn = node.get("fqn", [])
        layer = fqn[1] if len(fqn) > 2 else "other"
        if node.get("config", {}).get("materialized") == "incremental":
            layer += " (incremental)"
        return layer

    seconds: dict[str, float] = {}
    for r in results:
        unique_id = r["unique_id"]
        kind = unique_id.split(".")[0]
        if kind == "model":
            key = model_layer(unique_id)
        elif kind == "test":
            parents = [n for n in nodes.get(unique_id, {}).get("depends_on", {}).get("nodes", [])
                       if n.startswith("model.")]
            key = "tests on " + (model_layer(parents[0]).split(" (")[0] if parents else "other")
        else:
            continue
        seconds[key] = seconds.get(key, 0.0) + (r.get("execution_time") or 0.0)
    return {k: round(v, 2) for k, v in sorted(seconds.items(), key=lambda kv: -kv[1])}


def fail(step: str, result: dict) -> None:
    log = Path(result["log"]).read_text(errors="replace")[-5000:]
    print(f"benchmark: {step} failed (exit {result['exit_code']}); last lines of {result['log']}:\n{log}",
          file=sys.stderr)
    sys.exit(1)


def machine() -> dict:
    cpu_model = ""
    try:
        cpu_model = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                         if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return {"cpus": psutil.cpu_count(), "cpu_model": cpu_model,
            "memory_gb": round(psutil.virtual_memory().total / 2**30, 1), "python": platform.python_version(),
            "duckdb": duckdb.__version__, "platform": platform.platform(),
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="benchmark.py", description=__doc__.split("\n\n")[0],
                                     epilog="\n\n".join(__doc__.split("\n\n")[1:]),
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--accounts", type=int, default=50_000, metavar="N", help="accounts to generate (default 50000)")
    parser.add_argument("--seed", type=int, default=42, help="generator seed (default 42)")
    parser.add_argument("--as-of", default=DEFAULT_AS_OF, help=f"as-of date of data and build (default {DEFAULT_AS_OF})")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="generated extracts; reused when they match --accounts/--seed "
                             "(default data/bench/<N>)")
    parser.add_argument("--work-dir", type=Path, default=None,
                        help="warehouse, dbt target and logs of the run (default warehouse/bench/<N>; wiped first)")
    parser.add_argument("--json", type=Path, default=None, help="result file (default <work-dir>/benchmark.json)")
    parser.add_argument("--threads", type=int, default=None, help="dbt threads (default: the profile's)")
    parser.add_argument("--memory-limit", default="8GB",
                        help="DuckDB memory cap for the builds (MICROSEG_DUCKDB_MEMORY_LIMIT; default 8GB; "
                             "'none' = DuckDB's default of 80%% of RAM)")
    parser.add_argument("--skip-incremental", action="store_true", help="measure data, floor, parse and full build only")
    parser.add_argument("--skip-fixed", action="store_true",
                        help=f"do not measure the build on {FIXED_ACCOUNTS} accounts (dbt's fixed cost)")
    parser.add_argument("--with-unit-tests", action="store_true",
                        help="run the unit tests inside the full and incremental builds (default: measured "
                             "separately, as the scheduled run leaves them to CI)")
    parser.add_argument("--var", action="append", default=[], metavar="NAME=VALUE", dest="var_items",
                        help="a dbt var for every dbt step, e.g. --var microseg__history_weeks=26 (repeatable; "
                             "VALUE is read as YAML; recorded in the JSON): measures a configuration other "
                             "than the default")
    parser.add_argument("--quiet", action="store_true", help="no progress lines (the table is still printed)")
    args = parser.parse_args(argv)
    args.vars = {}
    for item in args.var_items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            parser.error(f"--var must be NAME=VALUE, got {item!r}")
        if name.strip() == "microseg__as_of_date":
            parser.error("--var microseg__as_of_date: use --as-of (the generated data is dated by it too)")
        try:
            args.vars[name.strip()] = yaml.safe_load(value)
        except yaml.YAMLError as exc:
            parser.error(f"--var {name.strip()}: VALUE is not valid YAML ({exc.__class__.__name__})")
    if args.accounts < 100:
        parser.error("--accounts must be at least 100")
    try:
        dt.date.fromisoformat(args.as_of)
    except ValueError:
        parser.error(f"--as-of must be a date YYYY-MM-DD, got {args.as_of!r}")
    args.data_dir = (args.data_dir or REPO / "data" / "bench" / str(args.accounts)).resolve()
    args.work_dir = (args.work_dir or REPO / "warehouse" / "bench" / str(args.accounts)).resolve()
    args.json = (args.json or args.work_dir / "benchmark.json").resolve()
    return args


def ratio(a, b):
    return round(a / b, 2) if a is not None and b else None


def print_table(result: dict) -> None:
    steps = result["steps"]
    print(f"\nmicroseg benchmark: {result['accounts']:,} accounts, {result['raw_rows']:,} raw rows "
          f"({result['machine']['cpus']} CPUs, {result['machine']['memory_gb']} GiB)")
    print(f"{'step':<13}{'wall s':>9}{'cpu s':>9}{'peak MiB':>10}")
    for name in ("data", "floor", "parse", "fixed", "full", "unit", "incremental"):
        step = steps.get(name)
        if not step or step.get("wall_s") is None:
            if step and step.get("reused"):
                print(f"{name:<13}{'reused':>9}")
            continue
        print(f"{name:<13}{step['wall_s']:>9.1f}{step.get('cpu_s', 0):>9.1f}{step['peak_rss_mb']:>10.0f}")
    print(f"full / floor = {result['ratios']['full_over_floor']}   "
          f"incremental / full = {result['ratios']['incremental_over_full']}")
    if result["ratios"].get("data_dependent_s") is not None:
        print(f"full - fixed = {result['ratios']['data_dependent_s']} s (the data-dependent part of the build; "
              f"/ floor = {result['ratios']['data_dependent_over_floor']})")
    for name in ("fixed", "full", "incremental"):
        profile = steps.get(name, {}).get("profile")
        if not profile:
            continue
        parts = ", ".join(f"{k} {v['count']} nodes {v['seconds']:.1f} s" for k, v in sorted(profile["by_type"].items()))
        print(f"{name}: dbt elapsed {profile['elapsed_s']:.1f} s of {steps[name]['wall_s']:.1f} s wall "
              f"(start-up and parsing {steps[name]['wall_s'] - profile['elapsed_s']:.1f} s); {parts}")
        if profile.get("by_layer"):
            print("  by layer: " + "; ".join(f"{k} {v:.1f} s" for k, v in profile["by_layer"].items()))
        print("  slowest: " + "; ".join(f"{n['node'].split('.')[-1]} {n['seconds']:.1f} s" for n in profile["slowest"][:6]))


def main(argv=None) -> int:
    args = parse_args(argv)
    progress = Progress(args.quiet)
    if args.work_dir.exists():
        shutil.rmtree(args.work_dir)
    args.work_dir.mkdir(parents=True)
    result = {"accounts": args.accounts, "seed": args.seed, "as_of": args.as_of, "vars": args.vars,
              "started_at": dt.datetime.now().isoformat(timespec="seconds"), "memory_limit": args.memory_limit,
              "threads": args.threads, "machine": machine(), "steps": {}}
    steps = result["steps"]

    def save() -> None:
        """Write what is measured so far (a long run cut short keeps its finished steps)."""
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2) + "\n")

    steps["data"] = generate(args, args.data_dir, progress)
    run_dir = args.work_dir / "raw"
    steps["data"]["held_back"] = progress.run("hold back the last day of loads", lambda: prepare_run_dir(args.data_dir, run_dir))
    count_con = duckdb.connect()
    result["raw_rows"] = sum(count_con.execute(f"select count(*) from read_parquet('{p}')").fetchone()[0]
                             for p in sorted(run_dir.glob("*/*.parquet")))
    count_con.close()

    floor = progress.run("raw-scan floor (DuckDB reads and decodes every raw value once)",
                         lambda: measure([PYTHON, "-c", FLOOR_SCRIPT, str(run_dir)], env=os.environ.copy(), cwd=REPO,
                                         log=args.work_dir / "logs" / "floor.log"))
    if floor["exit_code"] != 0:
        fail("raw-scan floor", floor)
    steps["floor"] = floor
    save()

    db_path = args.work_dir / "microseg.duckdb"
    env = dbt_env(args, run_dir, db_path)
    # One target directory for all dbt steps: the builds reuse the parse step's manifest (dbt's
    # partial parsing), as a scheduled run does; the parse cost is reported on its own.
    target = args.work_dir / "target"
    steps["parse"] = progress.run("dbt parse (fixed start-up cost)",
                                  lambda: measure(dbt_cmd(args, "parse", target) + ["--no-partial-parse"], env=env,
                                                  cwd=REPO, log=args.work_dir / "logs" / "parse.log"))
    if steps["parse"]["exit_code"] != 0:
        fail("dbt parse", steps["parse"])

    if not args.skip_fixed:
        steps["fixed"] = measure_fixed(args, progress)
        save()

    full = progress.run("dbt build (full)", lambda: measure(build_cmd(args, target), env=env, cwd=REPO,
                                                             log=args.work_dir / "logs" / "build_full.log"))
    if full["exit_code"] != 0:
        fail("full dbt build", full)
    full["profile"] = node_profile(target, args.work_dir / "logs" / "run_results_full.json")
    steps["full"] = full
    save()

    if not args.with_unit_tests:
        unit = progress.run("unit tests (dbt test --select test_type:unit)",
                            lambda: measure(dbt_cmd(args, "test", target) + ["--select", "test_type:unit"], env=env,
                                            cwd=REPO, log=args.work_dir / "logs" / "unit_tests.log"))
        if unit["exit_code"] != 0:
            fail("unit tests", unit)
        unit["profile"] = node_profile(target, args.work_dir / "logs" / "run_results_unit.json")
        steps["unit"] = unit
        save()

    if not args.skip_incremental:
        release_held_back(args.data_dir, run_dir)
        inc = progress.run("dbt build (incremental, one day of loads)",
                           lambda: measure(build_cmd(args, target), env=env, cwd=REPO,
                                           log=args.work_dir / "logs" / "build_incremental.log"))
        if inc["exit_code"] != 0:
            fail("incremental dbt build", inc)
        inc["profile"] = node_profile(target, args.work_dir / "logs" / "run_results_incremental.json")
        steps["incremental"] = inc

    result["ratios"] = {
        "full_over_floor": ratio(full["wall_s"], floor["wall_s"]),
        "incremental_over_full": ratio(steps.get("incremental", {}).get("wall_s"), full["wall_s"]),
    }
    if "fixed" in steps:
        data_dependent = round(full["wall_s"] - steps["fixed"]["wall_s"], 2)
        result["ratios"]["data_dependent_s"] = data_dependent
        result["ratios"]["data_dependent_over_floor"] = ratio(data_dependent, floor["wall_s"])
    result["finished_at"] = dt.datetime.now().isoformat(timespec="seconds")
    save()
    print_table(result)
    print(f"\nresult: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
