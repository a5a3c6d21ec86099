"""The in-app list (monitor/notify/inbox.py) on both engines: read state per user, marks that persist, the unread
count, refused marks that write nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from monitor.access.scope import AccessDenied, Scope
from monitor.notify import inbox

LEADER = Scope("leader", "leader", frozenset({"mwinc"}))
ADMIN = Scope("admin", "admin")
OTHER = Scope("other", "leader", frozenset({"integrate"}))
DAY = dt.date(2025, 4, 1)
# On 01.04.2025 the leader has (test_rules.py counts them): D1.3, D2.2 and M2.3 overdue (due 31.03.2025), the budget
# thresholds passed (2025: 50 % not yet; the project's 50 % and 75 %), the 2024 hours waiting since 30.04.2024,
# the forecast over budget. Whatever their number, each is unread until marked.
OVERDUE_D13 = "overdue:mwinc:deliverable:D1.3:2025-03-31"


def rows(con) -> list[tuple]:
    return con.execute("select user_name, item_key, rule, project_id, read_at from notification").fetchall()


def test_everything_is_unread_at_first_and_reading_writes_nothing(con, settings):
    table = inbox.inbox(con, LEADER, settings, DAY)
    assert OVERDUE_D13 in set(table["key"])
    assert not table["read"].any()
    assert inbox.unread_count(con, LEADER, settings, DAY) == len(table)
    assert rows(con) == []  # rows are written when first marked, not when read


def test_mark_read_persists_for_that_user_only(con, settings):
    total = inbox.unread_count(con, LEADER, settings, DAY)
    now = dt.datetime(2025, 4, 1, 9, 30)
    assert inbox.mark_read(con, LEADER, [OVERDUE_D13], now) == 1
    assert rows(con) == [("leader", OVERDUE_D13, "overdue", "mwinc", now)]
    table = inbox.inbox(con, LEADER, settings, DAY)
    read = table[table["key"] == OVERDUE_D13].iloc[0]
    assert bool(read["read"]) and read["read_at"] == now
    assert table.iloc[-1]["key"] == OVERDUE_D13  # unread first, read after
    assert inbox.unread_count(con, LEADER, settings, DAY) == total - 1
    # The admin sees the same item, still unread.
    admin = inbox.inbox(con, ADMIN, settings, DAY)
    assert not bool(admin.loc[admin["key"] == OVERDUE_D13, "read"].iloc[0])
    # Marking again changes nothing; the audit log has the one mark.
    assert inbox.mark_read(con, LEADER, [OVERDUE_D13]) == 0
    logged = con.execute("select user_name, new_value from audit_log where table_name = 'notification'").fetchall()
    assert logged == [("leader", OVERDUE_D13)]


def test_mark_all_read(con, settings):
    total = inbox.unread_count(con, LEADER, settings, DAY)
    assert inbox.mark_all_read(con, LEADER, settings, DAY) == total
    assert inbox.unread_count(con, LEADER, settings, DAY) == 0
    assert inbox.inbox(con, LEADER, settings, DAY)["read"].all()
    assert inbox.unread_count(con, ADMIN, settings, DAY) > 0


def test_a_row_the_mail_wrote_first_is_marked_read(con, settings):
    con.execute(
        "insert into notification (user_name, item_key, project_id, rule, sent_at, attempts) "
        "values ('leader', $key, 'mwinc', 'overdue', timestamp '2025-04-01 06:00:00', 1)",
        {"key": OVERDUE_D13},
    )
    assert inbox.unread_count(con, LEADER, settings, DAY) == len(inbox.inbox(con, LEADER, settings, DAY))
    assert inbox.mark_read(con, LEADER, [OVERDUE_D13]) == 1
    sent, read = con.execute("select sent_at, read_at from notification").fetchone()
    assert sent == dt.datetime(2025, 4, 1, 6) and read is not None


def test_marks_outside_the_scope_are_refused_and_write_nothing(con):
    with pytest.raises(AccessDenied):
        inbox.mark_read(con, OTHER, [OVERDUE_D13])
    with pytest.raises(ValueError, match="not a notification key"):
        inbox.mark_read(con, LEADER, ["anything:mwinc:x"])
    assert rows(con) == []
