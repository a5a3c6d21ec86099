"""The portfolio's figures equal each project's `summary --json` and the overview's functions; by hand
for the two new projects; and the set-based path agrees with loading each project, also on generated data."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from monitor import cli
from monitor.access.scope import AccessDenied, Scope, local_user
from monitor.portfolio import views as portfolio
from monitor.project import load as store
from monitor.project.status import headline
from monitor.setup import generate
from tests import oracle
from tests.conftest import EMBEDDED_SEED, PROJECTS
from tests.portfolio.helpers import AS_OF, money, read_csv

DATES = (dt.date(2021, 6, 30), dt.date(2024, 6, 30), AS_OF, dt.date(2028, 3, 1))


def summary_json(db_path, project: str, as_of: dt.date, capsys) -> dict:
    capsys.readouterr()
    assert (
        cli.main(["summary", "--json", "--db", str(db_path), "--project", project, "--as-of", as_of.isoformat()]) == 0
    )
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("as_of", DATES)
def test_portfolio_equals_each_summary_json(portfolio_db, settings, capsys, as_of):
    from monitor import db

    con = db.connect(portfolio_db)
    rows = {r.project_id: r for r in portfolio.portfolio(con, local_user(), as_of, settings)}
    con.close()  # the CLI opens the file itself
    assert sorted(rows) == list(PROJECTS)
    for project in PROJECTS:
        summary, row = summary_json(portfolio_db, project, as_of, capsys), rows[project]
        assert (row.start_date.isoformat(), row.end_date.isoformat()) == (
            summary["project"]["start_date"],
            summary["project"]["end_date"],
        )
        assert str(row.budget) == summary["budget"]["total"]
        assert str(row.spent) == summary["spent"]["total"]
        assert row.milestones_overdue == summary["milestones"]["overdue"]
        assert row.deliverables_overdue == summary["deliverables"]["overdue"]


@pytest.mark.parametrize("as_of", DATES)
def test_set_based_rows_equal_the_overview_functions(pcon, settings, nav, as_of):
    for scope in (local_user(), nav):
        fast = portfolio.portfolio(pcon, scope, as_of, settings)
        slow = [
            portfolio.from_project_data(store.load_project(pcon, r.project_id, as_of, scope), settings) for r in fast
        ]
        assert fast == slow
        for row in fast:  # and the overview's tiles
            figures = headline(store.load_project(pcon, row.project_id, as_of, scope))
            assert (row.budget, row.spent, row.forecast, row.time_share, row.spent_share) == (
                figures.budget,
                figures.spent,
                figures.forecast,
                figures.time_share,
                figures.spent_share,
            )


def test_integration_day_by_hand(pcon, settings):
    row = next(r for r in portfolio.portfolio(pcon, local_user(), AS_OF, settings) if r.project_id == "integration_day")
    seed = EMBEDDED_SEED / "integration_day"
    spent = oracle.spent(AS_OF, seed)  # no in-kind in this seed
    assert row.budget == Decimal("300000.00")  # 2 years × (30 000 + 60 000 + 30 000 + 30 000)
    assert row.spent == spent
    # 1.1.2026–1.11.2026 inclusive is 305 days of 730 (2026 and 2027).
    assert row.time_share == Decimal(305) / Decimal(730)
    assert row.forecast == (spent / (Decimal(305) / Decimal(730))).quantize(Decimal("0.01"))
    assert (row.milestones_overdue, row.deliverables_overdue) == (0, 0)
    # S5 "Decision on the municipal funding", due 31.12.2026, is the first open item after 1.11.2026.
    assert (row.next_deadline.code, row.next_deadline.due_date) == ("S5", dt.date(2026, 12, 31))
    # WP1 plans 2 × 120 000 = 240 000 and has spent only on breakfasts so far: between 10 (at risk) and
    # 25 (off track) percentage points behind 305/730 = 41.8 % of the time.
    wp1 = oracle.spent(AS_OF, seed, wp_code="WP1")
    points = (Decimal(305) / Decimal(730) - wp1 / Decimal("240000")) * 100
    assert 10 < points < 25
    assert row.status == "at_risk"
    assert [(code, reason.code) for code, reason in row.reasons] == [("WP1", "reason.underspend")]


def test_integrate_by_hand(pcon, settings):
    row = next(r for r in portfolio.portfolio(pcon, local_user(), AS_OF, settings) if r.project_id == "integrate")
    assert row.budget == Decimal("28000000.00")
    assert row.spent == oracle.spent(AS_OF, EMBEDDED_SEED / "integrate")
    # M6.1 was due 30.06.2025 and is not achieved; D6.1 was due 31.12.2025 and is a draft.
    assert (row.milestones_overdue, row.deliverables_overdue) == (1, 1)
    # 30.06.2025 → 01.11.2026 is 489 days overdue, more than 60: off track.
    assert row.status == "off_track"
    overdue = next(r for code, r in row.reasons if code == "WP6" and r.code == "reason.overdue")
    assert overdue.values["days"] == 489 and overdue.values["codes"] == "M6.1, D6.1"
    # D5.1 and M5.1 are both due 31.12.2026; the codes break the tie.
    assert (row.next_deadline.code, row.next_deadline.due_date) == ("D5.1", dt.date(2026, 12, 31))


def test_generated_projects_agree_with_the_per_project_path(pcon, settings):
    from monitor import db

    with db.transaction(pcon):
        generate.add_portfolio(pcon, projects=6, ledger_rows=3000, seed_value=3)
    as_of = dt.date(2024, 9, 30)
    fast = portfolio.portfolio(pcon, local_user(), as_of, settings)
    assert len(fast) == 9
    slow = [
        portfolio.from_project_data(store.load_project(pcon, r.project_id, as_of, local_user()), settings) for r in fast
    ]
    assert fast == slow


def test_a_scope_of_no_projects_lists_nothing(pcon, settings):
    assert portfolio.portfolio(pcon, Scope("x", "viewer", frozenset()), AS_OF, settings) == []


def test_totals_add_the_rows(pcon, settings):
    rows = portfolio.portfolio(pcon, local_user(), AS_OF, settings)
    assert portfolio.totals(rows)["budget"] == sum((r.budget for r in rows), Decimal("0"))
    # 28 000 000 + 300 000 + 15 102 000
    assert portfolio.totals(rows)["budget"] == Decimal("43402000.00")


def test_portfolio_lists_only_mwinc(pcon, settings, nav):
    assert [r.project_id for r in portfolio.portfolio(pcon, nav, AS_OF, settings)] == ["mwinc"]


def test_a_partner_row_holds_only_its_own_money(pcon, settings, nav):
    row = portfolio.portfolio(pcon, nav, AS_OF, settings)[0]
    # NAV VT's rows of the MW Inc cost plan, read from the seed file.
    assert row.budget == money([r for r in read_csv("mwinc", "cost_plan.csv") if r["partner_id"] == "nav_vt"])
    assert row.budget < portfolio.portfolio(pcon, Scope("a", "admin"), AS_OF, settings)[-1].budget


def test_a_partner_without_a_partner_id_gets_nothing(pcon, settings):
    with pytest.raises(AccessDenied):
        portfolio.portfolio(pcon, Scope("x", "partner", frozenset({"mwinc"})), AS_OF, settings)


def test_the_portfolio_reads_the_monthly_sums_kept_by_an_import_and_its_undo(con, settings, tmp_path):
    """On both engines: the portfolio takes the months before the as-of date's month from ledger_month, which an
    import and an undo keep current in their own transaction. Two lines in March 2025 (2021-2024 are locked by the
    seed's submitted accounts reports): 1000.00 + 250.50, read as of 30.06.2025."""
    from monitor.ledger import commit
    from tests.project.test_checks import TESTER, _import_two_lines

    def spent() -> Decimal:
        return next(r.spent for r in portfolio.portfolio(con, local_user(), dt.date(2025, 6, 30), settings))

    before = spent()
    batch = _import_two_lines(con, settings, tmp_path)
    assert spent() == before + Decimal("1250.50")
    commit.undo(con, "mwinc", batch, TESTER)
    assert spent() == before


def test_declared_only_projects_equal_the_overview_functions_on_both_engines(con, settings):
    """Projects from the funder's open data (no cost plan, only the grant): the set-based rows equal the
    definition's, for an administrator and for a partner of MW Inc (who sees only MW Inc)."""
    from tests.portfolio.helpers import add_declared_only

    add_declared_only(con, "225873", "225968")  # in its own transaction
    nav = Scope("nav", "partner", frozenset({"mwinc"}), "nav_vt")
    for scope in (local_user(), nav):
        fast = portfolio.portfolio(con, scope, AS_OF, settings)
        slow = [
            portfolio.from_project_data(store.load_project(con, r.project_id, AS_OF, scope), settings) for r in fast
        ]
        assert fast == slow
    rows = {r.project_id: r for r in portfolio.portfolio(con, local_user(), AS_OF, settings)}
    # 225968: INSTITUTT FOR ENERGITEKNIKK, Instituttsektor, granted 39 999 999.35, 2014-2020.
    ife = rows["225968"]
    assert (ife.plan_status, ife.declared_grant, ife.budget) == ("declared_only", Decimal("39999999.35"), Decimal(0))
    assert (ife.owner, ife.sector, ife.programme) == (
        "INSTITUTT FOR ENERGITEKNIKK",
        "institute",
        "Nasj.sats. forskn.infrastrukt",
    )
    assert rows["mwinc"].plan_status == "planned"
    table = portfolio.table([ife], "en")
    assert table["Budget"].tolist() == ["NOK\u00a039,999,999 (granted, no cost plan)"]
    assert table["Spent / time"].tolist()[0].startswith("–")  # no share spent without a plan
    assert table["Sector"].tolist() == ["Research institute"]
