"""The Portfolio page (AppTest): every project with its status and next deadline, a project opened from it, a
partner seeing only its own project; the office's filters and the applications register (admin only)."""

from __future__ import annotations

import pytest

from monitor import db
from tests.apptest import app
from tests.conftest import app_pointed_at
from tests.portfolio.helpers import AS_OF, import_register


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
    assert len(at.get("plotly_chart")) == 2  # share spent against time; totals by year
    assert any(m.value.startswith("3 projects · budget NOK") for m in at.markdown)


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
    assert any(m.value.startswith("1 project · budget NOK") for m in at.markdown)  # not "1 projects"
    text = " ".join(str(e.value) for e in [*at.markdown, *at.caption, *at.title])
    assert "INTEGRATE" not in text and "Integration Day" not in text
    at.switch_page("pages/indicators.py")
    at.run()
    assert not at.exception and "MW Inc" in at.title[0].value


@pytest.fixture
def office_app(portfolio_db, monkeypatch):
    """The three seed projects and the open-data fixture imported as an admin does: its 30 rows in the applications
    register, its 16 funded rows (14 Avsluttet + 2 Bevilgning) declared-only projects, among them 225873 (STATNETT
    SF, Stort program energi, 2013-2017) and 225968 (IFE, Nasj.sats. forskn.infrastrukt, 2014-2020)."""
    con = db.connect(portfolio_db)
    import_register(con)
    con.close()
    yield from app_pointed_at(portfolio_db, monkeypatch)


def _table(at, first_column: str):
    """The shown table whose first column is named so (a table without selection has no key AppTest finds)."""
    return next(f.value for f in at.dataframe if f.value.columns[0] == first_column)


def _portfolio(user: str = "admin"):
    at = app(user=user, as_of=AS_OF.isoformat(), lang="en").run()
    at.switch_page("pages/portfolio.py")
    return at.run()


def test_choosing_a_programme_shrinks_the_table(office_app):
    at = _portfolio()
    assert not at.exception
    assert len(at.dataframe(key="portfolio_table").value) == 3 + 16
    # The declared project shows its grant, marked, not a budget of 0.
    budgets = at.dataframe(key="portfolio_table").value["Budget"].tolist()
    assert "NOK\u00a06,978,124 (granted, no cost plan)" in budgets
    at.multiselect(key="portfolio_filter_programme").select("VAM (Velferd, arbeid og migrasjon)").run()
    assert not at.exception
    table = at.dataframe(key="portfolio_table").value
    assert table["Project"].tolist() == ["MW Inc (mwinc)"]
    assert at.selectbox(key="portfolio_pick").options == ["mwinc"]
    assert any("1 of 19 projects shown" in c.value for c in at.caption)
    # Totals of the chosen project only: MW Inc's plan, 15 102 000.
    assert any("1 project · budget NOK\u00a015,102,000" in m.value for m in at.markdown)  # not "1 projects"


def test_sector_status_and_period_filters(office_app):
    at = _portfolio()
    at.multiselect(key="portfolio_filter_sector").select("public").run()  # shown as "Public"
    assert at.dataframe(key="portfolio_table").value["Project"].tolist() == [
        "Stokastisk optimaliseringsmodell for… (225873)"
    ]
    # STATNETT's grant in the fixture, tildelt_belop 6978124.0; one project, so "has", not "have"
    assert any(
        m.value.startswith("1 of the projects has no cost plan yet") and "NOK\u00a06,978,124" in m.value
        for m in at.markdown
    )
    at.multiselect(key="portfolio_filter_sector").unselect("public").run()
    at.multiselect(key="portfolio_filter_status").select("at_risk").run()
    assert at.dataframe(key="portfolio_table").value["Project"].tolist() == ["Integration Day (integration_day)"]
    at.multiselect(key="portfolio_filter_status").unselect("at_risk").run()
    # 2018-2020 overlaps 225941 (2014-2023), 225950 (2014-2024), 225956 (2013-2018) and 225968 (2014-2020); not
    # integrate (from 2021), mwinc (from Dec 2021), Integration Day (from 2026) or the funded rows ending by 2017.
    at.selectbox(key="portfolio_filter_from_year").select(2018).run()
    at.selectbox(key="portfolio_filter_to_year").select(2020).run()
    assert not at.exception
    assert at.dataframe(key="portfolio_table").value["Project"].tolist() == [
        "LIA - Language Infrastructure made… (225941)",
        "National Historical Population… (225950)",
        "National Research Infrastructure for… (225968)",
        "Processes and Players in Arctic Marine… (225956)",
    ]  # by name
    years = _table(at, "Year")
    assert years["Year"].tolist() == []  # their grants count in 2013/2014, their start years, outside 2018-2020


def test_the_applications_section_for_the_admin(office_app):
    at = _portfolio()
    assert not at.exception
    assert [tab.label for tab in at.tabs] == ["Projects", "Applications and success rate"]
    by_year = _table(at, "Start year")
    # 2013: 23 decided, 12 funded; 2014: 7 decided, 4 funded (tests/portfolio/test_office.py).
    assert by_year["Start year"].tolist() == ["2013", "2014"]
    assert by_year["Funded"].tolist() == [12, 4]
    sectors = _table(at, "Sector")
    assert sectors["Sector"].tolist() == ["Higher education", "Research institute", "Private", "Public"]
    at.text_input(key="portfolio_organisation").input("874789542").run()
    assert not at.exception
    # The University of Bergen's number: 225985 and 226023, both from 2014 and 2013, both rejected.
    by_year = _table(at, "Start year")
    assert by_year["Decided"].tolist() == [1, 1] and by_year["Funded"].tolist() == [0, 0]


def test_no_applications_section_for_the_leader(office_app):
    at = _portfolio(user="leader")
    assert not at.exception
    assert len(at.tabs) == 0
    assert [f.value.columns[0] for f in at.dataframe] == ["Project", "Year"]
    assert "Applications and success rate" not in " ".join(str(e.value) for e in [*at.markdown, *at.caption])
    assert at.dataframe(key="portfolio_table").value["Project"].tolist() == ["MW Inc (mwinc)"]


def test_the_office_view_in_norwegian(office_app):
    at = app(user="admin", as_of=AS_OF.isoformat(), lang="nb").run()
    at.switch_page("pages/portfolio.py")
    at.run()
    assert not at.exception
    assert [tab.label for tab in at.tabs] == ["Prosjekter", "Søknader og tilslag"]
    # Sectors offered by their labels, never their codes: the seed's UH and NGO owners; of the funded rows the
    # universities and health trusts (UH), IFE (institute), the companies (Næringsliv: private), STATNETT (public).
    assert at.multiselect(key="portfolio_filter_sector").options == [
        "Frivillig organisasjon",
        "UH-sektoren",
        "Instituttsektoren",
        "Privat",
        "Offentlig",
    ]
    assert _table(at, "Sektor")["Sektor"].tolist() == ["UH-sektoren", "Instituttsektoren", "Privat", "Offentlig"]
    # The grants beside the budget, all 16 funded rows: 173 176 275.87 (tests/portfolio/test_funded.py adds them
    # up), shown to the krone.
    declared = next(m.value for m in at.markdown if "ingen kostnadsplan" in m.value)
    assert declared.startswith("16 av prosjektene") and "173\u00a0176\u00a0276\u00a0kr" in declared


def test_the_filters_are_read_from_and_kept_in_the_url_by_their_codes(office_app):
    """A shared link: ?sector=public&from_year=2013 opens the portfolio so filtered, in nb as in en; a code that
    is not offered is left out."""
    at = app(user="admin", as_of=AS_OF.isoformat(), lang="nb", sector="public", from_year="2013", owner="nobody")
    at.run()
    at.switch_page("pages/portfolio.py")
    at.run()
    assert not at.exception
    assert at.multiselect(key="portfolio_filter_sector").value == ["public"]  # shown as «Offentlig»
    assert at.selectbox(key="portfolio_filter_from_year").value == 2013
    assert at.multiselect(key="portfolio_filter_owner").value == []
    assert _table(at, "Prosjekt")["Prosjekt"].tolist() == ["Stokastisk optimaliseringsmodell for… (225873)"]
    at.multiselect(key="portfolio_filter_status").select("off_track").run()
    assert (_in_url(at, "status"), _in_url(at, "sector")) == (["off_track"], ["public"])
    at.multiselect(key="portfolio_filter_status").select("at_risk").run()
    assert _in_url(at, "status") == ["off_track", "at_risk"]  # repeated: ?status=off_track&status=at_risk
    at.multiselect(key="portfolio_filter_sector").unselect("public").run()
    assert _in_url(at, "sector") == []


def _in_url(at, key: str) -> list[str]:
    """A query parameter's values (AppTest gives one value as a string, several as a list)."""
    value = at.query_params.get(key)
    return [value] if isinstance(value, str) else list(value or [])
