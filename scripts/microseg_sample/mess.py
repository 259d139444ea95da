"""Planting realistic mess (re-pull duplicates, impossible rows, messy spellings) and counting it.

Every planted duplicate and rejected row is counted in `TableStats`, which feeds `_manifest.json`:
staging tests compare their reject / dedupe results against those exact numbers.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


@dataclass
class TableStats:
    rows: int = 0
    duplicates: int = 0
    rejected: int = 0
    rejected_by_reason: Counter = field(default_factory=Counter)
    mess: Counter = field(default_factory=Counter)

    def add(self, other: "TableStats") -> None:
        self.rows += other.rows
        self.duplicates += other.duplicates
        self.rejected += other.rejected
        self.rejected_by_reason.update(other.rejected_by_reason)
        self.mess.update(other.mess)

    def as_dict(self) -> dict:
        return {"rows": self.rows, "duplicates": self.duplicates, "rejected": self.rejected,
                "rejected_by_reason": dict(sorted(self.rejected_by_reason.items())),
                "mess": dict(sorted(self.mess.items()))}


def stochastic_count(rng: np.random.Generator, n: int, rate: float, at_least_one: bool = False) -> int:
    x = n * rate
    k = int(x) + int(rng.random() < (x - int(x)))
    if at_least_one and n > 0:
        k = max(k, 1)
    return min(k, n)


def pick(rng: np.random.Generator, n: int, k: int) -> np.ndarray:
    if k <= 0 or n == 0:
        return np.zeros(0, dtype=np.int64)
    return np.sort(rng.choice(n, size=min(k, n), replace=False))


def set_col(t: pa.Table, name: str, arr) -> pa.Table:
    i = t.schema.get_field_index(name)
    if not isinstance(arr, (pa.Array, pa.ChunkedArray)):
        arr = pa.array(arr, type=t.schema.field(name).type)
    return t.set_column(i, t.schema.field(name), arr)


def null_or_empty_key(rng: np.random.Generator, k: int) -> pa.Array:
    """Missing keys: a mix of null and empty / blank strings."""
    vals = [None, "", " "]
    return pa.array([vals[i] for i in rng.integers(0, 3, size=k)], type=pa.string())


def _patch(arr: pa.Array, mask: np.ndarray, fn) -> pa.Array:
    """Replace arr[mask] by fn(arr[mask]) without transforming the whole array."""
    if not mask.any():
        return arr
    idx = np.nonzero(mask)[0]
    sub = fn(arr.take(pa.array(idx)))
    return pc.replace_with_mask(arr, pa.array(mask), sub)


def case_variants(rng: np.random.Generator, arr: pa.Array, p_upper: float, p_cap: float,
                  stats: TableStats | None = None, label: str = "") -> pa.Array:
    """Randomly upper-case or capitalise some values (enum-ish text whose case varies)."""
    n = len(arr)
    if n == 0:
        return arr
    u = rng.random(n)
    up = u < p_upper
    cap = (u >= p_upper) & (u < p_upper + p_cap)
    out = _patch(arr, up, pc.utf8_upper)
    out = _patch(out, cap, pc.utf8_capitalize)
    if stats is not None and label:
        changed = up | cap
        if changed.any():
            sub = out.take(pa.array(np.nonzero(changed)[0]))
            stats.mess[f"{label}_not_lower_case"] += int(pc.sum(pc.not_equal(sub, pc.utf8_lower(sub))).as_py() or 0)
    return out


def messy_domain(rng: np.random.Generator, domains: pa.Array, stats: TableStats, label: str,
                 p_www=0.06, p_upper=0.04, p_dot=0.02, p_scheme=0.01) -> pa.Array:
    """A clean lower-case domain -> as an extract spells it (www., upper case, trailing dot, scheme)."""
    n = len(domains)
    if n == 0:
        return domains
    u = rng.random(n)
    www = u < p_www
    upper = (u >= p_www) & (u < p_www + p_upper)
    dot = (u >= p_www + p_upper) & (u < p_www + p_upper + p_dot)
    scheme = (u >= p_www + p_upper + p_dot) & (u < p_www + p_upper + p_dot + p_scheme)
    out = _patch(domains, www, lambda a: pc.binary_join_element_wise(pa.scalar("www."), a, ""))
    out = _patch(out, upper, pc.utf8_capitalize)
    out = _patch(out, dot, lambda a: pc.binary_join_element_wise(a, pa.scalar("."), ""))
    out = _patch(out, scheme, lambda a: pc.binary_join_element_wise(pa.scalar("https://www."), a, pa.scalar("/"), ""))
    stats.mess[f"{label}_with_www"] += int(www.sum() + scheme.sum())
    stats.mess[f"{label}_not_lower_case"] += int(upper.sum())
    stats.mess[f"{label}_trailing_dot"] += int(dot.sum())
    stats.mess[f"{label}_with_scheme"] += int(scheme.sum())
    return out


def messy_email(rng: np.random.Generator, emails: pa.Array, stats: TableStats, label: str,
                p_upper=0.03, p_cap=0.05, p_space=0.01) -> pa.Array:
    """Clean lower-case email -> as typed: upper / capitalised, leading/trailing/internal spaces."""
    n = len(emails)
    if n == 0:
        return emails
    u = rng.random(n)
    up = u < p_upper
    cap = (u >= p_upper) & (u < p_upper + p_cap)
    out = _patch(emails, up, pc.utf8_upper)
    out = _patch(out, cap, pc.utf8_capitalize)
    sp = rng.random(n) < p_space
    kind = rng.integers(0, 3, size=n)
    out = _patch(out, sp & (kind == 0), lambda a: pc.binary_join_element_wise(pa.scalar(" "), a, pa.scalar(" "), ""))
    out = _patch(out, sp & (kind == 1), lambda a: pc.replace_substring(a, "@", " @", max_replacements=1))
    out = _patch(out, sp & (kind == 2), lambda a: pc.binary_join_element_wise(a, pa.scalar("  "), ""))
    stats.mess[f"{label}_with_spaces"] += int(sp.sum())
    stats.mess[f"{label}_not_lower_case"] += int(up.sum() + cap.sum())
    return out


def add_duplicates(t: pa.Table, rows: np.ndarray, modify, stats: TableStats) -> pa.Table:
    """Append copies of `rows` (re-pulls), each transformed by `modify(copy_table) -> table`.

    `modify` must make the copy lose to the original under staging's ordering (an OLDER
    `updated_at`/`_extracted_at` for stale copies) or win with identical values (a LATER re-send);
    either way exactly one row per key survives, so each copy counts as one duplicate.
    """
    if len(rows) == 0:
        return t
    dup = modify(t.take(pa.array(rows)))
    stats.duplicates += dup.num_rows
    return pa.concat_tables([t, dup])


def add_rejects(t: pa.Table, rows: np.ndarray, modify, reason: str, stats: TableStats) -> pa.Table:
    """Append copies of `rows` made impossible by `modify` (with a fresh or missing key)."""
    if len(rows) == 0:
        return t
    bad = modify(t.take(pa.array(rows)))
    stats.rejected += bad.num_rows
    stats.rejected_by_reason[reason] += bad.num_rows
    return pa.concat_tables([t, bad])
