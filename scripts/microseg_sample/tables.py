"""Render one block of accounts from the plan into raw-table rows (Arrow tables) + counted mess.

Each block has its own random streams (seed, block number, table), so the output does not
depend on how blocks are grouped into write chunks.
"""
from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import vocab as V
from .fastfmt import (SECONDS_PER_DAY, add_months, choice_strings, concat, date_array, hex_id, int_string,
                      local_iso_string, month_start, null_where, prefixed_id, utc_string)
from .mess import (TableStats, add_duplicates, add_rejects, case_variants, messy_domain, messy_email,
                   null_or_empty_key, pick, set_col, stochastic_count)
from .plan import G_COMP, G_FUND, G_LATE, G_LEGACY, GS_HYPER, Plan
from .schema import arrow_schema

DAY = SECONDS_PER_DAY
HOUR = 3600
REJECT_RATE = 0.003  # share of extra impossible rows per affected table (split across its reasons)

_TECH_NAMES = [t[0] for t in V.TECHNOLOGIES]
_TECH_CATS = [t[1] for t in V.TECHNOLOGIES]
_TOPIC_NAMES = [t[0] for t in V.TOPICS]
_TOPIC_CATS = [t[1] for t in V.TOPICS]
_CURRENCY = np.array([c[2] for c in V.COUNTRIES])
_FX = np.array([V.FX_TO_USD[c] for c in _CURRENCY])
_INTENT_STAGES = ["none", "early", "mid", "late"]


def crm_account_ids(idx: np.ndarray) -> list[str]:
    return ["001" + format((int(i) * 0x9E3779B1 + 0x5F3759DF) % (1 << 60), "015X") for i in idx]


def company_ids(idx: np.ndarray) -> list[str]:
    return ["cmp_" + format((int(i) * 0x2545F491 + 0x1234567) % (1 << 48), "012x") for i in idx]


def _mixed_ids(prefix: str, nums: np.ndarray) -> pa.Array:
    """prefix + 15 hex digits of (x * 0x9E3779B1 + 0x2F) mod 2**60 (a bijection, so ids stay unique)."""
    x = np.asarray(nums, dtype=np.uint64)
    mixed = (x * np.uint64(0x9E3779B1) + np.uint64(0x2F)) & np.uint64((1 << 60) - 1)
    return hex_id(prefix, mixed, 15)


def _table(name: str, cols: dict) -> pa.Table:
    schema = arrow_schema(name)
    arrays = []
    for f in schema:
        v = cols[f.name]
        if not isinstance(v, (pa.Array, pa.ChunkedArray)):
            v = pa.array(v, type=f.type)
        elif v.type != f.type:
            v = v.cast(f.type)
        arrays.append(v)
    return pa.Table.from_arrays(arrays, schema=schema)


def _ragged(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For per-parent counts, return (parent index per child, position of child within parent)."""
    counts = np.asarray(counts, dtype=np.int64)
    parent = np.repeat(np.arange(len(counts)), counts)
    starts = np.cumsum(counts) - counts
    pos = np.arange(int(counts.sum())) - np.repeat(starts, counts)
    return parent, pos


class Block:
    def __init__(self, P: Plan, b: int, lo: int, hi: int):
        self.P, self.b, self.lo, self.hi = P, b, lo, hi
        self.k = hi - lo
        self.as_of = P.as_of
        self.as_of_end = P.as_of * DAY + 20 * HOUR      # latest event instant
        self.extract_cap = P.as_of * DAY + 23 * HOUR    # latest original extraction
        self.dup_cap = P.as_of * DAY + 86_399           # latest re-pull extraction
        self.stats: dict[str, TableStats] = {}
        self.truth: dict[str, np.ndarray] = {}
        self.triggers: list[tuple[np.ndarray, list, list, np.ndarray]] = []
        self.domains = P.domains[lo:hi]
        self.dom_arr = pa.array(self.domains, type=pa.string())
        self.idx = np.arange(lo, hi, dtype=np.int64)
        self.tz = self.s("tz")
        self.crm_ids = crm_account_ids(self.idx)
        self.cmp_ids = company_ids(self.idx)
        r = self.rng(1)
        # per-company latest enrichment pull (never before the first day of the as-of month)
        first_of_month = int(month_start(np.array([self.as_of]))[0])
        self.enr_pull = np.maximum(first_of_month, self.as_of - r.integers(0, 25, size=self.k))
        self.enr_pull_ts = self.enr_pull * DAY + r.integers(HOUR, 5 * HOUR, size=self.k)
        self.crm_x_ts = self.as_of * DAY + 22 * HOUR + r.integers(0, 50 * 60, size=self.k)

    # helpers ---------------------------------------------------------------------------------
    def rng(self, tag: int) -> np.random.Generator:
        return np.random.default_rng(np.random.SeedSequence([self.P.seed, 0xB10C, self.b, tag]))

    def s(self, name: str) -> np.ndarray:
        return self.P.a[name][self.lo:self.hi]

    def stat(self, table: str) -> TableStats:
        return self.stats.setdefault(table, TableStats())

    def ts_local(self, utc: np.ndarray, acct: np.ndarray) -> pa.Array:
        return local_iso_string(utc, self.tz[acct])

    def event_extracted(self, rng, occurred: np.ndarray, late_share=0.08) -> np.ndarray:
        n = len(occurred)
        lag = np.where(rng.random(n) < late_share, rng.integers(DAY, 9 * DAY, size=n),
                       rng.integers(120, 6 * HOUR, size=n))
        return np.minimum(occurred + lag, np.maximum(occurred, self.extract_cap))

    def later_extraction(self, rng, x: pa.Array | np.ndarray) -> np.ndarray:
        """A strictly later re-send time for a copy of rows extracted at x (<= extract_cap < dup_cap)."""
        x = np.asarray(x)
        return np.minimum(x + rng.integers(HOUR, 5 * DAY, size=len(x)), self.dup_cap)

    def add_trigger(self, acct: np.ndarray, ttype: str, subtype, day: np.ndarray) -> None:
        if len(acct):
            sub = list(subtype) if not isinstance(subtype, str) else [subtype] * len(acct)
            self.triggers.append((self.idx[acct], [ttype] * len(acct), sub, np.asarray(day)))

    # ==========================================================================================
    # CRM
    # ==========================================================================================
    def crm(self) -> dict[str, pa.Table]:
        out = {}
        r = self.rng(10)
        has_crm = self.s("has_crm")
        acc = np.nonzero(has_crm)[0]
        st = self.stat("accounts")
        n = len(acc)
        websiteless = self.s("websiteless")[acc]
        deleted = self.s("crm_deleted")[acc]
        # website as typed
        web = []
        forms = r.integers(0, 100, size=n)
        for j, a in enumerate(acc):
            d = self.domains[a]
            f = forms[j]
            if websiteless[j]:
                w = None if f < 60 else ""
                st.mess["website_missing"] += 1
            elif f < 40:
                w = d
            elif f < 58:
                w = "www." + d
            elif f < 70:
                w = "https://www." + d + "/"
                st.mess["website_https_www"] += 1
            elif f < 78:
                w = "http://" + d + "/about"
                st.mess["website_with_path"] += 1
            elif f < 84:
                w = "https://www." + d.capitalize() + "/en-us/home"
                st.mess["website_https_www"] += 1
                st.mess["website_with_path"] += 1
            elif f < 90:
                w = d.upper() + "."
                st.mess["website_trailing_dot"] += 1
            elif f < 95:
                w = "HTTPS://WWW." + d.upper()
                st.mess["website_https_www"] += 1
            else:
                w = " " + d + " "
                st.mess["website_with_spaces"] += 1
            web.append(w)
        names = [self.P.names[self.lo + a] + V.LEGAL_SUFFIXES[int(x)] for a, x in
                 zip(acc, r.integers(0, len(V.LEGAL_SUFFIXES), size=n))]
        ind = self.s("industry")[acc]
        ind_txt = [None if u < 0.1 else V.CRM_INDUSTRY[V.INDUSTRIES[i][0]][int(x) % len(V.CRM_INDUSTRY[V.INDUSTRIES[i][0]])]
                   for i, u, x in zip(ind, r.random(n), r.integers(0, 1000, size=n))]
        cc = [V.COUNTRIES[c][0] for c in self.s("country")[acc]]
        bc = [None if u < 0.05 else (V.COUNTRY_NAMES[c] if u < 0.3 else c) for c, u in zip(cc, r.random(n))]
        region = np.array([V.COUNTRIES[c][1] for c in self.s("country")[acc]])
        inst = np.where((region == "EMEA") & (r.random(n) < 0.7), "sfdc_emea", "sfdc_global")
        owner = ["005" + format(0xA000 + int(x), "012X") for x in r.integers(0, 60, size=n)]
        created = (self.as_of - r.integers(200, 2500, size=n)) * DAY + r.integers(0, DAY, size=n)
        updated = np.where(deleted, (self.as_of - r.integers(1, 90, size=n)) * DAY,
                           (self.as_of - r.integers(0, 120, size=n)) * DAY) + r.integers(0, 20 * HOUR, size=n)
        updated = np.minimum(np.maximum(updated, created + HOUR), self.crm_x_ts[acc] - HOUR)
        t = _table("accounts", {
            "account_id": [self.crm_ids[a] for a in acc], "crm_instance": inst, "account_name": names,
            "website": pa.array(web, type=pa.string()), "industry": ind_txt, "billing_country": bc,
            "owner_id": owner, "created_at": self.ts_local(created, acc), "updated_at": self.ts_local(updated, acc),
            "is_deleted": deleted, "_extracted_at": utc_string(self.crm_x_ts[acc])})
        st.mess["soft_deleted"] += int(deleted.sum())
        # stale re-pulls: older updated_at / _extracted_at, sometimes changed values
        dup_rows = pick(r, n, stochastic_count(r, n, 0.03, at_least_one=True))
        dup_rows = np.union1d(dup_rows, np.nonzero(deleted & (r.random(n) < 0.5))[0])

        def stale(c: pa.Table) -> pa.Table:
            rows = dup_rows
            back = r.integers(1, 60, size=len(rows)) * DAY
            c = set_col(c, "updated_at", self.ts_local(np.maximum(created[rows] + 60, updated[rows] - back), acc[rows]))
            c = set_col(c, "_extracted_at", utc_string(self.crm_x_ts[acc[rows]] - r.integers(1, 30, size=len(rows)) * DAY))
            c = set_col(c, "is_deleted", np.zeros(len(rows), dtype=bool))
            alt_owner = ["005" + format(0xA000 + int(x), "012X") for x in r.integers(0, 60, size=len(rows))]
            c = set_col(c, "owner_id", alt_owner)
            st.mess["stale_repull_changed_owner"] += len(rows)
            return c

        t = add_duplicates(t, dup_rows, stale, st)
        rej = pick(r, n, stochastic_count(r, n, REJECT_RATE, at_least_one=self.b == 0))
        t = add_rejects(t, rej, lambda c: set_col(c, "account_id", null_or_empty_key(r, c.num_rows)), "missing_key", st)
        out["accounts"] = t

        out.update(self.crm_contacts())
        out.update(self.crm_opportunities())
        return out

    # people: CRM contacts + sequencer-only prospects ---------------------------------------------
    def people(self):
        """Per-block person table shared by CRM contacts and engagement events."""
        if hasattr(self, "_people"):
            return self._people
        r = self.rng(20)
        band = self.s("size_band")
        has_crm = self.s("has_crm")
        websiteless = self.s("websiteless")
        contacted = self.s("contacted")
        lo_c = np.array([1, 3, 5, 8])[band]
        hi_c = np.array([4, 9, 14, 22])[band]
        n_crm = np.where(has_crm, r.integers(lo_c, hi_c + 1), 0)
        lo_p = np.array([2, 4, 6, 8])[band]
        hi_p = np.array([5, 10, 12, 16])[band]
        k_target = np.where(contacted, r.integers(lo_p, hi_p + 1), 0)
        k_crm = np.minimum(k_target, n_crm)
        n_seq = np.where(contacted & ~websiteless,
                         np.maximum(0, k_target - n_crm) + (r.random(self.k) < 0.5) * r.integers(0, 3, size=self.k), 0)
        n_seq = np.where(contacted & (n_crm + n_seq == 0), 1, n_seq)
        total = n_crm + n_seq
        acct, j = _ragged(total)
        m = len(acct)
        in_crm = j < n_crm[acct]
        prospect = (j < k_crm[acct]) | ~in_crm
        # unique (first, last) per account
        base = r.integers(0, 10_000, size=self.k)
        code = (base[acct] + j * 7_919) % (len(V.FIRST_NAMES) * len(V.LAST_NAMES))
        first = code % len(V.FIRST_NAMES)
        last = code // len(V.FIRST_NAMES)
        pattern = r.integers(0, 3, size=self.k)[acct]
        u = r.random(m)
        primary = j == 0
        # CRM-only attributes (never on the primary prospect, never on other prospects when harmful)
        free_mail = in_crm & ~primary & (u < 0.03)
        unlinked = in_crm & ~primary & ~free_mail & ~websiteless[acct] & (u >= 0.03) & (u < 0.05)
        nonprospect_crm = in_crm & ~prospect
        deleted = nonprospect_crm & (r.random(m) < 0.05)
        opted_out = nonprospect_crm & ~deleted & (r.random(m) < 0.06)
        fm_dom = r.integers(0, len(V.FREE_MAIL_DOMAINS), size=m)
        fl = choice_strings([x.lower() for x in V.FIRST_NAMES], first)
        ll = choice_strings([x.lower() for x in V.LAST_NAMES], last)
        swap = pa.array(pattern == 2)
        corp = concat(pc.if_else(swap, ll, fl), choice_strings([".", "_"], (pattern == 1).astype(np.int64)),
                      pc.if_else(swap, fl, ll), "@", self.dom_arr.take(pa.array(acct)))
        free = concat(fl, ".", ll, int_string((code % 97) + 1), "@", choice_strings(V.FREE_MAIL_DOMAINS, fm_dom))
        emails = pc.if_else(pa.array(free_mail), free, corp)
        title_idx = r.integers(0, len(V.CONTACT_TITLES), size=m)
        contact_ids = _mixed_ids("003", (self.idx[acct] << 8) + j)
        # which prospects' events carry the CRM contact id
        carry = in_crm & np.where(free_mail | websiteless[acct], True, np.where(unlinked, False, r.random(m) < 0.7))
        self._people = dict(acct=acct, j=j, in_crm=in_crm, prospect=prospect, first=first, last=last,
                            email=emails, free_mail=free_mail, unlinked=unlinked,
                            deleted=deleted, opted_out=opted_out, title=title_idx, contact_id=contact_ids,
                            carry=carry, n_crm=n_crm, primary=primary)
        return self._people

    def crm_contacts(self) -> dict[str, pa.Table]:
        r = self.rng(21)
        pp = self.people()
        st = self.stat("contacts")
        sel = np.nonzero(pp["in_crm"])[0]
        acct = pp["acct"][sel]
        n = len(sel)
        email = pp["email"].take(pa.array(sel))
        email = messy_email(r, email, st, "email", p_upper=0.04, p_cap=0.06, p_space=0.03)
        first = choice_strings(V.FIRST_NAMES, pp["first"][sel], mask=r.random(n) < 0.01)
        last = choice_strings(V.LAST_NAMES, pp["last"][sel])
        title = choice_strings(V.CONTACT_TITLES, pp["title"][sel], mask=r.random(n) < 0.08)
        acc_id = pa.array(self.crm_ids, type=pa.string()).take(pa.array(acct, mask=pp["unlinked"][sel]))
        created = (self.as_of - r.integers(30, 1500, size=n)) * DAY + r.integers(0, DAY, size=n)
        updated = np.minimum(np.maximum(created + HOUR, (self.as_of - r.integers(0, 200, size=n)) * DAY +
                                        r.integers(0, 20 * HOUR, size=n)), self.crm_x_ts[acct] - HOUR)
        deleted = pp["deleted"][sel] | self.s("crm_deleted")[acct]
        t = _table("contacts", {
            "contact_id": pp["contact_id"].take(pa.array(sel)), "account_id": acc_id, "first_name": first,
            "last_name": last, "email": email, "title": title, "has_opted_out_of_email": pp["opted_out"][sel],
            "created_at": self.ts_local(created, acct), "updated_at": self.ts_local(updated, acct),
            "is_deleted": deleted, "_extracted_at": utc_string(self.crm_x_ts[acct])})
        st.mess["free_mail_email"] += int(pp["free_mail"][sel].sum())
        st.mess["unlinked_contact"] += int(pp["unlinked"][sel].sum())
        st.mess["soft_deleted"] += int(deleted.sum())
        dup_rows = pick(r, n, stochastic_count(r, n, 0.03, at_least_one=True))

        def stale(c: pa.Table) -> pa.Table:
            rows = dup_rows
            c = set_col(c, "updated_at", self.ts_local(np.maximum(created[rows] + 60, updated[rows] - r.integers(1, 90, size=len(rows)) * DAY), acct[rows]))
            c = set_col(c, "_extracted_at", utc_string(self.crm_x_ts[acct[rows]] - r.integers(1, 30, size=len(rows)) * DAY))
            c = set_col(c, "title", choice_strings(V.CONTACT_TITLES, r.integers(0, len(V.CONTACT_TITLES), size=len(rows))))
            c = set_col(c, "is_deleted", np.zeros(len(rows), dtype=bool))
            return c

        t = add_duplicates(t, dup_rows, stale, st)
        rej = pick(r, n, stochastic_count(r, n, REJECT_RATE, at_least_one=self.b == 0))
        t = add_rejects(t, rej, lambda c: set_col(c, "contact_id", null_or_empty_key(r, c.num_rows)), "missing_key", st)
        return {"contacts": t}

    def crm_opportunities(self) -> dict[str, pa.Table]:
        r = self.rng(30)
        st = self.stat("opportunities")
        sh = self.stat("opportunity_stage_history")
        band = self.s("size_band")
        country = self.s("country")
        opp = self.s("opp")
        acc_list = []
        k_list = []
        typ = []
        created = []
        close_day = []
        closed = []
        won = []
        hist = []
        usd = []
        deleted_opp = []
        amt_lo = np.array([5e3, 20e3, 60e3, 150e3])
        amt_hi = np.array([25e3, 120e3, 300e3, 900e3])

        def stage_path(c_ts, end_ts, is_closed, is_won, frac_reached):
            """Stages entered with their instants."""
            path = ["prospecting", "discovery", "evaluation", "proposal", "negotiation"]
            if is_closed:
                n_mid = int(r.integers(1, 6))
                names = path[:n_mid] + (["closed_won"] if is_won else ["closed_lost"])
                span = max(end_ts - c_ts, HOUR * len(names))
                ts = [c_ts + int(span * f) for f in np.sort(r.random(len(names) - 2))] if len(names) > 2 else []
                return list(zip(names, [c_ts] + ts + [end_ts]))
            n_mid = max(1, int(np.ceil(frac_reached * 5)))
            names = path[:n_mid]
            span = max(end_ts - c_ts, HOUR * len(names))
            ts = [c_ts + int(span * f) for f in np.sort(r.random(len(names) - 1))]
            return list(zip(names, [c_ts] + ts))

        def amount_usd(a):
            return float(np.exp(r.uniform(np.log(amt_lo[band[a]]), np.log(amt_hi[band[a]]))))

        # (a) outreach-sourced new business
        for a in np.nonzero(opp)[0]:
            c_ts = int(self.s("opp_ts")[a])
            is_cl = bool(self.s("closed")[a])
            is_w = bool(self.s("won")[a])
            cd = int(self.s("close_day")[a])
            if is_cl:
                end_ts = cd * DAY + int(r.integers(15 * HOUR, 22 * HOUR)) - int(self.tz[a]) * 60
                end_ts = min(max(end_ts, c_ts + HOUR), self.as_of_end)
                cd = int((end_ts + int(self.tz[a]) * 60) // DAY)  # local calendar date of the close
                stages = stage_path(c_ts, end_ts, True, is_w, 1.0)
            else:
                frac = min(1.0, (self.as_of_end - c_ts) / max(DAY, (cd * DAY - c_ts)))
                stages = stage_path(c_ts, min(self.as_of_end, c_ts + int(frac * (cd * DAY - c_ts))), False, False, frac)
                cd = max(cd, self.as_of + int(r.integers(5, 60)))
            acc_list.append(a); k_list.append(0); typ.append("new_business"); created.append(c_ts)
            close_day.append(cd); closed.append(is_cl); won.append(is_w); hist.append(stages); usd.append(amount_usd(a))
            deleted_opp.append(False)
        # (b) existing customers: initial win, yearly renewals, expansions
        cust = self.s("customer")
        churned = self.s("churned")
        for a in np.nonzero(cust)[0]:
            k = 0
            c_ts = (self.as_of - int(r.integers(480, 1100))) * DAY + int(r.integers(14 * HOUR, 22 * HOUR))
            win_day = min(c_ts // DAY + int(r.integers(30, 120)), self.as_of - 400)
            win_day = max(win_day, c_ts // DAY + 1)
            win_ts = win_day * DAY + 17 * HOUR
            base_amt = amount_usd(a)
            acc_list.append(a); k_list.append(k); typ.append("new_business"); created.append(c_ts)
            close_day.append(win_day); closed.append(True); won.append(True)
            hist.append(stage_path(c_ts, win_ts, True, True, 1.0)); usd.append(base_amt); deleted_opp.append(False)
            anniversaries = [win_day + 365 * y for y in range(1, 5) if win_day + 365 * y - 60 <= self.as_of]
            past = [d for d in anniversaries if d <= self.as_of - 1]
            for d in anniversaries:
                k += 1
                rc_ts = (d - 60) * DAY + int(r.integers(14 * HOUR, 20 * HOUR))
                is_past = d <= self.as_of - 1
                lost = bool(churned[a]) and is_past and d == past[-1]
                acc_list.append(a); k_list.append(k); typ.append("renewal"); created.append(rc_ts)
                if is_past:
                    close_day.append(d); closed.append(True); won.append(not lost)
                    hist.append(stage_path(rc_ts, d * DAY + 16 * HOUR, True, not lost, 1.0))
                else:
                    close_day.append(d); closed.append(False); won.append(False)
                    hist.append(stage_path(rc_ts, self.as_of_end, False, False, 0.5))
                usd.append(base_amt * float(r.uniform(0.9, 1.3))); deleted_opp.append(False)
                if lost:
                    break
            if r.random() < 0.3:
                k += 1
                e_day = int(r.integers(win_day + 30, max(win_day + 31, self.as_of - 5)))
                e_ts = e_day * DAY + int(r.integers(14 * HOUR, 20 * HOUR))
                if churned[a] and past:
                    e_day = min(e_day, past[-1] - 70)
                    e_ts = e_day * DAY + 15 * HOUR
                outcome = r.random()
                cl_day = e_day + int(r.integers(20, 90))
                is_cl = cl_day <= self.as_of - 1 and outcome < 0.85
                is_w = is_cl and outcome < 0.6
                if churned[a] and past:  # everything settled before the lost renewal
                    if not is_cl:
                        is_cl, is_w = True, False
                    cl_day = min(cl_day, past[-1] - 10)
                acc_list.append(a); k_list.append(k); typ.append("expansion"); created.append(e_ts)
                close_day.append(cl_day if is_cl else max(cl_day, self.as_of + 10)); closed.append(is_cl); won.append(is_w)
                hist.append(stage_path(e_ts, cl_day * DAY + 16 * HOUR if is_cl else self.as_of_end, is_cl, is_w, 0.5))
                usd.append(base_amt * float(r.uniform(0.2, 0.6))); deleted_opp.append(False)
        # (b2) lost new business from before the history window
        for a in np.nonzero(self.s("old_lost"))[0]:
            c_ts = (self.as_of - int(r.integers(470, 1200))) * DAY + int(r.integers(14 * HOUR, 22 * HOUR))
            cd = c_ts // DAY + int(r.integers(30, 150))
            acc_list.append(a); k_list.append(10); typ.append("new_business"); created.append(c_ts)
            close_day.append(cd); closed.append(True); won.append(False)
            hist.append(stage_path(c_ts, cd * DAY + 16 * HOUR, True, False, 1.0)); usd.append(amount_usd(a))
            deleted_opp.append(False)
        # (c) soft-deleted junk opportunities (a rep's duplicate, later deleted) on other CRM accounts
        crm_active = np.nonzero(self.s("has_crm") & ~self.s("crm_deleted"))[0]
        for a in crm_active[r.random(len(crm_active)) < 0.01]:
            c_ts = (self.as_of - int(r.integers(30, 400))) * DAY + 15 * HOUR
            cd = c_ts // DAY + int(r.integers(10, 25))
            acc_list.append(a); k_list.append(9); typ.append("new_business"); created.append(c_ts)
            close_day.append(cd); closed.append(True); won.append(True)
            hist.append([]); usd.append(amount_usd(a)); deleted_opp.append(True)

        n = len(acc_list)
        acct = np.array(acc_list, dtype=np.int64)
        kk = np.array(k_list, dtype=np.int64)
        created = np.array(created, dtype=np.int64)
        is_closed = np.array(closed, dtype=bool)
        is_won = np.array(won, dtype=bool)
        close_day = np.array(close_day, dtype=np.int64)
        deleted_opp = np.array(deleted_opp, dtype=bool)
        cur = _CURRENCY[country[acct]] if n else np.array([], dtype=str)
        cur = np.where((cur != "USD") & (r.random(n) < 0.15), "USD", cur)
        fx = np.array([V.FX_TO_USD[c] for c in cur]) if n else np.zeros(0)
        amount = np.array(usd) / np.where(fx > 0, fx, 1.0) if n else np.zeros(0)
        amount = np.where(cur == "JPY", np.round(amount, -3), np.round(amount, 2))
        opp_num = (self.idx[acct] << 4) + kk if n else np.zeros(0, dtype=np.int64)
        opp_ids = _mixed_ids("006", opp_num).to_pylist()
        stage_final = [h[-1][0] if h else ("closed_won" if w else "prospecting") for h, w in zip(hist, won)]
        last_change = np.array([h[-1][1] if h else c for h, c in zip(hist, created)], dtype=np.int64)
        updated = np.minimum(last_change + r.integers(60, 3 * DAY, size=n), self.crm_x_ts[acct] - HOUR) if n else last_change
        updated = np.maximum(updated, last_change + 1)
        type_raw = [V.OPP_TYPES_RAW[t][int(x) % len(V.OPP_TYPES_RAW[t])] for t, x in zip(typ, r.integers(0, 100, size=n))]
        stage_raw = [V.STAGE_RAW[s][int(x) % len(V.STAGE_RAW[s])] for s, x in zip(stage_final, r.integers(0, 100, size=n))]
        names = [f"{self.P.names[self.lo + a].split(' ')[0]} - {t.replace('_', ' ').title()} {k + 1}"
                 for a, t, k in zip(acct, typ, kk)]
        amount_mask = r.random(n) < 0.03
        t = _table("opportunities", {
            "opportunity_id": opp_ids, "account_id": [self.crm_ids[a] for a in acct], "opportunity_name": names,
            "opportunity_type": type_raw, "stage_name": stage_raw,
            "amount": pa.array(amount, type=pa.float64(), mask=amount_mask),
            "currency_code": cur.tolist() if n else [], "created_at": self.ts_local(created, acct),
            "close_date": date_array(close_day), "is_closed": is_closed, "is_won": is_won,
            "updated_at": self.ts_local(updated, acct), "is_deleted": deleted_opp,
            "_extracted_at": utc_string(self.crm_x_ts[acct] if n else np.zeros(0, dtype=np.int64))})
        st.mess["soft_deleted"] += int(deleted_opp.sum())
        for c in np.unique(cur):
            st.mess[f"currency_{c}"] += int((cur == c).sum())
        # stale re-pulls: the previous stage (e.g. Negotiation before Closed Won)
        multi = np.array([len(h) >= 2 for h in hist], dtype=bool)
        cand = np.nonzero(multi & ~deleted_opp)[0]
        dup_rows = np.sort(cand[r.random(len(cand)) < 0.06])

        def stale(c: pa.Table) -> pa.Table:
            rows = dup_rows
            prev_stage = [hist[i][-2][0] for i in rows]
            prev_ts = np.array([hist[i][-2][1] for i in rows], dtype=np.int64)
            upd = np.minimum(np.maximum(prev_ts + 60, created[rows] + 30), updated[rows] - 60)
            c = set_col(c, "stage_name", [V.STAGE_RAW[s][0] for s in prev_stage])
            c = set_col(c, "is_closed", np.zeros(len(rows), dtype=bool))
            c = set_col(c, "is_won", np.zeros(len(rows), dtype=bool))
            c = set_col(c, "updated_at", self.ts_local(upd, acct[rows]))
            c = set_col(c, "_extracted_at", utc_string(np.minimum(self.crm_x_ts[acct[rows]] - DAY,
                                                                  np.maximum(upd + HOUR, self.crm_x_ts[acct[rows]] - 20 * DAY))))
            st.mess["stale_repull_previous_stage"] += len(rows)
            return c

        t = add_duplicates(t, dup_rows, stale, st)
        # impossible rows (fresh ids, never with stage history): close before created, negative amount, missing key
        live = np.nonzero(~deleted_opp)[0]
        k_rej = stochastic_count(r, len(live), REJECT_RATE, at_least_one=self.b == 0)
        k_rej = max(k_rej, 3) if self.b == 0 else k_rej
        picked = live[pick(r, len(live), k_rej)] if len(live) else np.zeros(0, dtype=np.int64)
        reasons = ("close_date_before_created", "negative_amount", "missing_key")
        for reason, rows in zip(reasons, np.array_split(picked, len(reasons))):

            def bad(c, reason=reason, rows=rows):
                m = c.num_rows
                if reason == "missing_key":
                    return set_col(c, "opportunity_id", null_or_empty_key(r, m))
                c = set_col(c, "opportunity_id", [opp_ids[i] + ("C" if reason.startswith("close") else "N") for i in rows])
                if reason.startswith("close"):
                    local_created_day = (created[rows] + self.tz[acct[rows]] * 60) // DAY
                    return set_col(c, "close_date", date_array(np.minimum(local_created_day, created[rows] // DAY)
                                                               - r.integers(2, 40, size=m)))
                return set_col(c, "amount", pa.array(-np.abs(np.nan_to_num(amount[rows], nan=1000.0)) - 1.0))
            t = add_rejects(t, rows, bad, reason, st)
        # stage history
        h_opp, h_stage, h_ts, h_acct, h_num = [], [], [], [], []
        for i, h in enumerate(hist):
            for s_i, (name, ts) in enumerate(h):
                h_opp.append(opp_ids[i]); h_stage.append(name); h_ts.append(ts); h_acct.append(acct[i])
                h_num.append((int(opp_num[i]) << 4) + s_i)
        hn = len(h_opp)
        h_acct = np.array(h_acct, dtype=np.int64)
        h_ts = np.array(h_ts, dtype=np.int64)
        raw_stage = [V.STAGE_RAW[s][int(x) % len(V.STAGE_RAW[s])] for s, x in zip(h_stage, r.integers(0, 100, size=hn))]
        th = _table("opportunity_stage_history", {
            "stage_history_id": _mixed_ids("008", np.array(h_num, dtype=np.int64)), "opportunity_id": h_opp,
            "stage_name": raw_stage, "entered_at": self.ts_local(h_ts, h_acct),
            "_extracted_at": utc_string(self.crm_x_ts[h_acct] if hn else np.zeros(0, dtype=np.int64))})
        dup_rows = pick(r, hn, stochastic_count(r, hn, 0.01, at_least_one=True))
        th = add_duplicates(th, dup_rows, lambda c: set_col(c, "_extracted_at", utc_string(
            self.crm_x_ts[h_acct[dup_rows]] - r.integers(1, 20, size=len(dup_rows)) * DAY)), sh)
        rej = pick(r, hn, stochastic_count(r, hn, 0.002, at_least_one=self.b == 0))
        th = add_rejects(th, rej, lambda c: set_col(c, "stage_history_id", null_or_empty_key(r, c.num_rows)),
                         "missing_key", sh)
        return {"opportunities": t, "opportunity_stage_history": th}

    # ==========================================================================================
    # Enrichment
    # ==========================================================================================
    def enrichment(self) -> dict[str, pa.Table]:
        out = {}
        rounds = self.funding_rounds()
        out["funding_rounds"] = rounds
        out.update(self.companies_and_headcount())
        out["technographics"] = self.technographics()
        out["executive_changes"] = self.executive_changes()
        out["job_postings"] = self.job_postings()
        return out

    def funding_rounds(self) -> pa.Table:
        r = self.rng(40)
        st = self.stat("funding_rounds")
        has_enr = self.s("has_enr")
        macro = self.s("macro_hidden")
        band = self.s("size_band")
        group = self.s("group")
        ind_group = np.array([V.INDUSTRIES[i][1] for i in self.s("industry")])
        p_has = np.where(ind_group == "technology", 0.5, 0.2)
        p_has = np.where(band == 3, 0.3, p_has)
        has = has_enr & (r.random(self.k) < p_has)
        has |= group == G_FUND
        has &= group != G_LEGACY
        n_rounds = np.where(has, r.integers(1, 5, size=self.k), 0)
        latest_type = np.full(self.k, -1)
        acct_l, type_l, day_l = [], [], []
        trig = self.s("trigger_day")
        planted = self.s("planted_round")
        for a in np.nonzero(has)[0]:
            k = int(n_rounds[a])
            if group[a] == G_FUND:
                top = int(planted[a])
                types = list(range(max(0, top - k + 1), top + 1))
                days = [int(trig[a])]
                for _ in range(len(types) - 1):
                    days.insert(0, days[0] - int(r.integers(365, 700)))
            else:
                start = int(r.integers(0, 2))
                types = [min(5, start + x) for x in range(k)]
                types = [6 if (x > 1 and r.random() < 0.08) else (7 if (x > 2 and r.random() < 0.06) else t)
                         for x, t in enumerate(types)]
                last = self.as_of - int(r.integers(30, 2000))
                days = [last]
                for _ in range(k - 1):
                    days.insert(0, days[0] - int(r.integers(300, 700)))
                if macro[a] in (1, 3) and types[-1] in (1, 2, 3) and self.as_of - days[-1] < 130:
                    shift = int(r.integers(131, 400))
                    days = [d - shift for d in days]
            for t_, d in zip(types, days):
                acct_l.append(a); type_l.append(t_); day_l.append(d)
            eq = [t_ for t_ in types if t_ != 6]
            latest_type[a] = eq[-1] if eq else -1
        self.latest_round = latest_type
        n = len(acct_l)
        acct = np.array(acct_l, dtype=np.int64)
        typ = np.array(type_l, dtype=np.int64)
        day = np.array(day_l, dtype=np.int64)
        pos = np.arange(n) - np.searchsorted(acct, acct) if n else np.zeros(0, dtype=np.int64)
        rt_names = np.array(V.ROUND_TYPES)
        usd = np.array([V.ROUND_AMOUNT_USD[t] for t in rt_names[typ]]) * np.exp(r.normal(0, 0.45, size=n)) if n else np.zeros(0)
        cur = _CURRENCY[self.s("country")[acct]] if n else np.array([], dtype=str)
        fx = np.array([V.FX_TO_USD[c] for c in cur]) if n else np.zeros(0)
        amount = np.round(usd / np.where(fx > 0, fx, 1.0), -3) if n else usd
        ids = _mixed_ids("fr_", (self.idx[acct] << 3) + pos).to_pylist() if n else []
        inv = [V.INVESTORS[int(x)] for x in r.integers(0, len(V.INVESTORS), size=n)]
        x_ts = self.enr_pull_ts[acct] if n else np.zeros(0, dtype=np.int64)
        t = _table("funding_rounds", {
            "funding_round_id": ids, "company_id": [self.cmp_ids[a] for a in acct],
            "round_type": case_variants(r, pa.array(rt_names[typ].tolist() if n else [], type=pa.string()), 0.02, 0.03, st, "round_type"),
            "announced_date": date_array(day), "amount": pa.array(amount, type=pa.float64(), mask=r.random(n) < 0.06),
            "currency_code": cur.tolist() if n else [], "lead_investor": inv, "_extracted_at": utc_string(x_ts)})
        self.add_trigger(acct, "funding_event", rt_names[typ].tolist() if n else [], day)
        cand = np.nonzero(x_ts - 61 * DAY > (day + 1) * DAY)[0]
        dup_rows = np.sort(cand[pick(r, len(cand), stochastic_count(r, len(cand), 0.02, at_least_one=True))])
        t = add_duplicates(t, dup_rows, lambda c: set_col(set_col(c, "_extracted_at", utc_string(
            x_ts[dup_rows] - r.integers(20, 60, size=len(dup_rows)) * DAY)), "amount",
            pa.nulls(len(dup_rows), pa.float64())), st)
        rej = pick(r, n, stochastic_count(r, n, REJECT_RATE, at_least_one=self.b == 0))
        half = len(rej) // 2
        t = add_rejects(t, rej[:half], lambda c: set_col(c, "funding_round_id", null_or_empty_key(r, c.num_rows)),
                        "missing_key", st)
        t = add_rejects(t, rej[half:], lambda c: set_col(set_col(c, "funding_round_id", [ids[i] + "N" for i in rej[half:]]),
                                                         "amount", pa.array(-(np.nan_to_num(amount[rej[half:]], nan=1e6) + 1.0))),
                        "negative_amount", st)
        return t

    def companies_and_headcount(self) -> dict[str, pa.Table]:
        r = self.rng(50)
        st = self.stat("companies")
        sh = self.stat("headcount_history")
        enr = np.nonzero(self.s("has_enr"))[0]
        n = len(enr)
        emp = self.s("employees")
        h12 = self.s("h12")
        L = self.s("hist_months")
        group = self.s("group")
        gstage = self.s("growth_stage")
        country = self.s("country")
        # ---- headcount history ------------------------------------------------------------
        has_h = enr[L[enr] > 0]
        hacct, m = _ragged(L[has_h])
        hacct = has_h[hacct]
        cnt = len(hacct)
        w = r.gamma(0.6, 1.0, size=(self.k, 12)) + 1e-3
        w[group == G_LEGACY] = 1.0
        cw = np.concatenate([np.zeros((self.k, 1)), np.cumsum(w, axis=1)], axis=1)
        frac = cw / cw[:, -1:]
        l0 = np.log(emp.astype(float))
        l12 = np.log(h12.astype(float))
        early_rate = np.where(group == G_LEGACY, (l0 - l12) / 12.0, r.normal(0.008, 0.02, size=self.k))
        mm = np.minimum(m, 12)
        logv = l12[hacct] + (l0 - l12)[hacct] * frac[hacct, 12 - mm]
        beyond = m > 12
        step = r.normal(1.0, 0.6, size=cnt) * early_rate[hacct]
        step = np.where(r.random(cnt) < 0.25, 0.0, step)  # stalls
        step = np.where(beyond, step, 0.0)
        csum = np.cumsum(step)
        starts = np.searchsorted(hacct, hacct)  # hacct is sorted (ragged)
        first_idx = np.r_[0, np.cumsum(L[has_h])[:-1]] if len(has_h) else np.zeros(0, dtype=np.int64)
        starts = np.repeat(first_idx, L[has_h]) if len(has_h) else starts
        walk = csum - (csum[starts] - step[starts])
        logv = np.where(beyond, l12[hacct] - walk, logv)
        hc = np.maximum(1, np.round(np.exp(logv))).astype(np.int64)
        hc = np.where(m == 0, emp[hacct], hc)
        hc = np.where(m == 12, h12[hacct], hc)
        this_month = int(month_start(np.array([self.as_of]))[0])
        mdate = add_months(np.full(cnt, this_month), -m)
        hx = self.enr_pull_ts[hacct]
        th = _table("headcount_history", {"company_id": [self.cmp_ids[a] for a in hacct], "month_date": date_array(mdate),
                                          "employee_count": hc, "_extracted_at": utc_string(hx)})
        cand = np.nonzero(m >= 1)[0]
        dup_rows = np.sort(cand[pick(r, len(cand), stochastic_count(r, len(cand), 0.01, at_least_one=True))])

        def stale_h(c):
            rows = dup_rows
            c = set_col(c, "employee_count", np.maximum(1, np.round(hc[rows] * r.uniform(0.95, 1.05, size=len(rows)))).astype(np.int64))
            return set_col(c, "_extracted_at", utc_string(hx[rows] - r.integers(25, 40, size=len(rows)) * DAY))

        th = add_duplicates(th, dup_rows, stale_h, sh)
        # impossible: negative employee counts on a month before the history starts (fresh key)
        last_of_company = np.nonzero(m == (L[hacct] - 1))[0]
        rej = last_of_company[pick(r, len(last_of_company), stochastic_count(r, cnt, REJECT_RATE, at_least_one=self.b == 0))]
        th = add_rejects(th, rej, lambda c: set_col(set_col(c, "month_date", date_array(add_months(mdate[rej], -np.ones(len(rej), dtype=np.int64)))),
                                                    "employee_count", -r.integers(1, 500, size=len(rej))),
                         "negative_employee_count", sh)
        # ---- companies ---------------------------------------------------------------------
        ind = self.s("industry")[enr]
        rev_pe = np.where(np.isin(ind, [0, 1, 2, 3]), 220e3, 160e3) * np.exp(r.normal(0, 0.35, size=n))
        cur = _CURRENCY[country[enr]]
        fx = np.array([V.FX_TO_USD[c] for c in cur]) if n else np.zeros(0)
        revenue = np.round(emp[enr] * rev_pe / np.where(fx > 0, fx, 1.0), -3)
        latest = self.latest_round[enr]
        stage_txt = []
        for lt, b, u in zip(latest, self.s("size_band")[enr], r.random(n)):
            if u < 0.04:
                stage_txt.append(None)
            elif lt >= 0:
                stage_txt.append(V.ROUND_TYPES[lt])
            elif b == 3:
                stage_txt.append("public" if u < 0.5 else "private_equity")
            else:
                stage_txt.append("bootstrapped")
        founded = np.where(gstage[enr] == GS_HYPER, r.integers(2012, 2023, size=n), r.integers(1950, 2021, size=n))
        sub = [V.INDUSTRIES[i][3][s_] for i, s_ in zip(ind, self.s("sub_industry")[enr])]
        dom = messy_domain(r, self.dom_arr.take(pa.array(enr)), st, "domain")
        cx = self.enr_pull_ts[enr]
        t = _table("companies", {
            "company_id": [self.cmp_ids[a] for a in enr], "domain": dom,
            "company_name": [self.P.names[self.lo + a] for a in enr],
            "industry": [V.INDUSTRIES[i][0] for i in ind],
            "sub_industry": null_where(pa.array(sub, type=pa.string()), r.random(n) < 0.08),
            "employee_count": emp[enr], "annual_revenue": pa.array(revenue, type=pa.float64(), mask=r.random(n) < 0.08),
            "revenue_currency": cur.tolist(), "country_code": [V.COUNTRIES[c][0] for c in country[enr]],
            "region": [V.COUNTRIES[c][1] for c in country[enr]],
            "founded_year": pa.array(founded, type=pa.int64(), mask=r.random(n) < 0.05),
            "funding_stage": stage_txt, "_extracted_at": utc_string(cx)})
        dup_rows = pick(r, n, stochastic_count(r, n, 0.02, at_least_one=True))

        def stale_c(c):
            rows = dup_rows
            c = set_col(c, "employee_count", np.maximum(1, np.round(emp[enr[rows]] * r.uniform(0.9, 0.99, size=len(rows)))).astype(np.int64))
            st.mess["stale_repull_changed_employee_count"] += len(rows)
            return set_col(c, "_extracted_at", utc_string(cx[rows] - r.integers(25, 40, size=len(rows)) * DAY))

        t = add_duplicates(t, dup_rows, stale_c, st)
        rej = pick(r, n, stochastic_count(r, n, REJECT_RATE, at_least_one=self.b == 0))
        half = (len(rej) + 1) // 2
        t = add_rejects(t, rej[:half], lambda c: set_col(set_col(c, "company_id", [self.cmp_ids[enr[i]] + "x" for i in rej[:half]]),
                                                         "employee_count", -r.integers(1, 5000, size=half)),
                        "negative_employee_count", st)
        t = add_rejects(t, rej[half:], lambda c: set_col(c, "company_id", null_or_empty_key(r, c.num_rows)), "missing_key", st)
        return {"companies": t, "headcount_history": th}

    def technographics(self) -> pa.Table:
        r = self.rng(60)
        st = self.stat("technographics")
        enr = self.s("has_enr")
        pull = self.enr_pull
        parts = []  # (acct, tech, first, last)

        def cur_last(a):
            return pull[a] - r.integers(0, 10, size=len(a))

        crm_tool = self.s("crm_tool")
        mig = self.s("migration")
        mig_day = self.s("migration_day")
        a = np.nonzero(enr & (crm_tool >= 0))[0]
        first = np.where(mig[a], mig_day[a], self.as_of - r.integers(400, 2500, size=len(a)))
        parts.append((a, crm_tool[a], first, cur_last(a)))
        a = np.nonzero(enr & mig)[0]
        old_pool = np.array([V.TECH_INDEX[t] for t in V.LEGACY_CRMS + ["HubSpot", "Pipedrive", "Zoho CRM"]])
        old = old_pool[r.integers(0, len(old_pool), size=len(a))]
        old = np.where(old == crm_tool[a], V.TECH_INDEX["Siebel CRM"], old)
        parts.append((a, old, self.as_of - r.integers(900, 3000, size=len(a)),
                      np.minimum(mig_day[a] + r.integers(0, 45, size=len(a)), pull[a] - 1)))
        self.add_trigger(a, "technology_migration", "crm", mig_day[a])
        comp = self.s("competitor")
        comp_cur = self.s("competitor_current")
        a = np.nonzero(enr & (comp >= 0))[0]
        first = self.s("competitor_first_seen")[a].copy()
        last = np.where(comp_cur[a], cur_last(a), self.as_of - r.integers(150, 500, size=len(a)))
        first = np.where(first > last - 60, last - r.integers(200, 700, size=len(a)), first)
        parts.append((a, comp[a], first, last))
        self.add_trigger(a, "competitive_pressure", [_TECH_NAMES[c].lower() for c in comp[a]], first)
        for cat, p in V.OTHER_TECH_CATEGORIES:
            tools = np.array([i for i, t in enumerate(V.TECHNOLOGIES) if t[1] == cat])
            a = np.nonzero(enr & (r.random(self.k) < p))[0]
            tech = tools[r.integers(0, len(tools), size=len(a))]
            dropped = r.random(len(a)) < 0.1
            last = np.where(dropped, self.as_of - r.integers(150, 700, size=len(a)), cur_last(a))
            first = last - r.integers(120, 2500, size=len(a))
            parts.append((a, tech, first, last))
        acct = np.concatenate([p_[0] for p_ in parts])
        tech = np.concatenate([p_[1] for p_ in parts])
        first = np.concatenate([p_[2] for p_ in parts])
        last = np.concatenate([p_[3] for p_ in parts])
        order = np.lexsort((tech, acct))
        acct, tech, first, last = acct[order], tech[order], first[order], last[order]
        n = len(acct)
        x_ts = self.enr_pull_ts[acct]
        t = _table("technographics", {
            "company_id": pa.array(self.cmp_ids, type=pa.string()).take(pa.array(acct)),
            "technology_name": choice_strings(_TECH_NAMES, tech),
            "technology_category": choice_strings(_TECH_CATS, tech),
            "first_seen_date": date_array(first), "last_seen_date": date_array(last), "_extracted_at": utc_string(x_ts)})
        cand = np.nonzero(x_ts - 45 * DAY > (first + 1) * DAY)[0]
        dup_rows = np.sort(cand[pick(r, len(cand), stochastic_count(r, len(cand), 0.01, at_least_one=True))])
        t = add_duplicates(t, dup_rows, lambda c: set_col(set_col(c, "_extracted_at", utc_string(
            x_ts[dup_rows] - r.integers(25, 40, size=len(dup_rows)) * DAY)), "last_seen_date",
            date_array(np.maximum(first[dup_rows], last[dup_rows] - r.integers(20, 40, size=len(dup_rows))))), st)
        rej = pick(r, n, stochastic_count(r, n, 0.002, at_least_one=self.b == 0))
        t = add_rejects(t, rej, lambda c: set_col(c, "company_id", null_or_empty_key(r, c.num_rows)), "missing_key", st)
        return t

    def executive_changes(self) -> pa.Table:
        r = self.rng(70)
        st = self.stat("executive_changes")
        enr = self.s("has_enr")
        band = self.s("size_band")
        macro = self.s("macro_hidden")
        group = self.s("group")
        lam = np.array([0.5, 0.9, 1.4, 2.2])[band]
        cnt = np.where(enr, r.poisson(lam), 0)
        acct, _pos = _ragged(cnt)
        n = len(acct)
        tw = np.array([3 if t[1] in V.TRIGGER_DEPARTMENTS else 2 for t in V.EXEC_TITLES], dtype=float)
        title = r.choice(len(V.EXEC_TITLES), size=n, p=tw / tw.sum())
        dept = np.array([V.EXEC_TITLES[t][1] for t in title]) if n else np.array([], dtype=str)
        sen = np.array([V.EXEC_TITLES[t][2] for t in title]) if n else np.array([], dtype=str)
        hire = r.random(n) < 0.65
        day = self.as_of - r.integers(0, 540, size=n)
        comp = self.s("competitor")
        comp_cur = self.s("competitor_current")
        recent = self.as_of - day <= 130
        ol_sl = np.isin(comp, [V.TECH_INDEX["Outreach"], V.TECH_INDEX["Salesloft"]]) & comp_cur
        apollo = (comp == V.TECH_INDEX["Apollo"]) & comp_cur
        # background rows never recreate a planted rule; planted accounts keep only their planted hire
        conflict = hire & recent & (
            ((dept == "sales_operations") & (macro[acct] == 1) & ol_sl[acct]) |
            ((dept == "sales") & np.isin(sen, ["c_level", "vp"]) & np.isin(macro[acct], [3, 4])) |
            ((dept == "revenue_operations") & (macro[acct] == 0) & apollo[acct]) |
            ((group[acct] >= 0) & np.isin(dept, V.TRIGGER_DEPARTMENTS)))
        conflict |= (group[acct] == G_FUND) & (self.as_of - day <= 200)
        day = np.where(conflict, self.as_of - r.integers(201, 540, size=n), day)
        # planted hires
        pl = np.nonzero(self.s("hire_title") >= 0)[0]
        acct = np.concatenate([acct, pl])
        title = np.concatenate([title, self.s("hire_title")[pl]])
        hire = np.concatenate([hire, np.ones(len(pl), dtype=bool)])
        day = np.concatenate([day, self.s("trigger_day")[pl]])
        order = np.lexsort((day, acct))
        acct, title, hire, day = acct[order], title[order], hire[order], day[order]
        n = len(acct)
        pos = np.arange(n) - np.searchsorted(acct, acct)
        dept = np.array([V.EXEC_TITLES[t][1] for t in title], dtype=object) if n else np.array([], dtype=object)
        dept_txt = pa.array(dept.tolist(), type=pa.string())
        non_trigger = ~np.isin(dept, V.TRIGGER_DEPARTMENTS)
        dept_txt = null_where(dept_txt, non_trigger & (r.random(n) < 0.05))
        dept_txt = case_variants(r, dept_txt, 0.02, 0.05, st, "department")
        ctype = case_variants(r, pa.array(np.where(hire, "hire", "departure").tolist(), type=pa.string()), 0.02, 0.05, st, "change_type")
        person = [f"{V.FIRST_NAMES[int(x) % len(V.FIRST_NAMES)]} {V.LAST_NAMES[int(y) % len(V.LAST_NAMES)]}"
                  for x, y in zip(r.integers(0, 10_000, size=n), r.integers(0, 10_000, size=n))]
        ids = _mixed_ids("ex_", (self.idx[acct] << 5) + pos)
        x_ts = np.maximum(self.enr_pull_ts[acct], (day + 1) * DAY + 2 * HOUR)
        x_ts = np.minimum(x_ts, self.extract_cap)
        t = _table("executive_changes", {
            "executive_change_id": ids, "company_id": pa.array(self.cmp_ids, type=pa.string()).take(pa.array(acct)),
            "person_name": person, "title": choice_strings([e[0] for e in V.EXEC_TITLES], title),
            "department": dept_txt, "change_type": ctype, "change_date": date_array(day), "_extracted_at": utc_string(x_ts)})
        trig = hire & np.isin(dept, V.TRIGGER_DEPARTMENTS)
        self.add_trigger(acct[trig], "new_executive_hire", dept[trig].tolist(), day[trig])
        cand = np.nonzero(x_ts - 30 * DAY > (day + 1) * DAY)[0]
        dup_rows = np.sort(cand[pick(r, len(cand), stochastic_count(r, len(cand), 0.02, at_least_one=True))])
        t = add_duplicates(t, dup_rows, lambda c: set_col(c, "_extracted_at", utc_string(
            x_ts[dup_rows] - r.integers(20, 30, size=len(dup_rows)) * DAY)), st)
        rej = pick(r, n, stochastic_count(r, n, REJECT_RATE, at_least_one=self.b == 0))
        t = add_rejects(t, rej, lambda c: set_col(c, "executive_change_id", null_or_empty_key(r, c.num_rows)), "missing_key", st)
        return t

    def job_postings(self) -> pa.Table:
        r = self.rng(80)
        st = self.stat("job_postings")
        enr = self.s("has_enr")
        band = self.s("size_band")
        gs = self.s("growth_stage")
        lam = np.array([1.2, 3.5, 7.0, 12.0])[band] * np.array([2.5, 1.3, 0.8, 0.4, 1.0])[gs]
        cnt = np.where(enr, r.poisson(lam), 0)
        acct, pos = _ragged(cnt)
        n = len(acct)
        jt = r.integers(0, len(V.JOB_TITLES), size=n)
        posted = self.as_of - r.integers(0, 450, size=n)
        closed = posted + r.integers(10, 120, size=n)
        open_ = closed > self.as_of
        ids = _mixed_ids("jp_", (self.idx[acct] << 8) + pos)
        x_ts = np.minimum(np.maximum(self.enr_pull_ts[acct], (posted + 1) * DAY), self.extract_cap)
        t = _table("job_postings", {
            "job_posting_id": ids, "company_id": pa.array(self.cmp_ids, type=pa.string()).take(pa.array(acct)),
            "job_title": choice_strings([j[0] for j in V.JOB_TITLES], jt),
            "department": choice_strings([j[1] for j in V.JOB_TITLES], jt, mask=r.random(n) < 0.05),
            "seniority": choice_strings([j[2] for j in V.JOB_TITLES], jt, mask=r.random(n) < 0.05),
            "posted_date": date_array(posted), "closed_date": date_array(closed, mask=open_), "_extracted_at": utc_string(x_ts)})
        cand = np.nonzero(x_ts - 40 * DAY > (posted + 1) * DAY)[0]
        dup_rows = np.sort(cand[pick(r, len(cand), stochastic_count(r, len(cand), 0.01, at_least_one=True))])
        t = add_duplicates(t, dup_rows, lambda c: set_col(set_col(c, "_extracted_at", utc_string(
            x_ts[dup_rows] - r.integers(20, 40, size=len(dup_rows)) * DAY)), "closed_date",
            pa.nulls(len(dup_rows), pa.date32())), st)
        rej = pick(r, n, stochastic_count(r, n, 0.002, at_least_one=self.b == 0))
        t = add_rejects(t, rej, lambda c: set_col(c, "job_posting_id", null_or_empty_key(r, c.num_rows)), "missing_key", st)
        return t

    # ==========================================================================================
    # Engagement
    # ==========================================================================================
    def engagement(self) -> dict[str, pa.Table]:
        out = {"web_visits": self.web_visits(), "content_downloads": self.content_downloads()}
        out["email_events"] = self.email_events()
        out["meetings"] = self.meetings()
        out["intent_topics"] = self.intent_topics()
        return out

    def _noise_domains(self, r, m: int) -> list[str]:
        """Domains of no known account; unique within the run (block number + position)."""
        words = V.UNKNOWN_DOMAIN_WORDS
        return [f"{words[int(w)]}{self.b * 100_000 + j}.net" for j, w in enumerate(r.integers(0, len(words), size=m))]

    def _noise_tz(self, r, m: int) -> np.ndarray:
        return np.array([-480, -300, 0, 60, 330, 540])[r.integers(0, 6, size=m)]

    def web_visits(self) -> pa.Table:
        r = self.rng(90)
        st = self.stat("web_visits")
        band = self.s("size_band")
        dom_ok = ~self.s("websiteless")
        engaged = self.s("engagement_state") >= 2
        group = self.s("group")
        mu = np.array([8.0, 16.0, 26.0, 40.0])[band] * np.where(engaged, 1.6, 1.0)
        cnt = np.where(dom_ok, r.negative_binomial(1.5, 1.5 / (1.5 + mu)), 0)
        acct, _ = _ragged(cnt)
        n = len(acct)
        day = self.as_of - r.integers(0, 456, size=n)
        pw = np.array(V.PAGE_WEIGHTS)
        cat = r.choice(len(V.PAGE_CATEGORIES), size=n, p=pw / pw.sum())
        # planted visits: pricing for the late-intent group, comparison after the trigger for competitor users
        late = np.nonzero(group == G_LATE)[0]
        extra_late = np.repeat(late, r.integers(1, 4, size=len(late)))
        comp = np.nonzero(group == G_COMP)[0]
        acct = np.concatenate([acct, extra_late, comp])
        day = np.concatenate([day, self.as_of - r.integers(2, 21, size=len(extra_late)),
                              np.minimum(self.as_of, self.s("trigger_day")[comp] + r.integers(1, 30, size=len(comp)))])
        cat = np.concatenate([cat, np.zeros(len(extra_late), dtype=np.int64), np.full(len(comp), 5)])
        tod = r.integers(7 * HOUR, 19 * HOUR, size=len(acct)) - self.tz[acct] * 60
        ts = day * DAY + tod
        ts = np.minimum(ts, self.as_of_end - r.integers(0, 4 * HOUR, size=len(ts)))
        # keep buying-signal pages off the ambiguous window edge (exactly 28 days before as-of)
        edge = np.isin(cat, [0, 5]) & (ts // DAY == self.as_of - 28)
        ts = np.where(edge, ts - DAY, ts)
        utc_day = ts // DAY
        in_win = np.isin(cat, [0, 5]) & (utc_day >= self.as_of - 27) & (utc_day <= self.as_of)
        self.pricing_in_window = np.zeros(self.k, dtype=bool)
        self.pricing_in_window[acct[in_win]] = True
        # unresolvable traffic (ISPs, unknown companies)
        m_noise = int(len(acct) * 0.06)
        noise_dom = self._noise_domains(r, m_noise)
        noise_ts = (self.as_of - r.integers(0, 456, size=m_noise)) * DAY + r.integers(0, 20 * HOUR, size=m_noise)
        noise_cat = r.choice(len(V.PAGE_CATEGORIES), size=m_noise, p=pw / pw.sum())
        order = np.lexsort((ts, acct))
        acct, ts, cat = acct[order], ts[order], cat[order]
        n = len(acct)
        pos = np.arange(n) - np.searchsorted(acct, acct)
        owner = np.concatenate([self.idx[acct], np.full(m_noise, self.P.n + self.b * 1000, dtype=np.int64)])
        seq = np.concatenate([pos, np.arange(m_noise)])
        domains = pa.concat_arrays([self.dom_arr.take(pa.array(acct)), pa.array(noise_dom, type=pa.string())])
        all_ts = np.concatenate([ts, noise_ts])
        tz = np.concatenate([self.tz[acct], self._noise_tz(r, m_noise)])
        all_cat = np.concatenate([cat, noise_cat])
        tot = len(all_ts)
        paths = [(c, p) for c in V.PAGE_CATEGORIES for p in V.PAGE_PATHS[c]]
        path_of_cat = [np.array([i for i, (c, _) in enumerate(paths) if c == cc]) for cc in V.PAGE_CATEGORIES]
        pick_path = np.zeros(tot, dtype=np.int64)
        for ci, arr in enumerate(path_of_cat):
            m = all_cat == ci
            pick_path[m] = arr[r.integers(0, len(arr), size=int(m.sum()))]
        utm = r.random(tot) < 0.15
        urls = [V.SELLER_SITE + p for _, p in paths]
        urls += [u_ + "?utm_source=linkedin&utm_medium=paid" for u_ in urls]
        url = choice_strings(urls, pick_path + utm * len(paths))
        x_ts = self.event_extracted(r, all_ts)
        t = _table("web_visits", {
            "visit_id": prefixed_id("wv_", owner * 100_000 + seq, 12),
            "visitor_domain": messy_domain(r, domains, st, "visitor_domain"),
            "page_url": url, "page_category": case_variants(r, choice_strings(V.PAGE_CATEGORIES, all_cat), 0.01, 0.03, st, "page_category"),
            "visited_at": local_iso_string(all_ts, tz),
            "duration_seconds": pa.array(np.exp(r.normal(4.5, 1.0, size=tot)).astype(np.int64) + 1, mask=r.random(tot) < 0.03),
            "_extracted_at": utc_string(x_ts)})
        st.mess["unresolvable_domain_rows"] += m_noise
        st.mess["late_arriving_rows"] += int((x_ts - all_ts >= DAY).sum())
        return self._event_mess(r, t, x_ts, "visit_id", "visited_at", st, unparseable=True)

    def _event_mess(self, r, t: pa.Table, x_ts: np.ndarray, key: str, ts_col: str | None, st: TableStats,
                    unparseable: bool, bogus_col: str | None = None, dup_rate: float = 0.005) -> pa.Table:
        n = t.num_rows
        dup_rows = pick(r, n, stochastic_count(r, n, dup_rate, at_least_one=True))
        t = add_duplicates(t, dup_rows, lambda c: set_col(c, "_extracted_at", utc_string(self.later_extraction(r, x_ts[dup_rows]))), st)
        reasons = ["missing_key"] + (["unparseable_timestamp"] if unparseable else []) + (["unknown_enum"] if bogus_col else [])
        k = stochastic_count(r, n, REJECT_RATE, at_least_one=self.b == 0)
        rows = pick(r, n, max(k, len(reasons) if self.b == 0 else k))
        parts = np.array_split(rows, len(reasons))
        keys = t.column(key).combine_chunks()
        for reason, rr in zip(reasons, parts):
            if len(rr) == 0:
                continue

            def bad(c, reason=reason, rr=rr):
                if reason == "missing_key":
                    return set_col(c, key, null_or_empty_key(r, c.num_rows))
                c = set_col(c, key, concat(keys.take(pa.array(rr)), "R" if reason == "unparseable_timestamp" else "B"))
                if reason == "unparseable_timestamp":
                    bad_vals = ["not-a-date", "2026-13-45T25:61:00+00:00", "31/02/2026 10:00"]
                    return set_col(c, ts_col, [bad_vals[int(x)] for x in r.integers(0, 3, size=c.num_rows)])
                return set_col(c, bogus_col, ["bogus"] * c.num_rows)
            t = add_rejects(t, rr, bad, reason, st)
        return t

    def content_downloads(self) -> pa.Table:
        r = self.rng(100)
        st = self.stat("content_downloads")
        pp = self.people()
        dl = np.nonzero(self.s("download"))[0]
        primary_person = np.searchsorted(pp["acct"], dl)  # person j == 0 of each account
        n = len(dl)
        ts = self.s("download_ts")[dl]
        self.download_in_window = np.zeros(self.k, dtype=bool)
        self.download_in_window[dl[(ts // DAY >= self.as_of - 27) & (ts // DAY <= self.as_of)]] = True
        m_noise = max(1, int(round(n * 0.35))) if n else 1
        fn = r.integers(0, len(V.FIRST_NAMES), size=m_noise)
        noise_email = [f"{V.FIRST_NAMES[f].lower()}{int(x)}@" + (V.FREE_MAIL_DOMAINS[int(x) % len(V.FREE_MAIL_DOMAINS)] if x % 2 else d)
                       for f, x, d in zip(fn, r.integers(1, 10_000, size=m_noise), self._noise_domains(r, m_noise))]
        noise_ts = (self.as_of - r.integers(0, 456, size=m_noise)) * DAY + r.integers(0, 20 * HOUR, size=m_noise)
        emails = pa.concat_arrays([pp["email"].take(pa.array(primary_person, type=pa.int64())), pa.array(noise_email, type=pa.string())])
        all_ts = np.concatenate([ts, noise_ts])
        tz = np.concatenate([self.tz[dl], self._noise_tz(r, m_noise)])
        owner = np.concatenate([self.idx[dl], np.full(m_noise, self.P.n + self.b * 1000, dtype=np.int64)])
        seq = np.concatenate([np.zeros(n, dtype=np.int64), np.arange(m_noise)])
        asset = r.integers(0, len(V.ASSETS), size=n + m_noise)
        x_ts = self.event_extracted(r, all_ts)
        t = _table("content_downloads", {
            "download_id": prefixed_id("dl_", owner * 100_000 + seq, 12),
            "contact_email": messy_email(r, emails, st, "contact_email"),
            "asset_name": choice_strings(V.ASSETS, asset),
            "asset_topic": choice_strings(_TOPIC_NAMES, np.array(V.ASSET_TOPIC)[asset]),
            "downloaded_at": local_iso_string(all_ts, tz), "_extracted_at": utc_string(x_ts)})
        st.mess["unresolvable_email_rows"] += m_noise
        return self._event_mess(r, t, x_ts, "download_id", "downloaded_at", st, unparseable=False)

    def email_events(self) -> pa.Table:
        r = self.rng(110)
        st = self.stat("email_events")
        pp = self.people()
        P = self.P
        pros = np.nonzero(pp["prospect"])[0]
        acct_p = pp["acct"][pros]
        primary = pp["primary"][pros]
        # --- sequence instances: main, follow-up (sends only), past (late-intent group) ------------
        inst_person = [pros]
        inst_kind = [np.zeros(len(pros), dtype=np.int64)]
        fu = self.s("followup")
        m = fu[acct_p]
        inst_person.append(pros[m]); inst_kind.append(np.ones(int(m.sum()), dtype=np.int64))
        past = self.s("past")
        m = past[acct_p] & (primary | (pp["j"][pros] <= 2))
        inst_person.append(pros[m]); inst_kind.append(np.full(int(m.sum()), 2, dtype=np.int64))
        person = np.concatenate(inst_person)
        kind = np.concatenate(inst_kind)
        acct = pp["acct"][person]
        is_primary = pp["primary"][person]
        ni = len(person)
        start = np.select([kind == 0, kind == 1], [self.s("seq_start")[acct], self.s("followup_start")[acct]],
                          self.s("past_start")[acct])
        steps = np.select([kind == 0, kind == 1], [self.s("seq_steps")[acct], r.integers(2, 5, size=ni)], 3)
        gap = np.where(kind == 2, 3, self.s("seq_gap")[acct])
        tod = self.s("send_tod")[acct]
        offset = np.where(is_primary, 0, r.integers(0, 2 * DAY, size=ni) + r.integers(0, 2 * HOUR, size=ni))
        s0 = start * DAY + tod + offset
        # fates (main sequence, non-primary prospects)
        u = r.random(ni)
        main_np = (kind == 0) & ~is_primary
        bounce = main_np & (u < 0.022)
        hard = bounce & (r.random(ni) < 0.6)
        unsub = main_np & (u >= 0.022) & (u < 0.030)
        spam = main_np & (u >= 0.030) & (u < 0.0301)
        fate_step = np.minimum(steps, 2 + (r.random(ni) * np.maximum(1, steps - 1)).astype(np.int64))
        stop = steps.copy()
        stop = np.where(hard, 1, stop)
        stop = np.where(unsub | spam, fate_step, stop)
        # planned replies / clicks of the primary prospect
        replied = self.s("replied")[acct] & is_primary & (kind == 0)
        stop = np.where(replied, self.s("reply_step")[acct], stop)
        past_step = np.minimum(3, (self.s("past_ts")[acct] - s0) // (3 * DAY) + 1)
        past_reply = (kind == 2) & is_primary & self.s("past_is_reply")[acct]
        past_click = (kind == 2) & is_primary & ~self.s("past_is_reply")[acct]
        stop = np.where(past_reply, past_step, stop)
        # a second (non-positive) replier in some replied accounts
        second = main_np & self.s("second_replier")[acct] & (pp["j"][person] == 1) & ~bounce & ~unsub & ~spam
        second_step = 1 + (r.random(ni) * stop).astype(np.int64)
        stop = np.where(second, second_step, stop)
        # noise prospects (free mail / unknown companies): sequences that resolve to no account
        n_noise = max(1, int(round(len(pros) * 0.04)))
        nz_start = self.as_of - r.integers(1, 456, size=n_noise)
        nz_steps = r.integers(3, 6, size=n_noise)
        nz_gap = r.integers(2, 5, size=n_noise)
        nz_s0 = nz_start * DAY + r.integers(13 * HOUR, 17 * HOUR, size=n_noise)
        nz_reply = r.random(n_noise) < 0.05
        nz_stop = np.where(nz_reply, 1 + (r.random(n_noise) * nz_steps).astype(np.int64), nz_steps)
        # --- expand to steps -----------------------------------------------------------------------
        all_s0 = np.concatenate([s0, nz_s0])
        all_gap = np.concatenate([gap, nz_gap])
        all_stop = np.concatenate([stop, nz_stop])
        all_start = np.concatenate([start, nz_start])
        N = ni + n_noise
        inst, kk = _ragged(all_stop)
        kk = kk + 1
        send = all_s0[inst] + (kk - 1) * all_gap[inst] * DAY
        keep = send <= self.as_of_end
        inst, kk, send = inst[keep], kk[keep], send[keep]
        ns = len(inst)
        is_acct_inst = inst < ni
        ia = np.minimum(inst, ni - 1)
        bounced_here = is_acct_inst & bounce[ia] & (kk == 1)
        delivered = ~bounced_here
        delivered &= ~((~is_acct_inst) & (r.random(ns) < 0.03) & (kk == 1))
        ev_inst, ev_step, ev_type, ev_ts, ev_sent, ev_bt = [], [], [], [], [], []

        def emit(mask, etype, ts, sentiment=None, btype=None):
            idx_ = np.nonzero(mask)[0]
            ev_inst.append(inst[idx_]); ev_step.append(kk[idx_]); ev_type.append(np.full(len(idx_), etype))
            ev_ts.append(np.asarray(ts)[idx_] if np.ndim(ts) else np.full(len(idx_), ts))
            ev_sent.append(np.full(len(idx_), -1) if sentiment is None else np.asarray(sentiment)[idx_])
            ev_bt.append(np.full(len(idx_), -1) if btype is None else np.asarray(btype)[idx_])

        emit(np.ones(ns, dtype=bool), 0, send)
        deliv_ts = send + r.integers(1, 120, size=ns)
        emit(delivered, 1, deliv_ts)
        opened = delivered & (r.random(ns) < 0.42)
        open_ts = deliv_ts + np.minimum(r.exponential(6 * HOUR, size=ns).astype(np.int64), 5 * DAY)
        emit(opened, 2, open_ts)
        reopen = opened & (r.random(ns) < 0.25)
        emit(reopen, 2, open_ts + np.minimum(r.exponential(24 * HOUR, size=ns).astype(np.int64), 7 * DAY))
        emit(bounced_here, 5, send + r.integers(5, 300, size=ns), btype=np.where(hard[ia], 0, 1))
        # planned clicks (main) and the past click of the late-intent group
        click_main = is_acct_inst & (kind[ia] == 0) & is_primary[ia] & self.s("click")[acct[ia]] & (kk == self.s("click_step")[acct[ia]])
        emit(click_main, 3, self.s("click_ts")[acct[ia]])
        pclick = is_acct_inst & past_click[ia] & (kk == past_step[ia])
        emit(pclick, 3, self.s("past_ts")[acct[ia]])
        # planned real replies
        pos_acct = self.s("positive")[acct[ia]]
        sent_main = np.where(pos_acct, 0, np.where(r.random(ns) < 0.55, 1, 2))
        rep_main = is_acct_inst & replied[ia] & (kk == self.s("reply_step")[acct[ia]])
        emit(rep_main, 4, self.s("reply_ts")[acct[ia]], sentiment=sent_main)
        prep = is_acct_inst & past_reply[ia] & (kk == past_step[ia])
        emit(prep, 4, self.s("past_ts")[acct[ia]], sentiment=np.where(self.s("past_positive")[acct[ia]], 0, 1))
        sec = is_acct_inst & second[ia] & (kk == second_step[ia])
        emit(sec, 4, send + r.integers(HOUR, 48 * HOUR, size=ns), sentiment=np.where(r.random(ns) < 0.6, 1, 2))
        nz_rep = ~is_acct_inst & nz_reply[np.maximum(inst - ni, 0)] & (kk == nz_stop[np.maximum(inst - ni, 0)]) & delivered
        emit(nz_rep, 4, send + r.integers(HOUR, 48 * HOUR, size=ns), sentiment=r.integers(0, 3, size=ns))
        # out-of-office / auto replies (NOT replies), unsubscribes, spam complaints
        ooo = delivered & (r.random(ns) < 0.012) & ~rep_main & ~prep & ~sec
        emit(ooo, 4, send + r.integers(60, 900, size=ns), sentiment=np.where(r.random(ns) < 0.7, 3, 4))
        last_step = is_acct_inst & (kk == stop[ia])
        emit(last_step & unsub[ia] & delivered, 6, deliv_ts + r.integers(HOUR, 72 * HOUR, size=ns))
        emit(last_step & spam[ia] & delivered, 7, deliv_ts + r.integers(HOUR, 48 * HOUR, size=ns))
        e_inst = np.concatenate(ev_inst)
        e_step = np.concatenate(ev_step)
        e_type = np.concatenate(ev_type)
        e_ts = np.concatenate(ev_ts).astype(np.int64)
        e_sent = np.concatenate(ev_sent)
        e_bt = np.concatenate(ev_bt)
        keep = e_ts <= self.as_of_end
        e_inst, e_step, e_type, e_ts, e_sent, e_bt = (x[keep] for x in (e_inst, e_step, e_type, e_ts, e_sent, e_bt))
        # owner of each event (account, or a noise prospect) and ids
        is_acc = e_inst < ni
        owner = np.where(is_acc, self.idx[acct[np.minimum(e_inst, ni - 1)]], P.n + self.b * 1000 + (e_inst - ni))
        order = np.lexsort((e_type, e_ts, owner))
        e_inst, e_step, e_type, e_ts, e_sent, e_bt, owner, is_acc = (x[order] for x in (e_inst, e_step, e_type, e_ts, e_sent, e_bt, owner, is_acc))
        ne = len(e_inst)
        seq_in_owner = np.arange(ne) - np.searchsorted(owner, owner)
        # emails and crm ids
        nz_first = r.integers(0, len(V.FIRST_NAMES), size=n_noise)
        nz_dom = self._noise_domains(r, n_noise)
        nz_email = [f"{V.FIRST_NAMES[f].lower()}.{int(x)}@" + (V.FREE_MAIL_DOMAINS[int(x) % len(V.FREE_MAIL_DOMAINS)] if x % 3 == 0 else d)
                    for f, x, d in zip(nz_first, r.integers(1, 10_000, size=n_noise), nz_dom)]
        inst_email = pa.concat_arrays([pp["email"].take(pa.array(person)), pa.array(nz_email, type=pa.string())])
        inst_crm = pa.concat_arrays([pp["contact_id"].take(pa.array(person, mask=~pp["carry"][person])),
                                     pa.nulls(n_noise, pa.string())])
        inst_tz = np.concatenate([self.tz[acct], self._noise_tz(r, n_noise)])
        week = (all_start[e_inst] - 4) // 7
        variant = (owner * 7 + all_start[e_inst]) % 4
        seq_ids = prefixed_id("seq_", week * 10 + variant, 0)
        etype_txt = case_variants(r, choice_strings(V.EMAIL_EVENT_TYPES, e_type), 0.01, 0.02, st, "event_type")
        sent_txt = case_variants(r, choice_strings(V.REPLY_SENTIMENTS, np.maximum(e_sent, 0), mask=e_sent < 0), 0.01, 0.02, st, "reply_sentiment")
        bt_txt = choice_strings(["hard", "soft"], np.maximum(e_bt, 0), mask=e_bt < 0)
        x_ts = self.event_extracted(r, e_ts)
        t = _table("email_events", {
            "event_id": prefixed_id("em_", owner * 100_000 + seq_in_owner, 12), "sequence_id": seq_ids,
            "step_number": e_step.astype(np.int64),
            "contact_email": messy_email(r, inst_email.take(pa.array(e_inst)), st, "contact_email", p_upper=0.01, p_cap=0.02, p_space=0.005),
            "crm_contact_id": inst_crm.take(pa.array(e_inst)), "event_type": etype_txt, "reply_sentiment": sent_txt,
            "bounce_type": bt_txt, "occurred_at": local_iso_string(e_ts, inst_tz[e_inst]), "_extracted_at": utc_string(x_ts)})
        st.mess["late_arriving_rows"] += int((x_ts - e_ts >= DAY).sum())
        st.mess["unresolvable_rows"] += int((~is_acc).sum())
        st.mess["rows_with_crm_contact_id"] += ne - int(t.column("crm_contact_id").null_count)
        for i, name in enumerate(V.REPLY_SENTIMENTS):
            st.mess[f"replied_{name}"] += int(((e_type == 4) & (e_sent == i)).sum())
        return self._event_mess(r, t, x_ts, "event_id", "occurred_at", st, unparseable=True, bogus_col="event_type")

    def meetings(self) -> pa.Table:
        r = self.rng(120)
        st = self.stat("meetings")
        pp = self.people()
        first_person = np.searchsorted(pp["acct"], np.arange(self.k))
        mt = np.nonzero(self.s("meeting"))[0]
        fl = np.nonzero(self.s("failed_meeting"))[0]
        book = np.concatenate([self.s("book_ts")[mt], self.s("book_ts")[fl]])
        sched = np.concatenate([self.s("sched_ts")[mt], self.s("sched_ts")[fl]])
        acct = np.concatenate([mt, fl])
        status = np.concatenate([np.where(self.s("sched_ts")[mt] <= self.as_of_end, 1, 0),
                                 np.where((self.s("sched_ts")[fl] <= self.as_of_end) & (r.random(len(fl)) < 0.5), 2, 3)])
        # follow-up meetings after a held first meeting (any status)
        fu = mt[(self.s("sched_ts")[mt] <= self.as_of_end) & (r.random(len(mt)) < 0.3)]
        fu_book = self.s("sched_ts")[fu] + r.integers(HOUR, 5 * DAY, size=len(fu))
        ok = fu_book <= self.as_of_end
        fu, fu_book = fu[ok], fu_book[ok]
        fu_sched = fu_book + r.integers(DAY, 10 * DAY, size=len(fu))
        fu_status = np.where(fu_sched <= self.as_of_end, r.choice([1, 2, 3], size=len(fu), p=[0.8, 0.1, 0.1]), 0)
        acct = np.concatenate([acct, fu])
        book = np.concatenate([book, fu_book])
        sched = np.concatenate([sched, fu_sched])
        status = np.concatenate([status, fu_status])
        n = len(acct)
        person = first_person[acct] if n else np.zeros(0, dtype=np.int64)
        # noise meetings (free-mail attendees)
        m_noise = max(1, int(round(n * 0.03)))
        nz_book = (self.as_of - r.integers(1, 400, size=m_noise)) * DAY + r.integers(0, 20 * HOUR, size=m_noise)
        nz_sched = nz_book + r.integers(DAY, 8 * DAY, size=m_noise)
        nz_status = np.where(nz_sched <= self.as_of_end, 1, 0)
        nz_email = [f"{V.FIRST_NAMES[int(f)].lower()}{int(x)}@{V.FREE_MAIL_DOMAINS[int(x) % len(V.FREE_MAIL_DOMAINS)]}"
                    for f, x in zip(r.integers(0, len(V.FIRST_NAMES), size=m_noise), r.integers(1, 10_000, size=m_noise))]
        emails = pa.concat_arrays([pp["email"].take(pa.array(person, type=pa.int64())), pa.array(nz_email, type=pa.string())])
        crm = pa.concat_arrays([pp["contact_id"].take(pa.array(person, type=pa.int64(), mask=~pp["carry"][person])),
                                pa.nulls(m_noise, pa.string())])
        all_book = np.concatenate([book, nz_book])
        all_sched = np.concatenate([sched, nz_sched])
        all_status = np.concatenate([status, nz_status])
        tz = np.concatenate([self.tz[acct], self._noise_tz(r, m_noise)])
        owner = np.concatenate([self.idx[acct], np.full(m_noise, self.P.n + self.b * 1000, dtype=np.int64)])
        # order rows for stable ids: account then booking time
        tot = n + m_noise
        start = np.concatenate([self.s("seq_start")[acct], np.zeros(m_noise, dtype=np.int64)])
        week = (start - 4) // 7
        seq_id = prefixed_id("seq_", week * 10 + (owner * 7 + start) % 4, 0)
        seq_id = null_where(seq_id, (r.random(tot) < 0.2) | (np.arange(tot) >= n))
        # latest extraction: after the meeting took place (held/no_show), before it (cancelled), after booking (booked)
        x_ts = np.where(all_status == 0, all_book + r.integers(120, 6 * HOUR, size=tot),
                        np.where(all_status == 3, np.maximum(all_book + 60, all_sched - r.integers(HOUR, 2 * DAY, size=tot)),
                                 all_sched + r.integers(HOUR, 30 * HOUR, size=tot)))
        x_ts = np.minimum(x_ts, self.extract_cap)
        x_ts = np.maximum(x_ts, all_book + 60)
        ids = [f"mtg_{int(o):09d}_{int(s_)}" for o, s_ in zip(owner, np.concatenate([self._meeting_seq(acct), np.arange(m_noise)]))]
        t = _table("meetings", {
            "meeting_id": ids, "contact_email": messy_email(r, emails, st, "contact_email"),
            "crm_contact_id": crm, "sequence_id": seq_id,
            "meeting_status": case_variants(r, choice_strings(V.MEETING_STATUSES, all_status), 0.02, 0.05, st, "meeting_status"),
            "booked_at": local_iso_string(all_book, tz), "scheduled_at": local_iso_string(all_sched, tz),
            "_extracted_at": utc_string(x_ts)})
        for i, name in enumerate(V.MEETING_STATUSES):
            st.mess[f"status_{name}"] += int((all_status == i).sum())
        # stale copies: the row as first extracted, still 'booked'
        cand = np.nonzero((all_status != 0) & (x_ts - (all_book + 2 * HOUR) > 60))[0]
        dup_rows = np.sort(cand[r.random(len(cand)) < 0.4])

        def stale(c):
            c = set_col(c, "meeting_status", ["booked"] * len(dup_rows))
            st.mess["stale_repull_status_booked"] += len(dup_rows)
            return set_col(c, "_extracted_at", utc_string(all_book[dup_rows] + r.integers(60, 2 * HOUR, size=len(dup_rows))))

        t = add_duplicates(t, dup_rows, stale, st)
        keys = t.column("meeting_id").combine_chunks()
        k = stochastic_count(r, tot, REJECT_RATE, at_least_one=self.b == 0)
        rows = pick(r, tot, max(k, 2) if self.b == 0 else k)
        half = (len(rows) + 1) // 2
        t = add_rejects(t, rows[:half], lambda c: set_col(c, "meeting_id", null_or_empty_key(r, c.num_rows)), "missing_key", st)
        t = add_rejects(t, rows[half:], lambda c: set_col(set_col(c, "meeting_id", concat(keys.take(pa.array(rows[half:])), "R")),
                                                          "booked_at", ["not-a-date"] * c.num_rows), "unparseable_timestamp", st)
        return t

    @staticmethod
    def _meeting_seq(acct: np.ndarray) -> np.ndarray:
        """Position of each meeting among its account's meetings (in row order)."""
        seen: dict[int, int] = {}
        out = np.zeros(len(acct), dtype=np.int64)
        for i, a in enumerate(acct.tolist()):
            out[i] = seen.get(a, 0)
            seen[a] = out[i] + 1
        return out

    def intent_topics(self) -> pa.Table:
        r = self.rng(130)
        st = self.stat("intent_topics")
        cov = self.s("intent_cov")
        group = self.s("group")
        W = 64
        ntop = len(V.TOPICS)
        T = np.where(cov, r.choice([1, 2, 3, 4, 5], size=self.k, p=[0.25, 0.3, 0.22, 0.14, 0.09]), 0)
        late = group == G_LATE
        T = np.where(late, np.maximum(T, 2), T)
        order = np.argsort(r.random((self.k, ntop)), axis=1)
        order[late, 0] = np.array(V.CATEGORY_TOPICS)[r.integers(0, len(V.CATEGORY_TOPICS), size=int(late.sum()))]
        order[late, 1] = np.array(V.COMPETITOR_TOPICS)[r.integers(0, len(V.COMPETITOR_TOPICS), size=int(late.sum()))]
        at_acct, at_pos = _ragged(T)
        topic = order[at_acct, at_pos]
        # drop accidental repeats of the forced topics further down the list
        dup_topic = np.zeros(len(at_acct), dtype=bool)
        forced = late[at_acct] & (at_pos >= 2)
        dup_topic[forced] = (topic[forced] == order[at_acct[forced], 0]) | (topic[forced] == order[at_acct[forced], 1])
        at_acct, at_pos, topic = at_acct[~dup_topic], at_pos[~dup_topic], topic[~dup_topic]
        na = len(at_acct)
        end = np.where(r.random(na) < 0.4, 0, r.integers(0, 40, size=na))
        length = r.integers(4, 31, size=na)
        forced = late[at_acct] & (at_pos <= 1)
        end = np.where(forced, 0, end)
        length = np.where(forced, np.maximum(length, 6), length)
        length = np.minimum(length, W - end)
        base = r.uniform(12, 55, size=na)
        surge = r.random(na) < 0.25
        s_c = end + (r.random(na) * length).astype(np.int64)
        s_w = r.integers(1, 5, size=na)
        s_h = r.uniform(15, 42, size=na)
        at, pos = _ragged(length)
        week = end[at] + pos
        score = base[at] + r.normal(0, 8, size=len(at)) + np.where(surge[at] & (np.abs(week - s_c[at]) < s_w[at]), s_h[at], 0)
        score = np.clip(np.round(score), 0, 100).astype(np.int64)
        acct = at_acct[at]
        tp = topic[at]
        bg_reg = (group[acct] < 0) & (self.s("macro_hidden")[acct] == 2)
        score = np.where(bg_reg & (week <= 4), np.minimum(score, 69), score)
        f_rows = forced[at] & (week <= 3)
        score = np.where(f_rows, r.integers(75, 96, size=len(at)), score)
        # expected intent stage over the last 28 days (weeks 0-3), then keep week 4 from changing it
        recent = week <= 3
        mx = np.zeros(self.k, dtype=np.int64) - 1
        np.maximum.at(mx, acct[recent], score[recent])
        comp_rows = recent & np.isin(tp, V.COMPETITOR_TOPICS)
        cmx = np.zeros(self.k, dtype=np.int64) - 1
        np.maximum.at(cmx, acct[comp_rows], score[comp_rows])
        stage = np.zeros(self.k, dtype=np.int8)
        stage[mx >= 30] = 1
        stage[(mx >= 50) | self.download_in_window] = 2
        stage[(mx >= 70) & (self.pricing_in_window | (cmx >= 70))] = 3
        cap = np.array([29, 49, 69, 100])[stage]
        score = np.where(week == 4, np.minimum(score, cap[acct]), score)
        self.truth["intent_stage"] = stage
        self.truth["max_intent_score_28d"] = mx
        # rows
        week_start0 = self.as_of - ((self.as_of - 4) % 7)
        wdate = week_start0 - 7 * week
        n = len(acct)
        # unresolvable intent rows
        m_noise = int(n * 0.02)
        nz_dom = pa.array(self._noise_domains(r, m_noise), type=pa.string())
        nz_week = r.integers(0, W, size=m_noise)
        all_dom = pa.concat_arrays([self.dom_arr.take(pa.array(acct)), nz_dom])
        all_wdate = np.concatenate([wdate, week_start0 - 7 * nz_week])
        all_tp = np.concatenate([tp, r.integers(0, ntop, size=m_noise)])
        all_score = np.concatenate([score, r.integers(5, 90, size=m_noise)])
        tot = n + m_noise
        x_ts = np.minimum((all_wdate + 7) * DAY + r.integers(2 * HOUR, 30 * HOUR, size=tot), self.extract_cap)
        x_ts = np.where(r.random(tot) < 0.03, np.minimum(x_ts + r.integers(DAY, 10 * DAY, size=tot), self.extract_cap), x_ts)
        t = _table("intent_topics", {
            "company_domain": messy_domain(r, all_dom, st, "company_domain"), "week_start_date": date_array(all_wdate),
            "topic": case_variants(r, choice_strings(_TOPIC_NAMES, all_tp), 0.0, 0.04, st, "topic"),
            "topic_category": case_variants(r, choice_strings(_TOPIC_CATS, all_tp), 0.02, 0.03, st, "topic_category"),
            "intent_score": all_score, "_extracted_at": utc_string(x_ts)})
        st.mess["unresolvable_domain_rows"] += m_noise
        cand = np.nonzero(x_ts - all_wdate * DAY > 2 * HOUR)[0]
        dup_rows = np.sort(cand[pick(r, len(cand), stochastic_count(r, len(cand), 0.01, at_least_one=True))])

        def stale(c):
            rows = dup_rows
            sx = np.maximum(all_wdate[rows] * DAY + HOUR, x_ts[rows] - r.integers(HOUR, 3 * DAY, size=len(rows)))
            c = set_col(c, "_extracted_at", utc_string(sx))
            st.mess["stale_repull_changed_score"] += len(rows)
            return set_col(c, "intent_score", np.clip(all_score[rows] + r.choice([-1, 1], size=len(rows)) * r.integers(5, 21, size=len(rows)), 0, 100))

        t = add_duplicates(t, dup_rows, stale, st)
        k = stochastic_count(r, tot, REJECT_RATE, at_least_one=self.b == 0)
        rows = pick(r, tot, max(k, 2) if self.b == 0 else k)
        half = (len(rows) + 1) // 2
        old_weeks = week_start0 - 7 * r.integers(70, 90, size=len(rows))
        t = add_rejects(t, rows[:half], lambda c: set_col(set_col(c, "week_start_date", date_array(old_weeks[:half])), "intent_score",
                                                          np.where(r.random(half) < 0.5, r.integers(101, 160, size=half), -r.integers(1, 30, size=half))),
                        "intent_score_out_of_range", st)
        t = add_rejects(t, rows[half:], lambda c: set_col(set_col(c, "company_domain", null_or_empty_key(r, c.num_rows)),
                                                          "week_start_date", date_array(old_weeks[half:])), "missing_key", st)
        return t
