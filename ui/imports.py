"""Streamlit glue of the Data page: an uploaded file to a preview, a confirmed import, batches and undo.

The upload is written to a temporary file (the importers stream from disk); the preview and the
commit run on this session's cursor, and the commit prepares the file again from disk, so what is
written is exactly what the file holds now, never a stale preview.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from monitor import db, ledger_import
from monitor.auth import AccessDenied, Scope
from monitor.format import nok
from monitor.i18n import label, t
from monitor.importers.common import FileRefused
from ui import data

PREVIEW_KEY = "import:preview"
FLASH_KEY = "import:flash"


@dataclass(frozen=True)
class Upload:
    name: str
    content: bytes


def require_editor(scope: Scope, project_id: str) -> None:
    if not scope.can_edit:
        raise AccessDenied(f"{scope.user} ({scope.role}) may not import ledgers")
    scope.require_project(project_id)


def partners(project_id: str) -> list[str]:
    return db.query(data.cursor(), "partners", project_id=project_id)["partner_id"].tolist()


def default_dimension(project_id: str) -> str:
    return data.settings()["import.dimension"].get(project_id, "")


def _saved(upload: Upload, directory: str) -> Path:
    path = Path(directory) / Path(upload.name).name
    path.write_bytes(upload.content)
    return path


def header(upload: Upload) -> tuple[str, list[str]]:
    """(format, header row) of an upload; the header is empty for SAF-T or an unreadable file."""
    with tempfile.TemporaryDirectory() as directory:
        path = _saved(upload, directory)
        try:
            fmt = ledger_import.detect_format(path, None)
            return fmt, ([] if fmt == "saft" else ledger_import.file_header(path, fmt, data.settings()))
        except FileRefused:
            return "", []


def column_choices(header_row: list[str]) -> dict[str, str | None]:
    return ledger_import.default_columns(header_row, data.settings()["import.csv_columns"])


def _request(path: Path, upload: Upload, project_id: str, options: dict, scope: Scope) -> ledger_import.ImportRequest:
    return ledger_import.ImportRequest(path=path, project_id=project_id, file_name=upload.name, user=scope.user,
                                       **options)


def preview(upload: Upload, project_id: str, options: dict, scope: Scope, bar) -> ledger_import.Preview | str:
    """The preview of an upload, or the reason it was refused."""
    require_editor(scope, project_id)
    with tempfile.TemporaryDirectory() as directory:
        path = _saved(upload, directory)
        try:
            return ledger_import.prepare(data.cursor(), _request(path, upload, project_id, options, scope),
                                         data.settings(), progress=lambda f, m: bar.progress(f, text=m))
        except FileRefused as error:
            return str(error)


def confirm(upload: Upload, project_id: str, options: dict, scope: Scope, bar) -> ledger_import.ImportResult | str:
    """Prepare again and commit; a backup is made first. Returns the result or why nothing was written."""
    require_editor(scope, project_id)
    settings = data.settings()
    with tempfile.TemporaryDirectory() as directory:
        path = _saved(upload, directory)
        request = _request(path, upload, project_id, options, scope)
        try:
            prepared = ledger_import.prepare(data.cursor(), request, settings,
                                             progress=lambda f, m: bar.progress(f, text=m))
            result = ledger_import.commit(data.cursor(), prepared, request, settings, db_path=settings.db_path)
        except (FileRefused, ledger_import.ImportBlocked) as error:
            return str(error)
    data.after_write()
    return result


def batches(project_id: str, scope: Scope) -> pd.DataFrame:
    """Not cached: the list must show the import or undo just made."""
    require_editor(scope, project_id)
    return ledger_import.batches(data.cursor(), project_id)


def undo(project_id: str, batch_id: int, scope: Scope) -> int:
    require_editor(scope, project_id)
    removed = ledger_import.undo(data.cursor(), project_id, batch_id, scope.user)
    data.after_write()
    return removed


# --- display -------------------------------------------------------------------------------------

def show_preview(found: ledger_import.Preview, lang: str) -> None:
    """Counts, blockers and warnings, totals per year x category, and the unmapped, rejected and skipped."""
    for column, (name, value) in zip(st.columns(6), tiles(found, lang), strict=True):
        column.metric(name, value, border=True)
    for blocker in found.blockers:
        st.error(t("import.blocked", lang, reason=blocker))
    if found.out_of_period:
        st.warning(t("import.out_of_period", lang, count=found.out_of_period))
    if found.same_file_batches:
        st.info(t("import.same_file", lang, batches=", ".join(map(str, found.same_file_batches))))
    if found.replaces:
        st.info(t("import.replaces", lang, batches=", ".join(map(str, found.replaces))))
    st.subheader(t("import.totals_heading", lang))
    st.dataframe(totals_table(found, lang), hide_index=True, width="stretch")
    for heading, table in (("import.unmapped_heading", unmapped_table(found, lang)),
                           ("import.rejected_heading", rejected_table(found, lang)),
                           ("import.skipped_heading", skipped_table(found, lang))):
        if not table.empty:
            st.subheader(t(heading, lang))
            st.dataframe(table, hide_index=True, width="stretch")


# --- tables --------------------------------------------------------------------------

def tiles(found: ledger_import.Preview, lang: str) -> list[tuple[str, str]]:
    return [
        (t("import.rows_read", lang), str(found.rows_read)),
        (t("import.rows_to_insert", lang), str(found.rows_to_insert)),
        (t("import.rows_existing", lang), str(found.rows_existing)),
        (t("import.rows_skipped", lang), str(found.rows_skipped)),
        (t("import.rows_rejected", lang), str(found.rejected_count)),
        (t("import.total", lang), nok(found.total, lang, 2)),
    ]


def totals_table(found: ledger_import.Preview, lang: str) -> pd.DataFrame:
    frame = found.totals
    return pd.DataFrame({
        t("import.col.year", lang): frame["year"].astype(str) if not frame.empty else [],
        t("import.col.category", lang): [label("category", c, lang) for c in frame.get("cost_category", [])],
        t("import.col.amount", lang): [nok(a, lang, 2) for a in frame.get("amount", [])],
        t("import.col.lines", lang): frame["lines"].tolist() if not frame.empty else [],
    })


def unmapped_table(found: ledger_import.Preview, lang: str) -> pd.DataFrame:
    frame = found.unmapped
    return pd.DataFrame({
        t("import.col.account", lang): frame["account"].tolist(),
        t("import.col.account_name", lang): frame["account_name"].tolist(),
        t("import.col.lines", lang): frame["lines"].tolist(),
        t("import.col.amount", lang): [nok(a, lang, 2) for a in frame["amount"]],
    }) if not frame.empty else pd.DataFrame()


def rejected_table(found: ledger_import.Preview, lang: str) -> pd.DataFrame:
    frame = ledger_import.rejected_frame(found.rejected)
    return frame.rename(columns={c: t(f"import.col.{c}", lang) for c in frame.columns})


def skipped_table(found: ledger_import.Preview, lang: str) -> pd.DataFrame:
    return pd.DataFrame({t("import.col.account", lang): list(found.skipped_accounts),
                         t("import.col.lines", lang): list(found.skipped_accounts.values())})


def batches_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("import.col.batch", lang): frame["batch_id"].tolist(),
        t("import.col.file", lang): frame["file_name"].tolist(),
        t("import.col.format", lang): frame["format"].tolist(),
        t("import.col.inserted", lang): frame["rows_inserted"].tolist(),
        t("import.col.amount", lang): [nok(a, lang, 2) for a in frame["amount_total"]],
        t("import.col.by", lang): frame["imported_by"].tolist(),
        t("import.col.at", lang): frame["imported_at"].tolist(),
        t("import.col.state", lang): [t("import.state.undone" if pd.notna(u) else "import.state.active", lang)
                                      for u in frame["undone_at"]],
    })


def active_batches(frame: pd.DataFrame) -> list[int]:
    return [int(b) for b, u in zip(frame["batch_id"], frame["undone_at"], strict=True) if pd.isna(u)]
