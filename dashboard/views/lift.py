"""Lift against the baseline: rates with Wilson intervals, differences with Newcombe intervals,
q-values and verdicts (fct_segment_lift)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, data
from dashboard.views.common import COMPARISONS, METRICS, chart, percent_column, table


def _period_options(lift_all: pd.DataFrame) -> dict[str, tuple[str, object]]:
    options = {"Whole window (all time)": ("all_time", None)}
    quarters = lift_all[lift_all["period_type"] == "quarter"][["period_start", "is_complete_period"]]
    for start, complete in quarters.drop_duplicates().sort_values("period_start", ascending=False).itertuples(
            index=False):
        stamp = pd.Timestamp(start)
        label = f"Quarter {stamp.year}-Q{(stamp.month - 1) // 3 + 1}" + ("" if complete else " (partial)")
        options[label] = ("quarter", stamp)
    return options


def render() -> None:
    st.title("Lift against the baseline")
    st.caption(
        "Is each micro-segment's play worth its cost? A segment is *worth it* when its rate is at least "
        "the worth-it multiple of its comparison's (about 2x meeting rate, +30 % win rate), the 95 % "
        "Newcombe interval of the difference is above 0 and the false-discovery-rate-adjusted q-value is "
        "small enough; too few trials on either side is *insufficient evidence*."
    )
    c1, c2, c3 = st.columns([1, 1, 1])
    metric = c1.selectbox("Metric", list(METRICS), format_func=METRICS.get, key="lift_metric")
    comparison = c2.radio("Compared with", list(COMPARISONS), format_func=COMPARISONS.get, horizontal=True,
                          key="lift_comparison")
    lift_all = pd.concat([data.lift("all_time"), data.lift("quarter")], ignore_index=True)
    periods = _period_options(lift_all)
    period_label = c3.selectbox("Period", list(periods), key="lift_period")
    period_type, period_start = periods[period_label]

    rows = lift_all[(lift_all["metric_name"] == metric) & (lift_all["comparison"] == comparison)
                    & (lift_all["period_type"] == period_type)]
    if period_start is not None:
        rows = rows[pd.to_datetime(rows["period_start"]) == period_start]
    label = METRICS[metric].lower()

    if rows["segment_rate"].notna().any():
        st.subheader(f"{METRICS[metric]}: segment vs {COMPARISONS[comparison].lower()}")
        chart(charts.rate_intervals(rows, label, "holdout" if comparison == "holdout" else "macro baseline"))
        st.subheader("Difference, with its interval")
        chart(charts.difference_intervals(rows, label))
    else:
        st.info("No trials for this metric and period: nothing to compare yet.")

    verdicts = rows["verdict"].value_counts()
    st.markdown(" · ".join(f"**{count}** {verdict.replace('_', ' ')}" for verdict, count in verdicts.items()))
    table(
        rows[[
            "segment_name", "segment_trials", "segment_successes", "segment_rate", "segment_rate_ci_low",
            "segment_rate_ci_high", "baseline_trials", "baseline_rate", "rate_difference", "difference_ci_low",
            "difference_ci_high", "lift_ratio", "q_value", "shrunk_rate", "verdict",
        ]].sort_values("segment_rate", ascending=False),
        segment_name=st.column_config.TextColumn("segment", width="large"),
        segment_trials=st.column_config.NumberColumn("trials"),
        segment_successes=st.column_config.NumberColumn("successes"),
        segment_rate=percent_column("rate"),
        segment_rate_ci_low=percent_column("95% low"),
        segment_rate_ci_high=percent_column("95% high"),
        baseline_trials=st.column_config.NumberColumn("comparison trials", format="%.0f"),
        baseline_rate=percent_column("comparison rate"),
        rate_difference=percent_column("difference"),
        difference_ci_low=percent_column("diff. 95% low"),
        difference_ci_high=percent_column("diff. 95% high"),
        lift_ratio=st.column_config.NumberColumn("lift", format="%.2f"),
        q_value=st.column_config.NumberColumn("q-value", format="%.3f"),
        shrunk_rate=percent_column("shrunk rate"),
    )
