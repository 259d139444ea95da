"""The statistics macros (macros/stats) against independent implementations.

Every statistic is rendered by dbt from the project's own macro files (dbt compile --inline
through dbtRunner, once per engine) and evaluated in the warehouse on a grid of counts with the
edge cases (0 successes, all successes, 1 trial, 0 trials, n = 1e6, invalid counts, tiny
p-values). The references are SciPy / statsmodels:

- Wilson: statsmodels proportion_confint(method='wilson')
- Newcombe: statsmodels confint_proportions_2indep(method='newcomb', compare='diff')
- z-test: statsmodels proportions_ztest (pooled variance)
- normal cdf / sf / erfc: an 80-digit reference (Taylor series and continued fraction in Python's
  decimal), and scipy.special.ndtr / scipy.stats.norm.sf / scipy.special.erfc (whose own error in
  the far tail is ~1e-13 relative: exp(-x*x) with x*x rounded)
- Benjamini-Hochberg: statsmodels multipletests(method='fdr_bh')
- shrinkage and its method-of-moments prior strength: the documented formulas in numpy, plus a
  simulation that the estimator recovers a known prior strength.

The macros are compiled in a copy of the project that holds only dbt_project.yml and macros/
(same project name, vars and dispatch), so the test does not depend on the models parsing, and
runs in a few seconds on DuckDB. The same SQL compiled for the postgres target runs on a throwaway
PostgreSQL server (scripts/pg_server.py; skipped when PostgreSQL is not installed) and compiled
for the spark target on a local Spark session (~30 s); both must give DuckDB's numbers. Deselect
them with -m "not postgres and not spark".
"""
from __future__ import annotations

import math
import os
import shutil
import sys
from decimal import Decimal, localcontext
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
from scipy import special, stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    proportion_confint,
    proportions_ztest,
)

REPO = Path(__file__).resolve().parents[1]
SPLIT = "-- @@statistic@@"
Z95 = 1.959963984540054
Z99 = 2.5758293035489004
Z90 = 1.6448536269514722
PRIOR_STRENGTH_DEFAULT = 20.0  # var microseg__shrinkage_prior_strength in dbt_project.yml

# Accuracy required against the references (the brief asks 1e-9 absolute; the macros do better).
ABS_TOL = 1e-12
REL_TOL_TAIL = 1e-11


def lit(x) -> str:
    """A SQL literal for a grid value: NULL, a quoted string, an integer, or a full-precision double."""
    if x is None:
        return "null"
    if isinstance(x, str):  # already a quoted SQL string literal
        return x
    if isinstance(x, (int, np.integer)):
        return str(int(x))
    return "%.17e" % float(x)


def values_cte(name: str, columns: list[str], rows: list[tuple]) -> str:
    body = ",\n        ".join("(" + ", ".join(lit(v) for v in row) + ")" for row in rows)
    return (f"{name} as (\n    select * from (\n        values\n        {body}\n    ) "
            f"as v ({', '.join(columns)})\n)")


# ---------------------------------------------------------------------------------------------
# High-precision reference for erfc and the normal distribution (independent of SciPy)
# ---------------------------------------------------------------------------------------------
PI_80 = Decimal("3.1415926535897932384626433832795028841971693993751058209749445923078164062862090")


def erfc_hp(u: Decimal) -> Decimal:
    """erfc(u) to ~70 significant digits: Taylor series of erf for |u| < 3, else the continued
    fraction erfc(u) = exp(-u^2) / sqrt(pi) / (u + (1/2) / (u + 1 / (u + (3/2) / (u + ...))))."""
    with localcontext() as ctx:
        ctx.prec = 80
        a = abs(u)
        if a < 3:
            total, term, k, a2 = Decimal(0), a, 0, a * a
            while True:
                piece = term / (2 * k + 1)
                total += piece
                if abs(piece) < Decimal(10) ** -75:
                    break
                k += 1
                term = -term * a2 / k
            r = 1 - 2 / PI_80.sqrt() * total
        else:
            f = a
            for k in range(400, 0, -1):
                f = a + Decimal(k) / 2 / f
            r = (-(a * a)).exp() / PI_80.sqrt() / f
        return 2 - r if u < 0 else r


def normal_sf_hp(x: float) -> float:
    """1 - Phi(x) of the exact binary value x."""
    with localcontext() as ctx:
        ctx.prec = 80
        return float(erfc_hp(Decimal(x) / Decimal(2).sqrt()) / 2)


def rel_err(got, want) -> float:
    got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    ok = want > 1e-300  # below, results are subnormal and carry few significant digits
    return float(np.max(np.abs(got[ok] / want[ok] - 1), initial=0.0))


# ---------------------------------------------------------------------------------------------
# The grid
# ---------------------------------------------------------------------------------------------
RNG = np.random.default_rng(20261101)

VALID_COUNTS = [
    (0, 1), (1, 1), (0, 2), (1, 2), (2, 2), (0, 5), (5, 5), (4, 75), (3, 10), (37, 100),
    (12, 15), (1, 3), (0, 1_000_000), (1, 1_000_000), (7, 1_000_000), (123_456, 1_000_000),
    (500_000, 1_000_000), (999_999, 1_000_000), (1_000_000, 1_000_000),
] + [(int(s), int(n)) for n in RNG.integers(1, 500, size=20) for s in [RNG.integers(0, n + 1)]]
INVALID_COUNTS = [(0, 0), (3, 0), (5, 3), (-1, 5), (None, 5), (3, None), (1, -2)]
COUNTS = VALID_COUNTS + INVALID_COUNTS

# Pairs for the two-group statistics: every valid count against a spread of baselines, invalid
# pairs, the degenerate pooled-rate cases, and pairs whose p-value is tiny.
BASELINES = [(0, 1), (1, 1), (4, 75), (37, 100), (0, 1_000_000), (500_000, 1_000_000),
             (1_000_000, 1_000_000), (12, 15), (3, 10)]
TINY_P_PAIRS = [
    (520, 1000, 480, 1000), (600, 1000, 400, 1000), (700, 1000, 300, 1000),
    (900, 1000, 100, 1000), (960, 1000, 40, 1000), (5200, 10000, 4800, 10000),
    (60_000, 1_000_000, 50_000, 1_000_000), (1, 1_000_000, 80, 1_000_000),
    (55_000, 1_000_000, 45_000, 1_000_000), (30, 75, 1500, 20000),
]
PAIRS = ([(s1, n1, s2, n2) for (s1, n1) in VALID_COUNTS for (s2, n2) in BASELINES]
         + [(s1, n1, s2, n2) for (s1, n1) in INVALID_COUNTS for (s2, n2) in BASELINES[:3]]
         + [(s2, n2, s1, n1) for (s1, n1) in INVALID_COUNTS for (s2, n2) in BASELINES[:3]]
         + [(0, 10, 0, 20), (10, 10, 20, 20)]
         + TINY_P_PAIRS)

NORMAL_X = sorted(set(
    [float(x) for x in np.linspace(-40.0, 40.0, 1601)]
    + [0.0, 1e-200, -1e-200, 1e-20, -1e-20, 1e-8, -1e-8]
    + [s * b * math.sqrt(2.0) * f for s in (1, -1) for b in (0.46875, 4.0, 26.543)
       for f in (1 - 1e-12, 1.0, 1 + 1e-12)]
    + [float(x) for x in RNG.normal(0, 6, 400)]
))
ERFC_X = sorted(set([float(x) for x in np.linspace(-6.0, 27.5, 1341)]
                    + [0.46875, 0.46875 + 1e-15, 4.0, 4.0 + 1e-14, 26.543, 26.5, 1e-30, -1e-30]))


def bh_families() -> list[tuple]:
    """(family, row_id, p_value) rows: ties, NULLs, exact 0 and 1, tiny values, sizes 1..300."""
    rng = np.random.default_rng(7)
    rows: list[tuple] = []
    rid = 0

    def add(family: str, ps) -> None:
        nonlocal rid
        for p in ps:
            rid += 1
            rows.append((family, rid, p))

    add("ties_and_nulls", [0.01, 0.04, 0.04, 0.04, None, 0.2, 0.03, None, 0.5, 0.01, 0.9, 0.04])
    add("single", [0.03])
    add("all_null", [None, None])
    add("extremes", [0.0, 1.0, 1e-30, 1e-300, 0.5, 1.0, 0.049])
    add("uniform", [float(p) for p in rng.uniform(0, 1, 60)])
    add("mixed", [float(p) for p in np.concatenate([rng.uniform(0, 0.01, 40),
                                                     rng.uniform(0, 1, 260)])])
    return rows


def mom_families() -> tuple[list[tuple], dict]:
    """(family, segment, s, n, mu) rows. Simulated beta-binomial families with a known prior
    strength, and the edge cases where the estimate is undefined or 0."""
    rng = np.random.default_rng(11)
    rows: list[tuple] = []
    truth: dict[str, float] = {}
    for family, k in (("k_5", 5.0), ("k_30", 30.0), ("k_200", 200.0)):
        truth[family] = k
        for seg in range(1500):
            mu = float(rng.choice([0.02, 0.05, 0.1, 0.3]))
            n = int(rng.integers(15, 300))
            rate = rng.beta(k * mu, k * (1 - mu))
            rows.append((family, seg, int(rng.binomial(n, rate)), n, mu))
    rows += [("single_segment", 0, 9, 40, 0.05)]
    rows += [("all_n_one", i, s, 1, 0.3) for i, s in enumerate([0, 1, 1, 0])]
    rows += [("no_overdispersion", i, n // 10, n, 0.1) for i, n in enumerate([10, 20, 30, 50])]
    rows += [("rho_above_one", 0, 0, 10, 0.5), ("rho_above_one", 1, 10, 10, 0.5)]
    rows += [("invalid_rows_ignored", 0, 0, 10, 0.5), ("invalid_rows_ignored", 1, 10, 10, 0.5),
             ("invalid_rows_ignored", 2, 5, 0, 0.5), ("invalid_rows_ignored", 3, 3, 10, 0.0),
             ("invalid_rows_ignored", 4, 3, 10, None), ("invalid_rows_ignored", 5, 12, 10, 0.5)]
    return rows, truth


SHRINK_ROWS = [
    # s, n, prior_rate, prior_strength
    (4, 75, 0.05, 20.0), (0, 0, 0.05, 20.0), (0, 0, 0.05, 0.0), (3, 10, 0.1, 0.0),
    (10, 10, 0.02, 5.0), (0, 12, 0.3, 100.0), (500, 1_000_000, 0.001, 50.0),
    (4, 75, None, 20.0), (5, 3, 0.1, 20.0), (-1, 3, 0.1, 20.0), (1, 3, 0.1, -1.0),
]
RATIO_ROWS = [
    # s1, n1, s2, n2
    (4, 75, 37, 1000), (0, 10, 3, 100), (5, 5, 1, 2), (4, 75, 0, 1000), (4, 0, 3, 100),
    (4, 75, 3, 0), (None, 75, 3, 100), (123_456, 1_000_000, 1, 1_000_000), (7, 3, 1, 2),
]
DIVIDE_ROWS = [(1, 3), (7, 2), (-7, 2), (0, 5), (5, 0), (None, 2), (2, None), (10**12, 3)]


def build_inline_sql() -> tuple[str, list[str]]:
    """One Jinja text holding every statistic's query, separated by SPLIT."""
    counts = values_cte("counts", ["s", "n", "zc"], [(s, n, Z90) for s, n in COUNTS])
    pairs = values_cte("pairs", ["s1", "n1", "s2", "n2"], PAIRS)
    normal = values_cte("grid", ["x"], [(x,) for x in NORMAL_X])
    erfc = values_cte("grid", ["x"], [(x,) for x in ERFC_X])
    bh = values_cte("pvalues", ["family", "row_id", "p_value"],
                    [(f"'{f}'", i, p) for f, i, p in bh_families()])
    mom_rows, _ = mom_families()
    mom = values_cte("segments", ["family", "segment", "s", "n", "mu"],
                     [(f"'{f}'", i, s, n, mu) for f, i, s, n, mu in mom_rows])
    shrink = values_cte("grid", ["s", "n", "mu", "k"], SHRINK_ROWS)
    ratios = values_cte("grid", ["s1", "n1", "s2", "n2"], RATIO_ROWS)
    divide = values_cte("grid", ["num", "den"], DIVIDE_ROWS)
    queries = {
        "wilson": f"""with {counts}
select
    s, n,
    {{{{ microseg.wilson_ci_low('s', 'n') }}}} as low95,
    {{{{ microseg.wilson_ci_high('s', 'n') }}}} as high95,
    {{{{ microseg.wilson_ci_low('s', 'n', z={Z99!r}) }}}} as low99,
    {{{{ microseg.wilson_ci_high('s', 'n', z={Z99!r}) }}}} as high99,
    {{{{ microseg.wilson_ci_low('s', 'n', z='zc') }}}} as low90,
    {{{{ microseg.wilson_ci_high('s', 'n', z='zc') }}}} as high90
from counts""",
        "pairs": f"""with {pairs}
select
    s1, n1, s2, n2,
    {{{{ microseg.newcombe_diff_ci_low('s1', 'n1', 's2', 'n2') }}}} as diff_low,
    {{{{ microseg.newcombe_diff_ci_high('s1', 'n1', 's2', 'n2') }}}} as diff_high,
    {{{{ microseg.newcombe_diff_ci_low('s1', 'n1', 's2', 'n2', z={Z99!r}) }}}} as diff_low99,
    {{{{ microseg.newcombe_diff_ci_high('s1', 'n1', 's2', 'n2', z={Z99!r}) }}}} as diff_high99,
    {{{{ microseg.two_proportion_z('s1', 'n1', 's2', 'n2') }}}} as z,
    {{{{ microseg.two_proportion_p_value('s1', 'n1', 's2', 'n2') }}}} as p_value
from pairs""",
        "pairs_two_step": f"""with {pairs},
with_z as (
    select
        s1, n1, s2, n2,
        {{{{ microseg.two_proportion_z('s1', 'n1', 's2', 'n2') }}}} as z
    from pairs
)
select s1, n1, s2, n2, {{{{ microseg.normal_two_sided_p_value('z') }}}} as p_value
from with_z""",
        "normal": f"""with {normal}
select
    x,
    {{{{ microseg.normal_cdf('x') }}}} as cdf,
    {{{{ microseg.normal_sf('x') }}}} as sf,
    {{{{ microseg.normal_two_sided_p_value('x') }}}} as p2
from grid""",
        "erfc": f"""with {erfc}
select x, {{{{ microseg.erfc('x') }}}} as erfc from grid""",
        "bh": f"""with {bh},
with_bh_step as (
    select
        *,
        {{{{ microseg.bh_step_up_p_value('p_value', ['family']) }}}} as bh_step_up_p_value,
        {{{{ microseg.bh_step_up_p_value('p_value') }}}} as global_step
    from pvalues
),
with_q as (
    select
        *,
        {{{{ microseg.bh_q_value('p_value', 'family') }}}} as q_value,
        {{{{ microseg.bh_q_value('p_value', step_up_p_value='global_step') }}}} as global_q_value
    from with_bh_step
)
select family, row_id, p_value, q_value, global_q_value from with_q""",
        "mom": f"""with {mom},
aggregated as (
    select
        family,
        {{{{ microseg.shrinkage_prior_strength('s', 'n', 'mu') }}}} as prior_strength
    from segments
    group by family
),
windowed as (
    select distinct
        family,
        {{{{ microseg.shrinkage_prior_strength('s', 'n', 'mu', partition_by=['family']) }}}} as prior_strength_window,
        {{{{ microseg.shrinkage_prior_strength('s', 'n', 'mu', partition_by='family', default=7, min_segments=3) }}}} as prior_strength_custom
    from segments
)
select aggregated.family, prior_strength, prior_strength_window, prior_strength_custom
from aggregated
inner join windowed on aggregated.family = windowed.family""",
        "shrink": f"""with {shrink}
select
    s, n, mu, k,
    {{{{ microseg.shrunk_rate('s', 'n', 'mu', 'k') }}}} as shrunk,
    {{{{ microseg.shrunk_rate('s', 'n', 'mu') }}}} as shrunk_default
from grid""",
        "ratios": f"""with {ratios}
select s1, n1, s2, n2, {{{{ microseg.lift_ratio('s1', 'n1', 's2', 'n2') }}}} as lift
from grid""",
        "nulls": """with grid as (
    select {{ microseg.stats_double('null') }} as x
)
select
    {{ microseg.erfc('x') }} as erfc,
    {{ microseg.normal_cdf('x') }} as cdf,
    {{ microseg.normal_sf('x') }} as sf,
    {{ microseg.normal_two_sided_p_value('x') }} as p2,
    {{ microseg.wilson_ci_low('x', 10) }} as wilson_low,
    {{ microseg.two_proportion_p_value(1, 'x', 2, 10) }} as p_value,
    {{ microseg.shrunk_rate(1, 10, 'x') }} as shrunk,
    {{ microseg.safe_divide('x', 2) }} as ratio
from grid""",
        "divide": f"""with {divide}
select num, den, {{{{ microseg.safe_divide('num', 'den') }}}} as ratio
from grid""",
    }
    return f"\n{SPLIT}\n".join(queries.values()), list(queries)


# ---------------------------------------------------------------------------------------------
# dbt compile (once per engine) and evaluation
# ---------------------------------------------------------------------------------------------
def compile_with_dbt(sql: str, workdir: Path, target: str, extra_env: dict | None = None) -> str:
    """Render `sql` with dbt in a copy of the project holding only its dbt_project.yml and macros."""
    from dbt.cli.main import dbtRunner

    project = workdir / "project"
    if project.exists():
        shutil.rmtree(project)
    project.mkdir(parents=True)
    shutil.copy(REPO / "dbt_project.yml", project / "dbt_project.yml")
    shutil.copytree(REPO / "macros", project / "macros")
    env = {
        "MICROSEG_TARGET": target,
        "MICROSEG_DUCKDB_PATH": str(workdir / "stats.duckdb"),
        "MICROSEG_RAW_DIR": str(workdir / "raw"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        **(extra_env or {}),
    }
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        res = dbtRunner().invoke([
            "compile", "--inline", sql, "--quiet",
            "--project-dir", str(project), "--profiles-dir", str(REPO),
            "--target-path", str(workdir / "target"), "--log-path", str(workdir / "logs"),
        ])
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    assert res.success, f"dbt compile failed: {res.exception}"
    return res.result.results[0].node.compiled_code


def run_duckdb(compiled: str, names: list[str]) -> dict:
    parts = compiled.split(SPLIT)
    assert len(parts) == len(names)
    out = {}
    with duckdb.connect() as con:
        for name, part in zip(names, parts):
            out[name] = con.execute(part).df()
    return out


def run_postgres(compiled: str, names: list[str], env: dict) -> dict:
    import psycopg2

    parts = compiled.split(SPLIT)
    out = {}
    conn = psycopg2.connect(host=env["MICROSEG_PG_HOST"], port=int(env["MICROSEG_PG_PORT"]),
                            user=env["MICROSEG_PG_USER"], password=env["MICROSEG_PG_PASSWORD"],
                            dbname=env["MICROSEG_PG_DATABASE"], connect_timeout=10)
    try:
        with conn.cursor() as cur:
            for name, part in zip(names, parts):
                cur.execute(part)
                cols = [d[0] for d in cur.description]
                out[name] = pd.DataFrame(cur.fetchall(), columns=cols)
    finally:
        conn.close()
    return out


@pytest.fixture(scope="module")
def inline_sql():
    return build_inline_sql()


@pytest.fixture(scope="module")
def duckdb_results(inline_sql, tmp_path_factory):
    sql, names = inline_sql
    compiled = compile_with_dbt(sql, tmp_path_factory.mktemp("stats_duckdb"), "duckdb")
    return run_duckdb(compiled, names)


def record(name: str, value: float) -> None:
    """Print a measured error (shown with pytest -s)."""
    print(f"max error {name}: {value:.3e}")


def isnull(v) -> bool:
    return v is None or bool(pd.isna(v))


def as_int(v):
    return None if isnull(v) else int(v)


def rows_of(df, columns: list[str]) -> list[tuple]:
    """The grid columns of a result, as Python ints / None (in the result's row order)."""
    return [tuple(as_int(v) for v in row) for row in df[columns].itertuples(index=False)]


def as_float(v) -> float:
    return float("nan") if isnull(v) else float(v)


def max_abs_err(got, want) -> float:
    got = np.asarray([as_float(v) for v in got])
    want = np.asarray(want, dtype=float)
    assert np.array_equal(np.isnan(got), np.isnan(want)), "NULLs differ from the reference"
    mask = ~np.isnan(want)
    return float(np.max(np.abs(got[mask] - want[mask]), initial=0.0))


def is_valid(s, n) -> bool:
    return s is not None and n is not None and n > 0 and 0 <= s <= n


# ---------------------------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------------------------
def test_wilson_matches_statsmodels(duckdb_results):
    df = duckdb_results["wilson"]
    assert len(df) == len(COUNTS)
    for suffix, z in (("95", Z95), ("99", Z99), ("90", Z90)):
        alpha = 2 * stats.norm.sf(z)
        want_low, want_high = [], []
        for s, n in rows_of(df, ["s", "n"]):
            if is_valid(s, n):
                lo, hi = proportion_confint(s, n, alpha=alpha, method="wilson")
                want_low.append(lo)
                want_high.append(hi)
            else:
                want_low.append(np.nan)
                want_high.append(np.nan)
        err = max(max_abs_err(df[f"low{suffix}"], want_low), max_abs_err(df[f"high{suffix}"], want_high))
        record(f"wilson_{suffix}", err)
        assert err < ABS_TOL
    # exact edges: 0 at s = 0, 1 at s = n, and the design document's worked example
    by = {key: row for key, row in zip(rows_of(df, ["s", "n"]), df.itertuples())}
    assert by[(0, 1)].low95 == 0.0 and by[(0, 1_000_000)].low95 == 0.0
    assert by[(1, 1)].high95 == 1.0 and by[(1_000_000, 1_000_000)].high95 == 1.0
    assert abs(by[(4, 75)].low95 - 0.0209) < 5e-5 and abs(by[(4, 75)].high95 - 0.1293) < 5e-5
    for key in ((0, 0), (5, 3), (-1, 5)):
        assert isnull(by[key].low95) and isnull(by[key].high95)


def test_newcombe_matches_statsmodels(duckdb_results):
    df = duckdb_results["pairs"]
    assert len(df) == len(PAIRS)
    for suffix, z in (("", Z95), ("99", Z99)):
        alpha = 2 * stats.norm.sf(z)
        want_low, want_high = [], []
        for s1, n1, s2, n2 in rows_of(df, ["s1", "n1", "s2", "n2"]):
            if is_valid(s1, n1) and is_valid(s2, n2):
                lo, hi = confint_proportions_2indep(s1, n1, s2, n2, method="newcomb",
                                                    compare="diff", alpha=alpha)
                want_low.append(lo)
                want_high.append(hi)
            else:
                want_low.append(np.nan)
                want_high.append(np.nan)
        err = max(max_abs_err(df[f"diff_low{suffix}"], want_low),
                  max_abs_err(df[f"diff_high{suffix}"], want_high))
        record(f"newcombe{suffix or '_95'}", err)
        assert err < ABS_TOL
    # the interval holds the observed difference and stays inside [-1, 1]
    ok = df.diff_low.notna()
    diff = df.s1[ok] / df.n1[ok] - df.s2[ok] / df.n2[ok]
    assert (df.diff_low[ok] <= diff + 1e-15).all() and (diff <= df.diff_high[ok] + 1e-15).all()
    assert (df.diff_low[ok] >= -1 - 1e-15).all() and (df.diff_high[ok] <= 1 + 1e-15).all()


def z_test_reference(pairs: list[tuple]) -> tuple[list, list, list]:
    want_z, want_p, degenerate = [], [], []
    for s1, n1, s2, n2 in pairs:
        if not (is_valid(s1, n1) and is_valid(s2, n2)):
            want_z.append(np.nan)
            want_p.append(np.nan)
            degenerate.append(False)
        elif s1 + s2 in (0, n1 + n2):
            want_z.append(0.0)   # documented convention: statsmodels gives nan here
            want_p.append(1.0)
            degenerate.append(True)
        else:
            z, p = proportions_ztest(np.array([s1, s2]), np.array([n1, n2]))
            want_z.append(z)
            want_p.append(p)
            degenerate.append(False)
    return want_z, want_p, degenerate


def test_two_proportion_z_test_matches_statsmodels(duckdb_results):
    df = duckdb_results["pairs"]
    two_step = duckdb_results["pairs_two_step"]
    want_z, want_p, degenerate = z_test_reference(rows_of(df, ["s1", "n1", "s2", "n2"]))
    assert sum(degenerate) >= 4, "the grid must include pooled rates of 0 and 1"
    z_err = max_abs_err(df.z, want_z)
    p_err = max_abs_err(df.p_value, want_p)
    record("z_statistic", z_err)
    record("p_value_abs", p_err)
    assert z_err < 1e-9 and p_err < ABS_TOL
    # relative accuracy where the p-value is tiny (computed from the tail, not as 1 - cdf)
    got = np.asarray([as_float(v) for v in df.p_value])
    want = np.asarray(want_p, dtype=float)
    tiny = (want < 1e-6) & (want > 1e-300)
    assert tiny.sum() >= 6 and (want[tiny] < 1e-30).any()
    rel = float(np.max(np.abs(got[tiny] / want[tiny] - 1)))
    record("p_value_rel_tiny_vs_statsmodels", rel)
    assert rel < REL_TOL_TAIL
    # against the 80-digit tail at statsmodels' z (the z statistics agree exactly)
    z_ref = np.asarray(want_z, dtype=float)
    exact = np.array([2 * normal_sf_hp(abs(z)) if ok else np.nan for z, ok in zip(z_ref, tiny)])
    rel = float(np.max(np.abs(got[tiny] / exact[tiny] - 1)))
    record("p_value_rel_tiny_vs_exact", rel)
    assert rel < 1e-14
    # z in one CTE and the p-value from the column in the next gives the same numbers
    _, want_p2, _ = z_test_reference(rows_of(two_step, ["s1", "n1", "s2", "n2"]))
    assert max_abs_err(two_step.p_value, want_p2) < ABS_TOL


def test_normal_distribution_matches_references(duckdb_results):
    df = duckdb_results["normal"]
    x = df.x.to_numpy(dtype=float)
    sf_hp = np.array([normal_sf_hp(v) for v in x])
    cdf_hp = np.array([normal_sf_hp(-v) for v in x])
    p2_hp = np.array([2 * normal_sf_hp(abs(v)) for v in x])
    checks = (
        ("normal_cdf", df.cdf, cdf_hp, special.ndtr(x)),
        ("normal_sf", df.sf, sf_hp, stats.norm.sf(x)),
        ("normal_two_sided", df.p2, p2_hp, 2 * stats.norm.sf(np.abs(x))),
    )
    for name, got, exact, scipy_value in checks:
        err = max_abs_err(got, exact)
        record(f"{name}_abs", err)
        assert err < 1e-15
        rel = rel_err(got, exact)
        record(f"{name}_rel", rel)
        assert rel < 1e-14
        # SciPy rounds x * x inside exp(), so it is itself off by up to ~1e-13 in the far tail
        assert max_abs_err(got, scipy_value) < 1e-15
        assert rel_err(got, scipy_value) < 1e-12
    # far tail stays positive where 1 - cdf would already be 0
    assert df.sf[df.x == 10.0].iloc[0] == pytest.approx(7.619853024160527e-24, rel=1e-14)
    assert df.sf[df.x == 40.0].iloc[0] == 0.0 and df.cdf[df.x == -40.0].iloc[0] == 0.0
    assert df.cdf[df.x == 0.0].iloc[0] == 0.5 and df.p2[df.x == 0.0].iloc[0] == 1.0
    assert np.all(np.diff(df.cdf.to_numpy(dtype=float)) >= 0)


def test_erfc_matches_references(duckdb_results):
    df = duckdb_results["erfc"]
    x = df.x.to_numpy(dtype=float)
    exact = np.array([float(erfc_hp(Decimal(v))) for v in x])
    err = max_abs_err(df.erfc, exact)
    record("erfc_abs", err)
    assert err < 1e-15
    rel = rel_err(df.erfc, exact)
    record("erfc_rel", rel)
    assert rel < 1e-14
    assert max_abs_err(df.erfc, special.erfc(x)) < 1e-15
    assert rel_err(df.erfc, special.erfc(x)) < 1e-12


def test_benjamini_hochberg_matches_statsmodels(duckdb_results):
    df = duckdb_results["bh"].sort_values("row_id")
    rows = bh_families()
    assert list(df.row_id) == [r[1] for r in rows]
    want = np.full(len(rows), np.nan)
    fam = np.array([r[0] for r in rows])
    p = np.array([np.nan if r[2] is None else r[2] for r in rows])
    for family in dict.fromkeys(fam):
        idx = np.where((fam == family) & ~np.isnan(p))[0]
        if len(idx):
            want[idx] = multipletests(p[idx], method="fdr_bh")[1]
    err = max_abs_err(df.q_value, want)
    record("bh_q_value", err)
    assert err < ABS_TOL
    # one family over all rows (no partition)
    want_global = np.full(len(rows), np.nan)
    ok = ~np.isnan(p)
    want_global[ok] = multipletests(p[ok], method="fdr_bh")[1]
    err = max_abs_err(df.global_q_value, want_global)
    record("bh_q_value_global", err)
    assert err < ABS_TOL
    # ties share a q-value; q >= p; capped at 1
    ties = df[(df.family == "ties_and_nulls") & (df.p_value == 0.04)]
    assert ties.q_value.nunique() == 1
    ok_rows = df.p_value.notna()
    assert (df.q_value[ok_rows] >= df.p_value[ok_rows] - 1e-15).all()
    assert (df.q_value[ok_rows] <= 1.0).all()


def mom_reference(rows: list[tuple], min_segments: int = 2, default: float = PRIOR_STRENGTH_DEFAULT):
    """The documented moment estimator, written independently in numpy."""
    used = [(s, n, mu) for _, _, s, n, mu in rows
            if mu is not None and 0 < mu < 1 and n is not None and n > 0 and 0 <= s <= n]
    if len(used) < min_segments:
        return default
    s, n, mu = (np.array(c, dtype=float) for c in zip(*used))
    num = np.sum(n * (s / n - mu) ** 2 - mu * (1 - mu))
    den = np.sum(mu * (1 - mu) * (n - 1))
    if den <= 0 or num <= 0:
        return default
    return max(0.0, den / num - 1.0)


def test_shrinkage_prior_strength_method_of_moments(duckdb_results):
    df = duckdb_results["mom"].set_index("family")
    rows, truth = mom_families()
    by_family: dict[str, list] = {}
    for r in rows:
        by_family.setdefault(r[0], []).append(r)
    errs = []
    for family, fam_rows in by_family.items():
        want = mom_reference(fam_rows)
        got = df.loc[family]
        assert got.prior_strength == pytest.approx(want, rel=1e-9, abs=1e-12), family
        assert got.prior_strength_window == pytest.approx(want, rel=1e-9, abs=1e-12), family
        assert got.prior_strength_custom == pytest.approx(mom_reference(fam_rows, 3, 7.0),
                                                          rel=1e-9, abs=1e-12), family
        errs.append(abs(got.prior_strength - want) / max(1.0, abs(want)))
    record("prior_strength_rel", max(errs))
    # undefined estimates fall back to the var default; rho >= 1 gives no shrinkage
    for family in ("single_segment", "all_n_one", "no_overdispersion"):
        assert df.loc[family].prior_strength == PRIOR_STRENGTH_DEFAULT
    assert df.loc["rho_above_one"].prior_strength == 0.0
    assert df.loc["invalid_rows_ignored"].prior_strength == 0.0
    assert df.loc["single_segment"].prior_strength_custom == 7.0
    # the estimator recovers the simulated prior strength (1500 segments per family)
    for family, k in truth.items():
        est = df.loc[family].prior_strength
        print(f"prior strength {family}: true {k}, estimated {est:.2f}")
        assert 0.7 * k < est < 1.4 * k, (family, est, k)


def test_shrunk_rate(duckdb_results):
    df = duckdb_results["shrink"]
    want, want_default = [], []
    for s, n, mu, k in df[["s", "n", "mu", "k"]].itertuples(index=False):
        s, n, mu = as_int(s), as_int(n), (None if isnull(mu) else float(mu))
        def post(strength):
            if mu is None or s < 0 or n < 0 or s > n or strength < 0 or n + strength <= 0:
                return np.nan
            return (s + strength * mu) / (n + strength)
        want.append(post(k))
        want_default.append(post(PRIOR_STRENGTH_DEFAULT))
    err = max(max_abs_err(df.shrunk, want), max_abs_err(df.shrunk_default, want_default))
    record("shrunk_rate", err)
    assert err < ABS_TOL
    row = df[(df.s == 0) & (df.n == 0) & (df.k == 20.0)].iloc[0]
    assert row.shrunk == pytest.approx(0.05)          # no data: the prior rate
    assert isnull(df[(df.s == 0) & (df.n == 0) & (df.k == 0.0)].iloc[0].shrunk)


def test_null_inputs_give_null(duckdb_results):
    df = duckdb_results["nulls"]
    assert len(df) == 1 and all(isnull(v) for v in df.iloc[0]), df.iloc[0].to_dict()


def test_lift_ratio_and_safe_divide(duckdb_results):
    df = duckdb_results["ratios"]
    want = [(s1 / n1) / (s2 / n2) if is_valid(s1, n1) and is_valid(s2, n2) and s2 > 0 else np.nan
            for s1, n1, s2, n2 in rows_of(df, ["s1", "n1", "s2", "n2"])]
    err = max_abs_err(df.lift, want)
    record("lift_ratio", err)
    assert err < ABS_TOL
    div = duckdb_results["divide"]
    want = [num / den if num is not None and den not in (None, 0) else np.nan
            for num, den in rows_of(div, ["num", "den"])]
    err = max_abs_err(div.ratio, want)
    record("safe_divide", err)
    assert err == 0.0                      # 7 / 2 = 3.5 (no integer division), 5 / 0 is NULL
    assert div.ratio.dtype == np.float64


def assert_same_numbers(reference: dict, other: dict, names: list[str], engine: str) -> float:
    """Every statistic of `other` equals DuckDB's to 1e-12 (relative above 1); returns the worst."""
    worst = 0.0
    for name in names:
        a, b = reference[name], other[name]
        assert list(a.columns) == list(b.columns) and len(a) == len(b), (engine, name)
        keys = [c for c in a.columns if c in ("x", "row_id", "family", "s", "n", "s1", "n1", "s2",
                                                "n2", "num", "den", "mu", "k")]
        if keys:
            a = a.sort_values(keys, na_position="last").reset_index(drop=True)
            b = b.sort_values(keys, na_position="last").reset_index(drop=True)
        for col in a.columns:
            if col in keys or a[col].dtype == object:
                continue
            x = a[col].to_numpy(dtype=float)
            y = np.asarray([as_float(v) for v in b[col]])
            assert np.array_equal(np.isnan(x), np.isnan(y)), (engine, name, col)
            ok = ~np.isnan(x)
            scale = np.maximum(1.0, np.abs(x[ok]))
            diff = float(np.max(np.abs(x[ok] - y[ok]) / scale, initial=0.0))
            worst = max(worst, diff)
            assert diff < 1e-12, (engine, name, col, diff)
    return worst


@pytest.mark.postgres
def test_postgres_gives_the_same_numbers(inline_sql, duckdb_results, tmp_path_factory):
    """Same macros compiled for the postgres target, run on a throwaway PostgreSQL server."""
    sys.path.insert(0, str(REPO / "scripts"))
    from pg_server import PostgresServer, PostgresServerError

    server = PostgresServer()
    try:
        server.start()
    except PostgresServerError as exc:
        # make test installs the server binaries (scripts/install_system_deps.sh), so a server
        # that does not start is a failure, not a reason to skip; deselect with -m "not postgres".
        pytest.fail(f"the throwaway PostgreSQL server did not start: {exc}")
    try:
        sql, names = inline_sql
        compiled = compile_with_dbt(sql, tmp_path_factory.mktemp("stats_postgres"), "postgres",
                                    server.env())
        assert "double precision" in compiled
        pg = run_postgres(compiled, names, server.env())
    finally:
        server.stop()
    record("postgres_vs_duckdb", assert_same_numbers(duckdb_results, pg, names, "postgres"))


@pytest.mark.spark
def test_spark_gives_the_same_numbers(inline_sql, duckdb_results, tmp_path_factory):
    """Same macros compiled for the spark target and run on a local Spark session (~30 s)."""
    from pyspark.sql import SparkSession

    workdir = tmp_path_factory.mktemp("stats_spark")
    sql, names = inline_sql
    compiled = compile_with_dbt(sql, workdir, "spark", {"MICROSEG_SPARK_DIR": str(workdir / "spark")})
    assert "as double)" in compiled and "double precision" not in compiled
    # dbt's session adapter normally started the session already (getOrCreate returns it); if
    # not, an in-memory catalog keeps a Derby metastore out of the working directory
    spark = (SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false")
             .config("spark.sql.catalogImplementation", "in-memory")
             .config("spark.sql.warehouse.dir", str(workdir / "spark" / "warehouse"))
             .config("spark.sql.shuffle.partitions", "2").getOrCreate())
    try:
        results = {name: spark.sql(part).toPandas() for name, part in zip(names, compiled.split(SPLIT))}
    finally:
        spark.stop()
    record("spark_vs_duckdb", assert_same_numbers(duckdb_results, results, names, "spark"))
