"""The In-kind page (AppTest), signed in as the demo users of MW Inc: reporting hours, and the leader's bulk
decisions with their confirmation."""

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from monitor.access.scope import Scope
from monitor.partners import inkind
from tests.apptest import open_page
from tests.conftest import copy_of


@pytest.fixture
def db_path(tmp_path: Path, every_project_template: Path) -> Path:
    """Overrides the shared fixture: every embedded project, as in tests/partners where these tests began."""
    return copy_of(every_project_template, tmp_path)


AS_OF = "2025-12-31"


def cells(at) -> set[str]:
    return {str(v) for frame in at.dataframe for v in frame.value.to_numpy().ravel()}


def query(db_path, sql: str, *params):
    con = duckdb.connect(str(db_path))
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def _fill(at, person: str, hours: str, day: dt.date, lang: str = "nb"):
    at.date_input(key="inkind:date").set_value(day)
    at.text_input(key="inkind:person").input(person)
    at.text_input(key="inkind:hours").input(hours)
    at.text_input(key="inkind:activity").input("Læringslab")
    at.selectbox(key="inkind:wp").set_value("WP1")
    next(b for b in at.button if b.label == {"nb": "Send inn", "en": "Submit"}[lang]).click()
    return at.run()


def _reported_ids(db_path) -> list[int]:
    return [
        k
        for (k,) in query(
            db_path,
            "select contribution_id from inkind_contribution where status = 'reported' order by contribution_id",
        )
    ]


def picker(at):
    return next(m for m in at.multiselect if m.key.startswith("inkind:chosen"))


def _choose(at, keys: list[int]):
    picker(at).set_value(keys)
    return at.run()


def test_a_partner_reports_hours_for_itself_only(app_env):
    at = open_page("inkind", user="nav", as_of=AS_OF)
    assert not at.exception
    assert not [s for s in at.selectbox if s.key == "inkind:partner"]  # no partner to choose
    at.session_state["inkind:partner"] = "nho_vt"  # tampering with session state changes nothing
    at = _fill(at, "<script>alert(1)</script>", "6,5", dt.date(2025, 11, 3))
    assert not at.exception
    assert at.success and "6,5" in at.success[0].value
    rows = query(
        app_env,
        "select partner_id, hours, amount, reported_by from inkind_contribution where work_date = ?",
        dt.date(2025, 11, 3),
    )
    assert [(p, str(h), str(a), r) for p, h, a, r in rows] == [("nav_vt", "6.50", "5200.00", "nav")]  # 6.5 × 800
    assert "<script>alert(1)</script>" in cells(at)  # shown as text in a table, never as HTML
    assert set(at.dataframe[0].value["Partner"]) == {"NAV VT"}  # the short name, never the id nav_vt


@pytest.mark.parametrize(
    "lang, expected",
    [
        (
            "nb",
            ["Timer: 0,00 er ikke gyldig – oppgi mer enn 0 og høyst 24 timer.", "Person eller rolle: må fylles ut."],
        ),
        ("en", ["Hours: 0.00 is not valid – enter more than 0 and at most 24 hours.", "Person or role: is required."]),
    ],
)
def test_invalid_hours_are_explained_in_the_chosen_language_and_not_stored(app_env, lang, expected):
    at = open_page("inkind", user="nav", as_of=AS_OF, lang=lang)
    at = _fill(at, "", "0", dt.date(2025, 11, 3), lang)
    assert not at.exception
    message = at.error[0].value
    assert all(line in message for line in expected), message
    for raw in ("hours:", "person_role", "value is required", "expected more than"):
        assert raw not in message
    assert query(app_env, "select count(*) from inkind_contribution where work_date = ?", dt.date(2025, 11, 3)) == [
        (0,)
    ]


def test_the_leader_approves_several_reports_after_one_confirmation(app_env):
    at = open_page("inkind", user="leader", as_of=AS_OF)
    assert not at.exception
    keys = _reported_ids(app_env)
    assert len(keys) >= 2
    options = picker(at).options
    assert any("NAV VT" in o for o in options) and not any("nav_vt" in o for o in options)
    at = _choose(at, keys[:2])
    at.text_input(key="inkind:comment").input("OK")
    at.button(key="inkind:approve").click()
    at = at.run()
    assert at.warning and at.warning[0].value.startswith("Godkjenne 2 rapport(er):")
    assert _reported_ids(app_env) == keys  # asked, nothing written yet
    at.button(key="inkind:confirm").click()
    at = at.run()
    assert not at.exception and at.success[0].value == "2 rapport(er): Godkjent."
    assert picker(at).value == [] and not set(keys[:2]) & {int(o.split(" · ")[0]) for o in picker(at).options}
    assert query(
        app_env,
        "select distinct status, decided_by, decision_comment from inkind_contribution where contribution_id in (?, ?)",
        *keys[:2],
    ) == [("approved", "leader", "OK")]


def test_cancel_writes_nothing(app_env):
    at = open_page("inkind", user="leader", as_of=AS_OF)
    keys = _reported_ids(app_env)
    at = _choose(at, keys[:1])
    at.button(key="inkind:approve").click()
    at = at.run()
    at.button(key="inkind:cancel").click()
    at = at.run()
    assert not at.exception and not at.warning and _reported_ids(app_env) == keys


def test_a_bulk_decision_with_a_row_changed_meanwhile_is_refused_whole(app_env):
    at = open_page("inkind", user="leader", as_of=AS_OF)
    first, second = _reported_ids(app_env)[:2]
    at = _choose(at, [first, second])
    con = duckdb.connect(str(app_env))
    inkind.decide(
        con, "mwinc", second, 1, inkind.REJECTED, "Duplicate", Scope("admin", "admin")
    )  # another session decides first
    con.close()
    at.button(key="inkind:approve").click()
    at = at.run()
    at.button(key="inkind:confirm").click()
    at = at.run()
    assert not at.exception
    assert at.error and f"Rapport {second} ble endret av admin" in at.error[0].value
    assert query(
        app_env,
        "select contribution_id, status from inkind_contribution where contribution_id in (?, ?) "
        "order by contribution_id",
        first,
        second,
    ) == [(first, "reported"), (second, "rejected")]


def test_select_all_chooses_every_waiting_report(app_env):
    at = open_page("inkind", user="leader", as_of=AS_OF)
    at.button(key="inkind:all").click()
    at = at.run()
    assert sorted(picker(at).value) == _reported_ids(app_env)


def test_a_bulk_rejection_without_a_reason_is_explained_in_english(app_env):
    at = open_page("inkind", user="leader", as_of=AS_OF, lang="en")
    keys = _reported_ids(app_env)
    at = _choose(at, keys[:2])
    at.button(key="inkind:reject").click()
    at = at.run()
    assert at.warning[0].value.startswith("Reject 2 report(s):")
    at.button(key="inkind:confirm").click()
    at = at.run()
    assert not at.exception
    assert "Comment: a rejection needs a reason." in at.error[0].value
    assert _reported_ids(app_env) == keys
