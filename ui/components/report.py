"""Streamlit glue of the funder report page: URL-bound choices, cached reports keyed by the user's scope,
download callables (files are built on click) and the "mark as submitted" action."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from monitor import format as fmt
from monitor.access.scope import Scope
from monitor.errors import Conflict, Invalid
from monitor.i18n import label, t
from monitor.project import load as project_load
from monitor.reports import calendar, export, locks, present, snapshot, tables
from monitor.reports.present import ShownTable
from monitor.setup.seed import SEED_USER
from ui import database
from ui import shown as on_screen

UNITS = tuple(present.UNITS)
FLASH = "report:frozen"
LOCK_FLASH = "report:lock"


@dataclass(frozen=True)
class Choice:
    kind: str
    year: int | None
    as_of: dt.date
    unit: str


def controls(start: dt.date, end: dt.date, as_of: dt.date, lang: str) -> Choice:
    """Report, year, as-of date and unit, by their labels; report and year kept in the URL as codes
    (?report=accounts&year=2024)."""
    years = list(range(start.year, end.year + 1))
    default_year = min(max(as_of.year - 1, start.year), end.year)
    left, middle, right, unit_column = st.columns(4)
    kind = on_screen.choice(
        left,
        t("report.choose_kind", lang),
        calendar.KINDS,
        "report",
        lambda k: t(f"report.kind.{k}", lang),
        default=calendar.PROGRESS,
        placeholder=t("app.choose", lang),
        help=t("report.kind_help", lang),
    )
    year = on_screen.choice(
        middle,
        t("report.choose_year", lang),
        years,
        "year",
        str,
        default=default_year,
        placeholder=t("app.choose", lang),
        disabled=kind == calendar.FINAL,
    )
    chosen_as_of = right.date_input(
        t("report.choose_as_of", lang),
        value=as_of,
        key="report_as_of",
        format="DD.MM.YYYY" if lang == "nb" else "YYYY-MM-DD",
    )
    default_unit = database.settings()["report.amount_unit"]
    unit = unit_column.selectbox(
        t("report.choose_unit", lang),
        UNITS,
        index=UNITS.index(default_unit),
        key="unit",
        format_func=lambda u: present.unit_label(u, lang),
        placeholder=t("app.choose", lang),
    )
    return Choice(kind, None if kind == calendar.FINAL else int(year), chosen_as_of, unit)


@st.cache_data(show_spinner=False, max_entries=64)
def report(project_id: str, choice: Choice, scope: Scope) -> tables.Report:
    return tables.build(
        database.cursor(),
        project_id,
        choice.kind,
        choice.year,
        choice.as_of,
        scope,
        database.settings()["status.look_ahead_days"],
    )


@st.cache_data(show_spinner=False, max_entries=64)
def shown(project_id: str, choice: Choice, scope: Scope, lang: str) -> list[ShownTable]:
    return present.present(report(project_id, choice, scope), lang, choice.unit)


def file_builder(project_id: str, choice: Choice, scope: Scope, lang: str, file_format: str) -> Callable[[], bytes]:
    """A callable for st.download_button: the file is built only when the button is clicked."""

    def build() -> bytes:
        return export.build_file(report(project_id, choice, scope), file_format, lang, choice.unit, dt.datetime.now())

    return build


@st.cache_data(show_spinner=False, max_entries=64)
def frozen(project_id: str, scope: Scope) -> list[snapshot.Snapshot]:
    return snapshot.snapshots(database.cursor(), project_id, scope)


def reporting_calendar(project: dict, scope: Scope, as_of: dt.date, lang: str) -> pd.DataFrame:
    settings = database.settings()
    rules = calendar.Rules(
        settings["report.progress_due"], settings["report.accounts_due"], settings["report.final_due_months"]
    )
    submitted = snapshot.first_submissions(frozen(project["project_id"], scope))
    kept_here = project_load.reports_kept_here(database.cursor(), project["project_id"], scope)
    table = calendar.calendar(project["start_date"], project["end_date"], rules, submitted, as_of, kept_here)
    return calendar.shown(table, lang)


def latest_snapshot(project_id: str, choice: Choice, report_period: str, scope: Scope) -> snapshot.Snapshot | None:
    matches = [s for s in frozen(project_id, scope) if s.kind == choice.kind and s.period == report_period]
    return matches[0] if matches else None


def freeze(project_id: str, choice: Choice, scope: Scope) -> snapshot.Snapshot:
    """Store the report as submitted and drop cached reads (the calendar and comparison change)."""
    result = snapshot.freeze(database.cursor(), report(project_id, choice, scope), scope, dt.datetime.now())
    database.after_write()
    st.session_state[FLASH] = result.content_hash
    return result


def differences_table(frozen_tables: dict, current: tables.Report, lang: str, unit: str) -> pd.DataFrame:
    """Every figure that changed since submission, with the table and row named in the chosen language."""
    changes = snapshot.differences(frozen_tables, current.tables)
    return pd.DataFrame(
        {
            t("report.col.table", lang): [t(f"report.table.{name}", lang) for name in changes["table"]],
            t("report.col.row", lang): [
                _row_name(name, key, current, lang) for name, key in zip(changes["table"], changes["row"], strict=True)
            ],
            t("report.col.column", lang): [column_label(c, lang) for c in changes["column"]],
            t("report.col.frozen", lang): changes["submitted"].tolist(),
            t("report.col.today", lang): changes["today"].tolist(),
            t("report.col.difference", lang): changes["difference"].tolist(),
        }
    )


DIFFERENCE_COLUMNS = {
    "planned": "report.col.budget",
    "actual": "report.col.actual",
    "count": "report.col.count",
    "wp_code": "report.col.wp",
    "title": "report.col.title",
    "baseline_due": "report.col.baseline_due",
    "due_date": "report.col.due",
    "done_date": "report.col.done",
    "status": "report.col.status",
    "days_overdue": "report.col.days_overdue",
    "slip_days": "report.col.slip",
    "justification": "report.col.justification",
    "text": "report.col.text",
    "characters": "report.col.characters",
    "limit": "report.col.limit",
    "planned_pm": "effort.col.planned_pm",
    "actual_hours": "effort.col.actual_hours",
    "actual_pm": "effort.col.actual_pm",
}


def column_label(column: str, lang: str) -> str:
    """A report table's column by its label (the frozen tables keep codes)."""
    key = DIFFERENCE_COLUMNS.get(column)
    return t(key, lang) if key else column


def _row_name(name: str, key: tuple, current: tables.Report, lang: str) -> str:
    if name == "explanations":
        year, category, partner = key
        who = current.partner_names.get(partner, partner) if partner else t("report.whole_project", lang)
        return f"{year} {label('category', category, lang)} – {who}"
    if name in tables.MONEY_TABLES:
        return f"{key[0]} {present.key_label(name, key[1], current.partner_names, lang)}"
    if name == tables.EFFORT:
        wp, partner = key
        return f"{present.wp_label(wp, current.work_packages, lang)} – {current.partner_names.get(partner, partner)}"
    return " ".join(str(part) for part in key)


def flash(lang: str) -> None:
    """The confirmation of a submission, shown once after the rerun that follows it, where the button was."""
    digest = st.session_state.pop(FLASH, None)
    if digest:
        st.success(t("report.frozen", lang, hash=digest[:16]))


def show_table(table: ShownTable, prefix: str, lang: str) -> None:
    """A report table with its amounts in the unit's decimals and its percentages with one, in the
    language's format."""
    if table.frame.empty:
        st.caption(table.empty_text or "–")
        return
    places = 2 if table.unit == "nok" else 0
    decimals = {c: places for c in table.amounts} | {c: 1 for c in table.percents} | table.decimals
    on_screen.table(table.frame, lang, key=f"{prefix}_{table.key}", decimals=decimals)


# --- marking as submitted: confirm first, then the result where the button was ---------------------


def freeze_section(
    project_id: str,
    choice: Choice,
    current: tables.Report,
    frozen_now: snapshot.Snapshot | None,
    scope: Scope,
    lang: str,
) -> None:
    """Submitted already: say when, by whom, and offer nothing. Otherwise a confirmation checkbox that
    names the report and period, and the button, enabled only once confirmed."""
    flash(lang)
    reopened = reopened_lock(project_id, choice, scope) if frozen_now is not None else None
    if reopened is not None:  # an admin reopened the year: submitting again locks it again
        st.info(
            t(
                "locks.reopened_note",
                lang,
                year=reopened.year,
                at=reopened.reopened_at.date(),
                user=reopened.reopened_by,
                reason=reopened.reopen_reason,
            )
        )
        frozen_now = None
    if frozen_now is not None:
        st.success(
            t(
                "report.already_submitted",
                lang,
                report=t(f"report.kind.{choice.kind}", lang),
                period=period_label(current.period, lang),
                at=frozen_now.submitted_at,
                user=submitter(frozen_now.submitted_by, lang),
            )
        )
        st.button(t("report.freeze", lang), key="freeze", disabled=True)
        return
    confirmed = st.checkbox(
        t(
            "report.freeze_confirm",
            lang,
            report=t(f"report.kind.{choice.kind}", lang),
            period=period_label(current.period, lang),
            as_of=choice.as_of,
        ),
        key=f"freeze_confirm:{choice.kind}:{current.period}",
    )
    if st.button(t("report.freeze", lang), key="freeze", disabled=not confirmed, type="primary"):
        freeze(project_id, choice, scope)
        st.rerun()


def reopened_lock(project_id: str, choice: Choice, scope: Scope) -> locks.Lock | None:
    """For an accounts report: the year's newest lock when an admin has reopened it (and no submission has
    locked it again), else None."""
    if choice.kind != calendar.ACCOUNTS:
        return None
    found = locks.history(database.cursor(), project_id, scope, choice.year)
    return found[0] if found and not found[0].in_force else None


# --- locked years: the list, what changed since each lock, and reopening (admins) ------------------------


@st.cache_data(show_spinner=False, max_entries=64)
def changed_since_lock(project_id: str, year: int, scope: Scope) -> pd.DataFrame | None:
    found = snapshot.changed_since_lock(
        database.cursor(), project_id, year, scope, database.settings()["status.look_ahead_days"]
    )
    return None if found is None else found[1]


def locks_table(history: list[locks.Lock], lang: str) -> pd.DataFrame:
    """Every lock, newest first: year, state, when and by whom locked, reopened, and why."""
    return pd.DataFrame(
        {
            t("locks.col.year", lang): [str(lock.year) for lock in history],
            t("locks.col.state", lang): [
                t("locks.state.locked" if lock.in_force else "locks.state.reopened", lang) for lock in history
            ],
            t("locks.col.locked_at", lang): [_when(lock.locked_at, lang) for lock in history],
            t("locks.col.locked_by", lang): [submitter(lock.locked_by, lang) for lock in history],
            t("locks.col.reopened_at", lang): [_when(lock.reopened_at, lang) for lock in history],
            t("locks.col.reopened_by", lang): [lock.reopened_by or "–" for lock in history],
            t("locks.col.reason", lang): [lock.reopen_reason or "–" for lock in history],
        }
    )


def _when(value: dt.datetime | None, lang: str) -> str:
    return "–" if value is None else f"{fmt.date(value.date(), lang)} {value:%H:%M}"


def lock_section(project_id: str, scope: Scope, lang: str) -> None:
    """The project's locked years with their history; for each year in force, whether its figures changed since
    the submission that locked it (said plainly); the reopen form for admins."""
    st.subheader(t("locks.heading", lang))
    st.caption(t("locks.help", lang))
    message = st.session_state.pop(LOCK_FLASH, None)
    if message:
        st.success(message)
    history = locks.history(database.cursor(), project_id, scope)
    if not history:
        st.info(t("locks.none", lang))
        return
    on_screen.table(locks_table(history, lang), lang, key="locks")
    in_force = sorted(lock.year for lock in history if lock.in_force)
    for year in sorted({lock.year for lock in history}):
        changes = changed_since_lock(project_id, year, scope)
        if changes is not None and not changes.empty:
            st.warning(t("locks.changed", lang, year=str(year), count=len(changes)))
        elif changes is not None:
            st.caption(t("locks.unchanged", lang, year=str(year)))
    if in_force:
        reopen_form(project_id, in_force, scope, lang)


def reopen_form(project_id: str, years: list[int], scope: Scope, lang: str) -> None:
    """Admins: a locked year and a reason; leaders are told only an admin can; viewers and partners see nothing."""
    if not scope.is_admin:
        if scope.can_edit:
            st.caption(t("locks.reopen_admin_only", lang))
        return
    st.markdown(f"**{t('locks.reopen_heading', lang)}**")
    year = st.selectbox(t("locks.reopen_year", lang), years, key="reopen:year", placeholder=t("app.choose", lang))
    reason = st.text_area(t("locks.reopen_reason", lang), key="reopen:reason")
    if st.button(t("locks.reopen_button", lang), key="reopen"):
        try:
            locks.reopen(database.cursor(), project_id, int(year), reason, scope, dt.datetime.now())
        except Invalid as error:
            st.error("\n".join(error.text(lang)))
            return
        except Conflict:
            st.error(t("locks.refused_write", lang))
            return
        database.after_write()
        st.session_state[LOCK_FLASH] = t("locks.reopened", lang, year=str(year))
        st.session_state.pop("reopen:reason", None)
        st.rerun()


def submitter(user: str, lang: str) -> str:
    """Who submitted: a user name, or 'sample data' for the reports the seed marks as sent."""
    return t("report.seeded_by", lang) if user == SEED_USER else user


def period_label(period: str, lang: str) -> str:
    return t("report.kind.final", lang) if period == calendar.FINAL else period
