"""Account drill-down: why an account is in its segment (conditions, evidence, triggers), its
other qualifying segments, and how its membership changed over time."""
from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from dashboard import charts, data
from dashboard.views.common import chart, table

ANY = "Any micro-segment"
PROFILE_FIELDS = [
    ("industry", "Industry"), ("industry_group", "Industry group"), ("country_code", "Country"),
    ("employee_count", "Employees"), ("size_band", "Size band"), ("growth_stage", "Growth stage"),
    ("headcount_growth_12m_pct", "Headcount growth 12m"), ("funding_stage", "Funding stage"),
    ("engagement_state", "Engagement"), ("intent_stage", "Intent stage"),
    ("max_intent_score_28d", "Max intent score (28 d)"), ("competitor_tools", "Competitor tools"),
    ("legacy_tools", "Legacy tools"), ("tier", "Tier"), ("buying_motion", "Buying motion"),
    ("account_value_score", "Value score"),
]


def _format(field: str, value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "–"
    if field == "headcount_growth_12m_pct":
        return f"{value:+.0%}"
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, (int, np.integer)):
        return f"{int(value):,}"
    if isinstance(value, (float, np.floating)):
        return f"{float(value):,.1f}"
    return str(value)


def _pick_account() -> str | None:
    segments = data.segments()
    micro = segments[segments["segment_kind"] == "micro_segment"]
    names = dict(zip(micro["segment_name"], micro["segment_id"]))
    c1, c2 = st.columns([1, 1])
    segment_name = c1.selectbox("Segment", [ANY, *names], key="account_segment")
    search = c2.text_input("Search accounts (name or domain)", key="account_search")
    choices = data.account_choices(names.get(segment_name), search)
    if choices.empty:
        st.info("No account matches.")
        return None
    labels = {
        row.account_id: f"{row.account_name or row.account_id} — {row.account_id}"
        for row in choices.itertuples(index=False)
    }
    return st.selectbox("Account", list(labels), format_func=labels.get, key="account_id")


def render() -> None:
    st.title("Account drill-down")
    st.caption("Why is this account in its segment? The definition's conditions, the evidence that met them, "
               "the buying triggers behind them, and the history of its entries and exits.")
    account_id = _pick_account()
    if account_id is None:
        return
    account = data.account(account_id)
    if account is None:
        st.warning(f"Account {account_id} is not in dim_accounts.")
        return
    memberships = data.account_memberships(account_id)

    st.header(account["account_name"] or account_id)
    routed = account["primary_segment_id"]
    primary = memberships[memberships["is_primary"]]
    routed_name = primary["segment_name"].iloc[0] if not primary.empty else f"its macro baseline ({routed})"
    facts = [
        ("Macro segment", account["macro_segment_id"]),
        ("Routed to", routed_name),
        ("Qualifies for", f"{len(memberships)} micro-segment{'s' if len(memberships) != 1 else ''}"),
        ("Held out of the play", "yes" if bool(account["is_holdout"]) else "no"),
    ]
    for col, (label, value) in zip(st.columns([1, 2, 1, 1]), facts):
        col.caption(label)
        col.markdown(f"**{value}**")
    st.caption(f"`{account_id}` · domain {account['domain'] or '–'} · CRM id {account['crm_account_id'] or '–'} · "
               f"as of {pd.Timestamp(account['as_of_date']).date()}")

    st.subheader("Why it is in its segment")
    if memberships.empty:
        st.info(f"This account qualifies for no micro-segment today: it gets the {account['macro_segment_id']} "
                "macro segment's baseline play.")
    for row in memberships.itertuples(index=False):
        role = "primary — routed here" if row.is_primary else f"also qualifies (priority rank {row.priority_rank})"
        holdout = " · **held out**" if row.is_holdout else ""
        with st.container(border=True):
            st.markdown(f"#### {row.segment_name}\n{role}{holdout} · member since {pd.Timestamp(row.member_since_date).date()}"
                        f" · rule version `{row.rule_version}` · {row.refresh_class.replace('_', ' ')}")
            st.markdown(f"**Definition:** {row.conditions_text}")
            evidence = pd.DataFrame(
                [(item.condition, item.observed) for item in data.parse_evidence(row.evidence)],
                columns=["condition", "evidence (observed value)"],
            )
            table(evidence, condition=st.column_config.TextColumn("condition", width="large"))
            if row.oldest_signal_date is not None and not pd.isna(row.oldest_signal_date):
                st.caption(f"Oldest dated signal relied on: {pd.Timestamp(row.oldest_signal_date).date()} "
                           f"({row.signal_age_days} days old).")
            if row.is_primary and isinstance(row.play_name, str):
                st.caption(f"Play: **{row.play_name}** via {row.play_channel} — {row.play_cta}")

    st.subheader("Buying triggers")
    triggers = data.active_triggers(account)
    if triggers.empty:
        st.caption("No active buying trigger on the as-of date.")
    else:
        table(triggers)
    changes = data.account_changes(account_id)
    signals = changes.dropna(subset=["signal_name"])
    if not signals.empty:
        st.markdown("**Signals behind its entries and exits**")
        table(
            signals[["change_date", "change_type", "segment_name", "signal_kind", "signal_label", "signal_value",
                     "signal_observed_date", "signal_source_model", "signal_source_key"]],
            change_date=st.column_config.DateColumn("date"),
            change_type="change",
            segment_name="segment",
            signal_kind="kind",
            signal_label=st.column_config.TextColumn("signal", width="large"),
            signal_value="value",
            signal_observed_date=st.column_config.DateColumn("observed"),
            signal_source_model="source model",
            signal_source_key="source key",
        )

    st.subheader("Membership over time")
    history = data.account_history(account_id)
    if history.empty:
        st.caption("No membership history.")
    else:
        chart(charts.account_timeline(history, account["as_of_date"]))
    if not changes.empty:
        table(changes[["change_date", "change_type", "segment_name", "cause", "cause_signals"]],
              change_date=st.column_config.DateColumn("date"), change_type="change", segment_name="segment",
              cause_signals=st.column_config.TextColumn("signals", width="large"))

    st.subheader("Profile today")
    profile = pd.DataFrame(
        [(label, _format(field, account.get(field))) for field, label in PROFILE_FIELDS if field in account.index],
        columns=["attribute", "value"],
    )
    table(profile)
