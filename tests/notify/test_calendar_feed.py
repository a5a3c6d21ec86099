"""The calendar feed (monitor/notify/calendar_feed.py), parsed back with the icalendar library and checked by hand
against the MW Inc seed: the funder's reporting calendar, the milestone and deliverable dates of
data/seed/mwinc/*.csv, the funder's payments; stable and unique UIDs; each role's scope."""

import csv
import datetime as dt

import icalendar
import pytest

from monitor.access.scope import AccessDenied, Scope, local_user
from monitor.notify import calendar_feed
from tests.conftest import EMBEDDED_SEED
from tests.scopes import LEADER, NAV, OTHER_LEADER, PARTNERLESS, READER

AS_OF = dt.date(2025, 6, 30)
NHO = Scope("nho.kontakt", "partner", frozenset({"mwinc"}), "nho_vt")
UID = "{}-mwinc-{}@consortium-monitor"
NBSP = "\u00a0"  # monitor.format keeps an amount and its currency together


def feed(con, settings, scope, lang="en", as_of=AS_OF) -> bytes:
    return calendar_feed.to_ical(calendar_feed.events(con, scope, as_of, settings), lang, "Kari")


def parsed(data: bytes) -> dict[str, icalendar.Event]:
    """{UID: VEVENT} of the file as a calendar app reads it."""
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}


def day(event, name="DTSTART") -> dt.date:
    return event.decoded(name)


def seed_rows(name: str) -> list[dict]:
    with (EMBEDDED_SEED / "mwinc" / f"{name}.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def kinds(events: dict) -> set[str]:
    return {uid.split("-", 1)[0] for uid in events}


def test_the_reporting_calendar_of_mw_inc(con, settings):
    events = parsed(feed(con, settings, LEADER))
    # MW Inc runs 1 Dec 2021 – 30 Nov 2025: progress reports on 1 Oct of 2022, 2023, 2024 (1 Oct 2021 is before
    # the start; 2025 is the last year, covered by the final report), accounts on 20 Jan of the next year for
    # 2021..2025, the final report one month after the end: 30 Dec 2025.
    expected = {
        **{UID.format("report", f"progress-{y}"): dt.date(y, 10, 1) for y in (2022, 2023, 2024)},
        **{UID.format("report", f"accounts-{y}"): dt.date(y + 1, 1, 20) for y in range(2021, 2026)},
        UID.format("report", "final"): dt.date(2025, 12, 30),
    }
    reports = {uid: day(e) for uid, e in events.items() if uid.startswith("report-")}
    assert reports == expected
    for uid in reports:  # all-day: one day long
        assert day(events[uid], "DTEND") == reports[uid] + dt.timedelta(days=1)
    # data/seed/mwinc/submitted_reports.csv: accounts 2021-2024 and progress 2022-2024 were submitted by 30 Jun 2025
    submitted = {uid for uid in reports if str(events[uid]["SUMMARY"]).startswith("✓")}
    assert submitted == set(expected) - {UID.format("report", "accounts-2025"), UID.format("report", "final")}
    assert str(events[UID.format("report", "accounts-2024")]["SUMMARY"]) == (
        "✓ Project accounts report 2024 submitted 14 Jan 2025 – MW Inc"  # submitted_at 2025-01-14
    )
    assert str(events[UID.format("report", "final")]["SUMMARY"]) == "Due: final report – MW Inc"


def test_milestones_and_deliverables_from_the_seed_files(con, settings):
    events = parsed(feed(con, settings, LEADER))
    for kind, done_column in (("milestone", "achieved_date"), ("deliverable", "delivered_date")):
        rows = seed_rows(f"{kind}s")
        shown = {uid: e for uid, e in events.items() if uid.startswith(f"{kind}-")}
        assert set(shown) == {UID.format(kind, r["code"]) for r in rows}
        for row in rows:
            event = shown[UID.format(kind, row["code"])]
            assert day(event) == dt.date.fromisoformat(row["due_date"])
            done = bool(row[done_column]) and dt.date.fromisoformat(row[done_column]) <= AS_OF
            assert str(event["SUMMARY"]).startswith("✓") == done, row["code"]
            # DTSTAMP from the data: the day it was done, else its due date
            stamp = row[done_column] if done else row["due_date"]
            assert event.decoded("DTSTAMP") == dt.datetime.fromisoformat(stamp).replace(tzinfo=dt.UTC)
    # M2.3 re-planned to 31 Mar 2025 and not achieved; D1.3 (NAV's) delivered 10 Apr 2025, after its due date
    assert str(events[UID.format("milestone", "M2.3")]["SUMMARY"]) == (
        "Milestone M2.3: Survey of support programmes for migrant entrepreneurs – MW Inc (sample data)"
    )
    assert str(events[UID.format("deliverable", "D1.3")]["SUMMARY"]) == (
        "✓ Deliverable D1.3 delivered 10 Apr 2025: Report on collaboration between NAV and employers – MW Inc "
        "(sample data)"
    )


def test_the_funders_payments_and_the_change_request_windows(con, settings):
    events = parsed(feed(con, settings, LEADER))
    payments = {uid: day(e) for uid, e in events.items() if uid.startswith("payment-")}
    # config payments.mode_by_project: mwinc on invoice, paid invoice_days = 30 after each tertial of the project
    # (Dec 2021 is 2021 T3; 2025 T3 is Sep-Nov 2025, the last, so the final payment): T1 ends 30 Apr + 30 days =
    # 30 May, T2 31 Aug + 30 = 30 Sep, T3 31 Dec + 30 = 30 Jan; the final one 30 days after the final report's
    # deadline of 30 Dec 2025 = 29 Jan 2026. 1 + 3 + 3 + 3 + 2 + final = 13.
    expected = {UID.format("payment", "2021-T3"): dt.date(2022, 1, 30)}
    for year in (2022, 2023, 2024, 2025):
        expected[UID.format("payment", f"{year}-T1")] = dt.date(year, 5, 30)
        expected[UID.format("payment", f"{year}-T2")] = dt.date(year, 9, 30)
        if year < 2025:
            expected[UID.format("payment", f"{year}-T3")] = dt.date(year + 1, 1, 30)
    expected[UID.format("payment", "final")] = dt.date(2026, 1, 29)
    assert payments == expected
    # data/seed/mwinc/payments.csv: 200 000.00 received 28 Jan 2022 settled the first instalment
    assert str(events[UID.format("payment", "2021-T3")]["SUMMARY"]) == (
        f"✓ Payment from the funder, 2021 T3, received 28 Jan 2022: NOK{NBSP}200,000 – MW Inc (sample data)"
    )
    # by 30 Jun 2025 the 2025 T1 payment (3 Jun 2025) was the last received: T2 and the final one are awaited
    open_ones = {uid for uid in payments if not str(events[uid]["SUMMARY"]).startswith("✓")}
    assert open_ones == {UID.format("payment", "2025-T2"), UID.format("payment", "final")}
    # changes.move_windows: funds leave year Y by 31 Dec of Y, or from 20 Feb to 15 Mar of Y+1, for Y = 2021..2024
    # (2025 is the last year: no later year to move to)
    windows = {uid: (day(e), day(e, "DTEND")) for uid, e in events.items() if uid.startswith("window-")}
    assert windows == {
        **{UID.format("window", f"{y}-by"): (dt.date(y, 12, 31), dt.date(y + 1, 1, 1)) for y in range(2021, 2025)},
        # DTEND of an all-day window is the day after its last: 16 March
        **{
            UID.format("window", f"{y}-next"): (dt.date(y + 1, 2, 20), dt.date(y + 1, 3, 16)) for y in range(2021, 2025)
        },
    }
    # 9 reports + 10 milestones + 8 deliverables + 13 payments + 8 windows
    assert len(events) == 9 + 10 + 8 + 13 + 8


def test_uids_are_the_same_on_every_run_and_unique_within_a_file(con, settings):
    first, second = feed(con, settings, LEADER), feed(con, settings, LEADER)
    assert first == second  # no clock in the file: identical data, identical bytes
    uids = [str(e["UID"]) for e in icalendar.Calendar.from_ical(first).walk("VEVENT")]
    assert len(uids) == len(set(uids)) == 48
    # a year earlier fewer things are done, yet every deadline keeps its UID (an app updates, never duplicates)
    earlier = feed(con, settings, LEADER, as_of=dt.date(2024, 6, 30))
    assert set(parsed(earlier)) == set(uids)
    assert str(parsed(earlier)[UID.format("report", "accounts-2024")]["SUMMARY"]).startswith("Due:")
    # the same UIDs in either language
    assert set(parsed(feed(con, settings, LEADER, lang="nb"))) == set(uids)


def test_a_partner_gets_its_own_deliverables_and_the_milestones_only(con, settings):
    events = parsed(feed(con, settings, NAV))
    # deliverables.csv: NAV Vestfold og Telemark (nav_vt) is responsible for D1.3 only
    assert {uid for uid in events if uid.startswith("deliverable-")} == {UID.format("deliverable", "D1.3")}
    assert kinds(events) == {"milestone", "deliverable"}  # no reports, payments or change-request windows
    assert len(events) == 10 + 1
    assert not any("NOK" in str(e["SUMMARY"]) for e in events.values())
    # NHO Vestfold og Telemark is responsible for no deliverable: the milestones only
    assert kinds(parsed(feed(con, settings, NHO))) == {"milestone"}


def test_a_viewer_reads_what_its_pages_show_but_no_change_request_windows(con, settings):
    # The viewer (the funder, a board) opens the Funder report, Schedule and Payments and cash pages, but does not
    # submit change requests: reports, milestones, every deliverable and the payments, not the windows.
    events = parsed(feed(con, settings, READER))
    assert kinds(events) == {"report", "milestone", "deliverable", "payment"}
    assert len(events) == 9 + 10 + 8 + 13


def test_refused_scopes(con, settings):
    with pytest.raises(AccessDenied):
        calendar_feed.project_events(con, "mwinc", OTHER_LEADER, AS_OF, settings)
    with pytest.raises(AccessDenied):  # a partner user without a partner sees nothing rather than everything
        calendar_feed.events(con, PARTNERLESS, AS_OF, settings)
    assert calendar_feed.events(con, OTHER_LEADER, AS_OF, settings) == []  # integrate is not in this database
    assert len(calendar_feed.events(con, local_user(), AS_OF, settings)) == 48  # an admin: every project


def test_titles_and_descriptions_in_both_languages(con, settings):
    nb, en = parsed(feed(con, settings, LEADER, lang="nb")), parsed(feed(con, settings, LEADER, lang="en"))
    calendar = icalendar.Calendar.from_ical(feed(con, settings, LEADER, lang="nb"))
    assert str(calendar["X-WR-CALNAME"]) == "Consortium Monitor – frister for Kari"
    accounts = UID.format("report", "accounts-2024")
    assert str(nb[accounts]["SUMMARY"]) == "✓ Prosjektregnskapsrapport 2024 sendt 14.01.2025 – MW Inc"
    assert str(nb[UID.format("report", "progress-2024")]["SUMMARY"]).startswith("✓ Framdriftsrapport 2024 sendt")
    assert str(nb[UID.format("report", "final")]["SUMMARY"]) == "Frist: sluttrapport – MW Inc"
    assert str(nb[UID.format("milestone", "M3.3")]["SUMMARY"]) == (
        "Milepæl M3.3: Recommendations for new practice agreed with partners – MW Inc (eksempeldata)"
    )
    # the description: the project, where it is handled, and the sample-data note where the date is sample data
    assert str(en[accounts]["DESCRIPTION"]).splitlines() == [
        "MW Inc – Migrant Work Inclusion - co-creating joint opportunities through employment and entrepreneurship",
        "Handled on the “Funder report” page of Consortium Monitor.",
    ]
    lines = str(nb[UID.format("window", "2023-next")]["DESCRIPTION"]).splitlines()
    assert lines[1] == "Håndteres på siden «Budsjett og forbruk», fanen «Endringssøknader», i Consortium Monitor."
    milestone = str(en[UID.format("milestone", "M3.3")]["DESCRIPTION"]).splitlines()
    assert milestone[1] == "Handled on the “Schedule” page of Consortium Monitor."
    assert milestone[2].startswith("Sample data: Yearly cost and funding plan")
