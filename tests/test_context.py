"""Account context (models/intermediate/accounts) against the sample generator's planted truth.

The generator plants account groups with known growth stages, buying triggers and engagement
states and writes them to `<out>/_ground_truth/` (accounts.parquet, triggers.parquet). These
tests build the intermediate layer (and what it depends on) with dbt on a 3,000-account sample
as of 2026-11-01 and check that the context recovers the truth: for at least 99 % of the
planted accounts, and - reported, with a looser bound - over all accounts. A second build as of
an earlier date must reproduce the history's row for that date exactly (no look-ahead).

Run alone with `.venv/bin/python -m pytest tests/test_context.py -s` to see the figures.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from conftest import AS_OF, run_dbt

HISTORY_WEEKS = 52
EARLIER_AS_OF = "2026-08-02"  # 13 weeks before AS_OF: one of the history's evaluation dates
SELECTION = ["--select", "+path:models/intermediate/accounts", "--indirect-selection", "cautious"]
PLANTED_MIN_RECOVERY = 0.99
ALL_MIN_RECOVERY = 0.98


@dataclass
class Build:
    db_path: Path
    raw_dir: Path
    output: str

    def query(self, sql: str) -> list[tuple]:
        # Same configuration as dbt-duckdb's in-process connection (read-write); only reads here.
        with duckdb.connect(str(self.db_path)) as con:
            self._register_truth(con)
            return con.execute(sql).fetchall()

    def scalar(self, sql: str):
        return self.query(sql)[0][0]

    def _register_truth(self, con) -> None:
        base = self.raw_dir / "_ground_truth"
        for name in ("accounts", "triggers"):
            for ext, reader in (("parquet", "read_parquet"), ("csv", "read_csv_auto")):
                path = base / f"{name}.{ext}"
                if path.exists():
                    con.execute(f"create or replace temp view truth_{name} as select * from {reader}('{path}')")
                    break
            else:
                raise FileNotFoundError(f"no ground truth table {name!r} in {base}")


@pytest.fixture(scope="session")
def context_build(sample_data, tmp_path_factory) -> Build:
    """`dbt build` of the intermediate layer and its parents (models, seeds, unit and data tests)."""
    workdir = tmp_path_factory.mktemp("context_build")
    result = run_dbt(["build", *SELECTION], workdir=workdir, raw_dir=sample_data, as_of=AS_OF,
                     extra_vars={"microseg__history_weeks": HISTORY_WEEKS})
    ok, output = result.success, result.output
    if not ok:
        pytest.fail("dbt build of the account context failed:\n" + output[-6000:])
    return Build(db_path=workdir / "wh.duckdb", raw_dir=sample_data, output=output)


@pytest.fixture(scope="session")
def earlier_build(sample_data, tmp_path_factory) -> Build:
    """The same extracts built (seeds and models) as of an earlier date, without history weeks."""
    workdir = tmp_path_factory.mktemp("context_build_earlier")
    result = run_dbt(["build", *SELECTION, "--resource-type", "seed", "--resource-type", "model"],
                     workdir=workdir, raw_dir=sample_data, as_of=EARLIER_AS_OF,
                     extra_vars={"microseg__history_weeks": 0})
    ok, output = result.success, result.output
    if not ok:
        pytest.fail("dbt build of the account context as of an earlier date failed:\n" + output[-6000:])
    return Build(db_path=workdir / "wh.duckdb", raw_dir=sample_data, output=output)


def _recovery(build: Build, column: str) -> dict[str, tuple[int, int]]:
    """Per cohort (planted, all): (accounts in the truth, accounts whose context value equals it)."""
    rows = build.query(f"""
        select
            truth.planted_group is not null as is_planted,
            count(*) as accounts,
            count_if(cast(context.{column} as varchar) is not distinct from cast(truth.{column} as varchar)
                     and context.account_id is not null) as recovered
        from truth_accounts as truth
        left join intermediate.int_accounts__context as context
            on truth.account_key = context.account_id
        group by 1
    """)
    planted = next(((n, r) for p, n, r in rows if p), (0, 0))
    total = (sum(n for _, n, _ in rows), sum(r for _, _, r in rows))
    return {"planted": planted, "all": total}


def _report(name: str, figures: dict[str, tuple[int, int]]) -> None:
    parts = [f"{cohort} {r}/{n} = {r / n:.2%}" for cohort, (n, r) in figures.items() if n]
    print(f"\n[context recovery] {name}: " + "; ".join(parts))


def _assert_recovered(name: str, figures: dict[str, tuple[int, int]]) -> None:
    _report(name, figures)
    n_planted, r_planted = figures["planted"]
    n_all, r_all = figures["all"]
    assert n_planted > 0, "the ground truth has no planted accounts"
    assert r_planted / n_planted >= PLANTED_MIN_RECOVERY, f"{name}: planted accounts {r_planted}/{n_planted}"
    assert r_all / n_all >= ALL_MIN_RECOVERY, f"{name}: all accounts {r_all}/{n_all}"


@pytest.mark.parametrize("column", ["growth_stage", "engagement_state", "intent_stage", "macro_segment_id",
                                    "size_band", "uses_competitor"])
def test_planted_attributes_recovered(context_build, column):
    _assert_recovered(column, _recovery(context_build, column))


def test_planted_triggers_recovered(context_build):
    """Every true trigger (type, subtype, date) of an account is a trigger of that account."""
    rows = context_build.query("""
        with truth as (
            select
                truth_triggers.*,
                truth_accounts.planted_group is not null as is_planted
            from truth_triggers
            inner join truth_accounts
                on truth_triggers.account_key = truth_accounts.account_key
        ),
        matched as (
            select
                truth.account_key,
                truth.is_planted,
                bool_and(triggers.trigger_id is not null) as all_recovered,
                count(*) as trigger_count,
                count(triggers.trigger_id) as recovered_count
            from truth
            left join intermediate.int_accounts__buying_triggers as triggers
                on truth.account_key = triggers.account_id
                and truth.trigger_type = triggers.trigger_type
                and truth.trigger_subtype = triggers.trigger_subtype
                and truth.trigger_date = triggers.trigger_date
            group by 1, 2
        )
        select is_planted, count(*), count_if(all_recovered), sum(trigger_count), sum(recovered_count)
        from matched
        group by 1
    """)
    planted = next(((n, r) for p, n, r, _, _ in rows if p), (0, 0))
    total = (sum(r[1] for r in rows), sum(r[2] for r in rows))
    triggers = (sum(r[3] for r in rows), sum(r[4] for r in rows))
    print(f"\n[context recovery] triggers (individual): {triggers[1]}/{triggers[0]} = {triggers[1] / triggers[0]:.2%}")
    _assert_recovered("triggers (accounts with every true trigger recovered)", {"planted": planted, "all": total})


def test_planted_group_rules_hold_in_context(context_build):
    """Each planted group's rule, written against the context columns, holds for its members."""
    rules = {
        "pg_competitor_salesops": """
            context.macro_segment_id = 'mid_market_tech' and context.uses_competitor
            and (context.competitor_tools like '%Outreach%' or context.competitor_tools like '%Salesloft%')
            and context.latest_new_executive_hire_subtype = 'sales_operations'
            and context.latest_new_executive_hire_date = truth.planted_trigger_date""",
        "pg_recent_funding": """
            context.macro_segment_id in ('mid_market_tech', 'mid_market_general') and not context.uses_competitor
            and context.latest_funding_event_subtype in ('series_a', 'series_b', 'series_c')
            and context.latest_funding_event_date = truth.planted_trigger_date
            and context.latest_new_executive_hire_date is null""",
        "pg_new_sales_leader": """
            context.macro_segment_id in ('enterprise', 'mid_market_general')
            and context.latest_new_executive_hire_subtype = 'sales'
            and context.latest_new_executive_hire_seniority in ('c_level', 'vp')
            and context.latest_new_executive_hire_date = truth.planted_trigger_date""",
        "pg_contracting_legacy": """
            context.macro_segment_id = 'enterprise' and context.growth_stage = 'contracting' and context.uses_legacy_stack
            and context.headcount_growth_12m_pct between -0.35 and -0.15""",
        "pg_engaged_late_intent": """
            context.macro_segment_id = 'mid_market_regulated' and context.intent_stage = 'late'
            and context.engagement_state = 'engaged_not_converted'""",
        "pg_tiny": """
            context.macro_segment_id = 'smb' and context.competitor_tools like '%Apollo%'
            and context.latest_new_executive_hire_subtype = 'revenue_operations'
            and context.latest_new_executive_hire_date = truth.planted_trigger_date""",
    }
    for group, rule in rules.items():
        members, holding = context_build.query(f"""
            select count(*), count_if(coalesce({rule}, false))
            from truth_accounts as truth
            left join intermediate.int_accounts__context as context
                on truth.account_key = context.account_id
            where truth.planted_group = '{group}'
        """)[0]
        print(f"\n[context recovery] rule of {group}: {holding}/{members}")
        assert members > 0, f"no members of {group} in the ground truth"
        assert holding / members >= PLANTED_MIN_RECOVERY, f"{group}: rule holds for {holding}/{members}"


def test_background_accounts_do_not_satisfy_planted_rules(context_build):
    """Recent competitor + sales-ops hire in mid-market tech is a planted signal only."""
    offenders = context_build.scalar("""
        select count(*)
        from intermediate.int_accounts__context as context
        inner join truth_accounts as truth
            on context.account_id = truth.account_key
        where truth.planted_group is null
            and context.macro_segment_id = 'mid_market_tech'
            and (context.competitor_tools like '%Outreach%' or context.competitor_tools like '%Salesloft%')
            and context.latest_new_executive_hire_subtype = 'sales_operations'
            and context.latest_new_executive_hire_date >= date '2026-11-01' - interval 80 day
    """)
    assert offenders == 0


def test_match_rates_account_for_every_row(context_build):
    rates = {r[0]: r[1:] for r in context_build.query(
        "select source_name, row_count, matched_count, unmatched_count, free_mail_count, match_rate "
        "from intermediate.int_entity_resolution__match_rates")}
    print("\n[context match rates] " + "; ".join(
        f"{name} {m}/{n} = {rate:.2%} (free-mail {fm})" for name, (n, m, _u, fm, rate) in sorted(rates.items())))
    assert set(rates) == {"crm_accounts", "enrichment_companies", "crm_contacts", "crm_opportunities",
                          "email_events", "meetings", "content_downloads", "web_visits", "intent_topics"}
    for name, (rows, matched, unmatched, free_mail, rate) in rates.items():
        assert rows > 0, name
        assert matched + unmatched == rows, name
        assert free_mail <= unmatched, name
        assert 0 < rate <= 1, name
    # contacts and sequencer events resolve almost entirely (free-mail and unknown domains do not)
    assert rates["crm_contacts"][4] >= 0.95
    assert rates["email_events"][4] >= 0.9
    assert rates["email_events"][3] > 0, "free-mail senders never resolve, so some events stay unmatched"
    # unmatched rows are kept, not lost: the event model holds every staged event
    staged = context_build.scalar("""
        select (select count(*) from staging.stg_engagement__email_events)
             + (select count(*) from staging.stg_engagement__meetings)
             + (select count(*) from staging.stg_engagement__content_downloads)
             + (select count(*) from staging.stg_engagement__web_visits)
    """)
    events, unresolved = context_build.query(
        "select count(*), count_if(account_id is null) from intermediate.int_accounts__engagement_events")[0]
    assert events == staged
    assert unresolved == sum(rates[s][2] for s in ("email_events", "meetings", "content_downloads", "web_visits"))


def test_free_mail_contacts_never_resolve_by_domain(context_build):
    wrong = context_build.scalar("""
        select count(*)
        from intermediate.int_accounts__contacts_resolved as contacts
        inner join seeds.free_mail_domains as free_mail
            on contacts.email_domain = free_mail.domain
        where contacts.resolution_method <> 'crm_link' and contacts.account_id is not null
    """)
    free_mail = context_build.scalar(
        "select count(*) from intermediate.int_accounts__contacts_resolved where resolution_method = 'free_mail'")
    assert wrong == 0
    assert free_mail > 0, "the sample has free-mail contacts; none was classified as such"


def test_history_is_accounts_by_weekly_dates(context_build):
    accounts = context_build.scalar("select count(*) from intermediate.int_accounts__resolved")
    dates, rows, first, last, gaps = context_build.query("""
        select
            count(distinct evaluation_date), count(*), min(evaluation_date), max(evaluation_date),
            count(distinct evaluation_date - lag_date)
        from (
            select evaluation_date, lag(evaluation_date) over (partition by account_id order by evaluation_date) as lag_date
            from intermediate.int_accounts__context_history
        )
    """)[0]
    assert dates == HISTORY_WEEKS + 1
    assert rows == accounts * dates
    assert str(last) == AS_OF
    assert (last - first).days == 7 * HISTORY_WEEKS
    assert gaps == 1
    context_rows = context_build.scalar("select count(*) from intermediate.int_accounts__context")
    slice_rows = context_build.scalar(
        f"select count(*) from intermediate.int_accounts__context_history where evaluation_date = date '{AS_OF}'")
    assert context_rows == slice_rows == accounts


def test_history_changes_over_time(context_build):
    """The history is not the as-of row repeated: states, stages and triggers move between weeks."""
    changed = context_build.query("""
        select
            count(distinct case when engagement_state <> first_state then account_id end),
            count(distinct case when growth_stage <> first_growth then account_id end),
            count(distinct case when active_trigger_count <> first_triggers then account_id end)
        from (
            select *,
                first_value(engagement_state) over w as first_state,
                first_value(growth_stage) over w as first_growth,
                first_value(active_trigger_count) over w as first_triggers
            from intermediate.int_accounts__context_history
            window w as (partition by account_id order by evaluation_date)
        )
    """)[0]
    assert all(n > 0 for n in changed), changed


def test_earlier_as_of_reproduces_history_row(context_build, earlier_build):
    """Built as of an earlier date, the context equals the history's row for that date: no column
    uses anything dated after it, and the same inputs and date give the same output."""
    with duckdb.connect() as con:
        con.execute(f"attach '{context_build.db_path}' as later")
        con.execute(f"attach '{earlier_build.db_path}' as earlier")
        columns = [r[0] for r in con.execute(
            "select column_name from (describe earlier.intermediate.int_accounts__context)").fetchall()]
        history_columns = [r[0] for r in con.execute(
            "select column_name from (describe later.intermediate.int_accounts__context_history)").fetchall()]
        snapshot_columns = [r[0] for r in con.execute(
            "select column_name from (describe later.intermediate.int_accounts__snapshot_attributes)").fetchall()]
        # The history holds the dated columns, the snapshot the others: together, the context.
        assert set(history_columns) & set(snapshot_columns) == {"account_id"}
        assert sorted(columns) == sorted(set(history_columns) | set(snapshot_columns) - {"account_index"})
        source = {c: ("s" if c in snapshot_columns and c != "account_id" else "h") for c in columns}
        slice_columns = ", ".join(f"{source[c]}.{c}" for c in columns)
        earlier_rows = con.execute("select count(*) from earlier.intermediate.int_accounts__context").fetchone()[0]
        only_earlier, only_history = con.execute(f"""
            with earlier_context as (
                select * from earlier.intermediate.int_accounts__context
            ),
            history_slice as (
                select {slice_columns}
                from later.intermediate.int_accounts__context_history as h
                inner join later.intermediate.int_accounts__snapshot_attributes as s
                    on h.account_id = s.account_id
                where h.evaluation_date = date '{EARLIER_AS_OF}'
            )
            select
                (select count(*) from (select * from earlier_context except all select * from history_slice)),
                (select count(*) from (select * from history_slice except all select * from earlier_context))
        """).fetchone()
        differing = {}
        if only_earlier or only_history:
            for column in columns:
                n = con.execute(f"""
                    select count(*)
                    from earlier.intermediate.int_accounts__context as e
                    inner join later.intermediate.int_accounts__context_history as h
                        on e.account_id = h.account_id and h.evaluation_date = date '{EARLIER_AS_OF}'
                    inner join later.intermediate.int_accounts__snapshot_attributes as s
                        on e.account_id = s.account_id
                    where e.{column} is distinct from {source[column]}.{column}
                """).fetchone()[0]
                if n:
                    differing[column] = n
    assert earlier_rows > 0
    assert (only_earlier, only_history) == (0, 0), f"columns that differ (rows): {differing}"


def test_primary_key_test_fails_on_repeated_and_null_keys(context_build, tmp_path):
    """The primary_key generic test (one pass for unique + not-null on the large point-in-time
    models) fails with one row per offending key: a repeated key, a NULL key, and a key whose
    row has a NULL in an also_not_null column."""
    copy = tmp_path / context_build.db_path.name
    with duckdb.connect(str(context_build.db_path)) as con:
        con.execute("checkpoint")
    shutil.copy(context_build.db_path, copy)
    with duckdb.connect(str(copy)) as con:
        keys = [k for (k,) in con.execute(
            "select context_key from intermediate.int_accounts__pit_funding order by context_key limit 3").fetchall()]
        con.execute(f"insert into intermediate.int_accounts__pit_funding "
                    f"select * from intermediate.int_accounts__pit_funding where context_key = {keys[0]}")
        con.execute(f"update intermediate.int_accounts__pit_funding set context_key = null where context_key = {keys[1]}")
        con.execute(f"update intermediate.int_accounts__pit_funding set account_id = null where context_key = {keys[2]}")
    result = run_dbt(["test", "--select", "int_accounts__pit_funding,test_name:primary_key", "--store-failures"],
                     workdir=tmp_path / "work", raw_dir=context_build.raw_dir, db_path=copy, as_of=AS_OF,
                     extra_vars={"microseg__history_weeks": HISTORY_WEEKS})
    assert not result.success
    assert "primary_key_int_accounts__pit_funding" in result.output and "Got 3 results" in result.output
    with duckdb.connect(str(copy)) as con:
        failures = con.execute("select schema_name || '.' || table_name from duckdb_tables() "
                               "where table_name like 'primary_key_int_accounts__pit_%'").fetchall()  # dbt hashes long names
        assert len(failures) == 1
        rows = con.execute(f"select context_key, row_count, rows_with_null from {failures[0][0]} "
                           "order by context_key nulls first").fetchall()
    assert rows == [(None, 1, 0), (keys[0], 2, 0), (keys[2], 1, 1)]
