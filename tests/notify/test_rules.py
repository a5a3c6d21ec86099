"""The rules (monitor/notify/rules.py) on the MW Inc seed, on both engines, at as-of dates either side of each
occasion. Every expected figure is counted by hand from data/seed/mwinc/*.csv (the arithmetic is in the comments)
and from the Research Council's calendar: accounts for year Y on 20 January of Y+1, progress 1 October, the final
report one month after the end (30.11.2025 -> 30.12.2025)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from monitor.access.scope import AccessDenied, Scope
from monitor.config import Config
from monitor.notify import rules
from monitor.notify.items import APPROVAL, BUDGET, DEADLINE, FORECAST, OVERDUE, REJECTED, say
from monitor.partners import inkind
from tests import oracle

LEADER = Scope("leader", "leader", frozenset({"mwinc"}))
ADMIN = Scope("admin", "admin")
NAV = Scope("nav", "partner", frozenset({"mwinc"}), "nav_vt")
NHO = Scope("nho", "partner", frozenset({"mwinc"}), "nho_vt")
READER = Scope("reader", "viewer", frozenset({"mwinc"}))


def rules_say(item, lang: str) -> str:
    return say(item, lang)


def keys(con, scope: Scope, settings, day: dt.date, rule: str | None = None) -> list[str]:
    return [i.key for i in rules.evaluate(con, scope, settings, day) if rule is None or i.rule == rule]


def by_key(con, scope: Scope, settings, day: dt.date) -> dict:
    return {i.key: i for i in rules.evaluate(con, scope, settings, day)}


def unsubmit(con, kind: str, period: str) -> None:
    """The seed submitted every report up to the 2024 accounts; remove one to test its reminders."""
    sql = "delete from report_snapshot where project_id = 'mwinc' and report_type = $kind and period = $period"
    con.execute(sql, {"kind": kind, "period": period})


def with_notify(settings, **values) -> Config:
    return Config({**settings.values, **{f"notify.{name}": value for name, value in values.items()}})


# --- deadlines ---------------------------------------------------------------------------------


ACCOUNTS_2024 = "deadline:mwinc:report:accounts:2024"


def test_the_accounts_reminder_14_days_before_20_january_2025(con, settings):
    # 20.01.2025 − 14 days = 06.01.2025. The seed submitted these accounts on 14.01.2025: after that, no reminder.
    assert [k for k in keys(con, LEADER, settings, dt.date(2025, 1, 5)) if k.startswith(ACCOUNTS_2024)] == []
    assert [k for k in keys(con, LEADER, settings, dt.date(2025, 1, 6)) if k.startswith(ACCOUNTS_2024)] == [
        f"{ACCOUNTS_2024}:-14"
    ]
    assert [k for k in keys(con, LEADER, settings, dt.date(2025, 1, 14)) if k.startswith(ACCOUNTS_2024)] == []


def test_the_accounts_reminders_before_at_and_after_a_missed_deadline(con, settings):
    unsubmit(con, "accounts", "2024")

    def mine(day: dt.date) -> list[str]:
        return [k for k in keys(con, LEADER, settings, day) if k.startswith(ACCOUNTS_2024)]

    assert mine(dt.date(2025, 1, 5)) == []  # 15 days before
    assert mine(dt.date(2025, 1, 6)) == [f"{ACCOUNTS_2024}:-14"]  # 14 days before
    assert mine(dt.date(2025, 1, 17)) == [f"{ACCOUNTS_2024}:-14"]  # 3 days before: the 14-day one still runs
    assert mine(dt.date(2025, 1, 18)) == [f"{ACCOUNTS_2024}:-2"]  # 20 − 2 = 18: the nearer one takes over
    assert mine(dt.date(2025, 1, 20)) == [f"{ACCOUNTS_2024}:-2"]  # the deadline's own day
    assert mine(dt.date(2025, 1, 21)) == [f"{ACCOUNTS_2024}:+1"]  # the day after: missed
    assert mine(dt.date(2025, 3, 1)) == [f"{ACCOUNTS_2024}:+1"]  # missed until submitted


def test_deadline_texts_in_both_languages(con, settings):
    unsubmit(con, "accounts", "2024")
    ahead = by_key(con, LEADER, settings, dt.date(2025, 1, 6))[f"{ACCOUNTS_2024}:-14"]
    assert ahead.date == dt.date(2025, 1, 20) and ahead.page == "pages/report.py"
    assert dict(ahead.query) == {"project": "mwinc"}
    assert rules_say(ahead, "nb") == "MW Inc: prosjektregnskapet for 2024 skal sendes innen 20.01.2025 (om 14 dager)."
    assert rules_say(ahead, "en") == "MW Inc: the project accounts for 2024 are due by 20 Jan 2025 (in 14 days)."
    today = by_key(con, LEADER, settings, dt.date(2025, 1, 20))[f"{ACCOUNTS_2024}:-2"]
    assert rules_say(today, "en") == "MW Inc: the project accounts for 2024 are due today, 20 Jan 2025."
    missed = by_key(con, LEADER, settings, dt.date(2025, 1, 21))[f"{ACCOUNTS_2024}:+1"]
    assert rules_say(missed, "nb") == (
        "MW Inc: prosjektregnskapet for 2024 er ikke sendt inn, fristen var 20.01.2025 (1 dager siden)."
    )


def test_the_final_report_missed_the_day_after_30_december_2025(con, settings):
    # End 30.11.2025 + one month = 30.12.2025; the seed never submits it.
    final = "deadline:mwinc:report:final:final"
    assert [k for k in keys(con, READER, settings, dt.date(2025, 12, 30)) if k.startswith(final)] == [f"{final}:-2"]
    assert [k for k in keys(con, READER, settings, dt.date(2025, 12, 31)) if k.startswith(final)] == [f"{final}:+1"]


def test_a_deliverable_reminded_before_its_due_date_then_overdue(con, settings):
    # D1.3 (nav_vt) is due 31.03.2025, delivered 10.04.2025: 17.03 is 14 days before, 01.04 the day after.
    ahead = "deadline:mwinc:deliverable:D1.3:2025-03-31:-14"
    late = "overdue:mwinc:deliverable:D1.3:2025-03-31"
    assert ahead not in keys(con, LEADER, settings, dt.date(2025, 3, 16))
    assert ahead in keys(con, LEADER, settings, dt.date(2025, 3, 17))
    assert late not in keys(con, LEADER, settings, dt.date(2025, 3, 31))
    assert late in keys(con, LEADER, settings, dt.date(2025, 4, 1))
    assert late not in keys(con, LEADER, settings, dt.date(2025, 4, 10))  # delivered that day


def test_overdue_on_the_day_after_the_due_date(con, settings):
    # Due 31.03.2025 and not done on 01.04.2025: D1.3 (delivered 10.04), D2.2 (draft) and M2.3 (not achieved).
    assert keys(con, LEADER, settings, dt.date(2025, 4, 1), OVERDUE) == [
        "overdue:mwinc:deliverable:D1.3:2025-03-31",
        "overdue:mwinc:deliverable:D2.2:2025-03-31",
        "overdue:mwinc:milestone:M2.3:2025-03-31",
    ]


# --- budget thresholds -------------------------------------------------------------------------


def test_the_2024_plan_passes_75_percent_on_31_october_2024(con, settings):
    # The 2024 plan of the current version (v2): the contract's 4 000 000 (cost_plan.csv, 2024) plus the 100 000
    # the approved change request moved to USN WP3 in 2024 (900 000 -> 1 000 000) = 4 100 000; 75 % = 3 075 000.
    # Spent in 2024 up to 30.10.2024: 99 ledger lines 2 588 321,16 + approved in-kind 369 800,00 (383,5 h × 800 +
    # 70 h × 900) = 2 958 121,16 = 72,1 % (< 75 %). On 31.10.2024 nine salary lines add 245 665,50 (55 079,25 +
    # 7 766,17 + 25 992,08 + 48 732,00 + 6 871,21 + 22 996,79 + 48 501,36 + 6 838,69 + 22 887,95) -> 3 203 786,66
    # = 78,1 % (>= 75 %). 50 % (2 050 000) was passed on 31.07.2024 (1 961 504,83 -> 2 206 698,83).
    assert oracle.spent(dt.date(2024, 10, 30), year=2024) == Decimal("2958121.16")
    before = by_key(con, LEADER, settings, dt.date(2024, 10, 30))
    assert [k for k in before if k.startswith("budget:mwinc:2024")] == ["budget:mwinc:2024:50"]
    assert before["budget:mwinc:2024:50"].date == dt.date(2024, 7, 31)
    after = by_key(con, LEADER, settings, dt.date(2024, 10, 31))
    assert [k for k in after if k.startswith("budget:mwinc:2024")] == ["budget:mwinc:2024:50", "budget:mwinc:2024:75"]
    passed = after["budget:mwinc:2024:75"]
    assert passed.date == dt.date(2024, 10, 31) and passed.page == "pages/budget.py"
    values = dict(passed.values)
    assert values["amount"] == Decimal("3203786.66") and values["planned"] == Decimal("4100000.00")
    assert values["share"] == Decimal("78.1")  # 3 203 786,66 / 4 100 000 = 0,78141...
    assert rules_say(passed, "en") == (
        "MW Inc: 78.1 % of the 2024 budget is spent (NOK\u00a03,203,787 of NOK\u00a04,100,000); 75 % was passed on "
        "31 Oct 2024."
    )


def test_the_project_plan_passed_50_percent_on_20_december_2023(con, settings):
    # The whole plan is 15 102 000 (cost_plan.csv; the change request moves money between years, not the total);
    # 50 % = 7 551 000. Cumulative spend reached it with the salaries of 20.12.2023.
    assert oracle.spent(dt.date(2023, 12, 19)) < Decimal("7551000") <= oracle.spent(dt.date(2023, 12, 20))
    assert "budget:mwinc:project:50" not in keys(con, LEADER, settings, dt.date(2023, 12, 19))
    found = by_key(con, LEADER, settings, dt.date(2023, 12, 20))["budget:mwinc:project:50"]
    assert found.date == dt.date(2023, 12, 20)


def test_thresholds_per_project_from_config(con, settings):
    # mwinc overridden to [80, 95]: 80 % of the 2024 plan is 3 280 000. On 31.10.2024 the year stands at
    # 3 203 786,66 (78,1 %): nothing. Up to 29.11.2024 spent 3 231 103,32 (78,8 %); the salaries of 30.11.2024 lift it
    # to 3 482 855,15 (84,9 %): 80 % passed on 30.11.2024, 95 % (3 895 000) not (the year ends at 3 859 562,31).
    custom = with_notify(settings, by_project={"mwinc": {"budget_thresholds": [80, 95]}})
    assert keys(con, LEADER, custom, dt.date(2024, 10, 31), BUDGET) == []
    assert oracle.spent(dt.date(2024, 11, 29), year=2024) == Decimal("3231103.32")
    assert oracle.spent(dt.date(2024, 11, 30), year=2024) == Decimal("3482855.15")
    found = {k: i for k, i in by_key(con, LEADER, custom, dt.date(2024, 12, 31)).items() if k.startswith("budget:")}
    assert [k for k in found if ":2024:" in k] == ["budget:mwinc:2024:80"]
    assert found["budget:mwinc:2024:80"].date == dt.date(2024, 11, 30)
    assert "budget:mwinc:2024:50" not in found  # the global 50/75/90 do not apply to mwinc any more


# --- forecast, approvals, rejected -------------------------------------------------------------


def test_the_forecast_over_budget(con, settings):
    # The Overview's run-rate forecast on 06.01.2025: spent 11 812 055,39 in 1 133 of the project's 1 461 days
    # (01.12.2021-30.11.2025; 06.01.2025 − 01.12.2021 = 1 132 days, + the day itself) -> 11 812 055,39 × 1 461 /
    # 1 133 = 15 231 608,94, over the 15 102 000 budget by 129 608,94: one item, keyed by the plan version (v2).
    assert oracle.spent(dt.date(2025, 1, 6)) == Decimal("11812055.39")
    found = [i for i in rules.evaluate(con, LEADER, settings, dt.date(2025, 1, 6)) if i.rule == FORECAST]
    assert [i.key for i in found] == ["forecast:mwinc:v2"]
    values = dict(found[0].values)
    assert values["amount"] == Decimal("15231608.94") and values["difference"] == Decimal("129608.94")
    assert keys(con, LEADER, with_notify(settings, forecast_over_budget=False), dt.date(2025, 1, 6), FORECAST) == []


def test_in_kind_reports_waiting_longer_than_7_days(con, settings):
    # Five reports worked 28.09.2025 and still reported (inkind.csv), with no audit entry: waiting since 28.09.
    # 05.10 is 7 days later (not longer than 7), 06.10 is 8.
    assert keys(con, LEADER, settings, dt.date(2025, 10, 5), APPROVAL) == ["approval:mwinc:hours:" + hours_id(con)]
    waiting = [k for k in keys(con, LEADER, settings, dt.date(2025, 10, 6), APPROVAL) if ":inkind:" in k]
    assert len(waiting) == 5
    assert keys(con, LEADER, with_notify(settings, approval_days=None), dt.date(2025, 10, 6), APPROVAL) == []


def hours_id(con) -> str:
    """The id of the one month's hours the seed leaves reported (hours.csv: phd, WP1, April 2024)."""
    sql = "select effort_id from effort_actual where project_id = 'mwinc' and status = 'reported'"
    return str(con.execute(sql).fetchone()[0])


def test_month_hours_waiting_from_the_months_end(con, settings):
    # hours.csv: the PhD candidate's April 2024 hours in WP1 are reported, not decided; seeded, so waiting from the
    # month's last day 30.04.2024: 07.05 is 7 days later, 08.05 is 8.
    key = "approval:mwinc:hours:" + hours_id(con)
    assert key not in keys(con, LEADER, settings, dt.date(2024, 5, 7))
    item = by_key(con, LEADER, settings, dt.date(2024, 5, 8))[key]
    assert item.date == dt.date(2024, 4, 30) and item.page == "pages/effort.py"
    # the month is told as the language writes a month, not as 2024-04 (found walking the page in Chromium)
    assert "for april 2024 har ventet på godkjenning i 8 dager" in say(item, "nb")
    assert "hours in WP1 for April 2024 have waited 8 days" in say(item, "en")


def test_a_rejection_reaches_that_partners_users_with_its_reason(con, settings):
    row = con.execute(
        "select contribution_id, version from inkind_contribution where partner_id = 'nav_vt' and status = 'reported'"
    ).fetchone()
    inkind.decide(con, "mwinc", int(row[0]), int(row[1]), inkind.REJECTED, "Timene er ført to ganger", LEADER)
    today = dt.date.today()
    found = by_key(con, NAV, settings, today)[f"rejected:mwinc:inkind:{row[0]}"]
    assert found.date == today and found.partner_id == "nav_vt"  # dated the day of the decision (the audit log)
    assert rules_say(found, "nb").endswith("ble avvist: Timene er ført to ganger")
    assert f"rejected:mwinc:inkind:{row[0]}" not in keys(con, NHO, settings, today)
    assert keys(con, LEADER, settings, today, REJECTED) == []  # the leader decided it


# --- who hears what ----------------------------------------------------------------------------


def test_a_partner_hears_only_of_its_own(con, settings):
    day = dt.date(2025, 4, 1)
    # nav_vt is responsible for D1.3 only (deliverables.csv); D2.2 and M2.3 are not its own.
    assert keys(con, NAV, settings, day) == ["overdue:mwinc:deliverable:D1.3:2025-03-31"]
    # nho_vt: no deliverable of its own; its one rejected report (inkind.csv, 28.06.2024, 12 h), dated its work
    # day since the seed has no decision in the audit log.
    nho = rules.evaluate(con, NHO, settings, day)
    assert [(i.rule, i.date, i.partner_id) for i in nho] == [(REJECTED, dt.date(2024, 6, 28), "nho_vt")]
    for item in [*rules.evaluate(con, NAV, settings, day), *nho]:
        assert item.rule not in (BUDGET, FORECAST, APPROVAL)


def test_a_viewer_hears_only_of_the_funder_reports(con, settings):
    assert keys(con, READER, settings, dt.date(2025, 4, 1)) == []
    assert keys(con, READER, settings, dt.date(2026, 1, 21)) == [
        "deadline:mwinc:report:final:final:+1",
        "deadline:mwinc:report:accounts:2025:+1",
    ]


def test_keys_are_stable_across_evaluations(con, settings):
    day = dt.date(2025, 11, 30)
    first = rules.evaluate(con, LEADER, settings, day)
    assert first and [i.key for i in first] == [i.key for i in rules.evaluate(con, LEADER, settings, day)]
    assert len({i.key for i in first}) == len(first)


# --- the user's choices ------------------------------------------------------------------------


def test_a_user_switches_a_rule_off_and_it_is_logged(con, settings):
    day = dt.date(2024, 10, 31)
    assert keys(con, LEADER, settings, day, BUDGET)
    rules.set_choice(con, "leader", BUDGET, False, LEADER)
    assert rules.choices(con, LEADER)[BUDGET] is False
    assert keys(con, LEADER, settings, day, BUDGET) == []
    assert keys(con, ADMIN, settings, day, BUDGET)  # another user's choice is theirs
    logged = con.execute(
        "select user_name, row_key, new_value from audit_log where table_name = 'notification_choice'"
    ).fetchall()
    assert logged == [("leader", "leader:budget", "false")]
    rules.set_choice(con, "leader", BUDGET, True, LEADER)
    assert keys(con, LEADER, settings, day, BUDGET)


def test_choices_of_another_user_are_refused(con):
    with pytest.raises(AccessDenied):
        rules.set_choice(con, "leader", BUDGET, False, NAV)
    with pytest.raises(AccessDenied):
        rules.choices(con, NAV, "leader")
    with pytest.raises(ValueError, match="unknown rule"):
        rules.set_choice(con, "nav", "everything", False, NAV)
    assert con.execute("select count(*) from notification_choice").fetchone()[0] == 0
    rules.set_choice(con, "leader", DEADLINE, False, ADMIN)  # an admin may
    assert rules.choices(con, ADMIN, "leader")[DEADLINE] is False


def test_the_seeded_rejection_reaches_nho_with_its_reason(con, settings):
    # inkind.csv: NHO VT's 12 h of 28.06.2024 (travel to NHO's annual conference) rejected, with its reason; a
    # rejection without one read "rejected: –" in the digest (found running `monitor remind --dry-run`).
    (item,) = [i for i in by_key(con, NHO, settings, dt.date(2025, 10, 6)).values() if i.rule == REJECTED]
    assert "Reisen til NHO-årskonferansen er ikke arbeid i prosjektet." in say(item, "nb")
    assert [i for i in by_key(con, NAV, settings, dt.date(2025, 10, 6)).values() if i.rule == REJECTED] == []


def test_an_administrator_hears_about_the_projects_named_only(con, settings):
    admin = Scope("admin", "admin")
    assert rules.admin_projects(admin, ["mwinc"]) == ("mwinc",) and rules.admin_projects(admin, None) == ()
    assert rules.admin_projects(LEADER, ["integrate"]) is None  # a leader hears about its own projects
    day = dt.date(2025, 10, 6)
    named = rules.evaluate(con, admin, settings, day, rules.admin_projects(admin, ["mwinc"]))
    assert named and {item.project_id for item in named} == {"mwinc"}
    assert rules.evaluate(con, admin, settings, day, rules.admin_projects(admin, [])) == []


def test_a_project_from_the_open_data_is_reminded_ahead_but_never_told_of_missed_reports(con, settings):
    # 226030 (2013-2016) imported from the funder's open data: its reports went in before the monitor knew it, so the
    # deadlines passed without a submission here (progress 01.10.2013 and 01.10.2014, accounts 20.01.2014 and
    # 20.01.2015) are not "missed"; the next one, progress 2015 due 01.10.2015, is reminded 14 days ahead (from
    # 17.09.2015: 20.09.2015 is 11 days before).
    from tests.pages.helpers import add_declared_project

    add_declared_project(con)
    found = [i.key for i in rules.project_items(con, "226030", ADMIN, settings, dt.date(2015, 9, 20), [DEADLINE])]
    assert found == ["deadline:226030:report:progress:2015:-14"]
    # MW Inc, followed here with its plan, is told of a missed report as before
    unsubmit(con, "accounts", "2024")
    assert f"{ACCOUNTS_2024}:+1" in keys(con, LEADER, settings, dt.date(2025, 1, 21))
