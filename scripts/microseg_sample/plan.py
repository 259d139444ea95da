"""Global account plan: every account-level decision, drawn once for all accounts (vectorised).

The plan fixes firmographics, presence in CRM / enrichment, growth trajectories, tech stack,
planted groups and their triggers, and the account-level funnel (who is contacted, replies,
meets, gets an opportunity, wins) with exact per-cohort quotas. Row-level tables are then
rendered block by block from this plan (see tables.py), so the data do not depend on the chunk
size, and the ground truth is known by construction.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import vocab as V
from .fastfmt import SECONDS_PER_DAY, add_months, month_start

DAY = SECONDS_PER_DAY
HOUR = 3600

GROUPS = ["pg_competitor_salesops", "pg_recent_funding", "pg_new_sales_leader",
          "pg_contracting_legacy", "pg_engaged_late_intent", "pg_tiny"]
G_COMP, G_FUND, G_LEADER, G_LEGACY, G_LATE, G_TINY = range(6)
GROUP_SHARE = {G_COMP: 0.055, G_FUND: 0.05, G_LEADER: 0.03, G_LEGACY: 0.02, G_LATE: 0.03}
TINY_SIZE = 9

GROUP_INFO = {
    "pg_competitor_salesops": dict(
        description="Mid-market tech accounts on a competing sales-engagement tool that just hired a sales-operations leader.",
        rule="macro segment mid_market_tech AND a current Outreach or Salesloft install AND an executive hire in "
             "department sales_operations 10-80 days before the as-of date; outreach starts after the hire.",
        target={"reply": 1.7, "positive_reply": 2.0, "meeting": 2.2, "win": 1.0}),
    "pg_recent_funding": dict(
        description="Mid-market tech/general accounts that just raised a Series A-C round (no competitor, no exec hire).",
        rule="macro segment mid_market_tech or mid_market_general AND a series_a/series_b/series_c round announced "
             "10-80 days before the as-of date AND no competitor tool AND no executive change in the last 200 days; "
             "outreach starts after the announcement.",
        target={"reply": 1.0, "positive_reply": 1.0, "meeting": 1.0, "win": 1.0}),
    "pg_new_sales_leader": dict(
        description="Enterprise / mid-market general accounts with a new CRO or VP Sales.",
        rule="macro segment enterprise or mid_market_general AND an executive hire in department sales with "
             "seniority c_level or vp (CRO / VP Sales titles) 10-80 days before the as-of date; outreach starts "
             "after the hire; deals close faster.",
        target={"reply": 1.0, "positive_reply": 1.0, "meeting": 1.0, "win": 1.5}),
    "pg_contracting_legacy": dict(
        description="Shrinking enterprises still on a legacy CRM.",
        rule="macro segment enterprise AND growth_stage contracting (trailing-12-month headcount growth between "
             "-0.35 and -0.15) AND a current legacy CRM (Siebel CRM, Oracle CX Legacy, Dynamics CRM 2011).",
        target={"reply": 0.7, "positive_reply": 0.6, "meeting": 0.5, "win": 1.0}),
    "pg_engaged_late_intent": dict(
        description="Regulated mid-market accounts that engaged before, never bought, and show late intent now.",
        rule="macro segment mid_market_regulated AND a real reply or click 60-300 days before the as-of date AND no "
             "won opportunity AND intent_stage late now (intent_score 75-95 on a category and a competitor topic in "
             "each of the last 4 weeks + a pricing page visit in the last 28 days); new outreach starts after the "
             "late intent began.",
        target={"reply": 2.0, "positive_reply": 1.5, "meeting": 1.0, "win": 1.0}),
    "pg_tiny": dict(
        description="Exactly 9 SMB accounts on Apollo that hired a revenue-operations executive (too few for evidence).",
        rule="macro segment smb AND a current Apollo install AND an executive hire in department revenue_operations "
             "10-80 days before the as-of date; outreach starts after the hire.",
        target={"reply": 1.5, "positive_reply": 1.8, "meeting": 2.0, "win": 1.0}),
}

# Baseline account-level funnel among contacted accounts, per macro segment:
# contact rate, replied, positive, meeting (shares of contacted), opp per meeting, closed per opp, won per closed.
BASE = {
    "smb": (0.35, 0.30, 0.16, 0.07, 0.50, 0.85, 0.30),
    "mid_market_tech": (0.95, 0.42, 0.26, 0.12, 0.45, 0.80, 0.25),
    "mid_market_regulated": (0.60, 0.34, 0.18, 0.08, 0.45, 0.75, 0.22),
    "mid_market_general": (0.60, 0.36, 0.20, 0.09, 0.45, 0.80, 0.25),
    "enterprise": (0.60, 0.36, 0.21, 0.10, 0.50, 0.70, 0.20),
}
GROWTH_STAGES = ["hyper_growth", "steady_growth", "stable", "contracting", "unknown"]
GS_HYPER, GS_STEADY, GS_STABLE, GS_CONTRACT, GS_UNKNOWN = range(5)
EXISTING_CUSTOMER_RATE = 0.06


def _b36(values: np.ndarray) -> list[str]:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = []
    for v in values.tolist():
        s = ""
        while True:
            v, r = divmod(v, 36)
            s = digits[r] + s
            if v == 0:
                break
        out.append(s)
    return out


def classify_growth(g: np.ndarray) -> np.ndarray:
    st = np.full(g.shape, GS_STABLE, dtype=np.int8)
    st[g >= 0.65] = GS_HYPER
    st[(g >= 0.075) & (g < 0.65)] = GS_STEADY
    st[g <= -0.075] = GS_CONTRACT
    return st


@dataclass
class Plan:
    n: int
    seed: int
    as_of: int  # days since epoch
    a: dict[str, np.ndarray] = field(default_factory=dict)
    domains: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)

    def __getattr__(self, item):
        try:
            return self.__dict__["a"][item]
        except KeyError as exc:
            raise AttributeError(item) from exc


def _quota_pick(rng, pool: np.ndarray, k: int) -> np.ndarray:
    k = int(max(0, min(k, len(pool))))
    if k == 0:
        return pool[:0]
    return rng.choice(pool, size=k, replace=False)


def build_plan(n: int, seed: int, as_of: int) -> Plan:
    rng = np.random.default_rng(np.random.SeedSequence([seed, 0x9A11]))
    P = Plan(n=n, seed=seed, as_of=as_of)
    a = P.a
    as_of_end = as_of * DAY + 20 * HOUR
    a["idx"] = idx = np.arange(n, dtype=np.int64)

    # --- firmographics ------------------------------------------------------------------------
    cw = np.array([c[4] for c in V.COUNTRIES])
    a["country"] = country = rng.choice(len(V.COUNTRIES), size=n, p=cw / cw.sum())
    tz_choice = rng.integers(0, 1 << 30, size=n)
    tz_tables = [np.array(c[3]) for c in V.COUNTRIES]
    a["tz"] = np.array([0] * n, dtype=np.int64)
    for ci, offs in enumerate(tz_tables):
        m = country == ci
        a["tz"][m] = offs[tz_choice[m] % len(offs)]
    iw = np.array([x[2] for x in V.INDUSTRIES])
    a["industry"] = industry = rng.choice(len(V.INDUSTRIES), size=n, p=iw / iw.sum())
    groups_of_ind = np.array([x[1] for x in V.INDUSTRIES])
    ig = groups_of_ind[industry]
    a["sub_industry"] = rng.integers(0, 1 << 30, size=n) % np.array([len(x[3]) for x in V.INDUSTRIES])[industry]
    a["size_band"] = band = rng.choice(4, size=n, p=[0.38, 0.36, 0.18, 0.08])
    lo = np.array([3, 51, 501, 5001])[band]
    hi = np.array([50, 500, 5000, 120000])[band]
    u = rng.random(n) ** np.where(band == 3, 1.6, 1.25)  # skew toward the small end of each band
    a["employees"] = emp = np.floor(np.exp(np.log(lo) + u * (np.log(hi + 1) - np.log(lo)))).astype(np.int64)
    emp[:] = np.clip(emp, lo, hi)
    macro = np.where(band == 0, 0, np.where(band == 3, 4, np.where(
        ig == "technology", 1, np.where(np.isin(ig, ["financial_services", "healthcare"]), 2, 3))))
    a["macro_hidden"] = macro.astype(np.int8)

    # --- presence -------------------------------------------------------------------------------
    u = rng.random(n)
    has_crm = u < 0.88
    has_enr = (u < 0.78) | (u >= 0.88)
    websiteless = (~has_enr) & (rng.random(n) < 0.2)
    a["has_crm"], a["has_enr"], a["websiteless"] = has_crm, has_enr, websiteless
    a["crm_deleted"] = crm_deleted = has_crm & (rng.random(n) < 0.025)
    a["macro"] = np.where(has_enr, macro, -1).astype(np.int8)

    # --- names and domains ------------------------------------------------------------------
    pre = rng.integers(0, len(V.NAME_PREFIXES), size=n)
    suf = rng.integers(0, len(V.NAME_SUFFIXES), size=n)
    tld_pick = rng.integers(0, 1 << 30, size=n)
    perm = (idx * 7_919 + 1_013) % max(n, 1)  # a stable permutation makes the base-36 tags look less sequential
    tags = _b36(perm + 36 * 36)
    names, domains = [], []
    for i in range(n):
        p, s = V.NAME_PREFIXES[pre[i]], V.NAME_SUFFIXES[suf[i]]
        cc = V.COUNTRIES[country[i]][0]
        tlds = V.TLD_BY_COUNTRY.get(cc, V.DEFAULT_TLDS)
        tld = tlds[tld_pick[i] % len(tlds)]
        names.append(f"{p} {s} {tags[i].upper()}" if (i % 3 == 0) else f"{p}{s.lower()} {tags[i].upper()}")
        domains.append(f"{p.lower()}{s.lower()}{tags[i]}.{tld}")
    P.names, P.domains = names, domains

    # --- headcount trajectories ------------------------------------------------------------
    u = rng.random(n)
    hist = np.where(u < 0.04, 0, np.where(u < 0.10, rng.integers(3, 12, size=n),
                                          np.where(u < 0.20, rng.integers(13, 24, size=n),
                                                   rng.integers(24, 37, size=n))))
    hist = np.where(has_enr, hist, 0)
    gp = {0: [0.16, 0.42, 0.30, 0.12], 1: [0.08, 0.40, 0.34, 0.18], 2: [0.03, 0.30, 0.45, 0.22],
          3: [0.01, 0.22, 0.52, 0.25]}
    stage = np.empty(n, dtype=np.int8)
    for b, p in gp.items():
        m = band == b
        stage[m] = rng.choice(4, size=int(m.sum()), p=p)
    a["hist_months"] = hist

    # --- existing customers (won before the history window; renewals yearly) -----------------
    active_crm = has_crm & ~crm_deleted & ~websiteless
    a["customer"] = customer = active_crm & (rng.random(n) < EXISTING_CUSTOMER_RATE)
    a["churned"] = customer & (rng.random(n) < 0.2)
    # lost new-business deals from before the history window (keeps overall win rates realistic)
    a["old_lost"] = active_crm & (rng.random(n) < np.where(customer, 0.3, 0.18))

    # --- technology stack (enrichment companies) --------------------------------------------
    crm_tool = rng.choice(len(V.MODERN_CRMS), size=n, p=[0.45, 0.3, 0.12, 0.08, 0.05])
    crm_tool = np.array([V.TECH_INDEX[t] for t in V.MODERN_CRMS])[crm_tool]
    legacy_p = np.array([0.02, 0.04, 0.08, 0.15])[band]
    legacy = rng.random(n) < legacy_p
    crm_tool = np.where(legacy, np.array([V.TECH_INDEX[t] for t in V.LEGACY_CRMS])[rng.integers(0, 3, size=n)],
                        crm_tool)
    no_crm_tool = rng.random(n) < 0.04
    a["crm_tool"] = np.where(no_crm_tool, -1, crm_tool)
    # legacy CRM migration (dropped legacy, adopted a modern CRM): a technology_migration trigger
    comp_p = rng.random(n)
    comp = np.full(n, -1)
    comp[comp_p < 0.30] = V.TECH_INDEX["Outreach"]
    comp[comp_p < 0.17] = V.TECH_INDEX["Salesloft"]
    comp[comp_p < 0.08] = V.TECH_INDEX["Apollo"]
    a["competitor"] = comp
    a["competitor_current"] = (comp >= 0) & (rng.random(n) < 0.8)
    a["competitor_first_seen"] = as_of - rng.integers(60, 1500, size=n)
    a["migration"] = (~legacy) & (~no_crm_tool) & (rng.random(n) < 0.05)
    a["migration_day"] = as_of - rng.integers(15, 330, size=n)

    # --- planted groups -------------------------------------------------------------------------
    eligible = has_crm & has_enr & ~crm_deleted & ~customer & ~websiteless
    group = np.full(n, -1, dtype=np.int8)
    g_target = {k: int(round(v * n)) for k, v in GROUP_SHARE.items()}
    g_target[G_TINY] = TINY_SIZE

    def assign(gid, pool_mask, k):
        pool = np.nonzero(pool_mask & eligible & (group < 0))[0]
        picked = _quota_pick(rng, pool, k)
        group[picked] = gid
        return picked

    assign(G_LEGACY, (macro == 4) & (hist >= 24), g_target[G_LEGACY])
    assign(G_COMP, macro == 1, g_target[G_COMP])
    assign(G_LATE, macro == 2, g_target[G_LATE])
    assign(G_TINY, macro == 0, g_target[G_TINY])
    assign(G_LEADER, np.isin(macro, [3, 4]), g_target[G_LEADER])
    # recent funding: mostly mid_market_general, so the mid_market_tech baseline stays large
    k_gen = int(round(0.65 * g_target[G_FUND]))
    got = assign(G_FUND, macro == 3, k_gen)
    assign(G_FUND, macro == 1, g_target[G_FUND] - len(got))
    a["group"] = group

    # group-specific attributes
    m = group == G_LEGACY
    stage[m] = GS_CONTRACT
    a["crm_tool"][m] = np.array([V.TECH_INDEX[t] for t in V.LEGACY_CRMS])[rng.integers(0, 3, size=int(m.sum()))]
    a["migration"][m] = False
    m = group == G_COMP
    a["competitor"][m] = np.where(rng.random(int(m.sum())) < 0.55, V.TECH_INDEX["Outreach"], V.TECH_INDEX["Salesloft"])
    a["competitor_current"][m] = True
    a["competitor_first_seen"][m] = as_of - rng.integers(200, 1400, size=int(m.sum()))
    m = group == G_TINY
    a["competitor"][m] = V.TECH_INDEX["Apollo"]
    a["competitor_current"][m] = True
    a["competitor_first_seen"][m] = as_of - rng.integers(150, 900, size=int(m.sum()))
    m = group == G_FUND
    a["competitor"][m] = -1
    a["competitor_current"][m] = False

    # background accounts must not satisfy a planted rule: enterprise on a current legacy CRM is
    # never contracting in the background.
    legacy_idx = [V.TECH_INDEX[t] for t in V.LEGACY_CRMS]
    bg_conflict = (group < 0) & (macro == 4) & np.isin(a["crm_tool"], legacy_idx) & ~a["migration"] & \
        (stage == GS_CONTRACT)
    stage[bg_conflict] = GS_STABLE

    # growth ratio targets, well away from the band boundaries (0.65, 0.075, -0.075)
    g = np.empty(n)
    for st, (lo_g, hi_g) in {GS_HYPER: (0.85, 1.5), GS_STEADY: (0.15, 0.45), GS_STABLE: (-0.03, 0.03),
                             GS_CONTRACT: (-0.33, -0.15)}.items():
        m = stage == st
        g[m] = rng.uniform(lo_g, hi_g, size=int(m.sum()))
    m = group == G_LEGACY
    g[m] = rng.uniform(-0.32, -0.18, size=int(m.sum()))
    h12 = np.maximum(1, np.round(emp / (1.0 + g))).astype(np.int64)
    # integer rounding: re-derive and nudge until the realised growth keeps a margin from boundaries
    for _ in range(6):
        real = emp / h12 - 1.0
        bad = np.zeros(n, dtype=bool)
        for b in (0.65, 0.075, -0.075):
            bad |= np.abs(real - b) < 0.02
        bad |= classify_growth(real) != stage
        if not bad.any():
            break
        h12 = np.where(bad & (real > np.where(stage == GS_CONTRACT, -0.2, 0.0)), h12 + 1, h12)
        h12 = np.where(bad & (real <= np.where(stage == GS_CONTRACT, -0.2, 0.0)), np.maximum(1, h12 - 1), h12)
    real = emp / h12 - 1.0
    a["h12"] = h12
    a["growth_real"] = np.where(hist >= 13, real, np.nan)
    known = hist >= 13
    a["growth_stage"] = np.where(known & has_enr, classify_growth(real), GS_UNKNOWN).astype(np.int8)

    # --- planted triggers ----------------------------------------------------------------------
    trig = np.full(n, -1, dtype=np.int64)  # trigger day
    m = np.isin(group, [G_COMP, G_FUND, G_TINY])
    trig[m] = as_of - rng.integers(10, 81, size=int(m.sum()))
    m = group == G_LEADER
    trig[m] = as_of - rng.integers(25, 81, size=int(m.sum()))
    a["trigger_day"] = trig
    # planted hire title (index into EXEC_TITLES)
    hire_title = np.full(n, -1)
    titles_of = {d: [i for i, t in enumerate(V.EXEC_TITLES) if t[1] == d] for d in
                 ("sales_operations", "revenue_operations")}
    leader_titles = [i for i, t in enumerate(V.EXEC_TITLES) if t[1] == "sales" and t[2] in ("c_level", "vp")]
    for gid, pool in ((G_COMP, titles_of["sales_operations"]), (G_TINY, titles_of["revenue_operations"]),
                      (G_LEADER, leader_titles)):
        m = group == gid
        hire_title[m] = np.array(pool)[rng.integers(0, len(pool), size=int(m.sum()))]
    a["hire_title"] = hire_title
    round_type = np.full(n, -1)
    m = group == G_FUND
    round_type[m] = rng.choice([1, 2, 3], size=int(m.sum()), p=[0.45, 0.35, 0.2])
    a["planted_round"] = round_type

    # --- intent coverage -----------------------------------------------------------------------
    has_domain = ~websiteless
    a["intent_cov"] = has_domain & ((rng.random(n) < 0.62) | (group == G_LATE) | (group == G_COMP))

    # --- outreach plan --------------------------------------------------------------------------
    contactable = has_domain & ~crm_deleted & ~customer
    rates = np.array([BASE[m_] for m_ in V.MACRO_SEGMENTS])  # (5, 7)
    r = rates[macro]
    contacted = contactable & (rng.random(n) < r[:, 0])
    contacted |= group >= 0
    a["contacted"] = contacted
    # first (main) sequence start
    u = rng.random(n)
    back = np.where(u < 0.05, rng.integers(1, 20, size=n),
                    np.where(u < 0.38, rng.integers(20, 100, size=n), rng.integers(100, 456, size=n)))
    start = as_of - back
    late_start_week0 = as_of - ((as_of - 4) % 7)  # Monday of the as-of week (1970-01-05 was a Monday)
    late_first_week = late_start_week0 - 21
    m = np.isin(group, [G_COMP, G_FUND, G_TINY, G_LEADER])
    start[m] = trig[m] + rng.integers(1, 4, size=int(m.sum()))
    start[m] = np.minimum(start[m], as_of - 7)
    m = group == G_LEGACY
    start[m] = as_of - rng.integers(25, 150, size=int(m.sum()))
    m = group == G_LATE
    start[m] = rng.integers(late_first_week + 1, as_of - 9, size=int(m.sum())) if m.any() else start[m]
    a["seq_start"] = np.where(contacted, start, -1)
    compressed = np.isin(group, [G_COMP, G_FUND, G_TINY, G_LEADER, G_LATE])
    a["seq_gap"] = np.where(compressed, rng.integers(1, 3, size=n), rng.integers(2, 5, size=n))
    a["seq_steps"] = np.where(compressed, rng.integers(3, 5, size=n), rng.integers(4, 7, size=n))
    a["send_tod"] = (rng.integers(13, 17, size=n) * HOUR + rng.integers(0, 3600, size=n)).astype(np.int64)

    # timing of the planned outcomes (epoch seconds); an outcome after the as-of instant does not happen
    steps, gap = a["seq_steps"], a["seq_gap"]
    s0 = a["seq_start"] * DAY + a["send_tod"]
    reply_step = 1 + (rng.random(n) * np.minimum(steps, 4)).astype(np.int64)
    reply_ts = s0 + (reply_step - 1) * gap * DAY + rng.integers(HOUR // 2, 40 * HOUR, size=n)
    book_ts = reply_ts + rng.integers(HOUR, 60 * HOUR, size=n)
    sched_ts = book_ts + rng.integers(1, 9, size=n) * DAY + rng.integers(-3 * HOUR, 3 * HOUR, size=n)
    opp_ts = sched_ts + rng.integers(2 * HOUR, 6 * DAY, size=n)
    cycle = np.where(band >= 3, rng.integers(60, 200, size=n), np.where(band == 0, rng.integers(30, 100, size=n),
                                                                         rng.integers(40, 150, size=n)))
    close_day = opp_ts // DAY + cycle
    m = group == G_LEADER  # a new sales leader closes fast: deals close before as-of
    room = np.maximum(1, as_of - opp_ts // DAY)
    close_day[m] = (opp_ts[m] // DAY) + np.maximum(1, (room[m] * rng.uniform(0.3, 0.95, size=int(m.sum())))
                                                   .astype(np.int64))
    ok_reply, ok_meet = reply_ts <= as_of_end, book_ts <= as_of_end
    ok_opp, ok_close = opp_ts <= as_of_end, close_day <= as_of

    # exact quotas per cohort, then truncation at as-of. Background cohorts (per macro segment) first;
    # planted groups then get their multipliers applied to the REALISED baseline of their members'
    # macro segment, so a no-lift group realises the baseline rates.
    replied = np.zeros(n, bool)
    positive = np.zeros(n, bool)
    meeting = np.zeros(n, bool)
    opp = np.zeros(n, bool)
    closed = np.zeros(n, bool)
    won = np.zeros(n, bool)

    def funnel(pool, rep_rate, pos_rate, mtg_rate, opp_per_mtg, closed_per_opp, won_per_closed):
        nc = len(pool)
        rep = _quota_pick(rng, pool, round(min(0.95, rep_rate) * nc))
        rep = rep[ok_reply[rep]]
        replied[rep] = True
        pos = _quota_pick(rng, rep, round(min(rep_rate, pos_rate) * nc))
        positive[pos] = True
        mt = _quota_pick(rng, pos, round(min(rep_rate, pos_rate, mtg_rate) * nc))
        mt = mt[ok_meet[mt]]
        meeting[mt] = True
        op = _quota_pick(rng, mt[has_crm[mt]], round(opp_per_mtg * len(mt)))
        op = op[ok_opp[op]]
        opp[op] = True
        cl = _quota_pick(rng, op, round(closed_per_opp * len(op)))
        cl = cl[ok_close[cl]]
        closed[cl] = True
        wn = _quota_pick(rng, cl, round(min(0.9, won_per_closed) * len(cl)))
        won[wn] = True

    realised = {}
    for mi, mname in enumerate(V.MACRO_SEGMENTS):
        pool = np.nonzero(contacted & (group < 0) & (macro == mi))[0]
        b = BASE[mname]
        funnel(pool, *b[1:])
        nc = max(1, len(pool))
        nm = max(1, int(meeting[pool].sum()))
        no = max(1, int(opp[pool].sum()))
        ncl = int(closed[pool].sum())
        realised[mi] = (replied[pool].sum() / nc, positive[pool].sum() / nc, meeting[pool].sum() / nc,
                        opp[pool].sum() / nm if meeting[pool].any() else b[4],
                        closed[pool].sum() / no if opp[pool].any() else b[5],
                        won[pool].sum() / ncl if ncl else b[6])
    for gid, gname in enumerate(GROUPS):
        t = GROUP_INFO[gname]["target"]
        for mi in range(len(V.MACRO_SEGMENTS)):
            pool = np.nonzero(contacted & (group == gid) & (macro == mi))[0]
            if len(pool) == 0:
                continue
            rr = realised[mi]
            funnel(pool, rr[0] * t["reply"], rr[1] * t["positive_reply"], rr[2] * t["meeting"], rr[3],
                   0.95 if gid == G_LEADER else rr[4], rr[5] * t["win"])
    late = group == G_LATE
    won[late] = False  # the late-intent group never wins
    P.baseline_rates = {V.MACRO_SEGMENTS[i]: tuple(float(x) for x in realised[i]) for i in realised}
    a.update(replied=replied, positive=positive, meeting=meeting, opp=opp, closed=closed, won=won,
             reply_step=reply_step, reply_ts=reply_ts, book_ts=book_ts, sched_ts=sched_ts, opp_ts=opp_ts,
             close_day=close_day)
    # meetings that did not count (no_show / cancelled) for some positive accounts without a meeting
    a["failed_meeting"] = positive & ~meeting & (book_ts <= as_of_end) & (rng.random(n) < 0.3)
    # a second positive-reply flavour: accounts with two replying prospects
    a["second_replier"] = replied & (rng.random(n) < 0.15)

    # clicks and downloads (engagement without a reply)
    click = contacted & (rng.random(n) < np.where(replied, 0.35, 0.12))
    click_step = 1 + (rng.random(n) * np.minimum(steps, 3)).astype(np.int64)
    click_step = np.where(replied, np.minimum(click_step, reply_step), click_step)
    click_ts = s0 + (click_step - 1) * gap * DAY + rng.integers(HOUR, 30 * HOUR, size=n)
    click &= click_ts <= as_of_end
    a.update(click=click, click_step=click_step, click_ts=click_ts)
    dl = contacted & (rng.random(n) < np.where(replied, 0.15, 0.05))
    dl_day = a["seq_start"] + rng.integers(1, 60, size=n)
    dl_day = np.where(dl_day == as_of - 28, dl_day - 1, dl_day)
    dl &= dl_day <= as_of
    a.update(download=dl, download_ts=dl_day * DAY + rng.integers(8 * HOUR, 20 * HOUR, size=n))

    # past engagement of the late-intent group (a reply or click 60-300 days before as-of)
    past = late.copy()
    past_day = as_of - rng.integers(62, 299, size=n)
    past_start = past_day - rng.integers(3, 12, size=n)
    past_is_reply = rng.random(n) < 0.6
    a.update(past=past, past_ts=past_day * DAY + rng.integers(9 * HOUR, 19 * HOUR, size=n),
             past_start=np.where(past, past_start, -1), past_is_reply=past & past_is_reply,
             past_positive=past & past_is_reply & (rng.random(n) < 0.4))

    # background follow-up sequence (sends only) for some contacted accounts
    fu = contacted & (group < 0) & (rng.random(n) < 0.45)
    fu_start = a["seq_start"] + rng.integers(45, 200, size=n)
    fu &= fu_start <= as_of - 1
    a.update(followup=fu, followup_start=np.where(fu, fu_start, -1))

    # --- ground-truth engagement state (as of as-of) -----------------------------------------
    engaged = (replied | click | meeting | dl | (late & past))
    state = np.full(n, 0, dtype=np.int8)  # never_contacted
    state[contacted] = 1  # contacted_not_engaged
    state[engaged] = 2  # engaged_not_converted
    state[won | (customer & ~a["churned"])] = 3  # customer
    state[a["churned"]] = 4  # churned
    a["engagement_state"] = state
    return P


ENGAGEMENT_STATES = ["never_contacted", "contacted_not_engaged", "engaged_not_converted", "customer", "churned"]


def months_back_start(as_of: int) -> int:
    return int(month_start(np.array([as_of]))[0])


def month_offset(first_of_month: int, k: np.ndarray) -> np.ndarray:
    return add_months(np.full(len(k), first_of_month), k)
