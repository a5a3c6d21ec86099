"""Passwords, sessions and login throttling (monitor/access/users.py) against a real database."""

import datetime as dt

import pytest

from monitor.access import users

NOW = dt.datetime(2026, 11, 22, 12, 0)


POLICY = users.LoginPolicy(max_failures=3, lockout=dt.timedelta(minutes=15))


def audit_actions(con, name):
    return [
        r[0]
        for r in con.execute(
            "select action from audit_log where user_name = $name order by audit_id", {"name": name}
        ).fetchall()
    ]


def test_a_session_ends_when_the_user_is_removed_the_password_changes_or_time_runs_out():
    user = users.User("kari", "Kari", "leader", ("mwinc",), password_hash="$2b$12$abc")
    session = users.Session("kari", user.fingerprint, NOW)
    timeout = dt.timedelta(minutes=60)
    assert users.resume(session, {"kari": user}, timeout, NOW + dt.timedelta(minutes=59)) == (user, None)
    assert users.resume(session, {}, timeout, NOW) == (None, "removed")
    changed = users.User("kari", "Kari", "leader", ("mwinc",), password_hash="$2b$12$xyz")
    assert users.resume(session, {"kari": changed}, timeout, NOW) == (None, "password_changed")
    assert users.resume(session, {"kari": user}, timeout, NOW + dt.timedelta(minutes=61)) == (None, "timeout")


def test_failed_logins_are_logged_and_throttled(con):
    known = users.DEMO_USERS
    for _ in range(3):
        assert users.login(con, known, "leader", "guess", POLICY) is None
    with pytest.raises(users.UsersError):  # locked: even the right password is refused now
        users.login(con, known, "leader", users.DEMO_PASSWORD, POLICY)
    assert audit_actions(con, "leader") == ["login_failed"] * 3 + ["login_locked"]


def test_failures_outside_the_window_do_not_count(con):
    for _ in range(3):
        users.login(con, users.DEMO_USERS, "reader", "guess", POLICY)
    con.execute("update audit_log set logged_at = logged_at - interval '16 minutes' where user_name = 'reader'")
    assert users.login(con, users.DEMO_USERS, "reader", users.DEMO_PASSWORD, POLICY) is not None


def test_a_success_resets_the_count(con):
    known = users.DEMO_USERS
    users.login(con, known, "nav", "guess", POLICY)
    assert users.login(con, known, "nav", users.DEMO_PASSWORD, POLICY) == known["nav"]
    assert users.failures_since_success(con, "nav", POLICY.lockout) == 0
    assert "login_ok" in audit_actions(con, "nav")


def test_demo_passwords_are_found_in_the_users_file(tmp_path):
    path = tmp_path / "users.yaml"
    users.write_users(
        path,
        {
            "old": users.User("old", "Old", "leader", ("mwinc",), password_hash=users.hash_password("demo" + "x" * 6)),
        },
    )
    assert users.demo_passwords_in_use(path) == []
    import bcrypt

    weak = users.User(
        "weak",
        "Weak",
        "viewer",
        ("mwinc",),
        password_hash=bcrypt.hashpw(users.DEMO_PASSWORD.encode(), bcrypt.gensalt(4)).decode(),
    )
    users.write_users(path, {"weak": weak})
    assert users.demo_passwords_in_use(path) == ["weak"]


def test_scopes_of_the_demo_users():
    assert users.DEMO_USERS["admin"].scope().project_ids is None
    nav = users.DEMO_USERS["nav"].scope()
    assert (nav.role, nav.partner_id, nav.project_ids) == ("partner", "nav_vt", frozenset({"mwinc"}))
    assert not nav.allows_project("integrate")
