"""AppTest across every registered page for each project; the portfolio page; indicators leading the
overview of a project with little budget data."""

from __future__ import annotations

import pytest

from tests.apptest import app
from tests.portfolio.conftest import AS_OF, PROJECTS
from ui.navigation import PAGES

ACRONYMS = {"integrate": "INTEGRATE", "integration_day": "Integration Day", "mwinc": "MW Inc"}


@pytest.mark.parametrize("project", PROJECTS)
def test_every_page_runs_for_every_project(portfolio_app, project):
    at = app(user="admin", project=project, as_of=AS_OF.isoformat(), lang="en").run()
    assert not at.exception
    for spec in PAGES:
        at.switch_page(spec.path)
        at.run()
        assert not at.exception, (spec.path, at.exception)
        titles = " ".join(t.value for t in at.title)
        named = [acronym for acronym in ACRONYMS.values() if acronym in titles]
        assert named in ([], [ACRONYMS[project]]), (spec.path, titles)  # a project's page shows that project


def test_portfolio_page_lists_every_project_with_status_and_next_deadline(portfolio_app):
    at = app(user="admin", as_of=AS_OF.isoformat(), lang="en").run()
    at.switch_page("pages/portfolio.py")
    at.run()
    assert not at.exception
    table = at.dataframe(key="portfolio_table").value
    assert table["Project"].tolist() == ["INTEGRATE (integrate)", "Integration Day (integration_day)", "MW Inc (mwinc)"]
    assert table["Status"].tolist() == ["Off track", "At risk", "Off track"]
    assert table["Next deadline"].tolist()[:2] == [
        "31 Dec 2026 D5.1 Report: service-dominant logic in work inclusion",
        "31 Dec 2026 S5 Decision on the municipal funding",
    ]
    assert table["Budget"].tolist() == ["NOK\u00a028,000,000", "NOK\u00a0300,000", "NOK\u00a015,102,000"]
    assert len(at.get("plotly_chart")) == 1


def test_choosing_a_project_opens_its_overview(portfolio_app):
    at = app(user="admin", as_of=AS_OF.isoformat(), lang="en").run()
    at.switch_page("pages/portfolio.py")
    at.run()
    at.selectbox(key="portfolio_pick").select("integration_day").run()
    assert not at.exception
    assert at.session_state["project"] == "integration_day"  # the sidebar box's value, set by the callback
    assert at.title[0].value.startswith("Status of")  # the overview page; that it shows Integration Day
    # is checked in Chromium (test_portfolio_browser.py): AppTest re-sends the box's previous value.


def test_overview_of_integration_day_leads_with_indicators_and_events(portfolio_app):
    at = app(user="admin", project="integration_day", as_of=AS_OF.isoformat(), lang="en").run()
    assert not at.exception
    assert [h.value for h in at.header] == ["Indicators and events"]
    subheaders = [s.value for s in at.subheader]
    assert {"Targets against actuals", "Attendance per event and actor group", "Funding applications"} <= set(
        subheaders
    )


def test_overview_of_mwinc_has_no_indicator_section(portfolio_app):
    at = app(user="admin", project="mwinc", as_of=AS_OF.isoformat(), lang="en").run()
    assert not at.exception and [h.value for h in at.header] == []


def test_indicators_page_in_norwegian(portfolio_app):
    at = app(user="admin", project="integrate", as_of=AS_OF.isoformat(), lang="nb").run()
    at.switch_page("pages/indicators.py")
    at.run()
    assert not at.exception
    assert at.title[0].value == "Indikatorer og arrangementer – INTEGRATE"
    indicators_table = at.dataframe[0].value
    phd = indicators_table[indicators_table["Indikator"] == "Ph.d.-kandidater rekruttert"].iloc[0]
    assert (phd["Mål"], phd["Siste verdi"], phd["Andel av målet"]) == ("4", "4", "100\u00a0%")
