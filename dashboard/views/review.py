"""The review read (funnel pattern -> diagnosis and recommendation) and the budget split."""
from __future__ import annotations

import streamlit as st

from dashboard import charts, data
from dashboard.views.common import chart, percent_column, table


def render() -> None:
    st.title("Review and budget")
    review = data.review()
    budget = data.budget()

    st.subheader("What the funnel says about each segment")
    st.caption(
        "rpt_segment_review reads the pattern of the rates against the baseline: high reply and low win means "
        "the targeting is off; low reply and high win means the messaging needs work. Lifts are shrunk "
        "toward the baseline, so small segments do not look extreme by chance."
    )
    for diagnosis, group in review.groupby("diagnosis", sort=False):
        with st.container(border=True):
            st.markdown(f"**{diagnosis.replace('_', ' ')}** — {', '.join(group['segment_name'])}")
            st.caption(group["recommendation"].iloc[0])

    st.markdown("**Lift along the funnel** (shrunk toward the baseline; log scale)")
    if review["meeting_rate_shrunk_lift"].notna().any():
        chart(charts.lift_profile(review))
    table(
        review[[
            "segment_name", "current_played_accounts", "current_holdout_accounts", "accounts_contacted",
            "reply_rate", "baseline_reply_rate", "meeting_rate", "baseline_meeting_rate", "win_rate",
            "baseline_win_rate", "meeting_rate_verdict", "win_rate_verdict", "segment_verdict", "holdout_verdict",
            "diagnosis",
        ]],
        segment_name=st.column_config.TextColumn("segment", width="large"),
        current_played_accounts="played now",
        current_holdout_accounts="holdout now",
        accounts_contacted="contacted",
        reply_rate=percent_column("reply"),
        baseline_reply_rate=percent_column("baseline reply"),
        meeting_rate=percent_column("meeting"),
        baseline_meeting_rate=percent_column("baseline meeting"),
        win_rate=percent_column("win"),
        baseline_win_rate=percent_column("baseline win"),
    )

    st.subheader("Budget")
    st.caption(
        "rpt_segment_budget shares the budget in proportion to each segment's expected value (reachable "
        "accounts x opportunity rate x win rate x deal size, shrunk toward the baseline); unproven segments "
        "keep a floor share so they can gather evidence."
    )
    total = float(budget["budget_usd"].sum())
    cols = st.columns(3)
    cols[0].metric("Budget shared", f"${total:,.0f}")
    cols[1].metric("Proven segments", int((~budget["is_unproven"]).sum()))
    cols[2].metric("Unproven (floor share)", int(budget["is_unproven"].sum()))
    chart(charts.budget_bars(budget))
    table(
        budget[["segment_name", "segment_verdict", "reachable_accounts", "expected_opportunity_rate",
                "expected_win_rate", "expected_deal_size_usd", "expected_value_usd", "budget_share", "budget_usd"]],
        segment_name=st.column_config.TextColumn("segment", width="large"),
        segment_verdict="verdict",
        reachable_accounts="reachable",
        expected_opportunity_rate=percent_column("exp. opportunity rate"),
        expected_win_rate=percent_column("exp. win rate"),
        expected_deal_size_usd=st.column_config.NumberColumn("exp. deal size", format="dollar"),
        expected_value_usd=st.column_config.NumberColumn("expected value", format="dollar"),
        budget_share=percent_column("share"),
        budget_usd=st.column_config.NumberColumn("budget", format="dollar"),
    )
