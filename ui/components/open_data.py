"""Streamlit glue of the admin's open-data page: an upload, an optional organisation, the file's problems as a
table or a preview of what the import does (writes nothing), and a confirm button that imports it all or nothing.
Every rule lives in monitor/portfolio (opendata: the file; applications and funded: the write; import_views: the
words and tables). The import reads the file again on confirm, so what is written is what the file holds now."""

from __future__ import annotations

import streamlit as st

from monitor import format as fmt
from monitor.access.scope import Scope
from monitor.errors import Invalid
from monitor.i18n import t
from monitor.portfolio import applications, import_views, opendata
from ui import database, shown

FLASH = "opendata:flash"
ROUND = "opendata:round"  # bumped after an import: a new uploader key empties the upload


def import_section(scope: Scope, lang: str) -> None:
    message = st.session_state.pop(FLASH, None)
    if message:
        st.success(message)
    upload = st.file_uploader(t("opendata.upload", lang), type=["csv"], key=f"opendata_file:{_round()}")
    org = st.text_input(t("opendata.org", lang), key="opendata_org", help=t("opendata.org_help", lang)).strip()
    st.caption(t("opendata.source", lang))
    if upload is None:
        return
    records = _records(upload.getvalue(), upload.name, org, lang)
    if records is None:
        return
    preview = _refused_or(lambda: applications.import_records(database.cursor(), scope, records, dry_run=True), lang)
    if preview is None:
        return
    st.subheader(t("opendata.preview_heading", lang))
    st.info(import_views.outcome_text(records, preview, lang, done=False))
    followed = import_views.followed_text(preview, lang)
    if followed:
        st.caption(followed)
    shown.table(import_views.records_table(records, preview, lang), lang, key="opendata:preview")
    if not (preview.added or preview.changed or preview.projects.added or preview.projects.changed):
        st.info(t("opendata.nothing_to_do", lang))
        return
    if st.button(t("opendata.confirm", lang), key="opendata:confirm", type="primary"):
        done = _refused_or(lambda: applications.import_records(database.cursor(), scope, records), lang)
        if done is not None:
            st.session_state[FLASH] = import_views.outcome_text(records, done, lang, done=True)
            st.session_state[ROUND] = _round() + 1
            database.after_write()
            st.rerun()


def _round() -> int:
    return st.session_state.get(ROUND, 0)


def _records(data: bytes, name: str, org: str, lang: str) -> list[opendata.Record] | None:
    """The file's records (of one organisation when asked), or None after showing why there are none."""
    reading = opendata.read_bytes(data, name)
    if reading.problems:
        st.error(t("opendata.refused", lang))
        shown.table(import_views.problems_table(reading.problems, lang), lang, key="opendata:problems")
        return None
    records = opendata.of_organisation(reading.records, org) if org else reading.records
    if not records:
        st.warning(t("opendata.org_none", lang, org=fmt.plain(org)))
        return None
    return records


def _refused_or(action, lang: str):
    try:
        return action()
    except Invalid as error:
        st.error(t("opendata.refused", lang))
        shown.table(import_views.problems_table(error.problems, lang), lang, key="opendata:problems")
    return None
