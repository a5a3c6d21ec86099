"""Streamlit glue of the Effort page's "Effort plan" tab: the current effort plan (person-months per person × work
package × year), editable by the leader and administrators as a new version, its versions, and the baseline
against the current plan per work package × partner. Partners and viewers read the plan (a partner its own people's
rows). Every rule lives in monitor/effort/edit.py; this module only labels, lays out and hands edits over.

The editor shows the version the user started editing from (kept in the session while edits are pending), and the
save names it: when someone else saved a version meanwhile, the save is refused with a plain message, never made
over the other's plan.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from monitor import format as fmt
from monitor.access.scope import Scope
from monitor.effort import edit as plan_edit
from monitor.effort import load as effort_load
from monitor.effort.views import partner_label, wp_label
from monitor.errors import Invalid
from monitor.i18n import t
from monitor.money import ZERO
from monitor.project import load as project_load
from monitor.registers import edit as registers
from ui import database, shown

READ_VERSION = "effort_plan:read_version"  # the version the pending edits were made on
EDITOR = "effort_plan_editor"  # + ":" + that version, so a new version starts a fresh editor
NOTE = "effort_plan_note"
SAVE = "effort_plan_save"
FIELDS = ("person_id", "wp_code", "year", "person_months")  # the editor's columns, named as the core's


@dataclass(frozen=True)
class PlanState:
    """One version of the plan with what labels it: rows (monitor.effort.edit.plan_rows), the people the scope
    sees (person_id -> label), the project's years, the versions, the current version's name, the comparison of
    baseline and current per work package × partner (monitor.effort.load.person_month_table) and the names."""

    version: str
    rows: pd.DataFrame
    people: dict[int, str]
    years: list[int]
    versions: pd.DataFrame
    current: str
    comparison: pd.DataFrame
    names: effort_load.Names


@st.cache_data(show_spinner=False, max_entries=64)
def plan_state(project_id: str, scope: Scope, version: str | None = None) -> PlanState:
    con = database.cursor()
    project = project_load.project_row(con, project_id, scope)
    current = plan_edit.current_version(con, project_id, scope)
    rows = plan_edit.plan_rows(con, project_id, scope, version or current)
    names = effort_load.names(con, project_id, scope)
    table = effort_load.person_month_table(effort_load.load(con, project_id, scope))
    planned = (table["planned_pm"] != ZERO) | (table["planned_pm_baseline"] != ZERO)
    # An editor may plan anyone of the project (the people register); a reader needs the names in the plan only.
    people = registers.rows(con, "people", project_id, scope) if scope.may_edit(project_id) else rows
    return PlanState(
        version=version or current,
        rows=rows,
        people=person_labels(people, names),
        years=list(range(pd.Timestamp(project["start_date"]).year, pd.Timestamp(project["end_date"]).year + 1)),
        versions=plan_edit.versions(con, project_id, scope),
        current=current,
        comparison=table.loc[planned].reset_index(drop=True),
        names=names,
    )


def person_labels(people: pd.DataFrame, names: effort_load.Names) -> dict[int, str]:
    """person_id -> 'Name (Partner)' of the people given (person_id, person_name, partner_id); a label two people
    would share gets a number, so each label names one person."""
    labels = {
        int(row["person_id"]): f"{row['person_name']} ({partner_label(row['partner_id'], names)})"
        for row in people.to_dict("records")
    }
    seen: dict[str, int] = {}
    unique: dict[int, str] = {}
    for person, text in sorted(labels.items()):
        seen[text] = seen.get(text, 0) + 1
        unique[person] = text if seen[text] == 1 else f"{text} {seen[text]}"
    return unique


def plan_tab(project_id: str, scope: Scope, lang: str) -> None:
    """The tab's whole body."""
    editing = scope.may_edit(project_id)
    read = _read_version(project_id, scope) if editing else None
    state = plan_state(project_id, scope, read)
    st.subheader(t("effort_plan.heading", lang))
    st.caption(t("effort_plan.caption", lang))
    if state.versions.empty:  # no plan yet (a project from the funder's open data): no version to name
        st.info(t("effort_plan.none_yet", lang))
    else:
        st.caption(t("effort_plan.current", lang, version=version_name(state.version, lang), note=_note(state, lang)))
    if scope.partner_filter():
        st.caption(t("effort_plan.partner_note", lang))
    if editing:
        _editor(project_id, state, scope, lang)
    else:
        st.caption(t("effort_plan.readonly", lang))
        if state.rows.empty:
            st.info(t("effort_plan.no_plan", lang))
        else:
            shown.table(plan_view(state, lang), lang, key="effort_plan:rows")
    if state.versions.empty:
        return
    st.subheader(t("effort_plan.versions_heading", lang))
    shown.table(versions_view(state.versions, lang), lang, key="effort_plan:versions")
    st.subheader(t("effort_plan.compare_heading", lang))
    st.caption(t("effort_plan.compare_caption", lang))
    shown.table(comparison_view(state, lang), lang, key="effort_plan:compare")


def _read_version(project_id: str, scope: Scope) -> str:
    """The version the editor shows: the one edits are pending on, else the current one."""
    read = st.session_state.get(READ_VERSION)
    if read is None or not _has_edits(st.session_state.get(f"{EDITOR}:{read}")):
        read = plan_state(project_id, scope).current
        st.session_state[READ_VERSION] = read
    return read


def _has_edits(editor_state: Any) -> bool:
    return bool(editor_state) and any(editor_state.get(k) for k in ("edited_rows", "added_rows", "deleted_rows"))


def version_name(version: str, lang: str) -> str:
    """'kontrakt' / 'contract' for the baseline; later versions by their name (v2, v3 ...)."""
    return t("effort_plan.version.baseline_short", lang) if version == plan_edit.BASELINE else version


def _note(state: PlanState, lang: str) -> str:
    found = state.versions.loc[state.versions["plan_version"] == state.version, "note"]
    note = found.iloc[0] if len(found) else None
    return note or (t("effort_plan.version.baseline", lang) if state.version == plan_edit.BASELINE else "–")


# --- the plan as shown and as edited --------------------------------------------------------------------


def _labels(state: PlanState, lang: str) -> tuple[dict[int, str], dict[str, str]]:
    wps = {code: wp_label(code, state.names, lang) for code in state.names.work_packages}
    return state.people, wps


def plan_view(state: PlanState, lang: str) -> pd.DataFrame:
    """The plan read-only: person, partner, work package, year, person-months, with labels."""
    rows = state.rows
    return pd.DataFrame(
        {
            t("effort_plan.col.person_id", lang): [str(n) for n in rows["person_name"]],
            t("effort_plan.col.partner", lang): [partner_label(p, state.names) for p in rows["partner_id"]],
            t("effort_plan.col.wp_code", lang): [wp_label(c, state.names, lang) for c in rows["wp_code"]],
            t("effort_plan.col.year", lang): [int(y) for y in rows["year"]],
            t("effort_plan.col.person_months", lang): list(rows["person_months"]),
        }
    )


def editor_frame(state: PlanState, lang: str) -> pd.DataFrame:
    """The plan as the editor holds it: labels for person and work package, person-months as the language writes
    them (text, so the value typed comes back exactly)."""
    people, wps = _labels(state, lang)
    rows = state.rows
    # Typed columns: a project without a plan yet gives empty lists, which pandas would make float columns that the
    # editor's text and choice columns refuse.
    return pd.DataFrame(
        {
            "person_id": pd.Series([people[int(p)] for p in rows["person_id"]], dtype=object),
            "wp_code": pd.Series([wps.get(c, c) for c in rows["wp_code"]], dtype=object),
            "year": pd.Series([int(y) for y in rows["year"]], dtype="int64"),
            "person_months": pd.Series([fmt.number(v, lang, 2) for v in rows["person_months"]], dtype=object),
        },
        columns=list(FIELDS),
    )


def edited(frame: pd.DataFrame, editor_state: dict | None) -> pd.DataFrame:
    """The editor's frame with st.data_editor's state applied (edited_rows, deleted_rows, added_rows), in the order
    the editor shows the rows."""
    editor_state = editor_state or {}
    result = frame.copy().astype(object)
    for position, values in (editor_state.get("edited_rows") or {}).items():
        for column, value in values.items():
            result.at[int(position), column] = value
    result = result.drop(index=[int(p) for p in editor_state.get("deleted_rows") or []])
    added = pd.DataFrame(list(editor_state.get("added_rows") or []), columns=list(frame.columns))
    return pd.concat([result, added], ignore_index=True) if len(added) else result.reset_index(drop=True)


def plan_from_editor(frame: pd.DataFrame, state: PlanState, lang: str) -> list[dict]:
    """Rows as the core takes them: labels back to ids (a label that names nothing goes as typed, so the core tells
    it as unknown)."""
    people, wps = _labels(state, lang)
    person_ids = {text: person for person, text in people.items()}
    wp_codes = {text: code for code, text in wps.items()}
    return [
        {
            "person_id": person_ids.get(row["person_id"], row["person_id"]),
            "wp_code": wp_codes.get(row["wp_code"], row["wp_code"]),
            "year": row["year"],
            "person_months": row["person_months"],
        }
        for row in frame.to_dict("records")
    ]


def _editor(project_id: str, state: PlanState, scope: Scope, lang: str) -> None:
    st.caption(t("effort_plan.edit_help", lang))
    people, wps = _labels(state, lang)
    key = f"{EDITOR}:{state.version}"
    frame = editor_frame(state, lang)
    shown.editor(
        frame,
        key=key,
        num_rows="dynamic",
        hide_index=True,
        column_config={
            "person_id": st.column_config.SelectboxColumn(
                t("effort_plan.col.person_id", lang), options=sorted(people.values()), required=True
            ),
            "wp_code": st.column_config.SelectboxColumn(
                t("effort_plan.col.wp_code", lang), options=list(wps.values()), required=True
            ),
            "year": st.column_config.SelectboxColumn(
                t("effort_plan.col.year", lang), options=state.years, required=True
            ),
            "person_months": st.column_config.TextColumn(
                t("effort_plan.col.person_months", lang), alignment="right", required=True
            ),
        },
    )
    note = st.text_input(t("effort_plan.note", lang), key=NOTE)
    if st.button(t("effort_plan.save", lang), key=SAVE):
        rows = plan_from_editor(edited(frame, st.session_state.get(key)), state, lang)
        _save(project_id, rows, state.version, note, scope, lang)


def _save(project_id: str, rows: list[dict], read_version: str, note: str, scope: Scope, lang: str) -> None:
    try:
        version = plan_edit.write_plan_version(
            database.cursor(), project_id, rows, scope, note, dt.datetime.now(), read_version=read_version
        )
    except Invalid as refused:
        st.error("\n\n".join([t("effort_plan.invalid", lang), *(f"- {fmt.plain(p)}" for p in refused.text(lang))]))
        return
    except plan_edit.PlanChanged as changed:
        st.session_state.pop(READ_VERSION, None)  # the next run shows the version saved meanwhile
        database.after_write()
        st.error(t("effort_plan.conflict", lang, version=version_name(changed.current, lang)))
        return
    st.session_state.pop(READ_VERSION, None)
    database.after_write()
    st.success(t("effort_plan.saved", lang, version=version))


# --- versions and the comparison ------------------------------------------------------------------------


def versions_view(versions: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The versions, the baseline first: name, note, made from, saved by, saved at, person-months, current."""
    baseline = [v == plan_edit.BASELINE for v in versions["plan_version"]]
    return pd.DataFrame(
        {
            t("effort_plan.vcol.version", lang): [version_name(v, lang) for v in versions["plan_version"]],
            t("effort_plan.vcol.note", lang): [
                note or (t("effort_plan.version.baseline", lang) if base else None)
                for note, base in zip(versions["note"], baseline, strict=True)
            ],
            t("effort_plan.vcol.based_on", lang): [
                None if v is None else version_name(v, lang) for v in versions["based_on"]
            ],
            t("effort_plan.vcol.created_by", lang): list(versions["created_by"]),
            t("effort_plan.vcol.created_at", lang): list(versions["created_at"]),
            t("effort_plan.vcol.total_pm", lang): list(versions["total_pm"]),
            t("effort_plan.vcol.current", lang): [
                t("effort_plan.version.is_current", lang) if c else "" for c in versions["is_current"]
            ],
        }
    )


def comparison_view(state: PlanState, lang: str) -> pd.DataFrame:
    """Baseline against the current plan per work package × partner, with the change and a total row."""
    table = state.comparison
    baseline, current = list(table["planned_pm_baseline"]), list(table["planned_pm"])
    wp, partner = t("effort_plan.col.wp_code", lang), t("effort_plan.col.partner", lang)
    base_col = t("effort_plan.col.baseline_pm", lang)
    current_col = t("effort_plan.col.current_pm", lang, version=version_name(state.current, lang))
    change_col = t("effort_plan.col.change_pm", lang)
    frame = pd.DataFrame(
        {
            wp: [wp_label(c, state.names, lang) for c in table["wp_code"]],
            partner: [partner_label(p, state.names) for p in table["partner_id"]],
            base_col: baseline,
            current_col: current,
            change_col: [c - b for b, c in zip(baseline, current, strict=True)],
        }
    )
    total_base, total_current = sum(baseline, ZERO), sum(current, ZERO)
    total = {
        wp: t("effort_plan.total", lang),
        partner: "",
        base_col: total_base,
        current_col: total_current,
        change_col: total_current - total_base,
    }
    return pd.concat([frame, pd.DataFrame([total])], ignore_index=True)
