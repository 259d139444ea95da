"""Funnel metrics against the macro baseline (models/marts/funnel), on the session warehouse built
from the generated sample data (tests/conftest.py: 3,000 accounts, seed 7, as-of 2026-11-01).

- Every statistic of every fct_segment_lift row is recomputed in Python from the row's own counts
  and compared to 1e-9: the Wilson and Newcombe intervals, the pooled z-test and Benjamini-Hochberg
  with statsmodels (independent implementations); the shrinkage with scipy's beta posterior mean
  and a numpy method-of-moments prior strength, which restate the documented estimator (it is
  checked independently by simulation in tests/test_stats_macros.py); the verdict is re-derived
  from its documented rule, with the bar computed from the vars rather than read from the row.
- Point-in-time attribution and the contact-cohort counts are recomputed in pandas from the
  membership spells and the credited events.
- The planted ground truth: the ~2.2x meeting-rate group is worth_it with a difference interval
  excluding 0, the planted no-lift group is not worth_it, and the 9-account group is
  insufficient_evidence.
"""
from __future__ import annotations

import math

import duckdb
import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    proportion_confint,
    proportions_ztest,
)

TOL = 1e-9
ALPHA = 0.05
MIN_TRIALS = 30
DEFAULT_PRIOR_STRENGTH = 20.0
THRESHOLDS = {"reply_rate": 2.0, "positive_reply_rate": 2.0, "meeting_rate": 2.0,
              "opportunity_rate": 2.0, "win_rate": 1.3}
TOLERANCE = 0.1   # microseg__worth_it_tolerance: "about 2x"
FAMILY = ["comparison", "period_type", "period_start", "metric_name"]


# --- helpers ------------------------------------------------------------------------------------

def _df(warehouse, sql: str) -> pd.DataFrame:
    # Not read_only: dbt-duckdb keeps the database open in this process after dbtRunner returns,
    # and DuckDB refuses a second connection with another configuration.
    with duckdb.connect(str(warehouse.db_path)) as con:
        return con.execute(sql).df()


def _scalar(warehouse, sql: str):
    return _df(warehouse, sql).iloc[0, 0]


def _none(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA or x is pd.NaT


def _close(actual, expected, what: str) -> None:
    if _none(expected):
        assert _none(actual), f"{what}: expected NULL, got {actual!r}"
        return
    assert not _none(actual), f"{what}: expected {expected!r}, got NULL"
    assert abs(float(actual) - float(expected)) <= TOL * max(1.0, abs(float(expected))), \
        f"{what}: warehouse {actual!r} vs reference {expected!r}"


def _valid(s, n) -> bool:
    return not _none(s) and not _none(n) and n > 0 and 0 <= s <= n


def _wilson(s, n):
    if not _valid(s, n):
        return (None, None)
    low, high = proportion_confint(s, n, alpha=ALPHA, method="wilson")
    return float(low), float(high)


def _newcombe(s1, n1, s2, n2):
    if not (_valid(s1, n1) and _valid(s2, n2)):
        return (None, None)
    low, high = confint_proportions_2indep(s1, n1, s2, n2, method="newcomb", compare="diff", alpha=ALPHA)
    return float(low), float(high)


def _ztest(s1, n1, s2, n2):
    """statsmodels' pooled z-test; where every or no trial succeeded on both sides statsmodels
    returns nan (zero variance) and the project defines z = 0, p = 1 (no evidence of a difference)."""
    if not (_valid(s1, n1) and _valid(s2, n2)):
        return (None, None)
    if s1 + s2 == 0 or s1 + s2 == n1 + n2:
        return (0.0, 1.0)
    z, p = proportions_ztest([s1, s2], [n1, n2])
    return float(z), float(p)


def _prior_strength(rows: pd.DataFrame) -> float:
    """Method-of-moments prior strength k of the beta-binomial model around each row's baseline."""
    s, n, mu = (rows["segment_successes"].astype(float), rows["segment_trials"].astype(float),
                rows["baseline_rate"].astype(float))
    ok = (n > 0) & (s >= 0) & (s <= n) & (mu > 0) & (mu < 1)
    s, n, mu = s[ok], n[ok], mu[ok]
    num = float(np.sum((s - n * mu) ** 2 / n - mu * (1 - mu)))
    den = float(np.sum(mu * (1 - mu) * (n - 1)))
    if ok.sum() < 2 or den <= 0 or num <= 0:
        return DEFAULT_PRIOR_STRENGTH
    return max(0.0, den / num - 1.0)


def _posterior_mean(s, n, mu, k):
    if _none(mu) or _none(k) or _none(n) or n < 0 or n + k <= 0:
        return None
    a, b = s + k * mu, (n - s) + k * (1 - mu)
    if a > 0 and b > 0:
        return float(sps.beta(a, b).mean())
    return (s + k * mu) / (n + k)


def _verdict(row) -> str:
    bar = 1 + (THRESHOLDS[row.metric_name] - 1) * (1 - TOLERANCE)
    if (_none(row.segment_trials) or row.segment_trials < MIN_TRIALS or _none(row.baseline_trials)
            or row.baseline_trials < MIN_TRIALS or _none(row.p_value)):
        return "insufficient_evidence"
    significant = row.q_value <= ALPHA
    if row.difference_ci_low > 0 and significant:
        if row.segment_rate >= bar * row.baseline_rate:
            return "worth_it"
    if row.difference_ci_high < 0 and significant:
        return "worse"
    if row.difference_ci_high >= (bar - 1) * row.baseline_rate:
        return "insufficient_evidence"
    return "no_lift"


@pytest.fixture(scope="module")
def lift(warehouse) -> pd.DataFrame:
    return _df(warehouse, "select * from marts.fct_segment_lift")


@pytest.fixture(scope="module")
def planted_segments(warehouse) -> dict:
    """planted group -> the segment whose current membership overlaps it most."""
    truth = warehouse.ground_truth("accounts")
    truth = truth[truth["planted_group"].notna()][["account_key", "planted_group"]]
    members = _df(warehouse, "select account_id, segment_id from marts.fct_segment_membership")
    overlap = truth.merge(members, left_on="account_key", right_on="account_id")
    counts = overlap.groupby(["planted_group", "segment_id"]).size().reset_index(name="n")
    best = counts.sort_values("n", ascending=False).drop_duplicates("planted_group")
    return dict(zip(best["planted_group"], best["segment_id"]))


def _all_time(lift: pd.DataFrame, segment_id: str, metric: str, comparison: str = "macro_baseline"):
    rows = lift[(lift.segment_id == segment_id) & (lift.period_type == "all_time")
                & (lift.metric_name == metric) & (lift.comparison == comparison)]
    assert len(rows) == 1, f"expected one all_time {metric} row for {segment_id}, got {len(rows)}"
    return rows.iloc[0]


# --- statistics, row by row, against independent implementations --------------------------------

def test_lift_rows_cover_the_edge_cases(lift):
    """The row-by-row comparison below is only as good as the cases it meets."""
    trials, succ = lift.segment_trials, lift.segment_successes
    assert (trials == 0).any(), "no row with 0 trials"
    assert ((succ == 0) & (trials > 0)).any(), "no row with 0 successes"
    assert ((succ == trials) & (trials > 0)).any(), "no row with all successes"
    assert (trials == 1).any(), "no row with 1 trial"
    assert (lift.baseline_macro_segment_count > 1).any(), "no mix-standardised baseline"
    assert (lift.comparison == "holdout").any(), "no holdout comparison"


def test_rates_and_wilson_intervals_match_statsmodels(lift):
    for row in lift.itertuples():
        s, n, bs, bn = row.segment_successes, row.segment_trials, row.baseline_successes, row.baseline_trials
        _close(row.segment_rate, s / n if _valid(s, n) else None, f"{row.lift_row_id} segment_rate")
        low, high = _wilson(s, n)
        _close(row.segment_rate_ci_low, low, f"{row.lift_row_id} segment_rate_ci_low")
        _close(row.segment_rate_ci_high, high, f"{row.lift_row_id} segment_rate_ci_high")
        _close(row.baseline_rate, bs / bn if _valid(bs, bn) else None, f"{row.lift_row_id} baseline_rate")
        low, high = _wilson(bs, bn)
        _close(row.baseline_rate_ci_low, low, f"{row.lift_row_id} baseline_rate_ci_low")
        _close(row.baseline_rate_ci_high, high, f"{row.lift_row_id} baseline_rate_ci_high")


def test_difference_lift_and_test_match_statsmodels(lift):
    for row in lift.itertuples():
        s1, n1, s2, n2 = row.segment_successes, row.segment_trials, row.baseline_successes, row.baseline_trials
        both = _valid(s1, n1) and _valid(s2, n2)
        _close(row.rate_difference, s1 / n1 - s2 / n2 if both else None, f"{row.lift_row_id} rate_difference")
        low, high = _newcombe(s1, n1, s2, n2)
        _close(row.difference_ci_low, low, f"{row.lift_row_id} difference_ci_low")
        _close(row.difference_ci_high, high, f"{row.lift_row_id} difference_ci_high")
        _close(row.lift_ratio, (s1 / n1) / (s2 / n2) if both and s2 > 0 else None, f"{row.lift_row_id} lift_ratio")
        z, p = _ztest(s1, n1, s2, n2)
        _close(row.z_statistic, z, f"{row.lift_row_id} z_statistic")
        _close(row.p_value, p, f"{row.lift_row_id} p_value")


def test_q_values_match_statsmodels_benjamini_hochberg(lift):
    checked = 0
    for _, family in lift.groupby(FAMILY):
        tested = family[family.p_value.notna()]
        if len(tested):
            q = multipletests(tested.p_value.to_numpy(dtype=float), method="fdr_bh")[1]
            for actual, expected, key in zip(tested.q_value, q, tested.lift_row_id):
                _close(actual, expected, f"{key} q_value")
                checked += 1
        assert family[family.p_value.isna()].q_value.isna().all()
    assert checked > 100


def test_shrinkage_matches_beta_binomial_posterior_mean(lift):
    baseline_rows = lift[lift.comparison == "macro_baseline"]
    priors = {}
    for key, family in baseline_rows.groupby(["period_type", "period_start", "metric_name"]):
        priors[key] = _prior_strength(family)
    prior_rate = baseline_rows.set_index(["segment_id", "period_type", "period_start", "metric_name"]).baseline_rate
    for row in lift.itertuples():
        k = priors[(row.period_type, row.period_start, row.metric_name)]
        mu = prior_rate.get((row.segment_id, row.period_type, row.period_start, row.metric_name))
        _close(row.shrinkage_prior_strength, k, f"{row.lift_row_id} shrinkage_prior_strength")
        _close(row.prior_rate, mu, f"{row.lift_row_id} prior_rate")
        _close(row.shrunk_rate, _posterior_mean(row.segment_successes, row.segment_trials, mu, k),
               f"{row.lift_row_id} shrunk_rate")


def test_mixed_baselines_are_standardised_to_the_segment_mix(warehouse, lift):
    funnel = _df(warehouse, "select * from marts.fct_segment_funnel where period_type = 'all_time'")
    mixed = lift[(lift.baseline_macro_segment_count > 1) & (lift.period_type == "all_time")
                 & (lift.metric_name == "meeting_rate") & (lift.comparison == "macro_baseline")]
    assert len(mixed), "no segment spans several macro segments"
    for row in mixed.itertuples():
        cells = funnel[(funnel.group_type == "micro_segment") & (funnel.segment_id == row.segment_id)]
        base = funnel[funnel.group_type == "macro_baseline"].set_index("macro_segment_id")
        if cells.accounts_contacted.sum() > 0:
            w = cells.set_index("macro_segment_id").accounts_contacted / cells.accounts_contacted.sum()
        else:
            w = cells.set_index("macro_segment_id").accounts_in_segment / cells.accounts_in_segment.sum()
        w = w[w > 0]
        r = base.loc[w.index, "accounts_with_meeting"] / base.loc[w.index, "accounts_contacted"]
        n_eff = 1.0 / float(np.sum(w ** 2 / base.loc[w.index, "accounts_contacted"]))
        _close(row.baseline_rate, float(np.sum(w * r)), f"{row.lift_row_id} standardised rate")
        _close(row.baseline_trials, n_eff, f"{row.lift_row_id} effective trials")


def test_verdicts_follow_the_documented_rule(lift):
    expected = lift.apply(_verdict, axis=1)
    wrong = lift[expected != lift.verdict]
    assert wrong.empty, wrong[["lift_row_id", "verdict"]].assign(expected=expected[wrong.index]).to_string()
    assert lift.verdict.isin({"worth_it", "no_lift"}).any()


# --- attribution and cohorts, recomputed in pandas ----------------------------------------------

def test_every_credited_event_sits_in_its_primary_spell(warehouse):
    events = _df(warehouse, "select funnel_event_key, account_id, event_date, group_type, segment_id "
                          "from marts.fct_funnel_events")
    spells = _df(warehouse, "select account_id, segment_id, segment_kind, is_holdout, valid_from, valid_to "
                          "from marts.fct_segment_membership_history where membership_type = 'primary'")
    merged = events.merge(spells, on="account_id", suffixes=("", "_spell"))
    end = merged.valid_to.fillna(pd.Timestamp("2026-11-02"))
    inside = merged[(merged.event_date >= merged.valid_from) & (merged.event_date < end)]
    assert inside.funnel_event_key.is_unique and len(inside) == len(events), "an event is in 0 or 2+ spells"
    expected_group = np.where(inside.segment_kind == "macro_baseline", "macro_baseline",
                              np.where(inside.is_holdout, "holdout", "micro_segment"))
    assert (inside.segment_id == inside.segment_id_spell).all()
    assert (inside.group_type == expected_group).all()


def test_attribution_differs_from_todays_membership(warehouse, planted_segments):
    """Accounts in the competitor segment today were baseline accounts before their hire: their
    earlier touches stay with the baseline, which today's membership would have got wrong."""
    segment = planted_segments["pg_competitor_salesops"]
    moved = _scalar(warehouse, f"""
        select count(distinct events.account_id)
        from marts.fct_funnel_events as events
        inner join marts.fct_segment_membership as today
            on events.account_id = today.account_id and today.is_primary
        where today.segment_id = '{segment}' and events.group_type = 'macro_baseline'
    """)
    assert moved > 0


def test_contact_cohorts_recomputed_from_events(warehouse):
    events = _df(warehouse, "select * from marts.fct_funnel_events")
    funnel = _df(warehouse, "select * from marts.fct_segment_funnel")
    cell = ["group_type", "segment_id", "macro_segment_id"]
    exposed = events.spell_valid_to.isna() | (
        (events.spell_valid_to - events.event_date).dt.days >= 7)
    sends = events[events.funnel_event_type == "email_sent"].assign(exposed=exposed)
    outcomes = events[events.funnel_event_type.isin(["reply", "meeting", "opportunity"])]
    checked = 0
    for period in funnel[["period_type", "period_start", "period_end"]].drop_duplicates().itertuples():
        in_period = sends[(sends.event_date >= period.period_start) & (sends.event_date <= period.period_end)]
        entries = (in_period[in_period.exposed].groupby(cell + ["account_id"]).event_date.min()
                   .rename("entry").reset_index())
        joined = entries.merge(outcomes, on=cell + ["account_id"], how="left")
        joined = joined[joined.event_date >= joined.entry]
        meet = joined[joined.funnel_event_type == "meeting"].groupby(cell).account_id.nunique()
        reply = joined[joined.funnel_event_type == "reply"].groupby(cell).account_id.nunique()
        contacted = entries.groupby(cell).account_id.nunique()
        rows = funnel[(funnel.period_type == period.period_type) & (funnel.period_start == period.period_start)]
        for row in rows.itertuples():
            key = (row.group_type, row.segment_id, row.macro_segment_id)
            assert row.accounts_contacted == contacted.get(key, 0), (key, period)
            assert row.accounts_with_meeting == meet.get(key, 0), (key, period)
            assert row.accounts_replied == reply.get(key, 0), (key, period)
            checked += 1
    assert checked > 100


# --- planted ground truth (all_time) -------------------------------------------------------------

def test_competitor_salesops_group_is_worth_it(warehouse, lift, planted_segments):
    segment = planted_segments["pg_competitor_salesops"]
    row = _all_time(lift, segment, "meeting_rate")
    print(f"\n{segment}: meeting {row.segment_successes}/{row.segment_trials} vs baseline "
          f"{row.baseline_successes:.0f}/{row.baseline_trials:.0f}, lift {row.lift_ratio:.2f}, "
          f"difference CI [{row.difference_ci_low:.3f}, {row.difference_ci_high:.3f}], q {row.q_value:.2g}")
    assert row.verdict == "worth_it"
    assert row.difference_ci_low > 0                                   # interval excludes 0
    assert row.lift_ratio >= 1 + (THRESHOLDS["meeting_rate"] - 1) * (1 - TOLERANCE) and row.q_value <= ALPHA
    review = _df(warehouse, f"select * from marts.rpt_segment_review where segment_id = '{segment}'").iloc[0]
    assert review.segment_verdict == "worth_it" and review.diagnosis == "scale_up"


def test_recent_funding_group_is_not_worth_it(warehouse, lift, planted_segments):
    segment = planted_segments["pg_recent_funding"]
    rows = lift[(lift.segment_id == segment) & (lift.period_type == "all_time")]
    assert len(rows) >= 5
    assert not (rows.verdict == "worth_it").any(), rows[["metric_name", "comparison", "verdict"]].to_string()
    meeting = _all_time(lift, segment, "meeting_rate")
    assert meeting.difference_ci_low <= 0 < meeting.difference_ci_high   # the interval contains no lift
    review = _df(warehouse, f"select * from marts.rpt_segment_review where segment_id = '{segment}'").iloc[0]
    assert review.segment_verdict != "worth_it"


def test_tiny_group_is_insufficient_evidence(warehouse, lift, planted_segments):
    segment = planted_segments["pg_tiny"]
    rows = lift[(lift.segment_id == segment) & (lift.period_type == "all_time")]
    assert len(rows) >= 5
    assert (rows.verdict == "insufficient_evidence").all(), rows[["metric_name", "verdict"]].to_string()
    assert (rows.segment_trials < MIN_TRIALS).all()
    review = _df(warehouse, f"select * from marts.rpt_segment_review where segment_id = '{segment}'").iloc[0]
    assert review.segment_verdict == "insufficient_evidence"
    assert review.diagnosis == "too_small_to_judge"


# --- review and budget --------------------------------------------------------------------------

def test_review_covers_every_micro_segment(warehouse):
    missing = _scalar(warehouse, """
        select count(*) from marts.dim_segments as segments
        left join marts.rpt_segment_review as review on segments.segment_id = review.segment_id
        where segments.segment_kind = 'micro_segment' and review.segment_id is null
    """)
    assert missing == 0
    assert _scalar(warehouse, "select count(*) from marts.rpt_segment_review where recommendation is null") == 0


def test_budget_shares_sum_to_one_with_the_floor(warehouse):
    budget = _df(warehouse, "select * from marts.rpt_segment_budget")
    assert abs(budget.budget_share.sum() - 1.0) <= 1e-9
    assert abs(budget.budget_usd.sum() - 100000) <= 1e-6
    unproven = budget[budget.is_unproven]
    assert len(unproven) > 0 and (unproven.budget_share >= 0.05 - 1e-12).all()
    assert (budget.loc[~budget.is_eligible, "budget_share"] == 0).all()
    proven = budget[budget.is_eligible & ~budget.is_unproven & (budget.expected_value_usd > 0)]
    assert len(proven) >= 2
    ratio = proven.budget_share / proven.expected_value_usd   # proven segments: shares follow value
    assert np.allclose(ratio, ratio.iloc[0], rtol=1e-9)
    ev = (budget.reachable_accounts * budget.expected_opportunity_rate * budget.expected_win_rate
          * budget.expected_deal_size_usd).where(budget.is_eligible, 0.0)
    assert np.allclose(budget.expected_value_usd, ev, rtol=1e-9, atol=1e-9)
