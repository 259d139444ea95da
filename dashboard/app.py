"""microseg segment dashboard.

    make dashboard
    # or: .venv/bin/streamlit run dashboard/app.py --server.headless true --server.address 127.0.0.1

Reads the marts of the DuckDB warehouse read-only (env MICROSEG_DUCKDB_PATH, default
warehouse/microseg.duckdb). Pages: segment overview, lift against the baseline, membership
changes, review and budget, account drill-down.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard import data  # noqa: E402
from dashboard.views import account, lift, membership, overview, review  # noqa: E402

PAGES = {
    "Segment overview": overview.render,
    "Lift vs baseline": lift.render,
    "Membership changes": membership.render,
    "Review and budget": review.render,
    "Account drill-down": account.render,
}


def main() -> None:
    st.set_page_config(page_title="microseg · segments", layout="wide")
    path = data.warehouse_path()
    with st.sidebar:
        st.markdown("## microseg")
        st.caption("Micro-segments, their lift and why each account is in one.")
        page = st.radio("Page", list(PAGES), key="page")
        shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else Path("…", path.parent.name, path.name)
        st.caption(f"Warehouse (read-only): `{shown}`")
    try:
        missing = data.missing_marts()
        if missing:
            raise data.WarehouseUnavailable(
                "The warehouse is incomplete",
                f"missing marts: {', '.join(missing)}. Run `make run` to build them.",
            )
        st.sidebar.caption(f"As of **{data.as_of_date()}**")
        PAGES[page]()
    except data.WarehouseUnavailable as exc:
        st.error(f"**{exc.title}.** {exc.detail}")
        if st.button("Retry"):
            st.rerun()


main()
