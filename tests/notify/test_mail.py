"""Reminder e-mails (monitor/notify/mail.py) through a real SMTP server on this machine (tests/smtp.py): the digest
of a leader (bokmål) and a partner (English) with their own items, a second run sending nothing new, a refusing or
stopped server keeping the items for the next run, STARTTLS and TLS with a login, and a dry run that sends and
writes nothing. The items are made by hand here (the rules that make them are tested with the rules)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from monitor import config, db
from monitor.access import audit
from monitor.access.scope import AccessDenied, local_user
from monitor.access.users import User
from monitor.notify import mail
from monitor.notify.items import DEADLINE, OVERDUE, Item
from tests import smtp

TODAY = dt.date(2025, 1, 6)
LEADER = User("annett", "Annett Arntzen", "leader", ("mwinc",), email="annett@usn.example.no", lang="nb")
PARTNER = User("kari", "Kari Nordmann", "partner", ("mwinc",), "nav_vt", email="kari@nav.example.no", lang="en")
SILENT = User("ola", "Ola Uten E-post", "leader", ("mwinc",))  # no address: no e-mail

ACCOUNTS_DUE = Item(
    "deadline:mwinc:report:accounts:2024:-14",
    DEADLINE,
    "mwinc",
    dt.date(2025, 1, 20),
    "actions.report_due",
    (("report", "Prosjektregnskapsrapport 2024"), ("deadline", dt.date(2025, 1, 20))),
    "pages/report.py",
    (("report", "accounts"), ("year", "2024")),
)
NAV_OVERDUE = Item(
    "overdue:mwinc:deliverable:D3.1",
    OVERDUE,
    "mwinc",
    dt.date(2024, 12, 1),
    "actions.overdue_items",
    (("wp", "WP3"), ("codes", "D3.1"), ("days", 36)),  # 1 Dec 2024 -> 6 Jan 2025: 30 + 6 = 36 days
    "pages/schedule.py",
    partner_id="nav_vt",
)
NHO_OVERDUE = dataclasses.replace(
    NAV_OVERDUE,
    key="overdue:mwinc:deliverable:D4.2",
    values=(("wp", "WP4"), ("codes", "D4.2"), ("days", 36)),
    partner_id="nho_vt",
)


def items_for(user: User) -> list[Item]:
    """Each user's items as the rules would give them in the user's scope: the leader all three, the partner
    the project's deadline and its own deliverable."""
    if user.role == "partner":
        return [ACCOUNTS_DUE, NAV_OVERDUE]
    return [ACCOUNTS_DUE, NAV_OVERDUE, NHO_OVERDUE]


def settings_for(port: int, **mail_settings) -> config.Config:
    values = {
        **config.defaults().values,
        "mail.host": smtp.HOST,
        "mail.port": port,
        "mail.security": "none",
        "mail.sender": "monitor@usn.example.no",
        "mail.app_url": "https://monitor.example.no/",
    }
    values.update({f"mail.{name}": value for name, value in mail_settings.items()})
    return config.Config(values)


def run(con, port: int, users=(LEADER, PARTNER, SILENT), dry_run=False, **options) -> mail.Report:
    return mail.remind(con, local_user("cron"), users, items_for, settings_for(port), TODAY, dry_run, **options)


def texts(message) -> tuple[str, str]:
    return (
        message.get_body(preferencelist=("plain",)).get_content(),
        message.get_body(preferencelist=("html",)).get_content(),
    )


def rows(con, username: str) -> dict[str, dict]:
    return {row["item_key"]: row for row in mail.log_of(con, local_user(), username)}


# --- the digest itself -----------------------------------------------------------------------


def test_a_digest_has_a_plain_and_an_html_part_in_the_users_language_with_a_link_per_item():
    message = mail.digest(LEADER, [NAV_OVERDUE, ACCOUNTS_DUE], "nb", "https://monitor.example.no/", TODAY)
    plain, html = texts(message)
    assert message["Subject"] == "Consortium Monitor: nye varsler (2)"
    assert message["To"] == "Annett Arntzen <annett@usn.example.no>"
    for body in (plain, html):
        assert "Hei Annett Arntzen," in body and "per 06.01.2025" in body
        assert "Prosjektregnskapsrapport 2024 skal sendes innen 20.01.2025." in body
        assert "WP3: forsinket D3.1 (inntil 36 dager)." in body
    # the older item first (1 Dec before 20 Jan), each with its page, project and query
    assert plain.index("01.12.2024") < plain.index("20.01.2025.")
    assert "https://monitor.example.no/report?project=mwinc&report=accounts&year=2024" in plain
    assert "https://monitor.example.no/schedule?project=mwinc" in plain
    assert 'href="https://monitor.example.no/report?project=mwinc&amp;report=accounts&amp;year=2024"' in html

    english = mail.digest(PARTNER, [ACCOUNTS_DUE], "en", "https://monitor.example.no", TODAY)
    plain, html = texts(english)
    assert english["Subject"] == "Consortium Monitor: new reminders (1)"
    assert "Prosjektregnskapsrapport 2024 is due by 20 Jan 2025." in plain and "Open in the app" in html


def test_text_from_data_is_escaped_in_the_html_part():
    hostile = dataclasses.replace(NAV_OVERDUE, values=(("wp", "<script>x</script>"), ("codes", "D&1"), ("days", 1)))
    _, html = texts(mail.digest(LEADER, [hostile], "en", "https://monitor.example.no", TODAY))
    assert "<script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html and "D&amp;1" in html


# --- sending through a real server -----------------------------------------------------------


def test_each_user_gets_one_digest_with_their_own_items_in_their_language(con):
    with smtp.smtp_server() as server:
        report = run(con, server.port)
    assert report.ok
    assert {o.username: o.status for o in report.outcomes} == {"annett": "sent", "kari": "sent", "ola": "no_address"}
    assert len(server.inbox.messages) == 2  # one per user with an address; none for ola

    (leader,) = server.inbox.to("annett@usn.example.no")
    plain, html = texts(leader)
    assert leader["Subject"] == "Consortium Monitor: nye varsler (3)"
    assert leader["From"] == "Consortium Monitor <monitor@usn.example.no>"
    assert "D3.1" in plain and "D4.2" in plain and "Prosjektregnskapsrapport 2024 skal sendes innen" in plain
    assert "MW Inc – Arbeidsinkludering av innvandrere" in plain  # the project's heading in bokmål
    assert "Eksempeldata: Årlig kostnads- og finansieringsplan" in plain  # mwinc's figures are sample data
    assert "Eksempeldata" in html

    (partner,) = server.inbox.to("kari@nav.example.no")
    plain, html = texts(partner)
    assert partner["Subject"] == "Consortium Monitor: new reminders (2)"
    assert "Hello Kari Nordmann," in plain and "as of 6 Jan 2025" in plain
    assert "WP3: D3.1 overdue (up to 36 days)." in plain and "Sample data: Yearly cost" in plain
    assert "D4.2" not in plain + html  # another partner's deliverable never reaches nav_vt

    sent = rows(con, "annett")
    assert set(sent) == {ACCOUNTS_DUE.key, NAV_OVERDUE.key, NHO_OVERDUE.key}
    assert all(r["sent_at"] is not None and r["failed_at"] is None and r["attempts"] == 1 for r in sent.values())
    assert sent[ACCOUNTS_DUE.key]["due"] == dt.date(2025, 1, 20) and sent[ACCOUNTS_DUE.key]["rule"] == DEADLINE
    logged = audit.read(con, local_user(), audit.Filters(action="mail_sent"))
    assert sorted(logged["row_key"]) == ["annett", "kari"] and set(logged["user_name"]) == {"cron"}


def test_a_second_run_sends_nothing_new_and_a_new_item_alone(con):
    with smtp.smtp_server() as server:
        run(con, server.port)
        again = run(con, server.port)
        assert len(server.inbox.messages) == 2  # the first run's two, nothing more
        assert {o.username: o.status for o in again.outcomes} == {
            "annett": "nothing_new",
            "kari": "nothing_new",
            "ola": "no_address",
        }
        assert again.ok

        later = dataclasses.replace(ACCOUNTS_DUE, key="deadline:mwinc:report:accounts:2024:-2")
        third = mail.remind(
            con, local_user(), [LEADER], lambda user: [*items_for(user), later], settings_for(server.port), TODAY
        )
    assert [o.keys for o in third.outcomes] == [(later.key,)]  # only the new item
    assert texts(server.inbox.messages[-1][1])[0].count("skal sendes innen") == 1


def test_a_refusing_server_keeps_the_items_for_the_next_run_with_the_failure_recorded(con, caplog):
    with smtp.smtp_server(smtp.Inbox(refuse="550 5.7.1 Relaying denied")) as server:
        report = run(con, server.port, users=[LEADER])
    assert not report.ok
    (failed,) = report.outcomes
    assert failed.status == "failed" and failed.error == "550 5.7.1 Relaying denied"
    assert server.inbox.messages == []
    kept = rows(con, "annett")
    assert len(kept) == 3
    assert all(r["sent_at"] is None and r["failed_at"] is not None and r["attempts"] == 1 for r in kept.values())
    assert {r["last_error"] for r in kept.values()} == {"550 5.7.1 Relaying denied"}
    assert "failed, 3 item(s) kept for the next run: 550 5.7.1 Relaying denied" in caplog.text
    assert len(audit.read(con, local_user(), audit.Filters(action="mail_failed"))) == 1

    with smtp.smtp_server() as working:
        retried = run(con, working.port, users=[LEADER])
    assert retried.ok and len(working.inbox.messages) == 1
    assert "nye varsler (3)" in working.inbox.messages[0][1]["Subject"]
    after = rows(con, "annett")
    # one failed attempt and one that went through: 1 + 1 = 2; the failure stays as the item's history
    assert all(r["sent_at"] is not None and r["attempts"] == 2 for r in after.values())
    assert all(r["last_error"] == "550 5.7.1 Relaying denied" for r in after.values())


def test_a_stopped_server_fails_the_send_and_the_next_run_delivers(con):
    with smtp.smtp_server() as server:
        port = server.port
        server.stop()
        report = run(con, port, users=[PARTNER])
    assert [o.status for o in report.outcomes] == ["failed"]
    assert "ConnectionRefusedError" in report.outcomes[0].error
    assert all(r["sent_at"] is None and r["attempts"] == 1 for r in rows(con, "kari").values())
    with smtp.smtp_server() as working:
        assert run(con, working.port, users=[PARTNER]).ok
    assert len(working.inbox.to("kari@nav.example.no")) == 1


def test_a_dry_run_sends_and_writes_nothing(con):
    with smtp.smtp_server() as server:
        report = run(con, server.port, dry_run=True)
    assert server.inbox.messages == []
    assert {o.username: o.status for o in report.outcomes} == {
        "annett": "would_send",
        "kari": "would_send",
        "ola": "no_address",
    }
    assert report.outcomes[0].message["Subject"] == "Consortium Monitor: nye varsler (3)"
    assert rows(con, "annett") == {} and rows(con, "kari") == {}
    assert audit.read(con, local_user(), audit.Filters(action="mail_sent")).empty


def test_a_dry_run_needs_no_smtp_server_in_config(con):
    settings = config.Config({**config.defaults().values})  # mail.host and mail.sender unset
    report = mail.remind(con, local_user(), [LEADER], items_for, settings, TODAY, dry_run=True)
    assert [o.status for o in report.outcomes] == ["would_send"]


def test_an_item_outside_the_users_scope_never_reaches_them(con):
    """The last gate: items_for should give a partner its own items only; one that does not is still stopped."""
    foreign_project = dataclasses.replace(ACCOUNTS_DUE, key="deadline:other:x", project_id="integrate")
    with smtp.smtp_server() as server:
        report = mail.remind(
            con,
            local_user(),
            [PARTNER],
            lambda user: [NAV_OVERDUE, NHO_OVERDUE, foreign_project],
            settings_for(server.port),
            TODAY,
        )
    assert report.outcomes[0].keys == (NAV_OVERDUE.key,)
    plain, html = texts(server.inbox.to("kari@nav.example.no")[0])
    assert "D4.2" not in plain + html and "integrate" not in plain
    assert set(rows(con, "kari")) == {NAV_OVERDUE.key}  # nothing recorded for the items left out


def test_only_an_administrator_runs_the_reminders_and_a_refusal_writes_nothing(con):
    leader_scope = LEADER.scope()
    with smtp.smtp_server() as server, pytest.raises(AccessDenied):
        mail.remind(con, leader_scope, [LEADER, PARTNER], items_for, settings_for(server.port), TODAY)
    assert server.inbox.messages == [] and rows(con, "annett") == {}
    with pytest.raises(AccessDenied):
        mail.log_of(con, PARTNER.scope(), "annett")  # a user reads their own log only
    assert mail.log_of(con, PARTNER.scope(), "kari") == []


def test_one_users_failing_rules_fail_their_digest_only_and_the_next_run_sends_it(con, caplog):
    def failing_for_the_leader(user: User) -> list[Item]:
        if user.role == "leader":
            raise RuntimeError("cost plan of mwinc unreadable")
        return items_for(user)

    with smtp.smtp_server() as server:
        report = mail.remind(
            con, local_user(), [LEADER, PARTNER], failing_for_the_leader, settings_for(server.port), TODAY
        )
        assert not report.ok
        leader, partner = report.outcomes
        assert (leader.status, leader.keys) == ("failed", ())
        assert leader.error == "the reminders could not be worked out: RuntimeError: cost plan of mwinc unreadable"
        assert partner.status == "sent" and [to for to, _ in server.inbox.messages] == [["kari@nav.example.no"]]
        assert "reminder e-mail to annett (annett@usn.example.no) not built" in caplog.text
        assert rows(con, "annett") == {}  # nothing marked: the next run works them out again
        again = run(con, server.port, users=[LEADER, PARTNER])
    assert [o.status for o in again.outcomes] == ["sent", "nothing_new"]
    assert len(server.inbox.to("annett@usn.example.no")) == 1


def hold_sending_row(con, holder: str, started: dt.datetime) -> None:
    """The sending row (table mail_run) as a run that started at `started` and has not let go holds it."""
    stale_before = started - mail.RUN_STALE_AFTER
    with db.transaction(con):
        assert db.execute(con, "mail_run_claim", holder=holder, now=started, stale_before=stale_before)


def test_a_run_while_another_sends_sends_and_writes_nothing(con):
    started = dt.datetime.now().replace(microsecond=0) - dt.timedelta(minutes=59)
    hold_sending_row(con, "cron pid 17", started)
    with smtp.smtp_server() as server:
        with pytest.raises(mail.RunInProgress) as busy:
            run(con, server.port)
        assert (busy.value.holder, busy.value.started_at) == ("cron pid 17", started)
        assert server.inbox.messages == []
        assert rows(con, "annett") == {} and rows(con, "kari") == {}
        # a dry run sends and writes nothing, so it runs beside the sending one
        assert [o.status for o in run(con, server.port, dry_run=True).outcomes][:2] == ["would_send", "would_send"]
    assert [r["holder"] for r in db.records(con, "mail_run_holder")] == ["cron pid 17"]  # still that run's


def test_a_run_killed_while_sending_is_taken_over_an_hour_after_it_started(con):
    hold_sending_row(con, "killed pid 9", dt.datetime.now().replace(microsecond=0) - dt.timedelta(minutes=61))
    with smtp.smtp_server() as server:
        report = run(con, server.port)
    assert report.ok and len(server.inbox.messages) == 2
    assert db.records(con, "mail_run_holder") == []  # let go when the run ended


def test_only_an_administrator_takes_the_sending_row(con):
    with pytest.raises(AccessDenied), mail.sending_run(con, LEADER.scope()):
        pass
    assert db.records(con, "mail_run_holder") == []


def test_two_runs_in_a_row_each_take_and_let_go_of_the_sending_row(con):
    with smtp.smtp_server() as server:
        with mail.sending_run(con, local_user("cron")) as holder:
            assert [r["holder"] for r in db.records(con, "mail_run_holder")] == [holder]
            with pytest.raises(mail.RunInProgress):
                run(con, server.port)  # the second of two runs started together
        assert db.records(con, "mail_run_holder") == []
        assert run(con, server.port).ok and len(server.inbox.messages) == 2


# --- STARTTLS, TLS, login, and the settings ----------------------------------------------------


@pytest.fixture
def tls(tmp_path):
    missing = smtp.openssl_missing()
    if missing:
        pytest.skip(missing)
    return smtp.certificate(tmp_path)


def test_starttls_with_a_login_whose_password_comes_from_the_environment(con, tls):
    cert, key = tls
    options = {
        "tls_context": smtp.server_context(cert, key),
        "require_starttls": True,
        "authenticator": smtp.authenticator("monitor", "s3cret-from-env"),
        "auth_require_tls": True,
    }
    with smtp.smtp_server(**options) as server:
        settings = settings_for(server.port, security="starttls", user="monitor", password_env="TEST_SMTP_PASSWORD")
        report = mail.remind(
            con,
            local_user(),
            [LEADER],
            items_for,
            settings,
            TODAY,
            env={"TEST_SMTP_PASSWORD": "s3cret-from-env"},
            context=smtp.client_context(cert),
        )
        assert report.ok and len(server.inbox.messages) == 1

        wrong = mail.remind(
            con,
            local_user(),
            [PARTNER],
            items_for,
            settings,
            TODAY,
            env={"TEST_SMTP_PASSWORD": "wrong"},
            context=smtp.client_context(cert),
        )
    assert [o.status for o in wrong.outcomes] == ["failed"] and wrong.outcomes[0].error.startswith("535")
    assert "wrong" not in wrong.outcomes[0].error


def test_starttls_refuses_a_server_whose_certificate_it_cannot_check(con, tls):
    cert, key = tls
    with smtp.smtp_server(tls_context=smtp.server_context(cert, key), require_starttls=True) as server:
        report = run(con, server.port, users=[LEADER])  # system CAs: the self-signed certificate is not trusted
        plain = mail.remind(
            con, local_user(), [LEADER], items_for, settings_for(server.port, security="starttls"), TODAY
        )
    assert report.outcomes[0].status == "failed"  # security none against a server requiring STARTTLS: 530
    assert plain.outcomes[0].status == "failed" and "CERTIFICATE_VERIFY_FAILED" in plain.outcomes[0].error
    assert server.inbox.messages == []


def test_tls_from_the_start(con, tls):
    cert, key = tls
    with smtp.smtp_server(ssl_context=smtp.server_context(cert, key)) as server:
        settings = settings_for(server.port, security="ssl")
        report = mail.remind(
            con, local_user(), [PARTNER], items_for, settings, TODAY, context=smtp.client_context(cert)
        )
    assert report.ok and len(server.inbox.to("kari@nav.example.no")) == 1


@pytest.mark.parametrize(
    "mail_settings, env, named",
    [
        ({"host": None}, {}, "mail.host"),
        ({"sender": None}, {}, "mail.sender"),
        ({"user": "monitor"}, {}, "MONITOR_MAIL_PASSWORD"),
        ({"user": "monitor", "password_env": "SMTP_PW"}, {"SMTP_PW": ""}, "SMTP_PW"),
    ],
)
def test_settings_that_cannot_send_are_refused_before_anything_is_sent(con, mail_settings, env, named):
    with pytest.raises(mail.MailConfigError, match=named):
        mail.remind(con, local_user(), [LEADER], items_for, settings_for(25, **mail_settings), TODAY, env=env)
    assert rows(con, "annett") == {}


def test_the_password_is_read_from_the_named_variable_and_never_shown():
    settings = settings_for(587, user="monitor", password_env="SMTP_PW")
    found = mail.server(settings, {"SMTP_PW": "hunter2-long"})
    assert found.password == "hunter2-long" and "hunter2" not in repr(found)


def test_the_link_keeps_a_project_the_item_names_itself():
    item = dataclasses.replace(ACCOUNTS_DUE, query=(("project", "integrate"),), page="pages/overview.py")
    assert mail.link("http://localhost:8501", item) == "http://localhost:8501/overview?project=integrate"


def test_db_records_the_marks_on_this_engine(con):
    """The upserts (insert … on conflict … do update) run on both engines: a mark on a row the app made."""
    with db.transaction(con):
        db.execute(
            con,
            "mail_mark_failed",
            user_name="annett",
            item_key="k",
            project_id=None,
            rule=DEADLINE,
            due=None,
            at=dt.datetime(2025, 1, 6, 7, 0),
            error="421 busy",
        )
        db.execute(
            con,
            "mail_mark_sent",
            user_name="annett",
            item_key="k",
            project_id=None,
            rule=DEADLINE,
            due=None,
            at=dt.datetime(2025, 1, 7, 7, 0),
        )
    (row,) = mail.log_of(con, local_user(), "annett")
    assert row["attempts"] == 2 and row["last_error"] == "421 busy"
    assert row["sent_at"] == dt.datetime(2025, 1, 7, 7, 0) and row["failed_at"] == dt.datetime(2025, 1, 6, 7, 0)
