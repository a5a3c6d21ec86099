"""Streamlit glue for the schedule, results, risk and audit pages: cached reads keyed by scope, and the
register editor (table editor, save, reload, CSV/Excel download and import) for leaders and admins.

The editor works on a snapshot of the register kept in session state: the versions in it are the
versions this session read, so a save after someone else's change is refused instead of overwriting it.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from monitor import audit, register_io, registers, results, risks, schedule_views
from monitor.auth import AccessDenied, Scope
from monitor.i18n import label, t
from monitor.registers import REGISTERS
from ui import data

FLASH = "registers:flash"


@st.cache_data(show_spinner=False, max_entries=64)
def schedule_data(project_id: str, scope: Scope) -> schedule_views.ScheduleData:
    return schedule_views.load(data.cursor(), project_id, scope)


def acronym(project_id: str, scope: Scope) -> str:
    return schedule_data(project_id, scope).project["acronym"]


@st.cache_data(show_spinner=False, max_entries=64)
def results_rows(project_id: str, scope: Scope) -> pd.DataFrame:
    return results.load(data.cursor(), project_id, scope)


@st.cache_data(show_spinner=False, max_entries=64)
def risks_rows(project_id: str, scope: Scope) -> pd.DataFrame:
    return risks.load(data.cursor(), project_id, scope)


def audit_log(filters: audit.Filters, scope: Scope) -> pd.DataFrame:
    """Not cached: the log must show the change just made. Leaders and admins only."""
    if not scope.can_edit:
        raise AccessDenied(f"{scope.user} ({scope.role}) may not read the audit log")
    if filters.project_id is not None:
        scope.require_project(filters.project_id)
    return audit.read(data.cursor(), filters)


def audit_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    columns = {"logged_at": "audit.col.at", "user_name": "audit.col.user", "action": "audit.col.action",
               "table_name": "audit.col.table", "row_key": "audit.col.row", "field": "audit.col.field",
               "old_value": "audit.col.old", "new_value": "audit.col.new"}
    return frame[list(columns)].rename(columns={name: t(key, lang) for name, key in columns.items()})


# --- the editor -------------------------------------------------------------------------------

def editor(register: str, project_id: str, scope: Scope, lang: str) -> None:
    """Table editor with save and reload, downloads and import; nothing for users who may not edit."""
    if not scope.can_edit:
        return
    _show_flash()
    snapshot = _snapshot(register, project_id)
    st.caption(t("registers.editor_help", lang))
    st.data_editor(snapshot, key=_editor_key(register), num_rows="dynamic", hide_index=True, width="stretch",
                   column_config=_column_config(register, project_id), disabled=_disabled(register))
    save, reload = st.columns(2)
    if save.button(t("registers.save", lang), key=f"save:{register}", type="primary"):
        _save(register, project_id, snapshot, scope, lang)
    if reload.button(t("registers.reload", lang), key=f"reload:{register}"):
        _reset(register, project_id)
        st.rerun()
    _files(register, project_id, snapshot, scope, lang)


def _snapshot(register: str, project_id: str) -> pd.DataFrame:
    key = f"snapshot:{register}:{project_id}"
    if key not in st.session_state:
        st.session_state[key] = registers.rows(data.cursor(), register, project_id)
    return st.session_state[key]


def _editor_key(register: str) -> str:
    return f"editor:{register}"


def _reset(register: str, project_id: str) -> None:
    for key in (f"snapshot:{register}:{project_id}", _editor_key(register)):
        st.session_state.pop(key, None)


def _save(register: str, project_id: str, snapshot: pd.DataFrame, scope: Scope, lang: str) -> None:
    changes = registers.changes_from_editor(register, snapshot, st.session_state.get(_editor_key(register)) or {})
    if not changes:
        st.info(t("registers.nothing", lang))
        return
    if _apply(lambda: registers.apply(data.cursor(), register, project_id, changes, scope.user, dt.date.today()), lang):
        _done(register, project_id, t("registers.saved", lang, count=len(changes)))


def _apply(write, lang: str) -> bool:
    """Run a write; show a refused save or invalid values instead of raising. True when written."""
    try:
        write()
    except registers.Conflict as conflict:
        st.error(t("registers.conflict", lang, table=conflict.table, row=conflict.key,
                   user=conflict.changed_by or t("registers.someone", lang),
                   at=f"{conflict.changed_at:%Y-%m-%d %H:%M}" if conflict.changed_at else "–"))
        return False
    except (registers.Invalid, registers.NotFound) as error:
        st.error(t("registers.invalid", lang) + "\n\n" + "\n".join(f"- {line}" for line in str(error).splitlines()))
        return False
    return True


def _done(register: str, project_id: str, message: str) -> None:
    st.session_state[FLASH] = message
    _reset(register, project_id)
    data.after_write()
    st.rerun()


def _show_flash() -> None:
    message = st.session_state.pop(FLASH, None)
    if message:
        st.success(message)


def _files(register: str, project_id: str, snapshot: pd.DataFrame, scope: Scope, lang: str) -> None:
    left, right = st.columns(2)
    left.download_button(t("registers.download_csv", lang), data=register_io.export_csv(snapshot, register),
                         file_name=f"{project_id}-{register}.csv", mime="text/csv", key=f"csv:{register}")
    right.download_button(t("registers.download_xlsx", lang), data=lambda: register_io.export_xlsx(snapshot, register),
                          file_name=f"{project_id}-{register}.xlsx", key=f"xlsx:{register}",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    upload = st.file_uploader(t("registers.upload", lang), type=["csv", "xlsx"], key=f"upload:{register}")
    if upload is not None and st.button(t("registers.import_button", lang), key=f"import:{register}"):
        summary = {}

        def write():
            summary["result"] = register_io.import_file(data.cursor(), register, project_id, upload.getvalue(),
                                                        upload.name, scope.user, dt.date.today())

        if _apply(write, lang):
            result = summary["result"]
            _done(register, project_id, t("registers.imported", lang, added=result.added, updated=result.updated,
                                          unchanged=result.unchanged))


def _disabled(register: str) -> list[str]:
    spec = REGISTERS[register]
    return ["version", spec.key] if spec.generated_key else ["version"]


def _column_config(register: str, project_id: str) -> dict:
    spec = REGISTERS[register]
    refs = registers.references(data.cursor(), project_id)
    config = {"version": None}  # hidden: the editor keeps it in the snapshot
    for f in spec.fields:
        if f.kind == "date":
            config[f.name] = st.column_config.DateColumn(f.name, format="YYYY-MM-DD", required=f.required)
        elif f.kind == "choice":
            config[f.name] = st.column_config.SelectboxColumn(f.name, options=list(f.choices), required=f.required)
        elif f.kind in ("wp", "partner"):
            options = sorted(refs.wp_codes if f.kind == "wp" else refs.partner_ids)
            config[f.name] = st.column_config.SelectboxColumn(f.name, options=options)
        elif f.kind in ("count", "score"):
            low, high = (1, 5) if f.kind == "score" else (0, None)
            config[f.name] = st.column_config.NumberColumn(f.name, min_value=low, max_value=high, step=1,
                                                           required=f.required)
        elif f.kind == "bool":
            config[f.name] = st.column_config.CheckboxColumn(f.name)
    return config


def status_options(lang: str) -> dict[str, str]:
    """{status code: label} for the schedule's status filter."""
    return {code: label("item", code, lang) for code in ("overdue", "upcoming", "planned", "done")}
