"""Streamlit glue of the Effort page's "Import timesheet" tab: a template to download, an upload, its preview (every
row the file covers, by labels, with the counts and totals) or its problems as a table (file, row, column, reason),
and a confirm button that imports it. Every rule lives in monitor/effort/timesheet.py.

The preview and the import each read the uploaded file again (the commit checks and plans anew inside its
transaction), so what is written is what the file holds now, never a stale preview. Messages that carry something
from the file (its name, a user name) are escaped for Markdown; the tables go through ui.shown, which neutralises
their text.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from monitor import format as fmt
from monitor.access.scope import Scope
from monitor.effort import load as effort_load
from monitor.effort import timesheet
from monitor.errors import Conflict, Invalid
from monitor.i18n import t
from monitor.reports.locks import YearLocked
from ui import database, shown

FLASH = "timesheet:flash"
ROUND = "timesheet:round"  # bumped after an import: a new uploader key empties the upload
UPLOAD_KEY = "timesheet_file"


def uploader_key() -> str:
    """The uploader's key in this round ('timesheet_file:0' until the first import)."""
    return f"{UPLOAD_KEY}:{st.session_state.get(ROUND, 0)}"


def timesheet_tab(project_id: str, scope: Scope, lang: str) -> None:
    """The tab's body: for users who may import, the upload, preview and confirm; for others a plain note."""
    st.subheader(t("timesheet.heading", lang))
    if not timesheet.may_import(scope, project_id):
        st.info(t("timesheet.not_allowed", lang))
        return
    message = st.session_state.pop(FLASH, None)
    if message:
        st.success(message)
    st.caption(t("timesheet.intro", lang))
    st.caption(t("timesheet.rules", lang))
    st.info(t("timesheet.approves" if scope.can_edit else "timesheet.reports", lang))
    st.download_button(
        t("timesheet.template", lang),
        data=timesheet.template_csv(lang),
        file_name=f"{project_id}-timesheet.csv",
        mime="text/csv",
        key="timesheet:template",
    )
    upload = st.file_uploader(t("timesheet.upload", lang), type=["csv", "xlsx"], key=uploader_key())
    if upload is None:
        return
    data, name, today = upload.getvalue(), upload.name, dt.date.today()
    result = _refused_or(
        lambda: timesheet.preview(database.cursor(), project_id, data, name, scope, today), project_id, lang
    )
    if result is None:
        return
    _show_preview(result, project_id, scope, lang)
    if not result.writes:
        st.info(t("timesheet.nothing_to_do", lang))
        return
    if st.button(t("timesheet.confirm", lang), key="timesheet:confirm", type="primary"):
        done = _refused_or(
            lambda: timesheet.commit(database.cursor(), project_id, data, name, scope, today), project_id, lang
        )
        if done is not None:
            st.session_state[FLASH] = timesheet.summary_text(done, lang, done=True)
            st.session_state[ROUND] = st.session_state.get(ROUND, 0) + 1
            database.after_write()
            st.rerun()


def _show_preview(result: timesheet.Preview, project_id: str, scope: Scope, lang: str) -> None:
    st.subheader(t("timesheet.preview_heading", lang))
    if result.imported_before:
        before = result.imported_before
        st.warning(t("timesheet.imported_before", lang, user=fmt.plain(before["user_name"]), at=before["imported_at"]))
    st.info(timesheet.summary_text(result, lang))
    names = effort_load.names(database.cursor(), project_id, scope)
    shown.table(timesheet.preview_table(result, names, lang), lang, key="timesheet:preview", decimals=_two(lang))


def _two(lang: str) -> dict[str, int]:
    return {t("timesheet.col.old_hours", lang): 2, t("timesheet.col.hours", lang): 2}


def _refused_or(action, project_id: str, lang: str):
    """The action's result, or None after telling why the file was refused (nothing was written)."""
    try:
        return action()
    except Invalid as error:
        st.error(t("timesheet.refused", lang))
        shown.table(timesheet.problems_table(error.problems, lang), lang, key="timesheet:problems")
    except YearLocked as locked:
        st.error(locked.text(lang))
    except (Conflict, timesheet.TimesheetBusy):
        st.error(t("timesheet.busy", lang, project=fmt.plain(project_id)))
    return None
