"""Issue 13, cases 13 and 14: a page the role may not open is refused in one line and the refusal is in
the audit log (once per request); a page never trusts a scope found in session state."""

import datetime as dt

import duckdb
import pytest
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from monitor.access.scope import Scope
from tests.apptest import ROOT, app, signed_in


def _denials(db_path) -> list[tuple[str, str, dt.datetime]]:
    """(user, what, when) of every 'denied' row, oldest first (another connection of this process)."""
    con = duckdb.connect(str(db_path))
    try:
        return con.execute(
            "select user_name, row_key, logged_at from audit_log where action = 'denied' order by audit_id"
        ).fetchall()
    finally:
        con.close()


def _opened_by_url(user: str, page: str, **query_params: str) -> AppTest:
    """The signed-in user types /<page> into the address bar. The browser asks for the page by its URL path,
    and st.Page names a page by the hash of its URL path. AppTest.switch_page only finds registered page
    *files* (and a page not for the role is no registered file), so the request is set as the browser sends it."""
    at = app(user, **query_params).run()
    at._page_hash = calc_hash(page)  # what switch_page sets for a registered page
    return at.run()


@pytest.mark.parametrize(
    "user, page, role",
    [
        ("nav", "ledger", "partner"),
        ("nav", "audit", "partner"),
        ("nho", "report", "partner"),
        ("reader", "inkind", "viewer"),
        ("reader", "audit", "viewer"),
    ],
)
def test_a_page_not_for_the_role_is_refused_in_one_line_and_logged(app_env, user, page, role):
    before = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    at = _opened_by_url(user, page, lang="en")
    assert not at.exception
    assert len(at.error) == 1 and "is not available to your role" in at.error[0].value
    assert not at.title and not at.metric and not at.dataframe  # not the Overview, not the page
    [(who, what, when)] = _denials(app_env)
    assert who == user and what == f"page /{page} ({role})"
    assert before - dt.timedelta(seconds=1) <= when <= dt.datetime.now(dt.UTC).replace(tzinfo=None)


def test_the_refusal_is_said_in_norwegian_too(app_env):
    at = _opened_by_url("nav", "audit", lang="nb")
    assert [e.value for e in at.error] == [
        "Siden «Endringslogg» er ikke tilgjengelig for rollen din (partner). Forsøket er logget."
    ]


def test_a_rerun_of_the_same_request_logs_no_second_denial(app_env):
    at = _opened_by_url("nav", "audit", lang="en")
    at.run()  # a rerun on the same URL (a widget click, the language switch)
    at.run()
    assert len(at.error) == 1
    assert len(_denials(app_env)) == 1


def test_an_allowed_page_opened_by_url_is_not_logged(app_env):
    at = _opened_by_url("leader", "audit", lang="en")
    assert not at.error and at.title[0].value.startswith("Audit")
    assert _denials(app_env) == []


def test_a_drill_down_link_opened_by_a_viewer_is_refused_and_logged(app_env):
    at = _opened_by_url("reader", "budget", lang="en", drill_row="personnel_indirect")
    assert not at.exception
    assert any("not available to your role (reader)" in w.value for w in at.warning)
    assert not [s for s in at.selectbox if s.key == "drill_row"]
    assert [(who, what) for who, what, _ in _denials(app_env)] == [("reader", "budget drill-down (viewer)")]


# --- case 14: a forged context -------------------------------------------------------------------------


def _page_alone(page: str, user: str, forged) -> AppTest:
    """pages/<page>.py run without the entry point, signed in as `user`, with a context someone else wrote."""
    at = signed_in(AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=30), user)
    at.session_state["context"] = forged
    return at.run()


def _forged(**fields):
    from ui.context import Context

    values = {
        "lang": "en",
        "project_id": "mwinc",
        "as_of": dt.date(2026, 11, 22),
        "scope": Scope(user="nav", role="leader"),
    } | fields
    return Context(**values)


def _planned_total(at: AppTest) -> str:
    pivot = at.dataframe[0].value  # the budget page's first table: plan against actual by year
    return pivot.loc[pivot["Year"] == "Total", "Budget"].item()


# The partner nav_vt plans 100 000 + 100 000 + 100 000 + 60 000 = 360 000 (cost_plan.csv); the project's
# whole budget is 15 102 000 (the Research Council's published figure), which the leader's scope would show.
# (Run alone, the page later fails at its st.page_link, which needs st.navigation: the table is shown before.)


def test_a_forged_scope_in_session_state_is_not_honoured(app_env):
    at = _page_alone("budget", "nav", _forged())
    assert _planned_total(at) == "360,000.00"


def test_a_forged_scope_naming_the_leader_is_not_honoured_either(app_env):
    at = _page_alone(
        "budget", "nav", _forged(scope=Scope(user="leader", role="leader", project_ids=frozenset({"mwinc"})))
    )
    assert _planned_total(at) == "360,000.00"


def test_a_forged_project_outside_the_scope_is_refused_and_logged(app_env):
    at = _page_alone("overview", "nav", _forged(project_id="integrate"))
    assert not at.exception
    assert [e.value for e in at.error] == ["You are not allowed to see this."]
    assert not at.metric
    assert [(who, what) for who, what, _ in _denials(app_env)] == [("nav", "project 'integrate'")]
