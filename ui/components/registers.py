"""Streamlit glue for the registers (results and risks, and the schedule's milestones and deliverables):
cached reads keyed by scope, and the register editor (table editor, save, reload, CSV/Excel download and import) for leaders and admins.

The editor works on a snapshot of the register kept in session state: the versions in it are the
versions this session read, so a save after someone else's change is refused instead of overwriting it.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from monitor import format as fmt
from monitor.access import audit
from monitor.access.scope import Scope
from monitor.i18n import t
from monitor.registers import edit as register_edit
from monitor.registers import files as register_files
from monitor.registers import results, risks
from monitor.registers.edit import REGISTERS
from ui import database, shown
from ui.shown import dataframe

FLASH = "registers:flash"


@st.cache_data(show_spinner=False, max_entries=64)
def results_rows(project_id: str, scope: Scope) -> pd.DataFrame:
    return results.load(database.cursor(), project_id, scope)


@st.cache_data(show_spinner=False, max_entries=64)
def risks_rows(project_id: str, scope: Scope) -> pd.DataFrame:
    return risks.load(database.cursor(), project_id, scope)


def risk_table(frame: pd.DataFrame, lang: str) -> None:
    """The risk register with room for its text: title, owner and mitigation wide, the scores narrow."""
    wide = {
        t("col.title", lang): "large",
        t("risks.col.mitigation", lang): "large",
        t("risks.col.owner", lang): "medium",
    }
    narrow = [t(key, lang) for key in ("risks.col.probability", "risks.col.impact", "risks.col.score")]
    config = {name: st.column_config.Column(width=width) for name, width in wide.items()}
    config.update({name: st.column_config.NumberColumn(width="small", format="%d") for name in narrow})
    dataframe(frame, hide_index=True, width="stretch", column_config=config)


def editor(register: str, project_id: str, scope: Scope, lang: str) -> None:
    """Table editor with save and reload, downloads and import; nothing for users who may not edit."""
    if not scope.can_edit:
        return
    _show_flash()
    snapshot = _snapshot(register, project_id, scope)
    st.caption(t("registers.editor_help", lang))
    shown.editor(
        _blank_text(register, snapshot, lang),
        key=_editor_key(register),
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        column_config=_column_config(register, project_id, scope, lang),
        disabled=_disabled(register),
    )
    save, reload = st.columns(2)
    if save.button(t("registers.save", lang), key=f"save:{register}", type="primary"):
        _save(register, project_id, snapshot, scope, lang)
    if reload.button(t("registers.reload", lang), key=f"reload:{register}"):
        _reset(register, project_id)
        st.rerun()
    _files(register, project_id, snapshot, scope, lang)


def _snapshot(register: str, project_id: str, scope: Scope) -> pd.DataFrame:
    key = f"snapshot:{register}:{project_id}"
    if key not in st.session_state:
        st.session_state[key] = register_edit.rows(database.cursor(), register, project_id, scope)
    return st.session_state[key]


def _blank_text(register: str, snapshot: pd.DataFrame, lang: str = "nb") -> pd.DataFrame:
    """Empty text cells shown empty, not as 'None' (an empty cell is saved as no value either way). Amounts are
    edited as text too (the editor has no exact decimal column and refuses a text column over Decimals): an amount as the language
    writes it, with its øre, which the register's parser reads back exactly ('86 500,00' or '86,500.00')."""
    spec = REGISTERS[register]
    text = [f.name for f in spec.fields if f.kind in ("text", "partners", "money")]
    kinds = {f.name: f.kind for f in spec.fields}
    # Typed as text even when there are no rows: an empty column would be float, which the editor's
    # text columns refuse (a project without deliverables failed to show its Schedule).
    return snapshot.assign(
        **{
            name: pd.Series([_as_text(v, kinds[name], lang) for v in snapshot[name]], index=snapshot.index, dtype="str")
            for name in text
        }
    )


def _as_text(value, kind: str, lang: str) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if kind == "money":
        return fmt.number(value, lang, 2)
    return value if isinstance(value, str) else str(value)


def _editor_key(register: str) -> str:
    return f"editor:{register}"


def _reset(register: str, project_id: str) -> None:
    for key in (f"snapshot:{register}:{project_id}", _editor_key(register)):
        st.session_state.pop(key, None)


def _save(register: str, project_id: str, snapshot: pd.DataFrame, scope: Scope, lang: str) -> None:
    changes = register_edit.changes_from_editor(register, snapshot, st.session_state.get(_editor_key(register)) or {})
    if not changes:
        st.info(t("registers.nothing", lang))
        return
    if _apply(
        lambda: register_edit.apply(database.cursor(), register, project_id, changes, scope, dt.date.today()), lang
    ):
        _done(register, project_id, t("registers.saved", lang, count=len(changes)))


def _apply(write, lang: str) -> bool:
    """Run a write; show a refused save or invalid values instead of raising. True when written."""
    try:
        write()
    except register_edit.Conflict as conflict:
        st.error(
            t(
                "registers.conflict",
                lang,
                table=audit.label_of("audit.table", conflict.table, lang),
                row=fmt.plain(str(conflict.key)),
                user=conflict.changed_by or t("registers.someone", lang),
                at=f"{conflict.changed_at:%Y-%m-%d %H:%M}" if conflict.changed_at else "–",
            )
        )
        return False
    except register_edit.Invalid as error:
        st.error(t("registers.invalid", lang) + "\n\n" + "\n".join(f"- {fmt.plain(line)}" for line in error.text(lang)))
        return False
    except register_edit.NotFound:
        st.error(t("registers.invalid", lang) + "\n\n- " + t("registers.not_found", lang))
        return False
    return True


def _done(register: str, project_id: str, message: str) -> None:
    st.session_state[FLASH] = message
    _reset(register, project_id)
    database.after_write()
    st.rerun()


def _show_flash() -> None:
    message = st.session_state.pop(FLASH, None)
    if message:
        st.success(message)


def _files(register: str, project_id: str, snapshot: pd.DataFrame, scope: Scope, lang: str) -> None:
    left, right = st.columns(2)
    left.download_button(
        t("registers.download_csv", lang),
        data=register_files.export_csv(snapshot, register),
        file_name=f"{project_id}-{register}.csv",
        mime="text/csv",
        key=f"csv:{register}",
    )
    right.download_button(
        t("registers.download_xlsx", lang),
        data=lambda: register_files.export_xlsx(snapshot, register),
        file_name=f"{project_id}-{register}.xlsx",
        key=f"xlsx:{register}",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    upload = st.file_uploader(t("registers.upload", lang), type=["csv", "xlsx"], key=f"upload:{register}")
    if upload is None:
        return
    # A preview first, as for a ledger import: every check, the counts, nothing written until confirmed.
    found = {}

    def preview():
        found["preview"] = register_files.preview_file(
            database.cursor(), register, project_id, upload.getvalue(), upload.name, scope, dt.date.today()
        )

    if not _apply(preview, lang):
        return
    counts = found["preview"]
    st.info(t("registers.preview", lang, added=counts.added, updated=counts.updated, unchanged=counts.unchanged))
    if counts.added + counts.updated and st.button(t("registers.import_button", lang), key=f"import:{register}"):
        summary = {}

        def write():
            summary["result"] = register_files.import_file(
                database.cursor(), register, project_id, upload.getvalue(), upload.name, scope, dt.date.today()
            )

        if _apply(write, lang):
            result = summary["result"]
            _done(
                register,
                project_id,
                t("registers.imported", lang, added=result.added, updated=result.updated, unchanged=result.unchanged),
            )


def _disabled(register: str) -> list[str]:
    spec = REGISTERS[register]
    return ["version", spec.key] if spec.generated_key else ["version"]


def _column_config(register: str, project_id: str, scope: Scope, lang: str) -> dict:
    """Columns by their labels, choices by their labels (the stored value stays the code)."""
    spec = REGISTERS[register]
    refs = register_edit.references(database.cursor(), project_id, scope)
    names = register_edit.partner_names(database.cursor(), project_id, scope)
    config = {"version": None, spec.key: st.column_config.Column(register_edit.field_label(spec.key, lang))}
    for f in spec.fields:
        config[f.name] = _field_column(f, register_edit.field_label(f.name, lang), refs, names, lang)
    return config


def _field_column(f: register_edit.Field, name: str, refs: register_edit.References, names: dict[str, str], lang: str):
    if f.kind == "date":
        return st.column_config.DateColumn(
            name, format="DD.MM.YYYY" if lang == "nb" else "YYYY-MM-DD", required=f.required
        )
    if f.kind == "choice":
        return st.column_config.SelectboxColumn(
            name,
            options=list(f.choices),
            required=f.required,
            format_func=lambda code: register_edit.choice_label(f.name, code, lang),
        )
    if f.kind == "wp":
        return st.column_config.SelectboxColumn(name, options=sorted(refs.wp_codes))
    if f.kind == "partner":
        return st.column_config.SelectboxColumn(
            name, options=sorted(refs.partner_ids), format_func=lambda partner: names.get(partner, partner)
        )
    if f.kind == "year":
        return st.column_config.NumberColumn(
            name, min_value=refs.start.year, max_value=refs.end.year, step=1, format="%d", required=f.required
        )
    if f.kind in ("count", "score"):
        low, high = (1, 5) if f.kind == "score" else (0, None)
        return st.column_config.NumberColumn(name, min_value=low, max_value=high, step=1, required=f.required)
    if f.kind == "bool":
        return st.column_config.CheckboxColumn(name)
    return st.column_config.TextColumn(name, required=f.required)
