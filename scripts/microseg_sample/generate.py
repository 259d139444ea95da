"""Orchestration: plan -> blocks -> chunked writers -> ground truth -> manifest (written last)."""
from __future__ import annotations

import json
import os
import shutil
from collections import defaultdict, deque
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from . import __version__
from . import vocab as V
from .fastfmt import date_array
from .mess import TableStats
from .plan import (ENGAGEMENT_STATES, G_LATE, GROUP_INFO, GROUPS, GROWTH_STAGES, Plan, build_plan)
from .schema import KEYS, ORDER_BY, TABLE_SOURCE, TABLES, arrow_schema
from .tables import Block, company_ids, crm_account_ids

BLOCK = 1000
REJECT_REASONS = {
    "missing_key": "key column null, empty or blank",
    "unparseable_timestamp": "a required timestamp does not parse ('not-a-date', impossible month/day, wrong format)",
    "negative_employee_count": "employee_count < 0",
    "intent_score_out_of_range": "intent_score outside 0-100",
    "negative_amount": "amount < 0",
    "close_date_before_created": "close_date earlier than the created date",
    "unknown_enum": "enum value not in the accepted set (event_type 'bogus')",
}


class Writers:
    """One appending writer per raw table (ParquetWriter or CSVWriter)."""

    def __init__(self, root: Path, fmt: str):
        self.root, self.fmt = root, fmt
        self._w: dict[str, object] = {}

    def path(self, table: str) -> Path:
        return self.root / TABLE_SOURCE[table] / f"{table}.{self.fmt}"

    def write(self, table: str, t: pa.Table) -> None:
        w = self._w.get(table)
        if w is None:
            p = self.path(table)
            p.parent.mkdir(parents=True, exist_ok=True)
            schema = arrow_schema(table)
            if self.fmt == "parquet":
                w = pq.ParquetWriter(p, schema, compression="snappy")
            else:
                w = pacsv.CSVWriter(p, schema, write_options=pacsv.WriteOptions(include_header=True))
            self._w[table] = w
        w.write_table(t)

    def close(self) -> None:
        for w in self._w.values():
            w.close()


def write_table_file(path: Path, t: pa.Table, fmt: str) -> None:
    if fmt == "parquet":
        pq.write_table(t, path, compression="snappy")
    else:
        pacsv.write_csv(t, path, write_options=pacsv.WriteOptions(include_header=True))


def _account_truth(P: Plan, intent_stage: np.ndarray, max_intent: np.ndarray) -> pa.Table:
    a = P.a
    n = P.n
    crm_ids = crm_account_ids(np.arange(n))
    cmp_ids = company_ids(np.arange(n))
    websiteless = a["websiteless"]
    domain = [None if websiteless[i] else P.domains[i] for i in range(n)]
    key = [f"crm:{crm_ids[i]}" if websiteless[i] else P.domains[i] for i in range(n)]
    has_crm, has_enr = a["has_crm"], a["has_enr"]
    band = np.where(has_enr, a["size_band"], 4)
    bands = V.SIZE_BANDS + ["unknown"]
    macro = a["macro"]
    grp = a["group"]
    comp = a["competitor"]
    uses_comp = has_enr & (comp >= 0) & a["competitor_current"]
    comp_names = [V.TECHNOLOGIES[c][0] if u else None for c, u in zip(comp, uses_comp)]
    ind = a["industry"]
    growth = np.where(has_enr & (a["hist_months"] >= 13), a["growth_real"], np.nan)
    contacted = a["contacted"]
    first_contact = np.where(a["past"], a["past_start"], a["seq_start"])
    cols = {
        "account_key": pa.array(key, pa.string()),
        "domain": pa.array(domain, pa.string()),
        "crm_account_id": pa.array([crm_ids[i] if has_crm[i] else None for i in range(n)], pa.string()),
        "company_id": pa.array([cmp_ids[i] if has_enr[i] else None for i in range(n)], pa.string()),
        "macro_segment_id": pa.array([V.MACRO_SEGMENTS[m] if m >= 0 else None for m in macro], pa.string()),
        "size_band": pa.array([bands[b] for b in band], pa.string()),
        "growth_stage": pa.array([GROWTH_STAGES[g] for g in a["growth_stage"]], pa.string()),
        "engagement_state": pa.array([ENGAGEMENT_STATES[s] for s in a["engagement_state"]], pa.string()),
        "intent_stage": pa.array([["none", "early", "mid", "late"][s] for s in intent_stage], pa.string()),
        "planted_group": pa.array([GROUPS[g] if g >= 0 else None for g in grp], pa.string()),
        "is_soft_deleted_crm": pa.array(a["crm_deleted"]),
        # extra columns (helpful to later layers' tests)
        "has_crm_account": pa.array(has_crm),
        "has_enrichment": pa.array(has_enr),
        "industry": pa.array([V.INDUSTRIES[i][0] if e else None for i, e in zip(ind, has_enr)], pa.string()),
        "industry_group": pa.array([V.INDUSTRIES[i][1] if e else None for i, e in zip(ind, has_enr)], pa.string()),
        "employee_count": pa.array(a["employees"], pa.int64(), mask=~has_enr),
        "headcount_growth_12m_pct": pa.array(growth, pa.float64(), mask=np.isnan(growth)),
        "uses_competitor": pa.array(uses_comp),
        "competitor_tools": pa.array(comp_names, pa.string()),
        "planted_trigger_date": date_array(np.maximum(a["trigger_day"], 0), mask=a["trigger_day"] < 0),
        "is_existing_customer": pa.array(a["customer"]),
        "is_contacted": pa.array(contacted),
        "first_contact_date": date_array(np.maximum(first_contact, 0), mask=~contacted),
        "has_real_reply": pa.array(a["replied"] | a["past_is_reply"]),
        "has_positive_reply": pa.array(a["positive"] | a["past_positive"]),
        "has_click": pa.array(a["click"] | (a["past"] & ~a["past_is_reply"])),
        "has_content_download": pa.array(a["download"]),
        "has_meeting": pa.array(a["meeting"]),
        "has_opportunity": pa.array(a["opp"]),
        "has_closed_opportunity": pa.array(a["closed"]),
        "has_won_opportunity": pa.array(a["won"]),
        "max_intent_score_28d": pa.array(np.where(max_intent >= 0, max_intent, 0), pa.int64(), mask=max_intent < 0),
    }
    return pa.table(cols)


def _funnel(P: Plan, mask: np.ndarray, after_trigger: bool = False) -> dict:
    a = P.a
    replied = a["replied"] if after_trigger else (a["replied"] | a["past_is_reply"])
    positive = a["positive"] if after_trigger else (a["positive"] | a["past_positive"])
    return {"accounts": int(mask.sum()), "contacted": int((mask & a["contacted"]).sum()),
            "replied": int((mask & replied).sum()), "positive_reply": int((mask & positive).sum()),
            "meeting": int((mask & a["meeting"]).sum()), "opportunity": int((mask & a["opp"]).sum()),
            "closed": int((mask & a["closed"]).sum()), "won": int((mask & a["won"]).sum())}


def _matched(group_by_macro: dict, base_by_macro: dict, key: str) -> dict:
    """Compare a group with its baseline, matched on macro segment (each member against the realised
    baseline rate of its own macro segment): ratio observed / expected and a z statistic."""
    x = e = var = 0.0
    n_tot = 0
    for m, g in group_by_macro.items():
        b = base_by_macro[m]
        n, nb = g["contacted"], b["contacted"]
        if n == 0 or nb == 0:
            continue
        p = b[key] / nb
        x += g[key]
        e += n * p
        var += n * p * (1 - p) + n * n * p * (1 - p) / nb
        n_tot += n
    return {"observed": int(x), "expected": round(e, 2), "ratio": round(x / e, 3) if e else None,
            "z": round((x - e) / var ** 0.5, 3) if var > 0 else None, "contacted": n_tot}


def _groups_json(P: Plan) -> dict:
    a = P.a
    macro = a["macro"]
    group = a["group"]
    base = {}
    for mi, m in enumerate(V.MACRO_SEGMENTS):
        mask = (macro == mi) & (group < 0)
        f = _funnel(P, mask)
        base[m] = {"macro_segment_id": m, "rule": f"macro segment {m}, in no planted group", "realised": f}
    groups = []
    for gi, g in enumerate(GROUPS):
        mask = group == gi
        info = GROUP_INFO[g]
        macros = sorted({V.MACRO_SEGMENTS[m] for m in macro[mask]})
        by_macro = {m: _funnel(P, mask & (macro == V.MACRO_SEGMENTS.index(m)), after_trigger=True) for m in macros}
        base_by_macro = {m: base[m]["realised"] for m in macros}
        bmask = np.isin(macro, [V.MACRO_SEGMENTS.index(m) for m in macros]) & (group < 0)
        entry = {
            "id": g, "description": info["description"], "rule": info["rule"], "member_count": int(mask.sum()),
            "macro_segments": macros, "target_relative_to_baseline": info["target"],
            "realised": _funnel(P, mask), "realised_after_trigger": _funnel(P, mask, after_trigger=True),
            "realised_after_trigger_by_macro": by_macro, "baseline_pooled": _funnel(P, bmask),
            "vs_baseline_matched_on_macro": {k: _matched(by_macro, base_by_macro, k)
                                             for k in ("replied", "positive_reply", "meeting", "opportunity")},
        }
        entry["meeting_rate_z_vs_baseline"] = entry["vs_baseline_matched_on_macro"]["meeting"]["z"]
        entry["reply_rate_z_vs_baseline"] = entry["vs_baseline_matched_on_macro"]["replied"]["z"]
        if gi == G_LATE:
            entry["note"] = ("realised counts all past and new outreach; realised_after_trigger counts only the new "
                             "outreach that started after the late intent began (the past reply/click excluded)")
        groups.append(entry)
    return {
        "as_of": str(np.datetime64(P.as_of, "D")),
        "definitions": {
            "contacted": "account has >= 1 'sent' email event (resolved to the account) on or before as-of",
            "replied": "a reply with sentiment positive/neutral/negative (out_of_office and auto_reply excluded)",
            "positive_reply": "a reply with sentiment positive",
            "meeting": "a meeting with status booked or held (no_show / cancelled excluded)",
            "opportunity": "a new_business opportunity created on or after the account's first outreach (not deleted, not rejected)",
            "closed": "that opportunity is closed (won or lost) on or before as-of",
            "won": "that opportunity is closed won",
            "baseline": "accounts of the same macro segment (per enrichment firmographics) in no planted group",
            "targets": "planted multipliers apply to the realised baseline rates of each member's macro segment; "
                       "realised_after_trigger counts only outreach after the group's trigger",
            "vs_baseline_matched_on_macro": "observed group count vs the count expected at the realised baseline rate of "
                                            "each member's macro segment (per contacted account); z uses the binomial "
                                            "variance of both the group and the baseline estimate",
        },
        "groups": groups,
        "baselines": base,
    }


def _manifest(P: Plan, fmt: str, stats: dict[str, TableStats], chunk_size: int, extra: dict) -> dict:
    tables = {}
    for src, tbls in TABLES.items():
        for t in tbls:
            s = stats.get(t, TableStats())
            d = s.as_dict()
            d["path"] = f"{src}/{t}.{fmt}"
            d["key"] = list(KEYS[t])
            d["latest_by"] = ORDER_BY.get(t, "_extracted_at")
            d["rows_after_staging"] = s.rows - s.duplicates - s.rejected
            tables[f"{src}.{t}"] = d
    return {
        "generator": "scripts/generate_sample_data.py",
        "generator_version": __version__,
        "as_of": str(np.datetime64(P.as_of, "D")),
        "seed": P.seed,
        "accounts": P.n,
        "format": fmt,
        "block_size": BLOCK,
        "chunk_size": chunk_size,
        "free_mail_domains": V.FREE_MAIL_DOMAINS,
        "tables": tables,
        "reject_reasons": REJECT_REASONS,
        "counting_rules": (
            "rows = rows written; rejected = rows staging must reject (null/empty/blank key, unparseable required "
            "timestamp, employee_count < 0, intent_score outside 0-100, amount < 0, close_date < created date, "
            "unknown enum); duplicates = remaining rows that share a key with a later row (latest by updated_at for "
            "crm accounts/contacts/opportunities, by _extracted_at elsewhere; no ties). Composite keys compare the "
            "normalised domain for intent_topics. Rejected rows never share a key with another row."),
        "vocabularies": {
            "industries": {i[0]: i[1] for i in V.INDUSTRIES},
            "sub_industries": {i[0]: i[3] for i in V.INDUSTRIES},
            "executive_titles": {t[0]: {"department": t[1], "seniority": t[2]} for t in V.EXEC_TITLES},
            "competitor_tools": V.COMPETITORS,
            "legacy_crm_tools": V.LEGACY_CRMS,
            "technologies": {t[0]: t[1] for t in V.TECHNOLOGIES},
            "intent_topics": {t[0]: t[1] for t in V.TOPICS},
            "page_categories": V.PAGE_CATEGORIES,
            "currencies": sorted({c[2] for c in V.COUNTRIES}),
            "fx_to_usd_used": V.FX_TO_USD,
        },
        **extra,
    }


_PLAN: Plan | None = None  # set before forking workers (shared copy-on-write)


def _render_block(b: int):
    P = _PLAN
    lo, hi = b * BLOCK, min(P.n, (b + 1) * BLOCK)
    blk = Block(P, b, lo, hi)
    produced = {**blk.crm(), **blk.enrichment(), **blk.engagement()}
    for name, t in produced.items():
        blk.stat(name).rows += t.num_rows
    return b, produced, blk.stats, blk.truth, blk.triggers


def generate(n: int, seed: int, as_of: int, out: Path, fmt: str, chunk_size: int, progress=None,
             workers: int = 1) -> dict:
    """Generate everything into a temporary sibling directory, then rename it to `out`."""
    global _PLAN
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.parent / f".{out.name}.tmp-{os.getpid()}"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir()
    pool = None
    try:
        P = build_plan(n, seed, as_of)
        _PLAN = P
        writers = Writers(tmp, fmt)
        stats: dict[str, TableStats] = defaultdict(TableStats)
        intent_stage = np.zeros(n, dtype=np.int8)
        max_intent = np.full(n, -1, dtype=np.int64)
        trig_parts = []
        blocks_per_chunk = max(1, -(-chunk_size // BLOCK))
        n_blocks = -(-n // BLOCK)
        if workers > 1 and n_blocks > 1:
            import multiprocessing as mp
            pool = mp.get_context("fork").Pool(processes=workers)
            inflight: deque = deque()
            nxt = 0
            max_inflight = 2 * blocks_per_chunk + 2 * workers

            def results():
                nonlocal nxt
                while nxt < n_blocks or inflight:
                    while nxt < n_blocks and len(inflight) < max_inflight:
                        inflight.append(pool.apply_async(_render_block, (nxt,)))
                        nxt += 1
                    yield inflight.popleft().get()
            source = results()
        else:
            source = (_render_block(b) for b in range(n_blocks))
        pending: dict[str, list[pa.Table]] = defaultdict(list)
        in_chunk = 0

        def flush():
            for name in (t for tbls in TABLES.values() for t in tbls):
                if pending.get(name):
                    writers.write(name, pa.concat_tables(pending[name]))
            pending.clear()

        for b, produced, bstats, truth, triggers in source:
            lo, hi = b * BLOCK, min(n, (b + 1) * BLOCK)
            for name, t in produced.items():
                pending[name].append(t)
            for name, st in bstats.items():
                stats[name].add(st)
            intent_stage[lo:hi] = truth["intent_stage"]
            max_intent[lo:hi] = truth["max_intent_score_28d"]
            trig_parts.extend(triggers)
            in_chunk += 1
            if progress is not None:
                progress(hi - lo)
            if in_chunk == blocks_per_chunk:
                flush()
                in_chunk = 0
        flush()
        if pool is not None:
            pool.close()
            pool.join()
            pool = None
        # tables that received no rows still get a file with the right columns
        for name in (t for tbls in TABLES.values() for t in tbls):
            if name not in writers._w:
                writers.write(name, arrow_schema(name).empty_table())
        writers.close()

        gt = tmp / "_ground_truth"
        gt.mkdir()
        acc = _account_truth(P, intent_stage, max_intent)
        write_table_file(gt / f"accounts.{fmt}", acc, fmt)
        keys = acc.column("account_key").to_pylist()
        t_idx = np.concatenate([p[0] for p in trig_parts]) if trig_parts else np.zeros(0, dtype=np.int64)
        t_type = [x for p in trig_parts for x in p[1]]
        t_sub = [x for p in trig_parts for x in p[2]]
        t_day = np.concatenate([p[3] for p in trig_parts]) if trig_parts else np.zeros(0, dtype=np.int64)
        order = sorted(range(len(t_idx)), key=lambda i: (int(t_idx[i]), t_type[i], int(t_day[i]), t_sub[i]))
        trig = pa.table({
            "account_key": pa.array([keys[int(t_idx[i])] for i in order], pa.string()),
            "trigger_type": pa.array([t_type[i] for i in order], pa.string()),
            "trigger_subtype": pa.array([t_sub[i] for i in order], pa.string()),
            "trigger_date": date_array(np.array([int(t_day[i]) for i in order], dtype=np.int64)),
        })
        write_table_file(gt / f"triggers.{fmt}", trig, fmt)
        groups = _groups_json(P)
        (gt / "groups.json").write_text(json.dumps(groups, indent=2, sort_keys=False) + "\n")
        truth_summary = {
            "ground_truth": {
                "accounts": f"_ground_truth/accounts.{fmt}", "triggers": f"_ground_truth/triggers.{fmt}",
                "groups": "_ground_truth/groups.json", "account_rows": acc.num_rows, "trigger_rows": trig.num_rows,
                "planted_group_sizes": {g["id"]: g["member_count"] for g in groups["groups"]},
            }
        }
        manifest = _manifest(P, fmt, stats, chunk_size, truth_summary)
        (tmp / "_manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
        # swap into place: never leave a half-written directory at `out`
        old = None
        if out.exists():
            old = out.parent / f".{out.name}.old-{os.getpid()}"
            out.rename(old)
        tmp.rename(out)
        if old is not None:
            shutil.rmtree(old)
        return manifest
    except BaseException:
        if pool is not None:
            pool.terminate()
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        _PLAN = None
