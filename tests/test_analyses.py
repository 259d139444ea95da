"""The worked analyst queries in analyses/ compile (`dbt compile --select path:analyses`) and,
run on the built warehouse, answer their question with a non-trivial result."""
from __future__ import annotations

import gc
from pathlib import Path

import pandas as pd
import pytest

from conftest import run_dbt

ANALYSES = ("segment_overlap", "why_did_this_account_move", "segments_to_retire")


def release_dbt_duckdb() -> None:
    """dbt-duckdb keeps the last warehouse it built open (read-write, file-locked) in this process
    after dbtRunner returns: close it, so other processes and read-only connections can open it."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    DuckDBConnectionManager.close_all_connections()
    gc.collect()


def compile_analyses(warehouse, workdir: Path, extra_vars: dict | None = None) -> dict[str, str]:
    # Compiling needs no data: point the profile at an empty file with the warehouse's name, so
    # the compiled SQL names the same database ("wh") and the built warehouse is never locked.
    result = run_dbt(["compile", "--select", "path:analyses"], workdir=workdir, raw_dir=warehouse.raw_dir,
                     db_path=workdir / warehouse.db_path.name, extra_vars=extra_vars)
    release_dbt_duckdb()
    assert result.success, result.output[-4000:]
    compiled = workdir / "target" / "compiled" / "microseg" / "analyses"
    return {name: (compiled / f"{name}.sql").read_text() for name in ANALYSES}


def execute(warehouse, sql: str) -> pd.DataFrame:
    release_dbt_duckdb()
    with warehouse.connect() as con:
        return con.execute(sql).df()


@pytest.fixture(scope="module")
def compiled(warehouse, tmp_path_factory) -> dict[str, str]:
    return compile_analyses(warehouse, tmp_path_factory.mktemp("analyses"))


def test_every_analysis_compiles_to_plain_sql(compiled):
    for name, sql in compiled.items():
        assert "{{" not in sql and "ref(" not in sql, name
        assert '"marts"' in sql or "marts." in sql, name


def test_segment_overlap_matches_the_overlap_mart(compiled, warehouse):
    result = execute(warehouse, compiled["segment_overlap"])
    assert len(result) >= 2, "the sample has overlapping micro-segments"
    mart = warehouse.df(
        "select segment_id_a, segment_id_b, shared_account_count, overlap_share from marts.fct_segment_overlap "
        "where shared_account_count > 0"
    )
    merged = result.merge(mart, on=["segment_id_a", "segment_id_b"], how="outer", indicator=True)
    assert (merged["_merge"] == "both").all(), merged[merged["_merge"] != "both"]
    assert (merged["shared_accounts"] == merged["shared_account_count"]).all()
    assert (abs(merged["share_of_smaller_segment"] - merged["overlap_share"]) < 1e-9).all()
    # Every shared account is routed to exactly one place.
    total = merged["routed_to_a"] + merged["routed_to_b"] + merged["routed_elsewhere"]
    assert (total == merged["shared_accounts"]).all()
    assert set(result["reading"].str.split(":").str[0]) <= {"subset", "both lose", "partial overlap"}


def test_why_did_this_account_move_default_account(compiled, warehouse):
    result = execute(warehouse, compiled["why_did_this_account_move"])
    assert result["account_id"].nunique() == 1
    account = result["account_id"].iloc[0]
    latest = warehouse.scalar("select max(change_date) from marts.fct_segment_membership_changes")
    assert pd.Timestamp(result["change_date"].max()) == pd.Timestamp(latest)
    expected = warehouse.scalar(
        f"select count(*) from marts.fct_segment_membership_changes where account_id = '{account}'")
    assert len(result) == expected >= 1
    assert result["cause_signals"].notna().all()
    assert result["primary_segment_after"].notna().all()


def test_why_did_this_account_move_chosen_account(warehouse, tmp_path):
    # An account that was re-routed by an exit: its explanation must name the exit and the move.
    account = warehouse.scalar(
        "select account_id from marts.fct_segment_membership_changes where change_type = 'exit' "
        "and cause = 'signal_change' group by 1 order by count(*) desc, 1 limit 1")
    sql = compile_analyses(warehouse, tmp_path, {"microseg__analysis_account_id": account})
    result = execute(warehouse, sql["why_did_this_account_move"])
    assert set(result["account_id"]) == {account}
    assert "exit" in set(result["change_type"])
    exits = result[result["change_type"] == "exit"]
    assert exits["signal_label"].notna().all()
    moved = result[result["is_rerouted"]]
    assert len(moved) >= 1
    assert (moved["primary_segment_before"].fillna("") != moved["primary_segment_after"].fillna("")).all()
    assert result["change_date"].is_monotonic_increasing


def test_segments_to_retire(compiled, warehouse):
    result = execute(warehouse, compiled["segments_to_retire"])
    micro = warehouse.df("select segment_id, size_status from marts.dim_segments where segment_kind = 'micro_segment'")
    assert sorted(result["segment_id"]) == sorted(micro["segment_id"])
    assert set(result["recommendation"]) <= {"retire", "merge_or_widen", "recheck", "keep"}
    assert (result["recommendation"] != "keep").any(), "the sample has segments outside the size bounds"
    assert result["reason"].notna().all()
    # The planted tiny group (9 SMB accounts on Apollo with a new RevOps hire) can never reach
    # evidence alone: the analysis says to merge or widen it.
    tiny = result.set_index("segment_id").loc["smb_revops_on_apollo"]
    assert tiny["size_status"] == "too_small"
    assert tiny["recommendation"] == "merge_or_widen"
    too_large = result[result["size_status"] == "too_large"]
    assert len(too_large) >= 1
    assert too_large["recommendation"].isin(["retire", "recheck"]).all()
    # Order: the most actionable first.
    rank = result["recommendation"].map({"retire": 1, "merge_or_widen": 2, "recheck": 3, "keep": 4})
    assert rank.is_monotonic_increasing
