#!/usr/bin/env python3
"""Generate messy, realistic sample extracts (CRM, enrichment, engagement) for microseg.

Writes one file per raw table of the source contract (models/staging/*/_*__sources.yml):

    <out>/crm/<table>.<fmt>  <out>/enrichment/<table>.<fmt>  <out>/engagement/<table>.<fmt>
    <out>/_ground_truth/accounts.<fmt>, triggers.<fmt>, groups.json   (what later layers must recover)
    <out>/_manifest.json   (written last: row / duplicate / reject counts per table, as-of, seed ...)

The extracts are messy on purpose, and every planted defect is counted in the manifest: mixed-case
and 'https://www.' websites with paths and trailing dots, emails with spaces / upper case, re-pulled
duplicate rows (the latest `updated_at` / `_extracted_at` wins), soft-deleted CRM rows, six currencies,
local timestamps with UTC offsets, late-arriving events, free-mail and unknown-company contacts, and
~0.3 % impossible rows that staging must reject (missing keys, 'not-a-date', event_type 'bogus',
negative employee counts / amounts, close_date before created, intent_score outside 0-100).
Planted micro-segments (groups.json) have known rules and lifts for later layers to recover.

The data are deterministic for (--accounts, --seed, --as-of): the same arguments give byte-identical
files. --chunk-size and --workers only bound memory / use CPUs; they do not change the data. The
output is built in a temporary directory and renamed into place at the end, so a half-written <out>
never exists.

Example:
    .venv/bin/python scripts/generate_sample_data.py --accounts 3000 --seed 7 --out /tmp/raw --as-of 2026-11-01
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

MIN_ACCOUNTS = 100
MAX_ACCOUNTS = 20_000_000


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one-line reason, non-zero exit
        sys.stderr.write(f"generate_sample_data.py: error: {message}\n")
        raise SystemExit(2)


def _accounts(v: str) -> int:
    try:
        n = int(v)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--accounts must be an integer, got {v!r}") from None
    if not MIN_ACCOUNTS <= n <= MAX_ACCOUNTS:
        raise argparse.ArgumentTypeError(
            f"--accounts must be between {MIN_ACCOUNTS} and {MAX_ACCOUNTS:,} (planted groups need at least "
            f"{MIN_ACCOUNTS} accounts), got {n}")
    return n


def _seed(v: str) -> int:
    try:
        s = int(v)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--seed must be a non-negative integer, got {v!r}") from None
    if s < 0:
        raise argparse.ArgumentTypeError(f"--seed must be a non-negative integer, got {s}")
    return s


def _date(v: str) -> dt.date:
    try:
        d = dt.date.fromisoformat(v)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--as-of must be a date YYYY-MM-DD, got {v!r}") from None
    if not dt.date(2000, 1, 1) <= d <= dt.date(2100, 12, 31):
        raise argparse.ArgumentTypeError(f"--as-of must be between 2000-01-01 and 2100-12-31, got {v}")
    return d


def _chunk(v: str) -> int:
    try:
        c = int(v)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--chunk-size must be an integer, got {v!r}") from None
    if c < 1000:
        raise argparse.ArgumentTypeError(f"--chunk-size must be at least 1000 accounts, got {c}")
    return c


def _workers(v: str) -> int:
    try:
        w = int(v)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--workers must be an integer, got {v!r}") from None
    if not 0 <= w <= 64:
        raise argparse.ArgumentTypeError(f"--workers must be between 0 and 64, got {w}")
    return w


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="generate_sample_data.py", description=__doc__,
                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--accounts", type=_accounts, default=5000, metavar="N",
                   help=f"number of companies/accounts to generate ({MIN_ACCOUNTS}..{MAX_ACCOUNTS:,}; default 5000). "
                        "About 100 engagement events per account on average.")
    p.add_argument("--seed", type=_seed, default=42, metavar="S", help="random seed (default 42)")
    p.add_argument("--out", type=Path, required=True, metavar="DIR",
                   help="output directory (replaced atomically if it holds an earlier generator output)")
    p.add_argument("--format", choices=["parquet", "csv"], default="parquet",
                   help="file format of the extracts and ground truth (default parquet)")
    p.add_argument("--as-of", type=_date, default=None, metavar="YYYY-MM-DD",
                   help="date the extracts are pulled (no event happens after it; only open deals' expected close "
                        "dates and booked meetings' scheduled times lie later; default: today)")
    p.add_argument("--chunk-size", type=_chunk, default=20_000, metavar="N",
                   help="accounts generated and written per chunk; bounds memory, not the data (default 20000)")
    p.add_argument("--workers", type=_workers, default=0, metavar="W",
                   help="worker processes rendering account blocks (0 = auto: one per CPU, at most 4, for "
                        ">= 20000 accounts). Does not change the data.")
    p.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    return p


def _out_error(out: Path) -> str | None:
    """Why --out cannot be written, or None. The generator builds a temporary sibling of `out` and
    renames it into place, so its parent must exist (created here, as the generator would) and take
    a new directory."""
    parent = out.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError as e:
        return f"cannot write --out {out}: {e.filename} exists and is not a directory"
    except OSError as e:
        return f"cannot write --out {out}: {e.strerror or e} ({e.filename or parent})"
    try:
        Path(tempfile.mkdtemp(prefix=f".{out.name}.probe-", dir=parent)).rmdir()
    except OSError as e:
        return f"cannot write --out {out}: {e.strerror or e} (creating a directory in {parent})"
    return None


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    out: Path = args.out
    problem = _out_error(out)
    if problem:
        sys.stderr.write(f"generate_sample_data.py: error: {problem}\n")
        return 2
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / "_manifest.json").exists())):
        sys.stderr.write(f"generate_sample_data.py: error: {out} exists and is not an earlier generator output "
                         "(no _manifest.json); refusing to replace it\n")
        return 2
    import numpy as np
    from tqdm import tqdm

    from microseg_sample.generate import generate

    as_of = args.as_of or dt.date.today()
    as_of_days = int((np.datetime64(as_of.isoformat(), "D") - np.datetime64("1970-01-01", "D")).astype(int))
    t0 = time.time()
    bar = tqdm(total=args.accounts, unit="acct", file=sys.stderr, disable=args.quiet, desc="generating",
               dynamic_ncols=True)
    try:
        workers = args.workers or (min(4, os.cpu_count() or 1) if args.accounts >= 20_000 else 1)
        manifest = generate(args.accounts, args.seed, as_of_days, out, args.format, args.chunk_size,
                            progress=bar.update, workers=workers)
    finally:
        bar.close()
    if not args.quiet:
        rows = sum(t["rows"] for t in manifest["tables"].values())
        ev = sum(manifest["tables"][f"engagement.{t}"]["rows"] for t in
                 ("email_events", "web_visits", "intent_topics", "meetings", "content_downloads"))
        sys.stderr.write(f"wrote {rows:,} rows ({ev:,} engagement events) for {args.accounts:,} accounts, "
                         f"as-of {manifest['as_of']}, to {out} in {time.time() - t0:.1f}s\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
