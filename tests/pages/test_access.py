"""Access: each role sees exactly its pages and its rows; every attempt below must fail."""

import datetime as dt
import re

import duckdb
import pytest
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from monitor.access import users
from monitor.access.scope import Scope
from tests.apptest import ROOT, app, signed_in
from ui.context import Choices, Context

LEADER_PAGES = {"overview", "schedule", "results", "risks", "budget", "audit", "partners", "inkind"}


def known_pages(at, forbidden: str) -> str:
    """AppTest refuses to switch to a page not registered for this session and lists the registered ones."""
    with pytest.raises(ValueError, match="Could not find a navigation page") as raised:
        at.switch_page(f"pages/{forbidden}.py")
    return str(raised.value)


# Session state can be written by whoever runs a page (AppTest does), so each attempt below goes through a key
# the code reads on every run: the kept login (ui/login.py SESSION_KEY: user name + password fingerprint), the
# kept sidebar choices (ui/context.py CHOICES) and the project box (key "project", also written by the
# portfolio's open button). Whatever is written there, nav sees NAV VT's figures only, or nothing.
NAV_BUDGET = "NOK\u00a0360,000.00"  # as in test_a_partner_sees_its_own_figures_only


ALL_BUDGET = "NOK\u00a015,102,000.00"  # the whole project, as the leader sees it


AS_OF = dt.date(2026, 11, 22)


def budget_tile(at) -> str | None:
    return {m.label: m.proto.help for m in at.metric}.get("Budget")


def nav_session_renamed(kept: users.Session, username: str) -> users.Session:
    """nav's kept login with another user's name in it (nav's password fingerprint stays)."""
    return users.Session(username, kept.fingerprint, kept.last_seen)


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


def test_an_unauthenticated_visitor_sees_only_the_login_form(app_env):
    at = app(user=None, as_of="2024-06-30").run()
    assert [w.label for w in at.text_input] == ["Brukernavn", "Passord"]
    assert not at.metric and not at.dataframe and not at.get("plotly_chart")
    assert not at.title or at.title[0].value == "Konsortiemonitor"


def test_a_partner_cannot_open_a_leader_page_by_url(app_env):
    at = app(user="nav").run()
    message = known_pages(at, "audit")
    assert "overview.py" in message and "audit.py" not in message.split("Known pages")[1]


def test_a_viewer_cannot_open_the_audit_page(app_env):
    at = app(user="reader").run()
    assert "audit.py" not in known_pages(at, "audit").split("Known pages")[1]


def test_the_leader_sees_the_leader_pages(app_env):
    at = app(user="leader").run()
    for page in LEADER_PAGES:
        at.switch_page(f"pages/{page}.py")  # raises if not registered


def test_a_partner_sees_its_own_figures_only(app_env, seed_dir):
    # nav_vt: planned own financing 100 000 + 100 000 + 100 000 + 60 000 = 360 000 (cost_plan.csv)
    at = app(user="nav", lang="en", as_of="2026-11-22").run()
    tooltips = {m.label: m.proto.help for m in at.metric}
    assert tooltips["Budget"] == "NOK\u00a0360,000.00"


@pytest.mark.parametrize("wider", ["leader", "admin"])
def test_a_partner_s_kept_login_renamed_to_a_wider_user_shows_the_login_form(app_env, wider):
    at = signed_in(app(user=None, lang="en", as_of=AS_OF.isoformat()), "nav")
    at.session_state["auth_session"] = nav_session_renamed(at.session_state["auth_session"], wider)
    at.run()
    assert not at.exception and not at.metric
    assert [w.label for w in at.text_input] == ["User name", "Password"]
    assert [w.value for w in at.warning] == ["The password was changed. Sign in again."]


@pytest.mark.parametrize("wider", ["leader", "admin"])
def test_a_partner_s_login_renamed_between_runs_stops_the_page(app_env, wider):
    at = app(user="nav", lang="en", as_of=AS_OF.isoformat()).run()
    assert budget_tile(at) == NAV_BUDGET
    at.session_state["auth_session"] = nav_session_renamed(at.session_state["auth_session"], wider)
    at.run()  # AppTest reruns only the page: context.get() checks the kept login again
    assert not at.exception and not at.metric
    assert [w.value for w in at.warning] == ["Logg inn på startsiden først."]


def test_kept_choices_naming_a_project_outside_the_scope_are_refused(app_env):
    at = app(user="nav", lang="en", as_of=AS_OF.isoformat()).run()
    at.session_state["context"] = Choices("en", "integrate", AS_OF)  # nav's scope is mwinc only
    at.run()  # only the page: it reads the kept choices
    assert not at.exception and not at.metric
    assert [e.value for e in at.error] == ["You are not allowed to see this."]


def test_a_scope_hidden_in_the_kept_choices_is_not_used(app_env):
    at = app(user="nav", lang="en", as_of=AS_OF.isoformat()).run()
    # A Context is a Choices that carries a scope: get() takes the choices from it, never the scope
    at.session_state["context"] = Context("en", "mwinc", AS_OF, Scope(user="nav", role="admin"))
    at.run()
    assert not at.exception
    assert budget_tile(at) == NAV_BUDGET != ALL_BUDGET


def test_a_project_box_set_outside_the_scope_falls_back_to_the_scope_s_project(app_env):
    at = app(user="nav", lang="en", as_of=AS_OF.isoformat())
    at.session_state["project"] = "integrate"
    at.run()
    assert not at.exception and not at.error
    assert at.sidebar.selectbox(key="project").value == "mwinc"
    assert budget_tile(at) == NAV_BUDGET


def test_a_cache_filled_by_the_leader_does_not_serve_a_partner(app_env):
    leader = app(user="leader", lang="en", as_of="2026-11-22").run()
    assert {m.label: m.proto.help for m in leader.metric}["Budget"] == "NOK\u00a015,102,000.00"
    partner = app(user="nav", lang="en", as_of="2026-11-22").run()  # same process, same caches
    assert {m.label: m.proto.help for m in partner.metric}["Budget"] == "NOK\u00a0360,000.00"


def test_a_project_in_the_url_outside_the_scope_is_ignored(app_env):
    at = app(user="nav", project="integrate").run()
    assert not at.exception
    assert at.sidebar.selectbox(key="project").value == "mwinc"


def test_a_removed_user_loses_access_on_the_next_run(app_env, tmp_path, monkeypatch):
    users_file = tmp_path / "users.yaml"
    config_file = tmp_path / "config.yaml"
    config_file.write_text(
        f"auth:\n  users_file: {users_file}\n  demo_mode: false\ndatabase:\n  path: {app_env}\n", encoding="utf-8"
    )
    monkeypatch.setenv("MONITOR_CONFIG", str(config_file))
    kari = users.User("kari", "Kari", "leader", ("mwinc",), password_hash=users.hash_password("a long secret"))
    users.write_users(users_file, {"kari": kari})
    session = users.Session("kari", kari.fingerprint, dt.datetime.now(dt.UTC).replace(tzinfo=None))

    def next_run():
        # AppTest re-runs only the page on a second run(); a fresh run with the same session state is
        # what the server does on the user's next click (the entry point runs on every rerun).
        at = app(user=None)
        at.session_state["auth_session"] = session
        return at.run()

    assert len(next_run().metric) == 6  # the Overview's tiles (the sixth: the forecast with commitments)
    users.write_users(users_file, {})
    at = next_run()
    assert not at.metric and [w.label for w in at.text_input] == ["Brukernavn", "Passord"]
    assert any("finnes ikke lenger" in w.value for w in at.warning)


def test_demo_mode_off_refuses_to_start_with_a_demo_password(app_env, tmp_path, monkeypatch):
    import bcrypt

    users_file = tmp_path / "users.yaml"
    config_file = tmp_path / "config.yaml"
    config_file.write_text(
        f"auth:\n  users_file: {users_file}\n  demo_mode: false\ndatabase:\n  path: {app_env}\n", encoding="utf-8"
    )
    monkeypatch.setenv("MONITOR_CONFIG", str(config_file))
    weak = bcrypt.hashpw(users.DEMO_PASSWORD.encode(), bcrypt.gensalt(4)).decode()
    users.write_users(users_file, {"old": users.User("old", "Old", "leader", ("mwinc",), password_hash=weak)})
    at = app(user=None).run()
    assert any("demopassordet" in e.value for e in at.error)
    assert not at.text_input  # no login form: the app does not start


def test_html_and_script_in_data_render_as_text(app_env):
    import duckdb
    import pyarrow.ipc

    con = duckdb.connect(str(app_env))
    con.execute("update project set leader = '<img src=x onerror=alert(1)>[x](javascript:alert(1))'")
    con.execute("update milestone set title = '<script>alert(1)</script>' where code = 'M2.3'")
    con.close()
    at = app(lang="en").run()
    assert "\\<img src\\=x onerror\\=alert\\(1\\)\\>\\[x\\]\\(javascript\\:alert\\(1\\)\\)" in at.caption[0].value
    due = next(table for table in at.table if "Code" in table.value.columns)
    assert "<script>alert(1)</script>" in list(due.value["Title"])
    # st.table reads cells as Markdown: what it shows is the escaped text, which renders as the characters
    shown = pyarrow.ipc.open_stream(due.proto.arrow_data.styler.display_values).read_pandas()
    assert "\\<script\\>alert\\(1\\)\\</script\\>" in list(shown["Title"])


@pytest.mark.parametrize("page", ["report", "audit", "ledger", "budget", "inkind"])
def test_a_page_file_opened_without_the_entry_point_shows_nothing(app_env, page):
    # Streamlit serves pages/ files directly until some session has called st.navigation.
    from streamlit.testing.v1 import AppTest

    from tests.apptest import ROOT

    at = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=30).run()
    assert not at.exception
    assert [w.value for w in at.warning] == ["Logg inn på startsiden først."]
    assert not at.metric and not at.dataframe and not at.get("download_button")


def test_each_role_sees_exactly_its_pages(app_env):
    expected = {
        "leader": {
            "overview",
            "schedule",
            "results",
            "risks",
            "audit",
            "budget",
            "ledger",
            "partners",
            "cash",
            "effort",
            "inkind",
            "report",
            "portfolio",
            "indicators",
            "notifications",
        },
        "nav": {
            "overview",
            "schedule",
            "results",
            "risks",
            "budget",
            "partners",
            "cash",
            "effort",
            "inkind",
            "portfolio",
            "indicators",
            "notifications",
        },
        "reader": {
            "overview",
            "schedule",
            "results",
            "risks",
            "budget",
            "partners",
            "cash",
            "effort",
            "report",
            "portfolio",
            "indicators",
            "notifications",
        },
    }
    for username, pages in expected.items():
        at = app(user=username).run()
        with pytest.raises(ValueError, match="Could not find a navigation page") as raised:
            at.switch_page("dashboard.py")  # the entry point exists but is no page: the error lists the pages
        message = str(raised.value).split("Known pages")[1]
        shown = set(re.findall(r"/pages/(\w+)\.py", message))
        assert shown == pages, username


def test_a_failing_page_shows_a_plain_message_and_logs_the_details(app_env, caplog):
    import duckdb

    con = duckdb.connect(str(app_env))
    con.execute("drop table milestone")  # every query of the overview that reads milestones now fails
    con.close()
    with caplog.at_level("ERROR", logger="consortium_monitor"):
        at = app(user="leader", lang="en").run()
    assert not at.exception  # no traceback reaches the browser
    assert [e.value for e in at.error] == [
        "Something went wrong. The error has been logged; try again or contact the administrator."
    ]
    record = next(r for r in caplog.records if r.name == "consortium_monitor")
    assert "user leader" in record.getMessage() and "UTC" in record.getMessage()
    assert record.exc_info is not None  # the stack trace is in the server log


@pytest.mark.parametrize(
    "user, page, role",
    [
        ("nav", "ledger", "partner"),
        ("nav", "audit", "partner"),
        ("nho", "report", "partner"),
        ("reader", "inkind", "viewer"),
        ("reader", "audit", "viewer"),
        ("leader", "open_data", "leader"),  # the open-data import is the office's: admins only
        ("nav", "open_data", "partner"),
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
