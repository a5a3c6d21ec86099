"""The Notifications page (AppTest) on the MW Inc seed as of 01.04.2025: each role's list, marking read, the
user's rule choices, the unread count for the sidebar's entry. What each rule gives is counted by hand in
tests/notify/test_rules.py; here: that the page shows it, and what its buttons write."""

import datetime as dt

import duckdb

from monitor.access.users import DEMO_USERS
from tests.apptest import open_page
from ui.components import notifications

AS_OF = "2025-04-01"
D13 = "D1.3"  # nav_vt's deliverable, due 31.03.2025, delivered 10.04.2025: overdue on 01.04.2025


def query(db_path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db_path))
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def texts(at) -> list[str]:
    return [m.value for m in at.markdown]


def page_links(at) -> list:
    return at.get("page_link")


def notify_buttons(at, label: str) -> list:
    return [b for b in at.button if b.label == label]


def test_the_leader_sees_the_list_with_links_and_unread_marks(app_env):
    at = open_page("notifications", "leader", as_of=AS_OF, lang="en")
    assert not at.exception
    assert [t.value for t in at.title] == ["Notifications"]
    shown = " ".join(texts(at))
    # On 01.04.2025: D1.3, D2.2 and M2.3 overdue since 31.03.2025 (deliverables.csv, milestones.csv).
    for code in ("D1\\.3", "D2\\.2", "M2\\.3"):
        assert f"{code} " in shown
    assert "Sample data" in " ".join(i.value for i in at.info)  # MW Inc's schedule is sample data
    unread = texts(at).count("**Unread**")
    assert unread >= 3 and f"{unread} unread of {unread}." in [c.value for c in at.caption]
    assert len(notify_buttons(at, "Mark as read")) == unread
    links = page_links(at)
    assert len(links) == unread and all(link.proto.label == "Open" for link in links)
    assert {link.proto.page.split("/")[-1] for link in links} >= {"schedule"}


def test_mark_one_read_then_all(app_env):
    at = open_page("notifications", "leader", as_of=AS_OF, lang="en")
    total = texts(at).count("**Unread**")
    notify_buttons(at, "Mark as read")[0].click()
    at.run()
    assert not at.exception
    assert "1 notifications marked as read." in [s.value for s in at.success]
    assert texts(at).count("**Unread**") == total - 1 and texts(at).count("Read") == 1
    assert len(query(app_env, "select * from notification where user_name = 'leader' and read_at is not null")) == 1
    notify_buttons(at, "Mark all as read")[0].click()
    at.run()
    assert texts(at).count("**Unread**") == 0
    assert f"0 unread of {total}." in [c.value for c in at.caption]
    assert query(app_env, "select count(*) from notification where user_name = 'leader'") == [(total,)]
    # Another user's list is untouched.
    admin = open_page("notifications", "admin", project="mwinc", as_of=AS_OF, lang="en")
    assert texts(admin).count("**Unread**") >= total


def test_a_rule_switched_off_leaves_the_list_and_is_saved(app_env):
    at = open_page("notifications", "leader", as_of=AS_OF, lang="en")
    boxes = {c.label: c for c in at.checkbox}
    assert len(boxes) == 5 and all(c.value for c in boxes.values())  # deadline, budget, forecast, overdue, approval
    boxes["Overdue milestones and deliverables"].uncheck()
    at.run()
    assert not at.exception
    assert "Your choice is saved." in [s.value for s in at.success]
    assert "overdue" not in " ".join(texts(at))
    assert query(app_env, "select user_name, rule, enabled from notification_choice") == [("leader", "overdue", False)]


def test_a_partner_sees_its_own_only_and_its_own_rules(app_env):
    at = open_page("notifications", "nav", as_of=AS_OF, lang="nb")
    assert not at.exception
    assert [t.value for t in at.title] == ["Varsler"]
    unread = [m for m in texts(at) if "·" in m]
    assert len(unread) == 1 and "D1\\.3" in unread[0]  # nav_vt's own deliverable, nothing of D2.2/M2.3
    assert [c.label for c in at.checkbox] == [
        "Frister framover (rapporter, milepæler, leveranser) og rapporter som ikke ble sendt inn",
        "Forsinkede milepæler og leveranser",
        "Egeninnsats fra dere som ble avvist",
    ]


def test_a_viewer_with_nothing_to_hear(app_env):
    at = open_page("notifications", "reader", as_of=AS_OF, lang="en")
    assert not at.exception
    assert "No notifications as of 1 Apr 2025." in [s.value for s in at.success]


def test_the_sidebar_entry_carries_the_unread_count(app_env):
    leader = DEMO_USERS["leader"].scope()
    day = dt.date.fromisoformat(AS_OF)
    count = notifications.unread(leader, day, None)
    assert count >= 3
    assert notifications.nav_titles(leader, day, "nb") == {"pages/notifications.py": f"Varsler ({count})"}
    reader = DEMO_USERS["reader"].scope()
    assert notifications.nav_titles(reader, day, "en") == {"pages/notifications.py": "Notifications"}


def test_an_administrator_hears_about_the_project_chosen_in_the_sidebar(app_env):
    # An admin's scope is every project of the database (hundreds in a research office: 38 s to evaluate them all
    # at 300 projects, and a list no one reads); the list and the count cover the sidebar's project.
    # (tests/notify/test_rules.py checks that nothing of another project comes in)
    at = open_page("notifications", "admin", as_of=AS_OF, lang="en", project="mwinc")
    assert not at.exception
    assert "the list covers the project chosen in the sidebar" in " ".join(c.value for c in at.caption)
    assert [m.value for m in at.markdown if "· MW Inc" in m.value]
