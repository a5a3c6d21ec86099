"""The Portfolio page (AppTest): every project with its status and next deadline, a project opened from it, and
a partner seeing only its own project."""

from __future__ import annotations

from tests.apptest import app
from tests.portfolio.helpers import AS_OF


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
