"""Issue 19: every page works for a project from the funder's open data (project 226030, imported from tests/fixtures/rcn-open-data: the grant declared, no
cost plan, no work packages, ledger, milestones or people) and says plainly what it lacks instead of showing zeros
as facts; as an admin and as a leader and a viewer whose scope is that project, in both languages."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from monitor import db
from monitor.access.users import Session
from monitor.i18n import t
from tests.apptest import app
from tests.conftest import ROOT, app_pointed_at
from tests.pages.helpers import DECLARED, DECLARED_LEADER, DECLARED_VIEWER, add_declared_project, config_with_users
from ui.navigation import PAGES

NBSP = "\u00a0"
AS_OF = "2015-06-30"  # inside the project's period (2013-01-01 – 2016-12-31)
LANGS = ("nb", "en")


@pytest.fixture
def declared_app(db_path, tmp_path, monkeypatch):
    """The app on MW Inc's seed plus project 226030, with a users file holding a leader and a viewer of it."""
    con = db.connect(db_path)
    add_declared_project(con)
    con.close()
    config_file = config_with_users(tmp_path, db_path, ROOT)
    pointed = app_pointed_at(db_path, monkeypatch)
    path = next(pointed)
    monkeypatch.setenv("MONITOR_CONFIG", str(config_file))
    yield path
    next(pointed, None)


def opened(user: str, lang: str):
    """The app on project 226030 as the demo admin or as a user of the test's users file, run once."""
    if user == "admin":
        return app("admin", project=DECLARED, as_of=AS_OF, lang=lang).run()
    known = {u.username: u for u in (DECLARED_LEADER, DECLARED_VIEWER)}[user]
    at = app(None, project=DECLARED, as_of=AS_OF, lang=lang)
    at.session_state["auth_session"] = Session(
        known.username, known.fingerprint, dt.datetime.now(dt.UTC).replace(tzinfo=None)
    )
    return at.run()


def on_page(at, path: str):
    at.switch_page(path)
    return at.run()


def said(at) -> str:
    """Every word the page shows in notes, tiles and captions, in one text."""
    parts = [
        e.value for kind in ("info", "warning", "error", "success", "caption", "markdown") for e in getattr(at, kind)
    ]
    parts += [f"{m.label}: {m.value} ({m.proto.help})" for m in at.metric]
    return "\n".join(str(p) for p in parts)


def zero_tiles(at) -> list[str]:
    """Tiles whose value is a zero (NOK 0, 0 kr, 0,00, 0 %): a zero shown as a fact."""
    zeros = []
    for metric in at.metric:
        digits = re.sub(r"\D", "", metric.value)
        if digits and set(digits) == {"0"}:
            zeros.append(f"{metric.label}: {metric.value}")
    return zeros


# What each page says about what the project lacks (its empty state in words).
MESSAGES = {
    "pages/overview.py": ("declared.tile.no_cost_plan", "declared.no_work_packages", "declared.no_chart"),
    "pages/schedule.py": ("schedule.nothing_yet",),
    "pages/results.py": ("results.empty",),
    "pages/risks.py": ("risks.empty",),
    "pages/audit.py": (),  # the import's audited fields are its log
    "pages/budget.py": ("declared.how",),
    "pages/partners.py": ("partners.empty",),
    "pages/cash.py": ("cash.no_schedule", "declared.no_money_moved", "declared.tile.no_grant_planned"),
    "pages/effort.py": ("effort.tile.no_plan", "effort.tile.no_hours", "effort_plan.none_yet"),
    "pages/inkind.py": ("inkind.none",),
    "pages/ledger.py": ("import.no_batches",),
    "pages/report.py": ("declared.report_cannot",),
    "pages/portfolio.py": (),  # the office's list (another engineer's page): it must run
    "pages/indicators.py": ("indicators.no_values",),  # its targets' table, below, and no chart of nothing
    "pages/notifications.py": (),
    "pages/open_data.py": (),  # the office-wide import: no project of its own, it must run
}


def test_every_page_is_listed_here():
    assert set(MESSAGES) == {spec.path for spec in PAGES}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", [spec.path for spec in PAGES], ids=lambda path: path.split("/")[-1])
def test_every_page_says_what_the_project_lacks(declared_app, page, lang):
    at = on_page(opened("admin", lang), page)
    assert not at.exception, at.exception
    text = said(at)
    for key in MESSAGES[page]:
        assert t(key, lang) in text, (page, key)
    if page != "pages/portfolio.py":  # the portfolio's tiles sum every project (not this project's page)
        assert zero_tiles(at) == [], page
        # words in a tile fit it: at 1440 px a tile of three in a row shows about 16 characters, the rest cut off
        # with '…' (walked in Chromium: 'Ingen kostnads…', 'No grant in the …')
        assert [m.value for m in at.metric if len(m.value) > TILE_CHARACTERS] == [], page


TILE_CHARACTERS = 16


@pytest.mark.parametrize("lang", LANGS)
def test_the_overview_shows_the_grant_as_declared_and_no_budget(declared_app, lang):
    at = opened("admin", lang)
    tiles = {m.label: (m.value, m.proto.help) for m in at.metric}
    # declared_total = declared_funder = the grant, 7 590 000.00: compact 7,6 mill. kr / NOK 7.6m, exact in the tooltip
    declared, help_text = tiles[t("declared.tile.declared", lang)]
    if lang == "nb":
        assert declared == f"7,6{NBSP}mill.{NBSP}kr"
        assert help_text.count(f"7{NBSP}590{NBSP}000{NBSP}kr") == 2  # the total and the funder's share
        assert "Ingen kostnadsplan ennå" in at.info[0].value
    else:
        assert declared == f"NOK{NBSP}7.6m"
        assert help_text.count(f"NOK{NBSP}7,590,000") == 2
        assert "No cost plan yet" in at.info[0].value
    for tile in ("tile.budget", "tile.spent_vs_time", "tile.forecast"):
        assert tiles[t(tile, lang)][0] == t("declared.tile.no_cost_plan", lang)
    assert tiles[t("tile.spent", lang)][0] == t("declared.tile.no_ledger", lang)
    # the data-quality section notes the missing plan; no false error about a plan of zero
    assert not at.error
    assert t("check.no_cost_plan", lang) in [i.value for i in at.info]
    assert t("declared.no_chart", lang) in [i.value for i in at.info]  # no year chart of empty bars


def test_the_budget_page_says_how_a_plan_is_made_and_draws_no_charts(declared_app):
    at = on_page(opened("admin", "en"), "pages/budget.py")
    notice = " ".join(i.value for i in at.info)
    assert "No cost plan yet" in notice and "NOK\u00a07,590,000 in total" in notice
    assert "cost_plan.csv" in notice  # how one is made
    assert not at.get("plotly_chart") and not at.tabs and not at.dataframe


def test_the_funder_report_cannot_be_produced(declared_app):
    at = on_page(opened("admin", "nb"), "pages/report.py")
    assert [w.value for w in at.warning] == [t("declared.report_cannot", "nb")]
    assert not at.get("download_button")
    # the deadlines still hold: the calendar of the four years' reports (2013-2016: 4 progress + 4 accounts,
    # the last year's progress report replaced by the final report: 3 + 4 + 1 = 8)
    calendar = at.dataframe[0].value
    assert len(calendar) == 8
    # as of 30.06.2015 four deadlines have passed (progress 01.10.2013, accounts 20.01.2014, progress 01.10.2014,
    # accounts 20.01.2015): their reports went in before the monitor knew the project, so not "overdue"
    assert calendar["Status"].tolist() == ["Før prosjektet ble fulgt her"] * 4 + ["Til behandling"] * 4


def test_the_indicators_page_lists_the_person_years_targets(declared_app):
    at = on_page(opened("admin", "nb"), "pages/indicators.py")
    table = at.dataframe[0].value
    assert list(table.iloc[:, 0]) == ["Doktorgradsårsverk (finansiert)", "Postdoktorårsverk (finansiert)"]
    assert list(table.iloc[:, 1]) == ["årsverk", "årsverk"]  # the unit by its label, not its code person-years
    assert not at.get("plotly_chart")  # targets only: no values to draw
    assert list(table.iloc[:, 2]) == ["4,82", "1,99"]  # dr_stip_aarsverk 4.82 and postdok_aarsverk 1.99 of 226030


@pytest.mark.parametrize("user", ["ingrid", "vera"])
@pytest.mark.parametrize("lang", LANGS)
def test_a_leader_and_a_viewer_of_the_project_open_every_page(declared_app, user, lang):
    at = opened(user, lang)
    assert not at.exception
    role = "leader" if user == "ingrid" else "viewer"
    for spec in PAGES:
        at = on_page(at, spec.path)
        assert not at.exception, (user, spec.path, at.exception)
        if role not in spec.roles:
            assert at.error, spec.path  # the page is refused in words
            continue
        assert zero_tiles(at) == [] or spec.path == "pages/portfolio.py", spec.path
        for key in MESSAGES[spec.path] if role == "leader" else ():
            assert t(key, lang) in said(at), (user, spec.path, key)
