"""Altair charts of the dashboard (pure functions of DataFrames, so they can be tested alone)."""
from __future__ import annotations

import altair as alt
import pandas as pd

VERDICT_COLORS = {
    "worth_it": "#1b9e77",
    "no_lift": "#7570b3",
    "worse": "#d95f02",
    "insufficient_evidence": "#9fb3c8",
}
SIZE_STATUS_COLORS = {
    "within_bounds": "#1b9e77",
    "too_small": "#e6ab02",
    "too_large": "#d95f02",
    "empty": "#a6a6a6",
}
CHANGE_COLORS = {"entry": "#1b9e77", "exit": "#d95f02"}
BASELINE_COLOR = "#2f2f2f"
LEGEND = {"orient": "top", "direction": "horizontal"}
EXTRA_HEIGHT = 70  # axis title and legend: Streamlit fits the whole chart, legends included, into `height`


def _scale(mapping: dict[str, str], present: pd.Series) -> alt.Scale:
    domain = [key for key in mapping if key in set(present.dropna())]
    return alt.Scale(domain=domain, range=[mapping[key] for key in domain])


def segment_sizes(segments: pd.DataFrame, min_size: int, max_size: int) -> alt.LayerChart:
    """Horizontal bars: members per micro-segment (played + holdout), bounds as dashed rules."""
    micro = segments[segments["segment_kind"] == "micro_segment"].copy()
    micro["played"] = micro["member_count"] - micro["holdout_count"]
    long = micro.melt(
        id_vars=["segment_name", "size_status", "member_count"],
        value_vars=["played", "holdout_count"],
        var_name="part",
        value_name="accounts",
    )
    long["part"] = long["part"].map({"played": "played", "holdout_count": "holdout"})
    order = micro.sort_values("member_count", ascending=False)["segment_name"].tolist()
    bars = alt.Chart(long).mark_bar().encode(
        x=alt.X("accounts:Q", stack="zero", title="accounts qualifying on the as-of date"),
        y=alt.Y("segment_name:N", sort=order, title=None, axis=alt.Axis(labelLimit=420, labelOverlap=False)),
        color=alt.Color("size_status:N", scale=_scale(SIZE_STATUS_COLORS, long["size_status"]),
                        legend=alt.Legend(title="size status", **LEGEND)),
        opacity=alt.Opacity("part:N", scale=alt.Scale(domain=["played", "holdout"], range=[1.0, 0.45]),
                            legend=alt.Legend(title="", **LEGEND)),
        tooltip=["segment_name", "part", "accounts", "member_count", "size_status"],
    )
    bounds = pd.DataFrame({"accounts": [min_size, max_size], "bound": ["min size", "max size"]})
    rules = alt.Chart(bounds).mark_rule(strokeDash=[4, 4], color="#555").encode(
        x="accounts:Q", tooltip=["bound", "accounts"]
    )
    return (bars + rules).properties(height=EXTRA_HEIGHT + max(90, 30 * len(order)))


def rate_intervals(lift: pd.DataFrame, metric_label: str, comparison_label: str = "baseline") -> alt.LayerChart:
    """Segment rate vs comparison rate per segment, each with its 95 % Wilson interval.

    One row per segment and metric (a fct_segment_lift slice). The segment's point is coloured
    by its verdict; the comparison (baseline or holdout) is a dark diamond just below it.
    """
    frame = lift.dropna(subset=["segment_rate"]).copy()
    seg = pd.DataFrame({
        "segment_name": frame["segment_name"],
        "series": "segment",
        "rate": frame["segment_rate"],
        "ci_low": frame["segment_rate_ci_low"],
        "ci_high": frame["segment_rate_ci_high"],
        "trials": frame["segment_trials"],
        "verdict": frame["verdict"],
        "lift_ratio": frame["lift_ratio"],
        "q_value": frame["q_value"],
    })
    base = pd.DataFrame({
        "segment_name": frame["segment_name"],
        "series": comparison_label,
        "rate": frame["baseline_rate"],
        "ci_low": frame["baseline_rate_ci_low"],
        "ci_high": frame["baseline_rate_ci_high"],
        "trials": frame["baseline_trials"],
        "verdict": frame["verdict"],
        "lift_ratio": frame["lift_ratio"],
        "q_value": frame["q_value"],
    })
    long = pd.concat([seg, base], ignore_index=True)
    order = frame.sort_values("segment_rate", ascending=False)["segment_name"].tolist()
    y = alt.Y("segment_name:N", sort=order, title=None, axis=alt.Axis(labelLimit=420, labelOverlap=False))
    y_offset = alt.YOffset("series:N", scale=alt.Scale(domain=["segment", comparison_label]))
    tooltip = [
        alt.Tooltip("segment_name:N", title="segment"),
        alt.Tooltip("series:N"),
        alt.Tooltip("rate:Q", format=".1%"),
        alt.Tooltip("ci_low:Q", format=".1%", title="95% low"),
        alt.Tooltip("ci_high:Q", format=".1%", title="95% high"),
        alt.Tooltip("trials:Q", format=",.0f"),
        alt.Tooltip("lift_ratio:Q", format=".2f", title="lift"),
        alt.Tooltip("q_value:Q", format=".3f", title="q-value"),
        alt.Tooltip("verdict:N"),
    ]
    base_chart = alt.Chart(long)
    color = alt.condition(
        alt.datum.series == "segment",
        alt.Color("verdict:N", scale=_scale(VERDICT_COLORS, long["verdict"]),
                  legend=alt.Legend(title="verdict", **LEGEND)),
        alt.value(BASELINE_COLOR),
    )
    bars = base_chart.mark_errorbar(ticks=True, thickness=2).encode(
        x=alt.X("ci_low:Q", title=f"{metric_label} (95 % interval)", axis=alt.Axis(format="%")),
        x2="ci_high:Q",
        y=y,
        yOffset=y_offset,
        color=color,
        tooltip=tooltip,
    )
    points = base_chart.mark_point(filled=True, size=90).encode(
        x="rate:Q",
        y=y,
        yOffset=y_offset,
        color=color,
        shape=alt.Shape("series:N", scale=alt.Scale(domain=["segment", comparison_label],
                                                     range=["circle", "diamond"]),
                        legend=alt.Legend(title="", **LEGEND)),
        tooltip=tooltip,
    )
    return (bars + points).properties(height=EXTRA_HEIGHT + max(120, 40 * len(order)))


def difference_intervals(lift: pd.DataFrame, metric_label: str) -> alt.LayerChart:
    """Rate difference (segment - comparison) with its Newcombe 95 % interval; 0 = no effect."""
    frame = lift.dropna(subset=["rate_difference"]).copy()
    order = frame.sort_values("rate_difference", ascending=False)["segment_name"].tolist()
    y = alt.Y("segment_name:N", sort=order, title=None, axis=alt.Axis(labelLimit=420, labelOverlap=False))
    color = alt.Color("verdict:N", scale=_scale(VERDICT_COLORS, frame["verdict"]),
                      legend=alt.Legend(title="verdict", **LEGEND))
    tooltip = [
        alt.Tooltip("segment_name:N", title="segment"),
        alt.Tooltip("rate_difference:Q", format="+.1%", title="difference"),
        alt.Tooltip("difference_ci_low:Q", format="+.1%", title="95% low"),
        alt.Tooltip("difference_ci_high:Q", format="+.1%", title="95% high"),
        alt.Tooltip("q_value:Q", format=".3f", title="q-value"),
        alt.Tooltip("verdict:N"),
    ]
    bars = alt.Chart(frame).mark_errorbar(ticks=True, thickness=2).encode(
        x=alt.X("difference_ci_low:Q", title=f"{metric_label}: segment minus comparison (Newcombe 95 %)",
                axis=alt.Axis(format="+%")),
        x2="difference_ci_high:Q", y=y, color=color, tooltip=tooltip,
    )
    points = alt.Chart(frame).mark_point(filled=True, size=80).encode(
        x="rate_difference:Q", y=y, color=color, tooltip=tooltip
    )
    zero = alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(color="#555", strokeDash=[4, 4]).encode(x="x:Q")
    return (bars + points + zero).properties(height=EXTRA_HEIGHT + max(90, 30 * len(order)))


def membership_flow(changes: pd.DataFrame) -> alt.Chart:
    """Weekly entries (up) and exits (down) per signal kind that caused them."""
    frame = changes.copy()
    frame["week"] = pd.to_datetime(frame["change_date"]).dt.to_period("W-SUN").dt.start_time
    frame["cause_kind"] = frame["signal_kind"].fillna(frame["cause"])
    grouped = frame.groupby(["week", "change_type", "cause_kind"], as_index=False).size()
    grouped["accounts"] = grouped["size"].where(grouped["change_type"] == "entry", -grouped["size"])
    kinds = ["attribute", "trigger", "technology", "definition"]
    palette = ["#1f77b4", "#d62728", "#17becf", "#9467bd"]
    present = [kind for kind in grouped["cause_kind"].unique() if kind not in kinds]
    return alt.Chart(grouped).mark_bar(width=10).encode(
        x=alt.X("week:T", title="week of the change"),
        y=alt.Y("sum(accounts):Q", title="entries (up) / exits (down)"),
        color=alt.Color("cause_kind:N", title="caused by", legend=alt.Legend(**LEGEND),
                        scale=alt.Scale(domain=kinds + present, range=palette + ["#7f7f7f"] * len(present))),
        opacity=alt.Opacity("change_type:N", scale=alt.Scale(domain=["entry", "exit"], range=[1.0, 0.6]),
                            legend=alt.Legend(title="", **LEGEND)),
        tooltip=["week:T", "change_type:N", "cause_kind:N", alt.Tooltip("size:Q", title="accounts")],
    ).properties(height=300)


def lift_profile(review: pd.DataFrame) -> alt.LayerChart:
    """Each segment's shrunk lift over its baseline on every funnel rate, on one line per segment.

    The pattern along the funnel is the diagnosis: high reply but low win lift reads as
    targeting being off; low reply but high win lift as messaging needing work.
    """
    stages = [
        ("reply_rate_shrunk_lift", "1 reply"),
        ("positive_reply_rate_shrunk_lift", "2 positive reply"),
        ("meeting_rate_shrunk_lift", "3 meeting"),
        ("opportunity_rate_shrunk_lift", "4 opportunity"),
        ("win_rate_shrunk_lift", "5 win"),
    ]
    long = review.melt(id_vars=["segment_name", "diagnosis"], value_vars=[column for column, _ in stages],
                       var_name="stage", value_name="lift").dropna(subset=["lift"])
    long["stage"] = long["stage"].map(dict(stages))
    order = review.sort_values("meeting_rate_shrunk_lift", ascending=False)["segment_name"].tolist()
    y = alt.Y("segment_name:N", sort=order, title=None, axis=alt.Axis(labelLimit=420, labelOverlap=False))
    span = long.groupby("segment_name", as_index=False).agg(low=("lift", "min"), high=("lift", "max"))
    lines = alt.Chart(span).mark_rule(color="#bbbbbb", strokeWidth=2).encode(x="low:Q", x2="high:Q", y=y)
    points = alt.Chart(long).mark_point(filled=True, size=110, opacity=0.9).encode(
        x=alt.X("lift:Q", title="lift over the macro baseline, shrunk toward it (1 = same as baseline)",
                scale=alt.Scale(type="log", zero=False)),
        y=y,
        color=alt.Color("stage:N", title="funnel rate", scale=alt.Scale(scheme="viridis"),
                        legend=alt.Legend(**LEGEND)),
        tooltip=["segment_name", "stage", alt.Tooltip("lift:Q", format=".2f"), "diagnosis"],
    )
    one = alt.Chart(pd.DataFrame({"x": [1.0]})).mark_rule(color="#555", strokeDash=[4, 4]).encode(x="x:Q")
    return (lines + one + points).properties(height=EXTRA_HEIGHT + max(90, 30 * len(order)))


def budget_bars(budget: pd.DataFrame) -> alt.Chart:
    frame = budget.copy()
    order = frame.sort_values("budget_usd", ascending=False)["segment_name"].tolist()
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X("budget_usd:Q", title="budget (USD)", axis=alt.Axis(format="$,.0f")),
        y=alt.Y("segment_name:N", sort=order, title=None, axis=alt.Axis(labelLimit=420, labelOverlap=False)),
        color=alt.Color("segment_verdict:N", scale=_scale(VERDICT_COLORS, frame["segment_verdict"]),
                        legend=alt.Legend(title="segment verdict", **LEGEND)),
        tooltip=["segment_name", "segment_verdict", alt.Tooltip("budget_usd:Q", format="$,.0f"),
                 alt.Tooltip("budget_share:Q", format=".1%"), alt.Tooltip("expected_value_usd:Q", format="$,.0f"),
                 "reachable_accounts"],
    ).properties(height=EXTRA_HEIGHT + max(90, 30 * len(order)))


def account_timeline(history: pd.DataFrame, as_of) -> alt.Chart:
    """Gantt of an account's membership spells (primary and qualifying) over the history."""
    frame = history.copy()
    frame["valid_until"] = pd.to_datetime(frame["valid_to"]).fillna(pd.Timestamp(as_of) + pd.Timedelta(days=1))
    frame["valid_from"] = pd.to_datetime(frame["valid_from"])
    frame["membership"] = frame["membership_type"] + frame["is_holdout"].map({True: " (holdout)", False: ""})
    return alt.Chart(frame).mark_bar(cornerRadius=3, height=14).encode(
        x=alt.X("valid_from:T", title=None),
        x2="valid_until:T",
        y=alt.Y("segment_name:N", title=None, axis=alt.Axis(labelLimit=420, labelOverlap=False)),
        color=alt.Color("membership:N", legend=alt.Legend(**LEGEND, title=""), scale=alt.Scale(
            domain=["primary", "primary (holdout)", "member", "member (holdout)"],
            range=["#1f77b4", "#7b4fa0", "#aec7e8", "#cbb7e0"])),
        tooltip=["segment_name", "membership_type", "is_holdout", "valid_from:T", "valid_to:T", "rule_version"],
    ).properties(height=EXTRA_HEIGHT + max(40, 34 * frame["segment_name"].nunique()))
