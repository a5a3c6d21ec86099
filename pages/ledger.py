"""Data: import a ledger file (upload, preview, confirm) and undo earlier imports. Leaders and admins only."""

import streamlit as st

from monitor.i18n import t
from ui import context, layout
from ui.components import ledger as ui_ledger

frame = context.get()
lang = frame.lang
if frame.project_id is None:
    st.info(t("app.no_projects", lang))
    st.stop()
if not frame.scope.can_edit:
    st.error(t("import.not_allowed", lang))
    st.stop()

st.title(t("import.title", lang))
st.caption(t("import.caption", lang))
ui_ledger.show_flash()
upload_tab, batches_tab = st.tabs([t("import.tab_import", lang), t("import.tab_batches", lang)])

with upload_tab:
    uploaded = st.file_uploader(t("import.file", lang), type=ui_ledger.file_types(), key="import_file")
    upload = ui_ledger.Upload(uploaded.name, uploaded.getvalue()) if uploaded else None
    fmt, header = ui_ledger.header(upload) if upload else ("", [])
    partner_names = ui_ledger.partners(frame.project_id)
    left, right = st.columns(2)
    partner = left.selectbox(
        t("import.partner", lang),
        ["", *partner_names],
        key="import_partner",
        format_func=lambda p: partner_names.get(p) or t("import.partner_from_file", lang),
        placeholder=t("app.choose", lang),
    )
    dimension = right.text_input(
        t("import.dimension", lang),
        ui_ledger.default_dimension(frame.project_id),
        key="import_dimension",
        help=t("import.dimension_help", lang),
        disabled=not ui_ledger.takes_dimension(fmt),
    )
    columns = None
    if header:
        with st.expander(t("import.columns", lang), expanded=True):
            choices = [""] + header
            picked = {
                name: st.selectbox(
                    t(f"import.field.{name}", lang),
                    choices,
                    index=choices.index(default) if default else 0,
                    key=f"import_column_{name}",
                    format_func=lambda c: c or t("import.column_none", lang),
                    placeholder=t("app.choose", lang),
                )
                for name, default in ui_ledger.column_choices(header).items()
            }
            columns = {name: value for name, value in picked.items() if value}
    replace = st.checkbox(t("import.replace", lang), key="import_replace")
    options = {"partner_id": partner or None, "dimension": dimension or None, "columns": columns, "replace": replace}

    if upload and st.button(t("import.preview", lang), key="import_preview"):
        found = ui_ledger.preview(
            upload, frame.project_id, options, frame.scope, st.progress(0.0, t("import.reading", lang)), lang
        )
        st.session_state[ui_ledger.PREVIEW_KEY] = (ui_ledger.preview_key(upload, options), found)
    shown = st.session_state.get(ui_ledger.PREVIEW_KEY)
    if upload and shown and shown[0] == ui_ledger.preview_key(upload, options):
        found = shown[1]
        if isinstance(found, str):
            st.error(t("import.refused", lang, reason=found))
        else:
            ui_ledger.show_preview(found, lang)
            if not found.blocked and not found.has_work:
                st.info(ui_ledger.nothing_to_do(found, lang))
            if ui_ledger.ready(found):
                st.success(t("import.ready", lang))
                if st.button(t("import.confirm", lang), key="import_confirm", type="primary"):
                    result = ui_ledger.confirm(upload, frame.project_id, options, frame.scope, st.progress(0.0), lang)
                    st.session_state.pop(ui_ledger.PREVIEW_KEY, None)
                    ui_ledger.flash(*ui_ledger.outcome(result, lang))
                    st.rerun()

with batches_tab:
    found_batches = ui_ledger.batch_list(frame.project_id, frame.scope)
    if found_batches.empty:
        st.info(t("import.no_batches", lang))
    else:
        layout.table(ui_ledger.batches_table(found_batches, lang))
        active = ui_ledger.active_batches(found_batches)
        if active:
            batch = st.selectbox(
                t("import.undo_choice", lang),
                active,
                key="import_undo_batch",
                format_func=ui_ledger.batch_choice(found_batches, lang),
                placeholder=t("app.choose", lang),
            )
            if st.button(t("import.undo", lang), key="import_undo"):
                ui_ledger.flash(*ui_ledger.undo(frame.project_id, batch, frame.scope, lang))
                st.rerun()
