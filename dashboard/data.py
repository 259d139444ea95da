"""Read-only access to the microseg marts for the dashboard.

The warehouse is a DuckDB file (env MICROSEG_DUCKDB_PATH, default warehouse/microseg.duckdb,
relative paths from the repository root). DuckDB allows one writer *process*: while a `dbt build`
or scheduled run writes the file, a reader gets "Conflicting lock is held". The dashboard
therefore never keeps a connection open: each query opens the file read-only, reads, and closes,
so it never blocks a scheduled run either. Results are cached per (file, modification time), so a
rebuilt warehouse is picked up on the next page load. When the file is missing or locked the
caller gets a WarehouseUnavailable with a message a person can act on.

Only the `marts` schema is read (the layer with model contracts and documented columns).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

REPO = Path(__file__).resolve().parents[1]
DEFAULT_WAREHOUSE = Path("warehouse") / "microseg.duckdb"
SCHEMA = "marts"
REQUIRED_MARTS = (
    "dim_segments",
    "dim_accounts",
    "fct_segment_membership",
    "fct_segment_membership_history",
    "fct_segment_membership_changes",
    "fct_segment_lift",
    "rpt_segment_review",
    "rpt_segment_budget",
)


class WarehouseUnavailable(RuntimeError):
    """The warehouse cannot be read right now (missing, locked by a writer, or incomplete)."""

    def __init__(self, title: str, detail: str):
        super().__init__(f"{title}: {detail}")
        self.title = title
        self.detail = detail


def warehouse_path() -> Path:
    """The DuckDB file to read: $MICROSEG_DUCKDB_PATH, else warehouse/microseg.duckdb."""
    path = Path(os.environ.get("MICROSEG_DUCKDB_PATH") or DEFAULT_WAREHOUSE)
    return path if path.is_absolute() else REPO / path


def _version(path: Path) -> tuple[float, float]:
    """Cache key part that changes whenever the warehouse (or its write-ahead log) changes."""
    wal = path.with_name(path.name + ".wal")
    return (path.stat().st_mtime, wal.stat().st_mtime if wal.exists() else 0.0)


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    """Open the warehouse read-only, translating DuckDB's errors into WarehouseUnavailable."""
    if not path.exists():
        raise WarehouseUnavailable(
            "No warehouse yet",
            f"{path} does not exist. Build it with `make run` (or point MICROSEG_DUCKDB_PATH at a built file).",
        )
    try:
        return duckdb.connect(str(path), read_only=True)
    except duckdb.ConnectionException:
        # This very process already has the file open read-write (dbt run in-process, as in a
        # notebook or a test session): DuckDB refuses a second, read-only configuration of it in
        # one process, and the existing one is safe to reuse for reading.
        return duckdb.connect(str(path))
    except duckdb.IOException as exc:
        message = str(exc)
        if "lock" in message.lower():
            raise WarehouseUnavailable(
                "The warehouse is being rebuilt",
                f"another process (a dbt build or scheduled run) holds the write lock on {path}. "
                "DuckDB allows one writer and no readers meanwhile: reload this page when the run has "
                "finished (scripts/scheduled_run.py prints a summary when it is done).",
            ) from exc
        raise WarehouseUnavailable("Cannot open the warehouse", message.splitlines()[0]) from exc


@st.cache_data(show_spinner=False, max_entries=512)
def _cached_query(path_str: str, version: tuple[float, float], sql: str, params: tuple) -> pd.DataFrame:
    with connect(Path(path_str)) as con:
        return con.execute(sql, list(params)).df()


def query(sql: str, params: tuple = ()) -> pd.DataFrame:
    """Run a read-only query on the warehouse (cached until the file changes)."""
    path = warehouse_path()
    if not path.exists():
        connect(path)  # raises the "no warehouse" message
    try:
        return _cached_query(str(path), _version(path), sql, tuple(params))
    except duckdb.CatalogException as exc:
        raise WarehouseUnavailable(
            "The warehouse is incomplete",
            f"{str(exc).splitlines()[0]} — run `make run` to build every mart.",
        ) from exc


def missing_marts() -> list[str]:
    tables = query(
        "select table_name from information_schema.tables where table_schema = ?", (SCHEMA,)
    )["table_name"].tolist()
    return [name for name in REQUIRED_MARTS if name not in tables]


# --- the marts, shaped for the pages ---------------------------------------------------------


def segments() -> pd.DataFrame:
    """dim_segments: one row per segment (micro-segments first, by priority)."""
    return query(
        """
        select *
        from marts.dim_segments
        order by case when segment_kind = 'micro_segment' then 0 else 1 end, priority desc, segment_name
        """
    )


def as_of_date():
    frame = query("select max(as_of_date) as as_of_date from marts.dim_segments")
    return pd.Timestamp(frame["as_of_date"].iloc[0]).date()


def overview_counts() -> dict:
    row = query(
        """
        select
            count(*) as accounts,
            sum(case when primary_segment_kind = 'micro_segment' then 1 else 0 end) as micro_accounts,
            sum(case when primary_segment_kind = 'micro_segment' and is_holdout then 1 else 0 end)
                as micro_holdout_accounts,
            sum(case when micro_segment_count > 1 then 1 else 0 end) as multi_segment_accounts
        from marts.dim_accounts
        """
    ).iloc[0]
    return {key: int(value or 0) for key, value in row.items()}


def lift(period_type: str = "all_time") -> pd.DataFrame:
    """fct_segment_lift rows of one period type, with segment names."""
    return query(
        """
        select lift.*, segments.segment_name
        from marts.fct_segment_lift as lift
        inner join marts.dim_segments as segments
            on lift.segment_id = segments.segment_id
        where lift.period_type = ?
        order by lift.period_start, segments.segment_name
        """,
        (period_type,),
    )


def membership_changes() -> pd.DataFrame:
    """fct_segment_membership_changes with segment names (a segment whose definition was removed
    keeps its id as its name: its definition_change exits stay visible)."""
    return query(
        """
        select changes.*, coalesce(segments.segment_name, changes.segment_id) as segment_name,
            coalesce(segments.segment_kind, 'micro_segment') as segment_kind
        from marts.fct_segment_membership_changes as changes
        left join marts.dim_segments as segments
            on changes.segment_id = segments.segment_id
        order by changes.change_date, changes.segment_id, changes.account_id
        """
    )


def review() -> pd.DataFrame:
    return query("select * from marts.rpt_segment_review order by priority desc")


def budget() -> pd.DataFrame:
    return query("select * from marts.rpt_segment_budget order by budget_usd desc")


def overlap() -> pd.DataFrame:
    return query(
        """
        select overlap.*, a.segment_name as segment_name_a, b.segment_name as segment_name_b
        from marts.fct_segment_overlap as overlap
        inner join marts.dim_segments as a on overlap.segment_id_a = a.segment_id
        inner join marts.dim_segments as b on overlap.segment_id_b = b.segment_id
        order by overlap.overlap_share desc
        """
    )


# --- account drill-down ----------------------------------------------------------------------


def account_choices(segment_id: str | None = None, search: str = "", limit: int = 500) -> pd.DataFrame:
    """Accounts to pick from: members of a segment (or of any micro-segment), filtered by text."""
    pattern = f"%{search.strip().lower()}%"
    if segment_id:
        return query(
            """
            select accounts.account_id, accounts.account_name, membership.is_primary
            from marts.fct_segment_membership as membership
            inner join marts.dim_accounts as accounts
                on membership.account_id = accounts.account_id
            where membership.segment_id = ?
                and (lower(accounts.account_id) like ? or lower(coalesce(accounts.account_name, '')) like ?)
            order by membership.is_primary desc, accounts.account_value_score desc, accounts.account_id
            limit ?
            """,
            (segment_id, pattern, pattern, limit),
        )
    return query(
        """
        select account_id, account_name, micro_segment_count > 0 as is_primary
        from marts.dim_accounts
        where lower(account_id) like ? or lower(coalesce(account_name, '')) like ?
        order by micro_segment_count desc, account_value_score desc, account_id
        limit ?
        """,
        (pattern, pattern, limit),
    )


def account(account_id: str) -> pd.Series | None:
    frame = query("select * from marts.dim_accounts where account_id = ?", (account_id,))
    return None if frame.empty else frame.iloc[0]


def account_memberships(account_id: str) -> pd.DataFrame:
    return query(
        """
        select membership.*, segments.segment_name, segments.conditions_text, segments.refresh_class,
            segments.play_name, segments.play_channel, segments.play_cta
        from marts.fct_segment_membership as membership
        inner join marts.dim_segments as segments
            on membership.segment_id = segments.segment_id
        where membership.account_id = ?
        order by membership.priority_rank
        """,
        (account_id,),
    )


def account_history(account_id: str) -> pd.DataFrame:
    return query(
        """
        select history.*, segments.segment_name
        from marts.fct_segment_membership_history as history
        inner join marts.dim_segments as segments
            on history.segment_id = segments.segment_id
        where history.account_id = ?
        order by history.valid_from, history.segment_id
        """,
        (account_id,),
    )


def account_changes(account_id: str) -> pd.DataFrame:
    return query(
        """
        select changes.*, coalesce(segments.segment_name, changes.segment_id) as segment_name
        from marts.fct_segment_membership_changes as changes
        left join marts.dim_segments as segments
            on changes.segment_id = segments.segment_id
        where changes.account_id = ?
        order by changes.change_date desc, changes.segment_id
        """,
        (account_id,),
    )


TRIGGER_TYPES = (
    "new_executive_hire",
    "technology_migration",
    "funding_event",
    "competitive_pressure",
    "regulatory_change",
    "strategic_initiative",
)


@dataclass(frozen=True)
class EvidenceItem:
    condition: str
    observed: str


def parse_evidence(evidence: str | None) -> list[EvidenceItem]:
    """Split a membership's evidence ('<condition>: <observed>; ...') into its conditions.

    The segment engine writes one '<condition label>: <observed value>' pair per condition of the
    definition, joined with '; '. A part without ': ' is kept whole as the condition.
    """
    items: list[EvidenceItem] = []
    for part in (evidence or "").split("; "):
        part = part.strip()
        if not part:
            continue
        condition, sep, observed = part.partition(": ")
        items.append(EvidenceItem(condition=condition.strip(), observed=observed.strip() if sep else ""))
    return items


def active_triggers(account_row: pd.Series) -> pd.DataFrame:
    """The latest still-active trigger date of each type (dim_accounts.latest_<type>_date)."""
    as_of = pd.Timestamp(account_row["as_of_date"])
    rows = []
    for trigger_type in TRIGGER_TYPES:
        value = account_row.get(f"latest_{trigger_type}_date")
        if value is not None and not pd.isna(value):
            rows.append({
                "trigger": trigger_type.replace("_", " "),
                "latest active date": pd.Timestamp(value).date(),
                "days ago": int((as_of - pd.Timestamp(value)).days),
            })
    return pd.DataFrame(rows, columns=["trigger", "latest active date", "days ago"])
