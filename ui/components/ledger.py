"""Streamlit glue of the Data page: an uploaded file to a preview, a confirmed import, batches and undo.

The upload is written to a temporary file (the importers stream from disk) under a name of ours; every message
names the file by the upload's own name, never that path. The preview and the commit run on this session's
cursor, and the commit prepares the file again from disk, so what is written is exactly what the file holds
now, never a stale preview. An upload's header row is read once per upload (kept in the session by the
content's hash): a rerun of the page does not read the file again.

Messages go into st.error/st.info, which render Markdown: every text that carries something from the file (its
name, a partner id, a reason quoting a cell) is escaped first (`inert`), so `[click](…)` stays those characters.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd
import streamlit as st

from monitor import db
from monitor import format as fmt
from monitor.access.scope import Scope
from monitor.errors import in_language
from monitor.format import nok
from monitor.i18n import label, t
from monitor.ledger import batches, commit, readers, stage
from monitor.ledger.readers.common import FileRefused, reason_of
from monitor.ledger.readers.tabular import default_columns
from monitor.reports import locks
from ui import database
from ui.shown import dataframe

PREVIEW_KEY = "import:preview"
FLASH_KEY = "import:flash"
HEADER_KEY = "import:header"  # (the upload's sha256, (format, header row)) of the upload last read


def flash(kind: str, text: str) -> None:
    """A message for the next run (after st.rerun): kind is success, info or error."""
    st.session_state[FLASH_KEY] = (kind, text)


def show_flash() -> None:
    if found := st.session_state.pop(FLASH_KEY, None):
        kind, text = found
        {"success": st.success, "info": st.info, "error": st.error}[kind](text)


@dataclass(frozen=True)
class Upload:
    name: str
    content: bytes

    @cached_property
    def sha256(self) -> str:
        """The content's hash, computed once per Upload (a page run hashes a 200 MB upload once, not per use)."""
        return hashlib.sha256(self.content).hexdigest()


def inert(message: str, lang: str) -> str:
    """A message (a Notice in lang, or a reader's text) made inert for Streamlit's Markdown."""
    return fmt.plain(in_language(message, lang))


def preview_key(upload: Upload, options: dict) -> str:
    """What a shown preview belongs to: the file's content (not its name: a corrected file keeps its name) and
    the options it was made with. Another file or another choice shows no preview until it is made again, so the
    confirm button never writes something other than the preview on screen."""
    return upload.sha256 + repr(sorted(options.items()))


def partners(project_id: str) -> dict[str, str]:
    """The project's partners: id -> the name the picker shows (short name, else the full name)."""
    rows = db.query(database.cursor(), "partners", project_id=project_id)
    return {row["partner_id"]: row["short_name"] or row["name"] for row in rows.to_dict("records")}


def default_dimension(project_id: str) -> str:
    return database.settings()["import.dimension"].get(project_id, "")


def _saved(upload: Upload, directory: str) -> Path:
    """The upload as a file named by us: 'upload' and the upload's suffix (the format is told by it). The upload's
    name may be anything a browser sends ('..', a path, Markdown); it is only ever shown, escaped."""
    suffix = Path(upload.name).suffix.lower()
    path = Path(directory) / ("upload" + (suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else ""))
    path.write_bytes(upload.content)
    return path


def header(upload: Upload) -> tuple[str, list[str]]:
    """(format, header row) of an upload; the header is empty for SAF-T or an unreadable file. Read once per
    upload: the page asks on every rerun, and reading a large workbook again each time took seconds."""
    cached = st.session_state.get(HEADER_KEY)
    if cached and cached[0] == upload.sha256:
        return cached[1]
    found = _header(upload)
    st.session_state[HEADER_KEY] = (upload.sha256, found)
    return found


def _header(upload: Upload) -> tuple[str, list[str]]:
    with tempfile.TemporaryDirectory() as directory:
        path = _saved(upload, directory)
        try:
            fmt = readers.detect_format(path, None, upload.name)
            return fmt, readers.file_header(path, fmt, database.settings(), upload.name)
        except FileRefused:
            return "", []


def column_choices(header_row: list[str]) -> dict[str, str | None]:
    return default_columns(header_row, database.settings()["import.csv_columns"])


def takes_dimension(fmt: str) -> bool:
    """Whether the upload's format selects the project's lines by a dimension (the field is offered then)."""
    return readers.takes_dimension(fmt)


def file_types() -> list[str]:
    """What the uploader accepts: every suffix a ledger format is told by, without its dot."""
    return [suffix.lstrip(".") for suffix in readers.suffixes()]


def _request(path: Path, upload: Upload, project_id: str, options: dict) -> stage.ImportRequest:
    return stage.ImportRequest(path=path, project_id=project_id, file_name=upload.name, **options)


def _progress(bar, lang: str):
    return lambda fraction, message: bar.progress(fraction, text=in_language(message, lang))


def preview(upload: Upload, project_id: str, options: dict, scope: Scope, bar, lang: str = "en") -> stage.Preview | str:
    """The preview of an upload, or the reason it was refused. The progress bar goes once the preview is
    ready: the preview's own figures replace it. AccessDenied unless the scope edits the project."""
    with tempfile.TemporaryDirectory() as directory:
        path = _saved(upload, directory)
        try:
            with db.session(database.cursor()):  # the stage is a temp table: on one connection
                return stage.prepare(
                    database.cursor(),
                    _request(path, upload, project_id, options),
                    scope,
                    database.settings(),
                    progress=_progress(bar, lang),
                )
        except FileRefused as error:
            return inert(reason_of(error), lang)
        finally:
            bar.empty()


def confirm(
    upload: Upload, project_id: str, options: dict, scope: Scope, bar, lang: str = "en"
) -> commit.ImportResult | str:
    """Prepare again and commit; a backup is made first. Returns the result or why nothing was written.
    AccessDenied unless the scope edits the project."""
    settings = database.settings()
    with tempfile.TemporaryDirectory() as directory:
        path = _saved(upload, directory)
        request = _request(path, upload, project_id, options)
        try:
            with db.session(database.cursor()):  # prepare stages a temp table that commit reads: one connection
                prepared = stage.prepare(database.cursor(), request, scope, settings, progress=_progress(bar, lang))
                result = commit.commit(
                    database.cursor(),
                    prepared,
                    scope,
                    settings,
                    db_path=settings.db_path,
                    progress=_progress(bar, lang),
                )
        except (FileRefused, commit.ImportBlocked, locks.YearLocked) as error:
            return inert(reason_of(error), lang)
    database.after_write()
    return result


def batch_list(project_id: str, scope: Scope) -> pd.DataFrame:
    """Not cached: the list must show the import or undo just made."""
    return batches.batches(database.cursor(), project_id, scope)


def undo(project_id: str, batch_id: int, scope: Scope, lang: str = "en") -> tuple[str, str]:
    """The message to show: the batch undone, or why not (undone meanwhile in another session, a writer at the
    same moment), never a traceback."""
    try:
        removed = commit.undo(database.cursor(), project_id, batch_id, scope)
    except (LookupError, commit.ImportBlocked, locks.YearLocked) as error:
        return "error", t("import.undo_refused", lang, reason=inert(reason_of(error), lang))
    database.after_write()
    return "success", t("import.undone", lang, batch=batch_id, lines=removed)


# --- display -------------------------------------------------------------------------------------

TILES_PER_ROW = 4


def show_preview(found: stage.Preview, lang: str) -> None:
    """Counts, blockers and notes, totals per year x category, and every table of what is skipped or wrong."""
    shown = tiles(found, lang)
    for start in range(0, len(shown), TILES_PER_ROW):
        row = shown[start : start + TILES_PER_ROW]
        for column, (name, value) in zip(st.columns(TILES_PER_ROW)[: len(row)], row, strict=True):
            column.metric(name, value, border=True)
    for blocker in found.blockers:
        st.error(t("import.blocked", lang, reason=inert(blocker, lang)))
    if found.out_of_period:
        start, end = found.period
        st.warning(
            t(
                "import.out_of_period_skipped",
                lang,
                count=found.out_of_period,
                amount=nok(found.out_of_period_amount, lang, 2),
                start=start,
                end=end,
            )
        )
    if found.same_file_batches:
        st.info(t("import.same_file", lang, batches=", ".join(map(str, found.same_file_batches))))
    if found.replaces:
        st.info(t("import.replaces", lang, batches=", ".join(map(str, found.replaces))))
    for heading, table in preview_tables(found, lang):
        if not table.empty:
            st.subheader(t(heading, lang))
            dataframe(table, hide_index=True, width="stretch")


def preview_tables(found: stage.Preview, lang: str) -> list[tuple[str, pd.DataFrame]]:
    """(heading key, table) of the preview, in the order shown; empty tables are not shown."""
    return [
        ("import.totals_heading", totals_table(found, lang)),
        ("import.conflicts_heading", conflicts_table(found, lang)),
        ("import.dimensions_heading", dimensions_table(found, lang)),
        ("import.out_of_period_heading", out_of_period_table(found, lang)),
        ("import.unmapped_heading", unmapped_table(found, lang)),
        ("import.rejected_heading", rejected_table(found, lang)),
        ("import.skipped_heading", skipped_table(found, lang)),
    ]


def ready(found: stage.Preview) -> bool:
    """The confirm button is offered only for a preview that would write something."""
    return not found.blocked and found.has_work


def outcome(result: commit.ImportResult | str, lang: str) -> tuple[str, str]:
    """(kind, message) after a confirm: refused in red, nothing new as a note, done in green."""
    if isinstance(result, str):
        return "error", t("import.refused", lang, reason=result)
    if result.batch_id is None:
        return "info", t("import.nothing_new", lang, message=inert(result.message, lang))
    return "success", done(result, lang)


def done(result: commit.ImportResult, lang: str) -> str:
    return t(
        "import.done", lang, batch=result.batch_id, lines=result.rows_inserted, amount=nok(result.amount_total, lang, 2)
    )  # to the øre, as the preview showed it


def nothing_to_do(found: stage.Preview, lang: str) -> str:
    return t("import.nothing_to_do", lang, reason=inert(stage.nothing_new(found), lang))


# --- tables --------------------------------------------------------------------------


def tiles(found: stage.Preview, lang: str) -> list[tuple[str, str]]:
    return [
        (t("import.rows_read", lang), fmt.number(found.rows_read, lang)),
        (t("import.rows_to_insert", lang), fmt.number(found.rows_to_insert, lang)),
        (t("import.rows_existing", lang), fmt.number(found.rows_existing, lang)),
        (t("import.total", lang), nok(found.total, lang, 2)),
        (t("import.rows_out_of_period", lang), fmt.number(found.out_of_period, lang)),
        (t("import.rows_skipped", lang), fmt.number(found.rows_skipped, lang)),
        (t("import.rows_rejected", lang), fmt.number(found.rejected_count, lang)),
    ]


def totals_table(found: stage.Preview, lang: str) -> pd.DataFrame:
    frame = found.totals
    if frame.empty:
        return pd.DataFrame()
    return pd.DataFrame(
        {
            t("import.col.year", lang): frame["year"].astype(str),
            t("import.col.category", lang): [label("category", c, lang) for c in frame["cost_category"]],
            t("import.col.amount", lang): [nok(a, lang, 2) for a in frame["amount"]],
            t("import.col.lines", lang): [fmt.number(n, lang) for n in frame["lines"]],
        }
    )


def out_of_period_table(found: stage.Preview, lang: str) -> pd.DataFrame:
    if not found.out_of_period_lines:
        return pd.DataFrame()
    start, end = found.period
    reasons = {"before": t("import.period.before", lang, date=start), "after": t("import.period.after", lang, date=end)}
    lines = found.out_of_period_lines
    return pd.DataFrame(
        {
            t("import.col.row", lang): [line.row for line in lines],
            t("import.col.date", lang): [fmt.date(line.posting_date, lang) for line in lines],
            t("import.col.account", lang): [line.account for line in lines],
            t("import.col.amount", lang): [nok(line.amount, lang, 2) for line in lines],
            t("import.col.reason", lang): [
                reasons.get(line.reason) or t("import.period.year", lang, year=line.year) for line in lines
            ],
        }
    )


def conflicts_table(found: stage.Preview, lang: str) -> pd.DataFrame:
    frame = found.conflicts
    if frame.empty:
        return pd.DataFrame()
    return pd.DataFrame(
        {
            t("import.col.row", lang): frame["row_no"].tolist(),
            t("import.col.key", lang): frame["source_line"].tolist(),
            t("import.col.differs", lang): [
                ", ".join(t(f"import.field.{FIELD_OF_COLUMN.get(c, c)}", lang) for c in fields.split(", "))
                for fields in frame["fields"]
            ],
            t("import.col.batch", lang): [
                t("import.batch_choice", lang, batch=int(b), file=f) if pd.notna(b) else "–"
                for b, f in zip(frame["batch_id"], frame["file_name"], strict=True)
            ],
        }
    )


# The ledger's column names as the import's field labels (import.field.*).
FIELD_OF_COLUMN = {
    "posting_date": "date",
    "year": "year",
    "period": "period",
    "partner_id": "partner",
    "wp_code": "work_package",
}


def dimensions_table(found: stage.Preview, lang: str) -> pd.DataFrame:
    if not found.dimensions_found:
        return pd.DataFrame()
    named = sorted(found.dimensions_found.items(), key=lambda item: (-item[1], item[0]))
    return pd.DataFrame(
        {
            t("import.col.dimension", lang): [name for name, _ in named],
            t("import.col.lines", lang): [fmt.number(lines, lang) for _, lines in named],
        }
    )


def unmapped_table(found: stage.Preview, lang: str) -> pd.DataFrame:
    frame = found.unmapped
    return (
        pd.DataFrame(
            {
                t("import.col.account", lang): frame["account"].tolist(),
                t("import.col.account_name", lang): frame["account_name"].tolist(),
                t("import.col.lines", lang): [fmt.number(n, lang) for n in frame["lines"]],
                t("import.col.amount", lang): [nok(a, lang, 2) for a in frame["amount"]],
            }
        )
        if not frame.empty
        else pd.DataFrame()
    )


def rejected_table(found: stage.Preview, lang: str) -> pd.DataFrame:
    frame = batches.rejected_frame(found.rejected)
    if frame.empty:
        return pd.DataFrame()
    # From the problems themselves: pandas keeps a column of text as plain str, which drops a Notice's key.
    frame["reason"] = [in_language(problem.reason, lang) for problem in found.rejected]
    return frame.rename(columns={c: t(f"import.col.{c}", lang) for c in frame.columns})


def skipped_table(found: stage.Preview, lang: str) -> pd.DataFrame:
    if not found.skipped_accounts:
        return pd.DataFrame()
    return pd.DataFrame(
        {
            t("import.col.account", lang): list(found.skipped_accounts),
            t("import.col.lines", lang): [fmt.number(n, lang) for n in found.skipped_accounts.values()],
        }
    )


def batches_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("import.col.batch", lang): frame["batch_id"].tolist(),
            t("import.col.file", lang): frame["file_name"].tolist(),
            t("import.col.format", lang): [label("import.format", f, lang) for f in frame["format"]],
            t("import.col.inserted", lang): [fmt.number(n, lang) for n in frame["rows_inserted"]],
            t("import.col.amount", lang): [nok(a, lang, 2) for a in frame["amount_total"]],
            t("import.col.by", lang): frame["imported_by"].tolist(),
            t("import.col.at", lang): [_when(at, lang) for at in frame["imported_at"]],
            t("import.col.state", lang): [
                t("import.state.undone" if pd.notna(u) else "import.state.active", lang) for u in frame["undone_at"]
            ],
        }
    )


def _when(at, lang: str) -> str:
    stamp = pd.Timestamp(at)
    return f"{fmt.date(stamp.date(), lang)} {stamp:%H:%M}"


def batch_choice(frame: pd.DataFrame, lang: str):
    """The undo picker's label of a batch: its number and file."""
    files = dict(zip(frame["batch_id"].astype(int), frame["file_name"], strict=True))
    return lambda batch: t("import.batch_choice", lang, batch=batch, file=files.get(batch, ""))


def active_batches(frame: pd.DataFrame) -> list[int]:
    return [int(b) for b, u in zip(frame["batch_id"], frame["undone_at"], strict=True) if pd.isna(u)]
