"""Engine-independent profiles of dbt models, for comparing builds across DuckDB, PostgreSQL and
Spark.

A model's rows (from whichever engine) are loaded into an in-memory DuckDB as an Arrow table and
profiled there, so the same SQL computes every measure for every engine:

- row count, and for every column the non-null count;
- numeric columns: sum, min, max (compared with a relative tolerance);
- boolean columns: count of true;
- date / timestamp columns (timestamps as UTC wall time): min, max, distinct count and an
  order-independent fingerprint of the values;
- text columns: distinct count, total length, an order-independent fingerprint of the values, and
  counts per value when the column has few distinct values (enums).

A column whose text rendering legitimately differs between engines (a serialised raw record, say)
opts out of the exact text measures with `meta: {engine_dependent: true}` in its model YAML; its
row and non-null counts are still compared.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import duckdb
import pyarrow as pa

ENUM_MAX_DISTINCT = 30
REL_TOL = 1e-9
ABS_TOL = 1e-6

NUMERIC_PREFIXES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT",
                    "UINTEGER", "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE", "DECIMAL", "REAL")


def column_kind(duckdb_type: str) -> str:
    """numeric, boolean, date, timestamp, text or other, from a DuckDB type name."""
    name = duckdb_type.upper()
    if name.startswith(NUMERIC_PREFIXES):
        return "numeric"
    if name == "BOOLEAN":
        return "boolean"
    if name == "DATE":
        return "date"
    if name.startswith("TIMESTAMP"):
        return "timestamp"
    if name in ("VARCHAR", "BLOB", '"NULL"', "NULL") or name.startswith("VARCHAR"):
        return "text"
    return "other"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@dataclass
class ModelProfile:
    name: str
    row_count: int
    column_types: dict[str, str]
    measures: dict[str, object] = field(default_factory=dict)


def profile_arrow(name: str, table: pa.Table, kinds: dict[str, str],
                  engine_dependent: frozenset[str] = frozenset()) -> ModelProfile:
    """Profile an Arrow table. `kinds` (column -> kind, lower-case names) comes from the
    reference build so every engine is measured the same way whatever types it returned."""
    table = table.rename_columns([c.lower() for c in table.column_names])
    con = duckdb.connect()
    try:
        con.execute("set timezone = 'UTC'")
        con.register("model_rows", table)
        types = {row[0].lower(): row[1] for row in con.execute("describe model_rows").fetchall()}
        row_count = con.execute("select count(*) from model_rows").fetchone()[0]
        profile = ModelProfile(name=name, row_count=row_count, column_types=types)
        for column in sorted(types):
            kind = kinds.get(column, column_kind(types[column]))
            col = _quote(column)
            profile.measures[f"{column}: non-null count"] = con.execute(
                f"select count({col}) from model_rows").fetchone()[0]
            if kind == "numeric":
                total, low, high = con.execute(
                    f"select sum(cast({col} as double)), min(cast({col} as double)), "
                    f"max(cast({col} as double)) from model_rows").fetchone()
                profile.measures[f"{column}: sum"] = total
                profile.measures[f"{column}: min"] = low
                profile.measures[f"{column}: max"] = high
            elif kind == "boolean":
                profile.measures[f"{column}: true count"] = con.execute(
                    f"select count(*) from model_rows where cast({col} as boolean)").fetchone()[0]
            elif kind in ("date", "timestamp"):
                sql_type = "date" if kind == "date" else "timestamp"
                value = f"cast(cast({col} as {sql_type}) as varchar)"
                low, high, distinct, fingerprint = con.execute(
                    f"select min({value}), max({value}), count(distinct {value}), "
                    f"sum(hash({value})) from model_rows").fetchone()
                profile.measures[f"{column}: min"] = low
                profile.measures[f"{column}: max"] = high
                profile.measures[f"{column}: distinct count"] = distinct
                profile.measures[f"{column}: fingerprint"] = fingerprint
            elif kind == "text" and column not in engine_dependent:
                value = f"cast({col} as varchar)"
                distinct, total_length, fingerprint = con.execute(
                    f"select count(distinct {value}), sum(length({value})), sum(hash({value})) "
                    f"from model_rows").fetchone()
                profile.measures[f"{column}: distinct count"] = distinct
                profile.measures[f"{column}: total length"] = total_length
                profile.measures[f"{column}: fingerprint"] = fingerprint
                if distinct <= ENUM_MAX_DISTINCT:
                    for value_, count in con.execute(
                            f"select {value}, count(*) from model_rows group by 1 order by 1").fetchall():
                        profile.measures[f"{column} = {value_!r}: count"] = count
        return profile
    finally:
        con.close()


def _equal(expected: object, actual: object) -> bool:
    if isinstance(expected, float) or isinstance(actual, float):
        if expected is None or actual is None:
            return expected is None and actual is None
        return math.isclose(float(expected), float(actual), rel_tol=REL_TOL, abs_tol=ABS_TOL)
    return expected == actual


def compare_profiles(reference: ModelProfile, candidate: ModelProfile) -> list[str]:
    """Differences, as readable lines (empty when the profiles match)."""
    problems: list[str] = []
    ref_cols, cand_cols = set(reference.column_types), set(candidate.column_types)
    if ref_cols != cand_cols:
        problems.append(
            f"{reference.name}: columns differ (missing {sorted(ref_cols - cand_cols)}, "
            f"extra {sorted(cand_cols - ref_cols)})")
    if reference.row_count != candidate.row_count:
        problems.append(f"{reference.name}: row count {reference.row_count} != {candidate.row_count}")
    for key in sorted(set(reference.measures) | set(candidate.measures)):
        expected = reference.measures.get(key, "<absent>")
        actual = candidate.measures.get(key, "<absent>")
        if not _equal(expected, actual):
            problems.append(f"{reference.name}: {key}: expected {expected!r}, got {actual!r}")
    return problems


def arrow_from_rows(column_names: list[str], rows: list[tuple]) -> pa.Table:
    """Arrow table from DB-API rows (types inferred per column from the Python values)."""
    columns = list(zip(*rows)) if rows else [[] for _ in column_names]
    arrays = []
    for values in columns:
        try:
            arrays.append(pa.array(list(values)))
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            arrays.append(pa.array([None if v is None else str(v) for v in values]))
    return pa.table(arrays, names=column_names) if column_names else pa.table({})
