"""The Streamlit dashboard (dashboard/app.py) against the session's built warehouse.

AppTest runs the app in-process (no browser): every page renders without exceptions and shows
what the marts hold. The `browser` test starts `streamlit run` on 127.0.0.1, loads the page in
Debian's headless Chromium through Playwright, waits for the Vega charts and takes a
screenshot; with MICROSEG_UPDATE_SCREENSHOT=1 it replaces the README's (docs/img/dashboard.png),
otherwise it goes to the test's temporary folder, so a test run leaves the checkout unchanged.
"""
from __future__ import annotations

import gc
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import duckdb
import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[1]
APP = REPO / "dashboard" / "app.py"
README_SCREENSHOT = REPO / "docs" / "img" / "dashboard.png"
PAGES = ["Segment overview", "Lift vs baseline", "Membership changes", "Review and budget", "Account drill-down"]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def release_dbt_duckdb() -> None:
    """dbt-duckdb keeps the last warehouse it built open (read-write, file-locked) in this process
    after dbtRunner returns: close it, so other processes and read-only connections can open it."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    DuckDBConnectionManager.close_all_connections()
    gc.collect()


@pytest.fixture()
def app(warehouse, monkeypatch):
    from streamlit.testing.v1 import AppTest

    release_dbt_duckdb()
    monkeypatch.setenv("MICROSEG_DUCKDB_PATH", str(warehouse.db_path))
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def goto(at, page: str):
    at.sidebar.radio(key="page").set_value(page).run()
    assert not at.exception, f"{page}: {[e.value for e in at.exception]}"
    assert not at.error, f"{page}: {[e.value for e in at.error]}"
    return at


def charts(at) -> list:
    return list(at.get("vega_lite_chart"))


def texts(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [t.value for t in at.title]
    parts += [h.value for h in at.header] + [h.value for h in at.subheader]
    return "\n".join(str(p) for p in parts)


def test_every_page_renders(app):
    assert list(app.sidebar.radio(key="page").options) == PAGES
    for page in PAGES:
        goto(app, page)
        assert app.title[0].value.split()[0] == page.split()[0], page
        assert charts(app), f"{page} shows no chart"
        assert app.dataframe, f"{page} shows no table"


def test_overview_shows_the_segments_of_the_marts(app, warehouse):
    goto(app, "Segment overview")
    expected = warehouse.df(
        "select segment_name, member_count, holdout_count, size_status, staleness_status "
        "from marts.dim_segments where segment_kind = 'micro_segment'"
    ).sort_values("segment_name").reset_index(drop=True)
    assert len(expected) >= 5
    shown = app.dataframe[0].value
    shown = shown[["segment_name", "member_count", "holdout_count", "size_status", "staleness_status"]]
    shown = shown.sort_values("segment_name").reset_index(drop=True)
    pd.testing.assert_frame_equal(shown, expected, check_dtype=False)
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Micro-segments"] == str(len(expected))
    routed = warehouse.scalar("select count(*) from marts.dim_accounts where primary_segment_kind = 'micro_segment'")
    assert metrics["Routed to a micro-segment"] == f"{routed:,}"
    within = int((expected["size_status"] == "within_bounds").sum())
    assert metrics["Within size bounds"] == f"{within} of {len(expected)}"


def test_lift_page_shows_the_verdicts_of_the_marts(app, warehouse):
    goto(app, "Lift vs baseline")
    for comparison in ("macro_baseline", "holdout"):
        app.radio(key="lift_comparison").set_value(comparison).run()
        assert not app.exception
        expected = warehouse.df(
            "select segments.segment_name, lift.segment_trials, lift.verdict "
            "from marts.fct_segment_lift as lift join marts.dim_segments as segments using (segment_id) "
            f"where lift.period_type = 'all_time' and lift.metric_name = 'meeting_rate' "
            f"and lift.comparison = '{comparison}'"
        ).sort_values("segment_name").reset_index(drop=True)
        shown = app.dataframe[0].value[["segment_name", "segment_trials", "verdict"]]
        shown = shown.sort_values("segment_name").reset_index(drop=True)
        pd.testing.assert_frame_equal(shown, expected, check_dtype=False)
        assert len(charts(app)) == 2  # rates with Wilson intervals, differences with Newcombe intervals
    app.radio(key="lift_comparison").set_value("macro_baseline").run()
    app.selectbox(key="lift_metric").set_value("win_rate").run()
    assert not app.exception
    wins = warehouse.df(
        "select verdict, count(*) as n from marts.fct_segment_lift where period_type = 'all_time' "
        "and metric_name = 'win_rate' and comparison = 'macro_baseline' group by 1"
    )
    assert sorted(app.dataframe[0].value["verdict"]) == sorted(
        v for v, n in wins.itertuples(index=False) for _ in range(n))
    if warehouse.scalar("select count(segment_rate) from marts.fct_segment_lift where period_type = 'all_time' "
                        "and metric_name = 'win_rate' and comparison = 'macro_baseline'"):
        assert "Win rate: segment vs macro baseline" in texts(app)


def test_membership_page_counts_entries_and_exits(app, warehouse):
    goto(app, "Membership changes")
    counts = dict(warehouse.query(
        "select change_type, count(*) from marts.fct_segment_membership_changes as changes "
        "join marts.dim_segments as segments using (segment_id) "
        "where segments.segment_kind = 'micro_segment' group by 1"
    ))
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Entries"] == f"{counts['entry']:,}"
    assert metrics["Exits"] == f"{counts.get('exit', 0):,}"
    segment = warehouse.scalar(
        "select segments.segment_name from marts.fct_segment_membership_changes as changes "
        "join marts.dim_segments as segments using (segment_id) group by 1 order by count(*) desc limit 1"
    )
    app.selectbox(key="changes_segment").set_value(segment).run()
    assert not app.exception
    only = warehouse.scalar(
        "select count(*) from marts.fct_segment_membership_changes as changes "
        f"join marts.dim_segments as segments using (segment_id) where segments.segment_name = '{segment}'"
    )
    metrics = {m.label: m.value for m in app.metric}
    entries, exits = (int(metrics[k].replace(",", "")) for k in ("Entries", "Exits"))
    assert entries + exits == only


def test_review_and_budget_page_reads_the_reports(app, warehouse):
    goto(app, "Review and budget")
    body = texts(app)
    for diagnosis, names in warehouse.df(
        "select diagnosis, list(segment_name) as names from marts.rpt_segment_review group by 1"
    ).itertuples(index=False):
        assert diagnosis.replace("_", " ") in body
        for name in names:
            assert name in body
    total = warehouse.scalar("select sum(budget_usd) from marts.rpt_segment_budget")
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Budget shared"] == f"${total:,.0f}"


def test_account_drilldown_explains_membership(app, warehouse):
    # An account routed to a micro-segment that depends on a buying trigger, with a known evidence.
    account_id, segment_name, evidence = warehouse.query(
        "select membership.account_id, segments.segment_name, membership.evidence "
        "from marts.fct_segment_membership as membership "
        "join marts.dim_segments as segments using (segment_id) "
        "join marts.dim_accounts as accounts using (account_id) "
        "where membership.is_primary and membership.evidence like '%trigger%' "
        "and accounts.active_trigger_count > 0 "
        "order by membership.account_id limit 1"
    )[0]
    goto(app, "Account drill-down")
    app.text_input(key="account_search").input(account_id).run()
    app.selectbox(key="account_id").set_value(account_id).run()
    assert not app.exception and not app.error
    body = texts(app)
    assert segment_name in body
    assert "primary — routed here" in body
    tables = [df.value for df in app.dataframe]
    evidence_table = next(t for t in tables if "evidence (observed value)" in t.columns)
    from dashboard.data import parse_evidence

    items = parse_evidence(evidence)
    assert len(items) >= 2
    assert evidence_table["condition"].tolist()[: len(items)] == [i.condition for i in items]
    assert evidence_table["evidence (observed value)"].tolist()[: len(items)] == [i.observed for i in items]
    assert any(item.condition.startswith("trigger ") for item in items)
    triggers = next(t for t in tables if "latest active date" in t.columns)
    assert len(triggers) == warehouse.scalar(
        "select (latest_new_executive_hire_date is not null)::int + (latest_technology_migration_date is not null)::int"
        " + (latest_funding_event_date is not null)::int + (latest_competitive_pressure_date is not null)::int"
        " + (latest_regulatory_change_date is not null)::int + (latest_strategic_initiative_date is not null)::int "
        f"from marts.dim_accounts where account_id = '{account_id}'"
    )
    assert len(triggers) >= 1
    assert len(charts(app)) == 1  # the membership timeline


def test_parse_evidence_splits_conditions():
    from dashboard.data import parse_evidence

    items = parse_evidence(
        "macro_segment_id in (enterprise, mid_market_general): enterprise; "
        "trigger new_executive_hire [sales] within 90 days: 2026-09-09 (trigger abc)"
    )
    assert [(i.condition, i.observed) for i in items] == [
        ("macro_segment_id in (enterprise, mid_market_general)", "enterprise"),
        ("trigger new_executive_hire [sales] within 90 days", "2026-09-09 (trigger abc)"),
    ]
    assert parse_evidence(None) == []
    assert [(i.condition, i.observed) for i in parse_evidence("no value here")] == [("no value here", "")]


def test_missing_warehouse_is_explained(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("MICROSEG_DUCKDB_PATH", str(tmp_path / "nowhere.duckdb"))
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    assert not at.exception
    assert "No warehouse yet" in at.error[0].value
    assert "make run" in at.error[0].value


def test_locked_warehouse_is_explained(warehouse, tmp_path, monkeypatch):
    """While another process writes the warehouse, the page says so instead of failing."""
    from streamlit.testing.v1 import AppTest

    release_dbt_duckdb()
    copy = tmp_path / "wh.duckdb"
    shutil.copy(warehouse.db_path, copy)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); print('locked', flush=True); time.sleep(120)",
         str(copy)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        monkeypatch.setenv("MICROSEG_DUCKDB_PATH", str(copy))
        at = AppTest.from_file(str(APP), default_timeout=60)
        at.run()
        assert not at.exception
        assert "being rebuilt" in at.error[0].value
        assert "write lock" in at.error[0].value
    finally:
        holder.kill()
        holder.wait()
    # Once the writer is gone, the same page renders.
    at.run()
    assert not at.error and not at.exception
    assert at.title[0].value == "Segment overview"


def test_dashboard_never_holds_the_warehouse(app, warehouse):
    """The dashboard opens, reads and closes: another process can take the write lock right after
    a page load (a scheduled run never finds the file held by an idle dashboard)."""
    goto(app, "Account drill-down")
    done = subprocess.run(
        [sys.executable, "-c", "import duckdb, sys; duckdb.connect(sys.argv[1]).close(); print('writer ok')",
         str(warehouse.db_path)], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "writer ok", done.stderr[-2000:]


# --- real browser -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"streamlit exited early:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise AssertionError("streamlit did not become healthy in time")


@pytest.mark.browser
def test_dashboard_in_chromium(warehouse, tmp_path):
    """`streamlit run` on 127.0.0.1 + headless Chromium: charts render, a screenshot is saved."""
    update = os.environ.get("MICROSEG_UPDATE_SCREENSHOT") == "1"
    screenshot = README_SCREENSHOT if update else tmp_path / "dashboard.png"
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/install_system_deps.sh (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    release_dbt_duckdb()
    names = [r[0] for r in warehouse.query(
        "select segment_name from marts.dim_segments where segment_kind = 'micro_segment'")]
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "MICROSEG_DUCKDB_PATH": str(warehouse.db_path), "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    streamlit = str(Path(sys.executable).parent / "streamlit")
    log = tmp_path / "streamlit.log"
    proc = subprocess.Popen(
        [streamlit, "run", str(APP), "--server.headless", "true", "--server.address", "127.0.0.1",
         "--server.port", str(port), "--client.toolbarMode", "viewer"],
        cwd=REPO, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
    )
    try:
        wait_healthy(url, proc, log)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1440, "height": 1350})
            page.goto(url)
            page.get_by_role("heading", name="Segment overview").wait_for(timeout=60_000)
            page.wait_for_selector(".vega-embed canvas, .vega-embed svg", timeout=60_000)
            page.wait_for_function(
                "document.querySelectorAll('.vega-embed canvas, .vega-embed svg').length >= 2", timeout=60_000)
            page.wait_for_timeout(1500)  # let the charts finish their resize transition
            body = page.inner_text("body")
            assert "Meeting rate against the macro baseline" in body
            assert page.locator("[data-testid='stException'], [data-testid='stAlertContentError']").count() == 0
            shown = [name for name in names if name in body]
            assert len(shown) == len(names), set(names) - set(shown)
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshot))

            page.get_by_test_id("stSidebar").get_by_text("Account drill-down", exact=True).click()
            page.get_by_role("heading", name="Why it is in its segment").wait_for(timeout=60_000)
            page.get_by_text("primary — routed here").first.wait_for(timeout=60_000)
            body = page.inner_text("body")
            assert "Definition:" in body
            assert page.locator("[data-testid='stDataFrame']").count() >= 3  # evidence, triggers, profile
            browser.close()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
    size = screenshot.stat().st_size
    assert 20_000 < size < 500_000, f"screenshot is {size} bytes"
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
