"""The Audit page (AppTest): administrators see sign-ins and denied access; a leader has no account view."""

import pytest

from monitor import db
from monitor.access import audit, users
from tests.apptest import open_page


def _account_events(con):
    users.log_event(con, "nav", "denied", "project 'intg'", "intg")
    users.log_event(con, "leader", "logout")
    with db.transaction(con):
        audit.record(con, "nho", "login_failed", None, None, {})
        audit.record(con, "nho", "login_ok", None, None, {})


@pytest.mark.usefixtures("app_env")
def test_an_admin_sees_sign_ins_and_denied_access_on_the_audit_page(app_env):
    con = db.connect(app_env)
    _account_events(con)
    at = open_page("audit", user="admin", project="mwinc", lang="nb")
    assert not at.exception, at.exception
    at.segmented_control(key="audit_view").set_value("accounts").run()
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    actions = table["Handling"].tolist()
    assert {"Tilgang nektet", "Utlogging", "Mislykket innlogging", "Innlogging"} <= set(actions)
    assert "login_failed" not in actions
    assert table.loc[table["Handling"] == "Tilgang nektet", "Prosjekt"].tolist() == ["intg"]


@pytest.mark.usefixtures("app_env")
def test_a_leader_has_no_account_view():
    at = open_page("audit", user="leader", project="mwinc", lang="en")
    assert not at.exception, at.exception
    assert "audit_view" not in at.session_state  # no choice of view: the account events are not offered
