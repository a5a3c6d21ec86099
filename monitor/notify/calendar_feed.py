"""Every deadline a user may see, as an iCalendar file (issue 18): the funder's reporting calendar, milestones,
deliverables, the funder's expected payments and the windows for change requests, over all projects of a scope.

Who sees what follows the pages that show the same dates (monitor/access/scope.py, ui/navigation.py):
- leaders and admins: everything, the change-request windows included (only they submit change requests);
- viewers (the funder, a board): the reporting calendar (the Funder report page), milestones and deliverables
  (the Schedule page) and the funder's payments (the Payments and cash page reads them for viewers), not the
  change-request windows;
- partners: the project's milestones (the Schedule page shows them to partners) and the deliverables their own
  organisation is responsible for (cut in SQL); never the reporting calendar (the Funder report page is refused
  to partners), the funder's payments (refused by monitor/cash/load.py) or the change-request windows.

A calendar app recognises an event by its UID, so the UID names the thing, not the run: the same deadline has
the same UID in every file (a re-planned milestone keeps its UID and moves), and a subscribed or re-imported
file updates the events instead of adding copies. DTSTAMP comes from the data (the day the thing was done, else
its date), never from the clock, so two runs on the same data give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import icalendar

from monitor import db
from monitor.access.scope import Scope
from monitor.cash import load as cash_load
from monitor.cash import rules as cash_rules
from monitor.changes import rules as change_rules
from monitor.config import Config
from monitor.i18n import LANGUAGES, project_text, t
from monitor.project import load as project_load
from monitor.reports import calendar, snapshot

REPORT, MILESTONE, DELIVERABLE, PAYMENT, WINDOW = "report", "milestone", "deliverable", "payment", "window"
KINDS = (REPORT, MILESTONE, DELIVERABLE, PAYMENT, WINDOW)
DOMAIN = "consortium-monitor"
PRODID = "-//Consortium Monitor//Calendar feed//EN"
# Where each kind is handled: the page's title in the catalogs, and a tab of it where there is one.
WHERE = {
    REPORT: ("pages/report.py", "nav.report", None),
    MILESTONE: ("pages/schedule.py", "nav.schedule", None),
    DELIVERABLE: ("pages/schedule.py", "nav.schedule", None),
    PAYMENT: ("pages/cash.py", "nav.cash", None),
    WINDOW: ("pages/budget.py", "nav.budget", "changes.tab"),
}


@dataclass(frozen=True)
class Event:
    """One dated thing in the feed. `text` (a catalog key) and `values` are its title; `ref` names it within
    its kind and project (the period, the code, the tertial), so `uid` is the same on every run. `last` is the
    last day of a window (the same as `start` for a one-day deadline); `done_on` the day it was submitted,
    achieved, delivered or received (on or before the feed's date), else None."""

    kind: str
    project_id: str
    ref: str
    start: dt.date
    last: dt.date
    text: str
    values: tuple[tuple[str, Any], ...]
    done_on: dt.date | None
    acronym: str
    names: tuple[tuple[str, str], ...]  # the project's name per language
    sample_notes: tuple[tuple[str, str], ...] = ()  # per language, when the date is sample data

    @property
    def uid(self) -> str:
        return f"{self.kind}-{self.project_id}-{_safe(self.ref)}@{DOMAIN}"

    @property
    def page(self) -> str:
        return WHERE[self.kind][0]


def events(con: db.Connection, scope: Scope, today: dt.date, settings: Config) -> list[Event]:
    """Every deadline the scope may see, over all its projects, by date. `today` decides what is marked done
    (a report submitted, a milestone achieved... on or before it) and which payments were received."""
    found: list[Event] = []
    for project_id in project_load.list_projects(con, scope)["project_id"]:
        found += project_events(con, project_id, scope, today, settings)
    return sorted(found, key=lambda e: (e.start, e.project_id, KINDS.index(e.kind), e.ref))


def project_events(con: db.Connection, project_id: str, scope: Scope, today: dt.date, settings: Config) -> list[Event]:
    """One project's deadlines within the scope (see the module docstring for who sees what)."""
    project = project_load.project_row(con, project_id, scope)
    about = _About.of(project)
    partner = scope.partner_filter()
    found = _milestones(con, project_id, about, today)
    found += _deliverables(con, project_id, partner, about, today)
    if partner is None:  # the reporting calendar and the funder's money are the whole project's
        found += _reports(con, project, scope, about, today, settings)
        found += _payments(con, project_id, scope, about, today, settings)
    if scope.may_edit(project_id):
        found += _windows(project, about, change_rules.limits_from(settings))
    return found


@dataclass(frozen=True)
class _About:
    """What every event of one project carries: its acronym, names and sample-data note."""

    project_id: str
    acronym: str
    names: tuple[tuple[str, str], ...]
    sample_notes: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, project: dict) -> _About:
        names = tuple((lang, project.get(f"name_{lang}") or project["acronym"]) for lang in LANGUAGES)
        notes = ()
        if project.get("is_sample_data"):
            notes = tuple((lang, project_text(project, "sample_data_note", lang) or "") for lang in LANGUAGES)
        return cls(project["project_id"], project["acronym"], names, notes)

    def event(self, kind, ref, start, text, values, done_on=None, last=None, sample=False) -> Event:
        return Event(
            kind=kind,
            project_id=self.project_id,
            ref=ref,
            start=start,
            last=last or start,
            text=f"{text}.done" if done_on else f"{text}.due",
            values=(("acronym", self.acronym), *values, *((("done", done_on),) if done_on else ())),
            done_on=done_on,
            acronym=self.acronym,
            names=self.names,
            sample_notes=self.sample_notes if sample else (),
        )


def _reports(con, project: dict, scope: Scope, about: _About, today: dt.date, settings: Config) -> list[Event]:
    """The funder's reporting calendar (monitor/reports/calendar.py); the periods are facts (the project's period
    and the funder's rules), so these dates are never sample data."""
    rules = calendar.Rules(
        settings["report.progress_due"], settings["report.accounts_due"], settings["report.final_due_months"]
    )
    submitted = snapshot.first_submissions(snapshot.snapshots(con, project["project_id"], scope))
    table = calendar.calendar(project["start_date"], project["end_date"], rules, submitted, today)
    return [
        about.event(
            REPORT,
            calendar.FINAL if row["kind"] == calendar.FINAL else f"{row['kind']}-{row['period']}",
            row["deadline"],
            f"notify_calendar.report.{row['kind']}",
            (("period", row["period"]),),
            done_on=_day(row["submitted_at"]) if row["status"] == calendar.SUBMITTED else None,
        )
        for row in table.to_dict("records")
    ]


def _milestones(con, project_id: str, about: _About, today: dt.date) -> list[Event]:
    return [
        about.event(
            MILESTONE,
            row["code"],
            row["due_date"],
            "notify_calendar.milestone",
            (("code", row["code"]), ("title", row["title"])),
            done_on=_done(row["achieved_date"], today),
            sample=True,
        )
        for row in db.records(con, "milestones", project_id=project_id)
    ]


def _deliverables(con, project_id: str, partner: str | None, about: _About, today: dt.date) -> list[Event]:
    rows = db.records(con, "calendar_deliverables", project_id=project_id, partner_id=partner)
    return [
        about.event(
            DELIVERABLE,
            row["code"],
            row["due_date"],
            "notify_calendar.deliverable",
            (("code", row["code"]), ("title", row["title"])),
            done_on=_done(row["delivered_date"], today),
            sample=True,
        )
        for row in rows
    ]


def _payments(con, project_id: str, scope: Scope, about: _About, today: dt.date, settings: Config) -> list[Event]:
    """The funder's expected instalments (monitor/cash/rules.py schedule), each marked when a received payment
    settled it. Payments beyond the schedule are money already in, not a date to wait for: left out."""
    rows = cash_load.load(con, project_id, today, settings, scope).schedule_rows or []
    found = []
    for row in rows:
        instalment = row.instalment
        if instalment is None:
            continue
        received = row.status == cash_rules.RECEIVED
        amount = row.received if received else instalment.amount
        final = instalment.kind == cash_rules.FINAL  # the one paid after the final report, named as such
        ref = "final" if final else f"{instalment.year}-T{instalment.tertial}"
        found.append(
            about.event(
                PAYMENT,
                ref,
                instalment.expected_date,
                "notify_calendar.payment_final" if final else "notify_calendar.payment",
                (("amount", Decimal(amount)), ("year", str(instalment.year)), ("tertial", instalment.tertial)),
                done_on=row.received_date if received else None,
                sample=True,
            )
        )
    return found


def _windows(project: dict, about: _About, limits: change_rules.Limits) -> list[Event]:
    """For each year with a later year in the project: the last day to apply for moving its funds on (the end
    of the same-year window) and the window in the next year (changes.move_windows)."""
    found = []
    for year in range(project["start_date"].year, project["end_date"].year):
        days = change_rules.window_text(year, limits)
        values = (("year", str(year)), ("next", str(year + 1)), ("first", days["first"]), ("last", days["last"]))
        found.append(about.event(WINDOW, f"{year}-by", days["until"], "notify_calendar.window.by", values))
        found.append(
            about.event(WINDOW, f"{year}-next", days["first"], "notify_calendar.window.next", values, last=days["last"])
        )
    return found


def _done(day, today: dt.date) -> dt.date | None:
    day = _day(day)
    return day if day is not None and day <= today else None


def _day(value) -> dt.date | None:
    """A date from a date, a datetime or a pandas timestamp; None for a missing one (None, NaT, NaN)."""
    if value is None or value != value:  # NaN and NaT are not equal to themselves
        return None
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    return value.date() if isinstance(value, dt.datetime) else value


def _safe(ref: str) -> str:
    """A ref as a UID part: letters, digits, dot and hyphen (a code with a space or slash stays one token)."""
    return re.sub(r"[^A-Za-z0-9.\-]+", "-", str(ref))


# --- the iCalendar file ----------------------------------------------------------------------------------------


def to_ical(events: list[Event], lang: str, user: str) -> bytes:
    """The events as an iCalendar file (RFC 5545): one all-day VEVENT each, titled and described in `lang`."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", t("notify_calendar.name", lang, user=user))
    cal.add("x-wr-caldesc", t("notify_calendar.description", lang))
    for event in events:
        cal.add_component(_vevent(event, lang))
    return cal.to_ical()


def title(event: Event, lang: str) -> str:
    """The event's title in the language, marked as sample data where its date is."""
    text = t(event.text, lang, **dict(event.values))
    return f"{text} {t('notify_calendar.sample_mark', lang)}" if event.sample_notes else text


def description(event: Event, lang: str) -> str:
    """The project, where the deadline is handled, and the sample-data note where the date is sample data."""
    page, page_key, tab_key = WHERE[event.kind]
    names = dict(event.names)
    lines = [f"{event.acronym} – {names[lang]}"]
    if tab_key:
        lines.append(t("notify_calendar.where_tab", lang, page=t(page_key, lang), tab=t(tab_key, lang)))
    else:
        lines.append(t("notify_calendar.where", lang, page=t(page_key, lang)))
    if event.sample_notes:
        lines.append(t("app.sample_data", lang, note=dict(event.sample_notes)[lang]))
    return "\n".join(lines)


def _vevent(event: Event, lang: str) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", _stamp(event.done_on or event.start))
    vevent.add("dtstart", event.start)
    vevent.add("dtend", event.last + dt.timedelta(days=1))  # all-day: DTEND is the day after the last
    vevent.add("summary", title(event, lang))
    vevent.add("description", description(event, lang))
    vevent.add("categories", [t(f"notify_calendar.kind.{event.kind}", lang)])
    vevent.add("transp", "TRANSPARENT")  # a deadline does not make the user busy
    return vevent


def _stamp(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
