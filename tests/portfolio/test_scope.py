"""A partner of MW Inc (demo user "nav") sees nothing of INTEGRATE or Integration Day."""

from __future__ import annotations

import pytest

from monitor.access.scope import AccessDenied, Scope
from monitor.portfolio import indicators
from monitor.portfolio import views as portfolio
from monitor.project import load as store
from tests.apptest import app
from tests.portfolio.conftest import AS_OF, money, read_csv


def test_portfolio_lists_only_mwinc(pcon, settings, nav):
    assert [r.project_id for r in portfolio.portfolio(pcon, nav, AS_OF, settings)] == ["mwinc"]


@pytest.mark.parametrize("project", ["integrate", "integration_day"])
def test_loading_another_project_is_denied(pcon, nav, project):
    with pytest.raises(AccessDenied):
        store.load_project(pcon, project, AS_OF, nav)
    with pytest.raises(AccessDenied):
        indicators.load(pcon, project, AS_OF, nav)


def test_a_partner_row_holds_only_its_own_money(pcon, settings, nav):
    row = portfolio.portfolio(pcon, nav, AS_OF, settings)[0]
    # NAV VT's rows of the MW Inc cost plan, read from the seed file.
    assert row.budget == money([r for r in read_csv("mwinc", "cost_plan.csv") if r["partner_id"] == "nav_vt"])
    assert row.budget < portfolio.portfolio(pcon, Scope("a", "admin"), AS_OF, settings)[-1].budget


def test_a_partner_without_a_partner_id_gets_nothing(pcon, settings):
    with pytest.raises(AccessDenied):
        portfolio.portfolio(pcon, Scope("x", "partner", frozenset({"mwinc"})), AS_OF, settings)


def test_nav_in_the_app_sees_only_mwinc(portfolio_app):
    at = app(user="nav", project="integrate", as_of=AS_OF.isoformat(), lang="en").run()
    assert not at.exception
    assert at.sidebar.selectbox(key="project").options == ["MW Inc"]  # shown by its acronym
    assert at.sidebar.selectbox(key="project").value == "mwinc"
    at.switch_page("pages/portfolio.py")
    at.run()
    assert not at.exception
    table = at.dataframe(key="portfolio_table").value
    assert len(table) == 1 and table.iloc[0, 0] == "MW Inc (mwinc)"
    text = " ".join(str(e.value) for e in [*at.markdown, *at.caption, *at.title])
    assert "INTEGRATE" not in text and "Integration Day" not in text
    at.switch_page("pages/indicators.py")
    at.run()
    assert not at.exception and "MW Inc" in at.title[0].value
