"""Small helpers shared by the pages."""
from __future__ import annotations

import pandas as pd
import streamlit as st

METRICS = {
    "meeting_rate": "Meeting rate",
    "win_rate": "Win rate",
    "reply_rate": "Reply rate",
    "positive_reply_rate": "Positive reply rate",
    "opportunity_rate": "Opportunity rate",
}
COMPARISONS = {"macro_baseline": "Macro baseline", "holdout": "Holdout (causal control)"}


def pct(value, digits: int = 1) -> str:
    return "–" if value is None or pd.isna(value) else f"{value:.{digits}%}"


def chart(spec) -> None:
    st.altair_chart(spec, width="stretch")


def table(frame: pd.DataFrame, **column_config) -> None:
    st.dataframe(frame, hide_index=True, width="stretch", column_config=column_config or None)


def percent_column(label: str) -> st.column_config.NumberColumn:
    return st.column_config.NumberColumn(label, format="percent")
