"""Membership entries and exits over time, with the signals that caused them."""
from __future__ import annotations

import streamlit as st

from dashboard import charts, data
from dashboard.views.common import chart, table

ALL = "All micro-segments"


def render() -> None:
    st.title("Membership changes")
    st.caption(
        "Every entry into and exit from a micro-segment, dated, with the signal that caused it "
        "(fct_segment_membership_changes): an attribute that changed, a trigger that fired or expired, or "
        "an edited definition. Entries at the start of the history are accounts already qualifying then."
    )
    changes = data.membership_changes()
    changes = changes[changes["segment_kind"] == "micro_segment"]
    names = sorted(changes["segment_name"].unique())
    choice = st.selectbox("Segment", [ALL, *names], key="changes_segment")
    if choice != ALL:
        changes = changes[changes["segment_name"] == choice]
    if changes.empty:
        st.info("No entries or exits recorded for this selection.")
        return

    entries = int((changes["change_type"] == "entry").sum())
    exits = int((changes["change_type"] == "exit").sum())
    cols = st.columns(3)
    cols[0].metric("Entries", f"{entries:,}")
    cols[1].metric("Exits", f"{exits:,}")
    cols[2].metric("Accounts involved", f"{changes['account_id'].nunique():,}")

    st.subheader("Entries and exits per week, by cause")
    chart(charts.membership_flow(changes))

    st.subheader("What caused them")
    causes = (
        changes.assign(signal_label=changes["signal_label"].fillna(changes["cause"]))
        .groupby(["change_type", "cause", "signal_kind", "signal_label"], dropna=False, as_index=False)
        .agg(changes=("change_id", "count"), accounts=("account_id", "nunique"), segments=("segment_id", "nunique"))
        .sort_values(["changes"], ascending=False)
    )
    table(causes, change_type="change", signal_kind="signal kind", signal_label=st.column_config.TextColumn(
        "signal (the condition that flipped)", width="large"))

    st.subheader("Latest changes")
    latest = changes.sort_values(["change_date", "account_id"], ascending=[False, True]).head(200)
    table(
        latest[["change_date", "change_type", "segment_name", "account_id", "cause", "cause_signals",
                "signal_value", "signal_observed_date", "signal_source_model", "rule_version"]],
        change_date=st.column_config.DateColumn("date"),
        change_type="change",
        segment_name="segment",
        account_id="account",
        cause_signals=st.column_config.TextColumn("signals", width="large"),
        signal_value="value",
        signal_observed_date=st.column_config.DateColumn("signal date"),
        signal_source_model="source model",
        rule_version="rule version",
    )
