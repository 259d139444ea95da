"""Segment overview: size, size status, holdout, staleness, overlap, and the meeting-rate read."""
from __future__ import annotations

import streamlit as st

from dashboard import charts, data
from dashboard.views.common import chart, table


def render() -> None:
    segments = data.segments()
    micro = segments[segments["segment_kind"] == "micro_segment"]
    baselines = segments[segments["segment_kind"] == "macro_baseline"]
    counts = data.overview_counts()

    st.title("Segment overview")
    st.caption(
        f"As of {data.as_of_date()} · {len(micro)} micro-segments over {len(baselines)} macro segments · "
        "sizes count every account that qualifies today (an account can qualify for several segments; "
        "it is routed to one, by priority)."
    )

    cols = st.columns(5)
    cols[0].metric("Micro-segments", len(micro))
    cols[1].metric("Routed to a micro-segment", f"{counts['micro_accounts']:,}",
                   help="Accounts whose primary segment is a micro-segment (dim_accounts.primary_segment_kind).")
    cols[2].metric("Held out of the plays", f"{counts['micro_holdout_accounts']:,}",
                   help="Routed to a micro-segment but in its holdout (stable hash-based draw).")
    within = int((micro["size_status"] == "within_bounds").sum())
    cols[3].metric("Within size bounds", f"{within} of {len(micro)}",
                   help=f"Bounds: {int(micro['min_size'].min())}-{int(micro['max_size'].max())} accounts.")
    stale = int(micro["staleness_status"].isin(["stale", "partially_stale"]).sum())
    cols[4].metric("Relying on stale signals", stale,
                   help="Segments where some members' dated signals are older than their refresh class allows.")

    st.subheader("Meeting rate against the macro baseline")
    lift = data.lift("all_time")
    meeting = lift[(lift["metric_name"] == "meeting_rate") & (lift["comparison"] == "macro_baseline")]
    if meeting["segment_rate"].notna().any():
        chart(charts.rate_intervals(meeting, "meeting rate", "macro baseline"))
        st.caption("Whole attribution window. Circles: the segment's played accounts, coloured by verdict; "
                   "diamonds: its macro baseline; bars: 95 % Wilson intervals (details on *Lift vs baseline*).")
    else:
        st.info("No contacted accounts in any micro-segment yet: no rates to compare.")

    st.subheader("Size against the bounds")
    min_size = int(micro["min_size"].min()) if len(micro) else 15
    max_size = int(micro["max_size"].max()) if len(micro) else 75
    chart(charts.segment_sizes(segments, min_size, max_size))
    st.caption(f"Dashed lines: the size bounds ({min_size}-{max_size} accounts); light part of a bar: its holdout.")

    st.subheader("Micro-segments")
    table(
        micro[[
            "segment_name", "segment_id", "macro_segment_ids", "priority", "refresh_class", "member_count",
            "primary_count", "holdout_count", "size_status", "staleness_status", "max_signal_age_days",
            "stale_after_days", "rule_version",
        ]],
        segment_name=st.column_config.TextColumn("segment", width="large"),
        segment_id="id",
        macro_segment_ids="macro segments",
        member_count=st.column_config.NumberColumn("qualifying", help="Accounts that qualify today."),
        primary_count=st.column_config.NumberColumn("routed here", help="Accounts whose primary segment it is."),
        holdout_count=st.column_config.NumberColumn("holdout", help="Qualifying accounts held out of the play."),
        size_status="size status",
        staleness_status="staleness",
        max_signal_age_days=st.column_config.NumberColumn("oldest signal (days)"),
        stale_after_days=st.column_config.NumberColumn("stale after (days)"),
        rule_version="rule version",
    )
    with st.expander("Macro baselines (accounts in no micro-segment)"):
        table(baselines[["segment_name", "segment_id", "member_count", "holdout_count", "conditions_text"]],
              segment_name="baseline", member_count="accounts", holdout_count="holdout",
              conditions_text="definition")

    overlap = data.overlap()
    shared = overlap[overlap["shared_account_count"] > 0]
    st.subheader("Overlap between segments")
    if shared.empty:
        st.info("No two micro-segments share an account today.")
    else:
        table(
            shared[["segment_name_a", "segment_name_b", "member_count_a", "member_count_b", "shared_account_count",
                    "overlap_share", "jaccard_index", "is_above_threshold"]],
            segment_name_a=st.column_config.TextColumn("segment A", width="medium"),
            segment_name_b=st.column_config.TextColumn("segment B", width="medium"),
            member_count_a="size A",
            member_count_b="size B",
            shared_account_count="shared accounts",
            overlap_share=st.column_config.ProgressColumn("shared / smaller", format="percent", min_value=0,
                                                          max_value=1),
            jaccard_index=st.column_config.NumberColumn("Jaccard", format="%.2f"),
            is_above_threshold="above threshold",
        )
        flagged = int(shared["is_above_threshold"].sum())
        st.caption(f"{len(shared)} pairs share accounts; {flagged} above the overlap threshold "
                   "(var microseg__segment_max_overlap_share).")
