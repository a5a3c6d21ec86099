"""`python -m monitor remind`: exit 0 when every digest went out (or nothing was new), 1 when some failed (kept for
the next run), 2 when the mail settings or the rules are missing, 3 when another run is sending; --dry-run sends
and writes nothing.

Most tests put hand-made items in place of the rules (monitor/notify/rules.py, tested on their own), so the
command's own wiring (users file, scopes, the SMTP server) is what they test; the last one runs the real rules on
the seed."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from monitor import db
from monitor.cli import main
from monitor.commands import remind
from monitor.notify import mail
from monitor.notify.items import DEADLINE, OVERDUE, Item
from tests import smtp

DEADLINE_ITEM = Item(
    "deadline:mwinc:report:progress:2025:-14",
    DEADLINE,
    "mwinc",
    dt.date(2025, 10, 1),
    "actions.report_due",
    (("report", "Framdriftsrapport 2025"), ("deadline", dt.date(2025, 10, 1))),
    "pages/report.py",
)
# Overdue since 1 September, evaluated on 17 September 2025: 17 - 1 = 16 days.
NAV_ITEM = Item(
    "overdue:mwinc:deliverable:D3.1", OVERDUE, "mwinc", dt.date(2025, 9, 1), "actions.overdue_items",
    (("wp", "WP3"), ("codes", "D3.1"), ("days", 16)), "pages/schedule.py", partner_id="nav_vt",
)  # fmt: skip
NHO_ITEM = Item(
    "overdue:mwinc:deliverable:D4.2", OVERDUE, "mwinc", dt.date(2025, 9, 1), "actions.overdue_items",
    (("wp", "WP4"), ("codes", "D4.2"), ("days", 16)), "pages/schedule.py", partner_id="nho_vt",
)  # fmt: skip


@pytest.fixture
def rules(monkeypatch):
    """A stand-in for the rules' evaluate that gives the items a scope may see; it records its calls."""
    calls = []

    def evaluate(con, scope, settings, today, project_ids=None):
        calls.append((scope.user, scope.role, scope.partner_id, today))
        every = [DEADLINE_ITEM, NAV_ITEM, NHO_ITEM]
        return [i for i in every if scope.partner_filter() in (None, i.partner_id) or i.partner_id is None]

    monkeypatch.setattr(remind, "evaluate", evaluate)
    return calls


def setup_files(tmp_path, port: int, **mail_settings) -> list[str]:
    """A config pointing at the test server and a users file: a leader (nb), a partner (en), one without address."""
    mail_section = {"host": smtp.HOST, "port": port, "security": "none", "sender": "monitor@usn.example.no"}
    mail_section.update(mail_settings)
    (tmp_path / "config.yaml").write_text(
        yaml.safe_dump({"auth": {"users_file": "users.yaml"}, "mail": mail_section}), encoding="utf-8"
    )
    users = {
        "annett": {"name": "Annett Arntzen", "role": "leader", "projects": ["mwinc"], "email": "annett@usn.example.no"},
        "kari": {
            "name": "Kari Nordmann",
            "role": "partner",
            "projects": ["mwinc"],
            "partner_id": "nav_vt",
            "email": "kari@nav.example.no",
            "lang": "en",
        },  # fmt: skip
        "ola": {"name": "Ola", "role": "viewer", "projects": ["mwinc"]},  # written before issue 18: no email, no lang
    }
    (tmp_path / "users.yaml").write_text(yaml.safe_dump({"users": users}), encoding="utf-8")
    return ["--config", str(tmp_path / "config.yaml")]


def notifications(db_path) -> int:
    con = db.connect(db_path)
    try:
        return len(db.records(con, "mail_notifications", user_name="annett")) + len(
            db.records(con, "mail_notifications", user_name="kari")
        )
    finally:
        con.close()


def test_remind_sends_each_user_their_digest_once(tmp_path, db_path, rules, capsys):
    with smtp.smtp_server() as server:
        args = [*setup_files(tmp_path, server.port), "--db", str(db_path), "--as-of", "2025-09-17"]
        assert main(["remind", *args]) == 0
        out = capsys.readouterr().out
        assert "sent to annett <annett@usn.example.no>: 3 item(s)" in out
        assert "sent to kari <kari@nav.example.no>: 2 item(s)" in out
        assert "no e-mail address for ola" in out and "sent 2 e-mail(s), 0 failed" in out
        # each user's items evaluated in their own scope, at --as-of; ola, without an address, not at all
        assert sorted(rules) == [
            ("annett", "leader", None, dt.date(2025, 9, 17)),
            ("kari", "partner", "nav_vt", dt.date(2025, 9, 17)),
        ]
        (leader,) = server.inbox.to("annett@usn.example.no")
        assert leader["Subject"] == "Consortium Monitor: nye varsler (3)"  # app.language nb: annett has no lang
        (partner,) = server.inbox.to("kari@nav.example.no")
        body = partner.get_body(preferencelist=("plain",)).get_content()
        assert partner["Subject"] == "Consortium Monitor: new reminders (2)" and "D4.2" not in body

        assert main(["remind", *args]) == 0
        assert "nothing new for annett" in capsys.readouterr().out
        assert len(server.inbox.messages) == 2
    assert notifications(db_path) == 5  # 3 of annett's + 2 of kari's items


def test_remind_exits_1_when_the_server_refuses_and_sends_next_time(tmp_path, db_path, rules, capsys):
    with smtp.smtp_server(smtp.Inbox(refuse="554 5.7.1 Message rejected")) as refusing:
        args = [*setup_files(tmp_path, refusing.port), "--db", str(db_path), "--as-of", "2025-09-17"]
        assert main(["remind", *args]) == 1
    out = capsys.readouterr().out
    assert (
        "FAILED to annett <annett@usn.example.no>: 3 item(s) kept for the next run: 554 5.7.1 Message rejected" in out
    )
    assert "sent 0 e-mail(s), 2 failed" in out
    with smtp.smtp_server() as working:
        args = [*setup_files(tmp_path, working.port), "--db", str(db_path), "--as-of", "2025-09-17"]
        assert main(["remind", *args]) == 0
    assert len(working.inbox.messages) == 2


def hold_sending_row(db_path, holder: str, started: dt.datetime) -> None:
    """The sending row as a run that started at `started` holds it (table mail_run)."""
    con = db.connect(db_path)
    try:
        stale_before = started - mail.RUN_STALE_AFTER
        assert db.execute(con, "mail_run_claim", holder=holder, now=started, stale_before=stale_before)
    finally:
        con.close()


def test_one_users_failing_rules_exit_1_and_the_others_get_their_e_mail(tmp_path, db_path, monkeypatch, capsys):
    def evaluate(con, scope, settings, today, project_ids=None):
        if scope.role == "leader":
            raise RuntimeError("cost plan of mwinc unreadable")
        return [DEADLINE_ITEM, NAV_ITEM]

    monkeypatch.setattr(remind, "evaluate", evaluate)
    with smtp.smtp_server() as server:
        args = [*setup_files(tmp_path, server.port), "--db", str(db_path), "--as-of", "2025-09-17"]
        assert main(["remind", *args]) == 1
    out = capsys.readouterr().out
    assert (
        "FAILED to annett <annett@usn.example.no>: the reminders could not be worked out: "
        "RuntimeError: cost plan of mwinc unreadable; the next run tries again" in out
    )
    assert "sent to kari <kari@nav.example.no>: 2 item(s)" in out and "sent 1 e-mail(s), 1 failed" in out
    assert [to for to, _ in server.inbox.messages] == [["kari@nav.example.no"]]


def test_a_run_while_another_sends_exits_3_and_sends_nothing(tmp_path, db_path, rules, capsys):
    started = dt.datetime.now().replace(microsecond=0) - dt.timedelta(minutes=10)
    hold_sending_row(db_path, "backup-host pid 4242", started)  # a run that is sending now
    with smtp.smtp_server() as server:
        args = [*setup_files(tmp_path, server.port), "--db", str(db_path), "--as-of", "2025-09-17"]
        assert main(["remind", *args]) == 3
        assert server.inbox.messages == []
    err = capsys.readouterr().err
    assert (
        f"another remind run (backup-host pid 4242) has been sending since {started:%Y-%m-%d %H:%M:%S}; this run sent nothing"
        in err
    )
    # an hour after that run started, a run takes over (the run was killed): 10 min ago + 60 min
    assert f"a run after {started + dt.timedelta(hours=1):%Y-%m-%d %H:%M} takes over" in err
    assert notifications(db_path) == 0


def test_dry_run_prints_the_messages_and_sends_and_writes_nothing(tmp_path, db_path, rules, capsys):
    with smtp.smtp_server() as server:
        args = [*setup_files(tmp_path, server.port), "--db", str(db_path), "--as-of", "2025-09-17"]
        assert main(["remind", "--dry-run", *args]) == 0
    out = capsys.readouterr().out
    assert "would send to kari <kari@nav.example.no>: 2 item(s)" in out
    assert "    Subject: Consortium Monitor: new reminders (2)" in out
    assert (
        "    * 1 Sept 2025: WP3: D3.1 overdue (up to 16 days).\n      http://localhost:8501/schedule?project=mwinc"
        in out
    )
    assert "dry run: nothing sent, nothing written" in out
    assert server.inbox.messages == [] and notifications(db_path) == 0


def test_missing_mail_settings_exit_2_naming_what_to_set(tmp_path, db_path, rules, capsys):
    args = [*setup_files(tmp_path, 25, host=None), "--db", str(db_path)]
    assert main(["remind", *args]) == 2
    assert "mail.host: set the SMTP server" in capsys.readouterr().err
    args = [*setup_files(tmp_path, 25, user="monitor", password_env="SMTP_PW_FOR_TEST"), "--db", str(db_path)]
    assert main(["remind", *args]) == 2
    assert "environment variable SMTP_PW_FOR_TEST" in capsys.readouterr().err
    assert notifications(db_path) == 0


def test_a_password_in_the_config_file_is_refused(tmp_path, db_path, rules, capsys):
    args = [*setup_files(tmp_path, 25, password="hunter2"), "--db", str(db_path)]
    assert main(["remind", *args]) == 2
    error = capsys.readouterr().err
    assert "mail.password: unknown setting" in error and "hunter2" not in error


def test_the_real_rules_send_the_leader_the_accounts_reminder_and_the_partner_only_its_own(tmp_path, db_path, capsys):
    # 06.01.2025 is 14 days before the 2024 accounts report's deadline (20.01.2025; the seed submits it on 14.01):
    # the leader's digest reminds of it. NAV VT's partner user hears of nothing of the project's budget or reports.
    with smtp.smtp_server() as server:
        args = [*setup_files(tmp_path, server.port), "--db", str(db_path), "--as-of", "2025-01-06"]
        assert main(["remind", *args]) == 0
        (leader,) = server.inbox.to("annett@usn.example.no")
        assert "20.01.2025" in leader.get_body(("plain",)).get_content()
        # NAV VT is responsible for no deliverable due around then and had no report rejected: nothing to send it,
        # and above all not the leader's reminders of the project's reports and budget
        assert server.inbox.to("kari@nav.example.no") == []
        sent = len(server.inbox.messages)
        assert main(["remind", *args]) == 0  # the same day again: nothing new
        assert len(server.inbox.messages) == sent
