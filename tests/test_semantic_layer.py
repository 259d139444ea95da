"""The MetricFlow semantic layer gives the same funnel numbers as fct_segment_funnel.

`mf query` runs as an analyst would run it (.venv/bin/mf, in a dbt project directory, with the
project's profiles.yml and the DuckDB default target). mf reads <project>/target/
semantic_manifest.json, so the test runs it in a scratch project directory whose entries link to
the repository and whose target/ holds the semantic manifest of the session's build; the shared
target/ of the working tree is never touched.
"""
from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[1]
SKIP = {"target", "logs", ".venv", ".git", "warehouse", "data", "dbt_packages", "spark-warehouse"}
RATES = {
    "reply_rate": ("accounts_replied", "accounts_contacted"),
    "positive_reply_rate": ("accounts_positive_reply", "accounts_contacted"),
    "meeting_rate": ("accounts_with_meeting", "accounts_contacted"),
    "opportunity_rate": ("accounts_with_opportunity", "accounts_contacted"),
    "win_rate": ("opportunities_won", "opportunities_closed"),
}


def release_dbt_duckdb() -> None:
    """dbt-duckdb keeps the last warehouse it built open (read-write, file-locked) in this process
    after dbtRunner returns: close it, so other processes and read-only connections can open it."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    DuckDBConnectionManager.close_all_connections()
    gc.collect()


def mf_binary() -> str:
    for candidate in (REPO / ".venv" / "bin" / "mf", Path(sys.executable).parent / "mf"):
        if candidate.exists():
            return str(candidate)
    found = shutil.which("mf")
    if not found:
        pytest.fail("MetricFlow CLI (mf) is not installed: dbt-metricflow is in requirements.txt")
    return found


@pytest.fixture(scope="module")
def mf_project(warehouse, tmp_path_factory) -> Path:
    release_dbt_duckdb()  # mf runs in another process
    manifest = warehouse.workdir / "target" / "semantic_manifest.json"
    assert manifest.exists(), "dbt build did not write the semantic manifest"
    project = tmp_path_factory.mktemp("mf_project")
    for entry in REPO.iterdir():
        if entry.name not in SKIP:
            (project / entry.name).symlink_to(entry)
    (project / "target").mkdir()
    shutil.copy(manifest, project / "target" / "semantic_manifest.json")
    return project


def mf_query(project: Path, warehouse, metrics: list[str], group_by: list[str], out: Path,
             where: str | None = None) -> pd.DataFrame:
    cmd = [mf_binary(), "query", "--metrics", ",".join(metrics), "--group-by", ",".join(group_by),
           "--csv", str(out)]
    if where:
        cmd += ["--where", where]
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(project),
        "MICROSEG_DUCKDB_PATH": str(warehouse.db_path),
        "MICROSEG_TARGET": "duckdb",
        "DBT_LOG_PATH": str(project / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    env.pop("DBT_TARGET_PATH", None)
    done = subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0 and out.exists(), f"mf query failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return pd.read_csv(out)


def funnel_rows(warehouse, period_type: str, group_types: tuple[str, ...]) -> pd.DataFrame:
    """fct_segment_funnel rows of a period type, summed over macro segments per segment."""
    groups = ", ".join(f"'{g}'" for g in group_types)
    return warehouse.df(f"""
        select
            segments.segment_name,
            funnel.period_start,
            count(*) as macro_rows,
            sum(funnel.accounts_contacted) as accounts_contacted,
            sum(funnel.accounts_replied) as accounts_replied,
            sum(funnel.accounts_positive_reply) as accounts_positive_reply,
            sum(funnel.accounts_with_meeting) as accounts_with_meeting,
            sum(funnel.accounts_with_opportunity) as accounts_with_opportunity,
            sum(funnel.opportunities_closed) as opportunities_closed,
            sum(funnel.opportunities_won) as opportunities_won,
            sum(funnel.won_amount_usd) as won_amount_usd,
            max(funnel.average_deal_size_usd) as average_deal_size_usd,
            max(funnel.median_sales_cycle_days) as median_sales_cycle_days
        from marts.fct_segment_funnel as funnel
        inner join marts.dim_segments as segments
            on funnel.segment_id = segments.segment_id
        where funnel.period_type = '{period_type}' and funnel.group_type in ({groups})
        group by 1, 2
    """)


def expected(funnel: pd.DataFrame, metric: str) -> pd.Series:
    """The funnel's value of a metric: a rate from summed numerators and denominators, else the column."""
    if metric in RATES:
        numerator, denominator = RATES[metric]
        return funnel[f"f_{numerator}"] / funnel[f"f_{denominator}"].where(funnel[f"f_{denominator}"] > 0)
    return funnel[f"f_{metric}"]


def compare(mf: pd.DataFrame, funnel: pd.DataFrame, time_column: str | None,
            metrics: dict[str, str]) -> pd.DataFrame:
    """Join mf's output with the funnel rows and assert every metric matches.

    metrics maps an mf output column to the funnel metric it must equal.
    """
    mf = mf.rename(columns={"segment__segment_name": "segment_name"})
    funnel = funnel.rename(columns={c: f"f_{c}" for c in funnel.columns if c not in ("segment_name", "period_start")})
    keys = ["segment_name"]
    if time_column:
        mf["period_start"] = pd.to_datetime(mf[time_column]).dt.date
        funnel["period_start"] = pd.to_datetime(funnel["period_start"]).dt.date
        keys.append("period_start")
    merged = funnel.merge(mf, on=keys, how="outer", indicator=True)
    # mf returns a row only where a measure has data; the funnel also lists cells with no trial.
    missing_in_mf = merged[merged["_merge"] == "left_only"]
    for metric in metrics.values():
        base = RATES[metric][1] if metric in RATES else metric
        assert (missing_in_mf[f"f_{base}"].fillna(0) == 0).all(), (metric, missing_in_mf.head())
    assert (merged["_merge"] != "right_only").all(), merged[merged["_merge"] == "right_only"].head()
    both = merged[merged["_merge"] == "both"].copy()
    for column, metric in metrics.items():
        missing = -1.0 if metric in RATES else 0.0  # mf leaves a count empty where the funnel says 0
        got = both[column].astype(float).fillna(missing)
        want = expected(both, metric).astype(float).fillna(missing)
        close = np.isclose(got, want, rtol=1e-9, atol=1e-9)
        assert close.all(), (column, both.loc[~close, keys + [column]].assign(expected=want[~close]).head())
    return both


def test_monthly_rates_match_fct_segment_funnel(mf_project, warehouse, tmp_path):
    """The issue's example query, with every funnel rate: exact at segment x month grain."""
    metrics = ["reply_rate", "positive_reply_rate", "meeting_rate", "opportunity_rate", "win_rate",
               "accounts_contacted", "opportunities_closed"]
    mf = mf_query(mf_project, warehouse, metrics + ["average_deal_size_usd", "median_sales_cycle_days"],
                  ["segment__segment_name", "metric_time__month"], tmp_path / "month.csv")
    funnel = funnel_rows(warehouse, "month", ("micro_segment", "macro_baseline"))
    both = compare(mf, funnel, "metric_time__month", {metric: metric for metric in metrics})
    micro = set(warehouse.df(
        "select segment_name from marts.dim_segments where segment_kind = 'micro_segment'")["segment_name"])
    compared_micro = both[both["segment_name"].isin(micro)]
    assert len(compared_micro) >= 30, "too few micro-segment months to compare"
    assert (compared_micro["meeting_rate"] > 0).sum() >= 5
    assert (both["win_rate"].notna()).sum() >= 5
    # An average or a median cannot be re-aggregated from the funnel's per-macro-segment rows:
    # compare them where the segment has one row in the month.
    single = both[both["f_macro_rows"] == 1]
    for metric in ("average_deal_size_usd", "median_sales_cycle_days"):
        assert np.allclose(single[metric].fillna(-1), single[f"f_{metric}"].fillna(-1), rtol=1e-9), metric
        assert single[metric].notna().sum() >= 5, metric


def test_quarter_and_holdout_rates_match(mf_project, warehouse, tmp_path):
    """Count-distinct measures make coarser grains exact too (quarter cohorts count an account
    once), and holdout_* metrics read each micro-segment's holdout."""
    mf = mf_query(mf_project, warehouse, ["meeting_rate", "accounts_contacted", "holdout_meeting_rate",
                                          "holdout_accounts_contacted"],
                  ["segment__segment_name", "metric_time__quarter"], tmp_path / "quarter.csv")
    played = funnel_rows(warehouse, "quarter", ("micro_segment", "macro_baseline"))
    both = compare(mf.drop(columns=["holdout_meeting_rate", "holdout_accounts_contacted"]), played,
                   "metric_time__quarter", {"meeting_rate": "meeting_rate", "accounts_contacted": "accounts_contacted"})
    assert len(both) >= 20
    holdout = funnel_rows(warehouse, "quarter", ("holdout",))
    holdout_mf = mf[mf["holdout_accounts_contacted"].fillna(0) > 0].drop(columns=["meeting_rate", "accounts_contacted"])
    both = compare(holdout_mf, holdout, "metric_time__quarter",
                   {"holdout_meeting_rate": "meeting_rate", "holdout_accounts_contacted": "accounts_contacted"})
    assert len(both) >= 10
    assert (both["holdout_meeting_rate"] > 0).any()


def test_account_month_mart_adds_up_to_the_funnel(warehouse):
    """fct_funnel_account_months is the funnel's monthly contact cohorts at account grain: per
    comparison group (group type, segment, macro segment) and month, its flags sum to the
    fct_segment_funnel row, for every group type."""
    diff = warehouse.df("""
        with cohorts as (
            select group_type, segment_id, macro_segment_id, month_start,
                count(*) filter (where is_contacted) as contacted,
                count(*) filter (where is_short_exposure) as short_exposure,
                count(*) filter (where has_reply) as replied,
                count(*) filter (where has_positive_reply) as positive,
                count(*) filter (where has_meeting) as meeting,
                count(*) filter (where has_opportunity) as opportunity,
                sum(messages_sent) as messages
            from marts.fct_funnel_account_months
            group by all
        ),
        funnel as (
            select * from marts.fct_segment_funnel where period_type = 'month'
        )
        select funnel.*, cohorts.*
        from funnel
        full outer join cohorts
            on funnel.group_type = cohorts.group_type and funnel.segment_id = cohorts.segment_id
            and funnel.macro_segment_id = cohorts.macro_segment_id and funnel.period_start = cohorts.month_start
        where coalesce(cohorts.contacted, 0) <> coalesce(funnel.accounts_contacted, 0)
            or coalesce(cohorts.short_exposure, 0) <> coalesce(funnel.accounts_contacted_short_exposure, 0)
            or coalesce(cohorts.replied, 0) <> coalesce(funnel.accounts_replied, 0)
            or coalesce(cohorts.positive, 0) <> coalesce(funnel.accounts_positive_reply, 0)
            or coalesce(cohorts.meeting, 0) <> coalesce(funnel.accounts_with_meeting, 0)
            or coalesce(cohorts.opportunity, 0) <> coalesce(funnel.accounts_with_opportunity, 0)
            or coalesce(cohorts.messages, 0) <> coalesce(funnel.messages_sent, 0)
            or funnel.funnel_row_id is null
    """)
    assert diff.empty, diff.head(10).to_string()
    assert warehouse.scalar("select count(*) from marts.fct_funnel_account_months where is_contacted") > 100
    assert warehouse.scalar("select count(*) from marts.fct_funnel_account_months where has_meeting") > 10
