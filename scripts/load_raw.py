#!/usr/bin/env python3
"""Load a generated raw dataset into the raw schemas of a PostgreSQL or Spark target.

On the embedded DuckDB default, dbt reads the raw extracts straight from files. Every other
warehouse reads tables that an EL tool loaded: this script plays that EL tool for the sample data.
It reads `<raw-dir>/{crm,enrichment,engagement}/<table>.parquet|csv` for every table declared in
the source YAML (models/staging/*/_*__sources.yml) and creates `<schema>.<table>`, where the
schema is the project var `microseg__<source>_schema` (raw_crm, raw_enrichment, raw_engagement by
default; override with --vars as for dbt).

- postgres: connection from the same env vars as the `postgres` target (MICROSEG_PG_HOST, _PORT,
  _USER, _PASSWORD, _DATABASE). Tables are dropped and re-created; Parquet column types are kept
  (string -> text, int -> integer/bigint, double -> double precision, decimal -> numeric, bool,
  date, timestamp[tz]); CSV columns load as text (staging casts). Rows stream in batches through
  COPY, so large files never sit in memory.
- spark: files are linked (or copied) to $MICROSEG_SPARK_DIR/raw/<source>/<table>/ (CSV is first
  converted to all-string Parquet, in batches), then `dbt run-operation
  microseg.create_raw_tables_spark` registers them as external Parquet tables in the metastore the
  `spark` target uses, so the next dbt invocation sees them.

Usage:
    .venv/bin/python scripts/load_raw.py --target postgres --raw-dir /tmp/raw
    .venv/bin/python scripts/load_raw.py --target spark --raw-dir /tmp/raw
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
BATCH_ROWS = 50_000


class LoadError(RuntimeError):
    """Bad input or a failed load (reported as one line)."""


@dataclass
class RawTable:
    source: str
    schema: str
    name: str
    path: Path

    @property
    def fmt(self) -> str:
        return "csv" if self.path.suffix == ".csv" else "parquet"

    @property
    def relation(self) -> str:
        return f"{self.schema}.{self.name}"


# -- discovery ---------------------------------------------------------------------------------
def project_vars(project_dir: Path, overrides: dict | None = None) -> dict:
    project = yaml.safe_load((project_dir / "dbt_project.yml").read_text())
    values = dict(project.get("vars") or {})
    values.update(overrides or {})
    return values


def declared_tables(project_dir: Path) -> dict[str, list[str]]:
    """{source name: [table names]} from the source YAML files."""
    declared: dict[str, list[str]] = {}
    for path in sorted(project_dir.glob("models/**/_*__sources.yml")):
        doc = yaml.safe_load(path.read_text()) or {}
        for source in doc.get("sources") or []:
            declared.setdefault(source["name"], []).extend(t["name"] for t in source.get("tables") or [])
    if not declared:
        raise LoadError(f"no source YAML (models/**/_*__sources.yml) under {project_dir}")
    return declared


def discover(raw_dir: Path, project_dir: Path, variables: dict) -> list[RawTable]:
    if not raw_dir.is_dir():
        raise LoadError(f"raw dir {raw_dir} does not exist")
    tables: list[RawTable] = []
    missing: list[str] = []
    for source, names in declared_tables(project_dir).items():
        schema = str(variables.get(f"microseg__{source}_schema", f"raw_{source}"))
        for name in names:
            found = [raw_dir / source / f"{name}.{ext}" for ext in ("parquet", "csv")]
            found = [p for p in found if p.exists()]
            if not found:
                missing.append(f"{source}/{name}")
                continue
            tables.append(RawTable(source=source, schema=schema, name=name, path=found[0].resolve()))
    if not tables:
        raise LoadError(f"no raw files for the declared sources under {raw_dir}")
    if missing:
        print(f"load_raw: no file for {', '.join(missing)} (those sources stay unloaded)", file=sys.stderr)
    return tables


def record_batches(table: RawTable, batch_rows: int = BATCH_ROWS):
    """Stream the file as Arrow record batches (CSV: every column as string)."""
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    if table.fmt == "parquet":
        parquet = pq.ParquetFile(table.path)
        yield parquet.schema_arrow
        yield from parquet.iter_batches(batch_size=batch_rows)
        return
    import pyarrow as pa

    with open(table.path, "rb") as handle:
        header = pacsv.open_csv(handle, read_options=pacsv.ReadOptions(block_size=1 << 16)).schema.names
    convert = pacsv.ConvertOptions(
        column_types={name: pa.string() for name in header},
        strings_can_be_null=True,
        null_values=[""],
        quoted_strings_can_be_null=False,
    )
    reader = pacsv.open_csv(
        table.path,
        read_options=pacsv.ReadOptions(block_size=8 << 20),
        parse_options=pacsv.ParseOptions(newlines_in_values=True),
        convert_options=convert,
    )
    yield reader.schema
    yield from reader


# -- PostgreSQL ----------------------------------------------------------------------------------
def postgres_type(arrow_type) -> str:
    import pyarrow as pa
    import pyarrow.types as pt

    if pt.is_boolean(arrow_type):
        return "boolean"
    if pt.is_int8(arrow_type) or pt.is_int16(arrow_type) or pt.is_uint8(arrow_type):
        return "smallint"
    if pt.is_int32(arrow_type) or pt.is_uint16(arrow_type):
        return "integer"
    if pt.is_integer(arrow_type):
        return "bigint"
    if pt.is_float32(arrow_type):
        return "real"
    if pt.is_floating(arrow_type):
        return "double precision"
    if pt.is_decimal(arrow_type):
        return f"numeric({arrow_type.precision}, {arrow_type.scale})"
    if pt.is_date(arrow_type):
        return "date"
    if pt.is_timestamp(arrow_type):
        return "timestamptz" if arrow_type.tz else "timestamp"
    if pt.is_string(arrow_type) or pt.is_large_string(arrow_type) or arrow_type == pa.null():
        return "text"
    raise LoadError(f"no PostgreSQL type for Arrow type {arrow_type}")


def pg_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def load_postgres(tables: list[RawTable], progress: bool = True) -> dict[str, int]:
    import psycopg2
    import pyarrow.csv as pacsv

    settings = {
        "host": os.environ.get("MICROSEG_PG_HOST", "127.0.0.1"),
        "port": int(os.environ.get("MICROSEG_PG_PORT", "5432")),
        "user": os.environ.get("MICROSEG_PG_USER", "microseg"),
        "dbname": os.environ.get("MICROSEG_PG_DATABASE", "microseg"),
    }
    try:
        conn = psycopg2.connect(password=os.environ.get("MICROSEG_PG_PASSWORD", ""), **settings)
    except psycopg2.OperationalError as exc:
        lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
        reason = lines[0] if lines else type(exc).__name__
        raise LoadError(
            f"cannot connect to PostgreSQL {settings['user']}@{settings['host']}:{settings['port']}/"
            f"{settings['dbname']} (MICROSEG_PG_HOST, _PORT, _USER, _PASSWORD, _DATABASE): {reason}; for a "
            "throwaway local server: eval \"$(.venv/bin/python scripts/pg_server.py start)\""
        ) from exc
    counts: dict[str, int] = {}
    try:
        with conn, conn.cursor() as cur:
            for schema in sorted({t.schema for t in tables}):
                cur.execute(f"create schema if not exists {pg_ident(schema)}")
            for table in _progress(tables, progress, "postgres"):
                batches = record_batches(table)
                schema = next(batches)
                target = f"{pg_ident(table.schema)}.{pg_ident(table.name)}"
                columns = ", ".join(f"{pg_ident(f.name)} {postgres_type(f.type)}" for f in schema)
                cur.execute(f"drop table if exists {target}")
                cur.execute(f"create table {target} ({columns})")
                column_list = ", ".join(pg_ident(f.name) for f in schema)
                copy_sql = f"copy {target} ({column_list}) from stdin with (format csv, header false)"
                rows = 0
                for batch in batches:
                    if batch.num_rows == 0:
                        continue
                    buffer = io.BytesIO()
                    # Arrow writes nulls as empty fields and empty strings as "", which is exactly
                    # how COPY ... (format csv) tells NULL from ''.
                    pacsv.write_csv(batch, buffer, pacsv.WriteOptions(include_header=False))
                    buffer.seek(0)
                    cur.copy_expert(copy_sql, buffer)
                    rows += batch.num_rows
                counts[table.relation] = rows
    finally:
        conn.close()
    return counts


# -- Spark ---------------------------------------------------------------------------------------
def stage_for_spark(tables: list[RawTable], spark_dir: Path) -> list[dict]:
    """Put each table's data in a folder of its own under spark_dir/raw (Parquet)."""
    import pyarrow.parquet as pq

    specs = []
    for table in tables:
        folder = spark_dir / "raw" / table.source / table.name
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        target = folder / f"{table.name}.parquet"
        if table.fmt == "parquet":
            try:
                os.link(table.path, target)
            except OSError:
                shutil.copyfile(table.path, target)
        else:
            batches = record_batches(table)
            schema = next(batches)
            with pq.ParquetWriter(target, schema) as writer:
                for batch in batches:
                    writer.write_batch(batch)
        specs.append({"schema": table.schema, "name": table.name, "location": str(folder.resolve())})
    return specs


def load_spark(tables: list[RawTable], spark_dir: Path, project_dir: Path, dbt_args: list[str],
               dbt_executable: str) -> None:
    specs = stage_for_spark(tables, spark_dir)
    cmd = [
        dbt_executable, "run-operation", "microseg.create_raw_tables_spark",
        "--project-dir", str(project_dir), "--target", "spark",
        "--args", json.dumps({"tables": specs}), *dbt_args,
    ]
    env = {**os.environ, "MICROSEG_SPARK_DIR": str(spark_dir)}
    result = subprocess.run(cmd, env=env, cwd=project_dir, capture_output=True, text=True)
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).splitlines()[-40:])
        raise LoadError(f"dbt run-operation create_raw_tables_spark failed:\n{tail}")
    for line in result.stdout.splitlines():
        if "raw table " in line:
            print(line.split("raw table ", 1)[1], file=sys.stderr)


def _progress(items, enabled: bool, label: str):
    if not enabled:
        return items
    try:
        from tqdm import tqdm
    except ImportError:
        return items
    return tqdm(items, desc=f"load_raw {label}", unit="table", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=(
            "Load generated raw extracts (<raw-dir>/<source>/<table>.parquet|csv) into the raw "
            "schemas (vars microseg__<source>_schema) of the postgres or spark target, like an EL "
            "tool would. postgres reads MICROSEG_PG_* env vars; spark uses MICROSEG_SPARK_DIR "
            "(the metastore and warehouse folder of the spark target)."
        )
    )
    parser.add_argument("--target", required=True, choices=["postgres", "spark"])
    parser.add_argument("--raw-dir", required=True, type=Path, help="folder written by generate_sample_data.py")
    parser.add_argument("--project-dir", type=Path, default=REPO, help="dbt project (default: this repo)")
    parser.add_argument("--vars", default=None,
                        help="YAML/JSON dict overriding project vars (e.g. '{microseg__crm_schema: crm}')")
    parser.add_argument("--spark-dir", type=Path, default=None,
                        help="spark only: default $MICROSEG_SPARK_DIR, else ./spark-warehouse")
    parser.add_argument("--dbt", default=str(Path(sys.executable).with_name("dbt")),
                        help="dbt executable for the spark run-operation (default: next to this python)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    try:
        overrides = yaml.safe_load(args.vars) if args.vars else {}
        if overrides is not None and not isinstance(overrides, dict):
            raise LoadError("--vars must be a YAML/JSON mapping")
        project_dir = args.project_dir.resolve()
        variables = project_vars(project_dir, overrides)
        tables = discover(args.raw_dir.resolve(), project_dir, variables)
        if args.target == "postgres":
            counts = load_postgres(tables, progress=not args.quiet)
            for relation, rows in counts.items():
                print(f"{relation}: {rows} rows", file=sys.stderr)
        else:
            spark_dir = (args.spark_dir or Path(os.environ.get("MICROSEG_SPARK_DIR", "spark-warehouse"))).resolve()
            dbt_args = ["--vars", json.dumps(overrides)] if overrides else []
            load_spark(tables, spark_dir, project_dir, dbt_args, args.dbt)
    except LoadError as exc:
        print(f"load_raw: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # a driver error: one line, non-zero exit
        print(f"load_raw: {type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
