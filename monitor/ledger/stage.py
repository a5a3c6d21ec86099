"""Ledger import, first step: file -> staged lines -> preview (what a commit would write, or why it may not).

`prepare` reads the file (streaming, through the reader its format names: monitor/ledger/readers/), maps
accounts to cost categories, skips (and lists) lines on non-cost accounts and lines outside the project period,
and stages the rest in a temp table of the connection; the preview (counts, totals per year x category, unmapped
accounts, rejected rows, lines already imported, keys already imported with other content = conflicts) is
computed from the stage in SQL. A preview that would write nothing says why (blockers); its messages are Notices
(nb/en). The commit (monitor/ledger/commit.py) writes what is staged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from monitor import db
from monitor.access.scope import Scope
from monitor.config import Config
from monitor.errors import Notice, Problem
from monitor.ledger import readers
from monitor.ledger.readers.common import FileRefused, SourceLine, check_size, sha256_of
from monitor.ledger.readers.mapping import category_for, rules_for
from monitor.reports import locks

STAGE_BATCH = 5_000
MAX_LISTED_PROBLEMS = 1_000
MAX_LISTED_CONFLICTS = 20  # the conflicting lines the preview shows; the count covers them all
MAX_NAMED_DIMENSIONS = 12  # the dimensions a "nothing matched" message names, most lines first
# A staged row is a SourceLine's fields in their order, then the cost category; each batch travels to
# DuckDB as an Arrow table of these exact types (Decimal -> decimal128(18, 2): no float ever holds an
# amount, and a value that would need rounding raises instead). The order follows SourceLine's fields.
_STAGE_FIELDS = {
    "row": ("row_no", pa.int32()),
    "source_key": ("source_line", pa.string()),
    "posting_date": ("posting_date", pa.date32()),
    "year": ("year", pa.int32()),
    "period": ("period", pa.int32()),
    "account": ("account", pa.string()),
    "account_name": ("account_name", pa.string()),
    "amount": ("amount", pa.decimal128(18, 2)),
    "text": ("text", pa.string()),
    "voucher": ("voucher", pa.string()),
    "partner_id": ("partner_id", pa.string()),
    "wp_code": ("wp_code", pa.string()),
}
STAGE_SCHEMA = pa.schema([*(_STAGE_FIELDS[name] for name in SourceLine._fields), ("cost_category", pa.string())])
OUTSIDE_COST_RANGE = object()

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class OutOfPeriod:
    """A line skipped because it is dated outside the project period: never project cost."""

    row: int
    posting_date: dt.date
    year: int  # the accounting year (SAF-T PeriodYear; else the date's)
    account: str
    amount: Decimal
    reason: str  # before (the project start), after (its end), year (booked in a year outside the project)


@dataclass(frozen=True)
class ImportRequest:
    path: Path
    project_id: str
    file_name: str | None = None  # shown and recorded; the upload's name in the app
    fmt: str | None = None
    partner_id: str | None = None
    dimension: str | None = None
    columns: dict[str, Any] | None = None
    replace: bool = False

    @property
    def name(self) -> str:
        return self.file_name or Path(self.path).name


@dataclass
class Preview:
    """What an import would do. `blockers` non-empty means commit refuses."""

    file_name: str
    sha256: str
    fmt: str
    project_id: str
    partner_id: str | None = None
    dimension: str | None = None
    company_number: str | None = None
    rows_read: int = 0
    rows_selected: int = 0
    rows_staged: int = 0
    rows_existing: int = 0
    rows_to_insert: int = 0
    rejected: list[Problem] = field(default_factory=list)
    rejected_count: int = 0
    skipped_accounts: dict[str, int] = field(default_factory=dict)  # outside the cost range
    unmapped: pd.DataFrame = field(default_factory=pd.DataFrame)
    totals: pd.DataFrame = field(default_factory=pd.DataFrame)
    total: Decimal = Decimal("0.00")
    period: tuple[dt.date, dt.date] | None = None  # the project's start and end date
    out_of_period: int = 0  # lines skipped as dated outside the period (cost accounts only)
    out_of_period_amount: Decimal = Decimal("0.00")
    out_of_period_lines: list[OutOfPeriod] = field(default_factory=list)  # the first MAX_LISTED_PROBLEMS
    conflicts: pd.DataFrame = field(default_factory=pd.DataFrame)  # the first MAX_LISTED_CONFLICTS
    conflict_count: int = 0
    dimensions_found: dict[str, int] = field(default_factory=dict)  # SAF-T TYPE:ID -> lines, when none matched
    same_file_batches: list[int] = field(default_factory=list)
    replaces: list[int] = field(default_factory=list)
    blockers: list[str] = field(default_factory=list)
    replace: bool = False

    @property
    def blocked(self) -> bool:
        return bool(self.blockers)

    @property
    def rows_skipped(self) -> int:
        return sum(self.skipped_accounts.values())

    @property
    def has_work(self) -> bool:
        """True when a commit would change the ledger: lines to write, or batches to replace."""
        return bool(self.rows_to_insert or self.replaces)


def prepare(
    con: db.Connection,
    request: ImportRequest,
    scope: Scope,
    settings: Config,
    progress: Progress | None = None,
) -> Preview:
    """Read, check and stage the file; return the preview. Staging writes (a temp table of the connection), so
    the scope must edit the project. Raises AccessDenied before anything is read, FileRefused for a refused file."""
    scope.require_edit(request.project_id)
    path = Path(request.path)
    check_size(path, settings["import.max_file_mb"], request.name)
    project = _project(con, request.project_id)
    fmt = readers.detect_format(path, request.fmt, request.name)
    # The file's hash is computed beside the reading (hashlib and file reads release the GIL, so it takes
    # the other core); only the preview's summary needs it.
    with ThreadPoolExecutor(max_workers=1) as pool:
        digest = pool.submit(sha256_of, path)
        preview = Preview(
            request.name,
            "",
            fmt,
            request.project_id,
            replace=request.replace,
            period=(project["start_date"], project["end_date"]),
        )
        reader = readers.open_reader(fmt, request, settings)
        preview.dimension = ":".join(reader.dimension) if reader.dimension else None
        _stage(con, reader, preview, settings, progress or no_progress, path.stat().st_size)
        preview.sha256 = digest.result()
    preview.rows_read = reader.info.lines_read if reader.info else 0
    preview.company_number = reader.info.company_number if reader.info else None
    _resolve_partner(con, request, preview, project)
    _summarise(con, preview)
    _locked_years(con, preview, scope)
    _explain_nothing_to_import(path, preview, request.name)
    return preview


def no_progress(fraction: float, message: str) -> None:
    return None


def _project(con: db.Connection, project_id: str) -> dict[str, Any]:
    rows = db.query(con, "project", project_id=project_id)
    if rows.empty:
        raise FileRefused(f"no project {project_id!r} in the database")
    return rows.iloc[0].to_dict()


def _stage(con, reader, preview: Preview, settings: Config, progress: Progress, size: int) -> None:
    db.execute(con, "import_stage_create")
    first, last = settings["accounts.cost_range"]
    start, end = preview.period
    rules = rules_for(settings["accounts.mapping"], preview.project_id)
    categories: dict[str, Any] = {}  # account -> its category, or OUTSIDE_COST_RANGE; a file has few accounts
    batch: list[tuple] = []
    for item in reader.lines():
        if isinstance(item, Problem):
            _reject(preview, item)
            continue
        preview.rows_selected += 1
        account = item.account
        category = categories.get(account, categories)
        if category is categories:
            in_range = account.isdigit() and first <= int(account) <= last
            category = categories[account] = category_for(account, rules) if in_range else OUTSIDE_COST_RANGE
        if category is OUTSIDE_COST_RANGE:
            preview.skipped_accounts[account] = preview.skipped_accounts.get(account, 0) + 1
            continue
        if not (start <= item.posting_date <= end and start.year <= item.year <= end.year):
            _skip_out_of_period(preview, item, start, end)  # never project cost, whatever the account
            continue
        batch.append((*item, category))
        if len(batch) >= STAGE_BATCH:
            _flush(con, batch, preview)
            progress(_fraction(reader, size), _lines_read(reader))
    _flush(con, batch, preview)
    progress(1.0, _lines_read(reader))


def _lines_read(reader) -> Notice:
    # The lines of the file read so far: at the end the same number as the preview's "lines read".
    return Notice("import.progress.read", lines=reader.info.lines_read if reader.info else 0)


def _skip_out_of_period(preview: Preview, item: SourceLine, start: dt.date, end: dt.date) -> None:
    preview.out_of_period += 1
    preview.out_of_period_amount += item.amount
    if len(preview.out_of_period_lines) < MAX_LISTED_PROBLEMS:
        # The date decides; a line dated in the period but booked in an accounting year outside it (SAF-T's
        # PeriodYear) would count in that year's budget row, so it is outside too.
        reason = "before" if item.posting_date < start else "after" if item.posting_date > end else "year"
        preview.out_of_period_lines.append(
            OutOfPeriod(item.row, item.posting_date, item.year, item.account, item.amount, reason)
        )


def _fraction(reader, size: int) -> float:
    position = getattr(reader, "position", None)
    return min(position / size, 1.0) if position and size else 0.0


def _reject(preview: Preview, problem: Problem) -> None:
    preview.rejected_count += 1
    if len(preview.rejected) < MAX_LISTED_PROBLEMS:
        preview.rejected.append(problem)


def _flush(con: db.Connection, batch: list[tuple], preview: Preview) -> None:
    if not batch:
        return
    columns = zip(*batch, strict=True)
    table = pa.Table.from_arrays(
        [pa.array(values, type=f.type) for values, f in zip(columns, STAGE_SCHEMA, strict=True)], schema=STAGE_SCHEMA
    )
    with db.registered(con, "import_stage_batch", table):
        db.execute(con, "import_stage_insert")
    preview.rows_staged += len(batch)
    batch.clear()


def _resolve_partner(con, request: ImportRequest, preview: Preview, project: dict[str, Any]) -> None:
    partner = request.partner_id
    if partner is None and preview.company_number:
        found = db.query(con, "import_partner_by_org", project_id=preview.project_id, org_number=preview.company_number)
        partner = found["partner_id"].iloc[0] if len(found) == 1 else None
        if partner is None:  # said even when nothing else matched: it is one reason the user must know
            preview.blockers.append(
                Notice(
                    "import.blocker.unknown_company",
                    company=preview.company_number,
                    project=project["acronym"] or preview.project_id,
                )
            )
    preview.partner_id = partner
    if partner is not None:
        db.execute(con, "import_stage_fill_partner", partner_id=partner)


def _summarise(con: db.Connection, preview: Preview) -> None:
    keyed = {"project_id": preview.project_id}
    _reference_blockers(con, preview)
    for row in db.query(con, "import_duplicate_keys").to_dict("records"):
        _reject(
            preview,
            Problem(
                preview.file_name,
                int(row["last_row"]),
                None,
                Notice("import.why.same_source_line", row=int(row["first_row"]), key=row["source_line"]),
            ),
        )
    preview.unmapped = db.query(con, "import_unmapped_accounts")
    if not preview.unmapped.empty:
        preview.blockers.append(Notice("import.blocker.unmapped", accounts=", ".join(preview.unmapped["account"])))
    if preview.rejected_count:
        preview.blockers.append(Notice("import.blocker.rejected", count=preview.rejected_count))
    _conflicts(con, preview)
    existing = db.query(con, "import_existing_lines", **keyed)
    preview.rows_existing = int(existing["lines"].sum()) if not existing.empty else 0
    preview.totals = db.query(con, "import_totals", replace=preview.replace, **keyed)
    preview.total = sum(preview.totals["amount"], Decimal("0.00")) if not preview.totals.empty else Decimal("0.00")
    preview.rows_to_insert = int(preview.totals["lines"].sum()) if not preview.totals.empty else 0
    preview.same_file_batches = db.query(con, "import_batch_by_sha", sha256=preview.sha256, **keyed)[
        "batch_id"
    ].tolist()
    if preview.replace:
        preview.replaces = db.query(con, "import_batches_to_replace", sha256=preview.sha256, **keyed)[
            "batch_id"
        ].tolist()


CONFLICT_FIELDS = ("posting_date", "year", "period", "account", "amount", "text", "voucher", "partner_id", "wp_code")


def _conflicts(con: db.Connection, preview: Preview) -> None:
    """Staged lines whose source key is in the ledger with other content. A key names one line of one accounting
    system; the same key with another amount, account, date or text is another line (a second system, a
    renumbered export), so taking it as "already imported" would silently drop it. The whole file is refused,
    unless the user replaces the batches holding those keys."""
    found = db.query(con, "import_conflicts", project_id=preview.project_id, limit=MAX_LISTED_CONFLICTS)
    if found.empty:
        return
    preview.conflict_count = int(found["conflicts"].iloc[0])
    found["fields"] = [
        ", ".join(f for f in CONFLICT_FIELDS if not _same(row[f], row[f"ledger_{f}"]))
        for row in found.to_dict("records")
    ]
    preview.conflicts = found
    if preview.replace:
        return
    first = found.iloc[0]
    preview.blockers.append(
        Notice(
            "import.blocker.conflict",
            count=preview.conflict_count,
            rows=", ".join(map(str, found["row_no"].head(3))),
            key=first["source_line"],
            fields=first["fields"],
            batch=_batch_name(first),
        )
    )


def years_changed(con: db.Connection, preview: Preview, scope: Scope) -> list[int]:
    """The years whose ledger figures the import would change: those of the lines it would write, and those of
    the lines of the batches it replaces (removed). Lines already in the ledger change nothing."""
    scope.require_project(preview.project_id)
    years = {int(y) for y in preview.totals["year"]} if not preview.totals.empty else set()
    if preview.replaces:
        found = db.query(con, "import_batch_years", project_id=preview.project_id, batch_ids=preview.replaces)
        years |= {int(y) for y in found["year"]}
    return sorted(years)


def _locked_years(con: db.Connection, preview: Preview, scope: Scope) -> None:
    """A file with any line to write in a locked year is refused whole (all or nothing), saying which year is
    locked since when; the commit checks again in its transaction (a year may be locked after this preview)."""
    found = locks.locked(con, preview.project_id, scope, years_changed(con, preview, scope))
    if found:
        preview.blockers.append(locks.refusal([found[year] for year in sorted(found)]))


def _same(left: Any, right: Any) -> bool:
    missing = pd.isna(left) if not isinstance(left, (list, tuple)) else False
    return (missing and pd.isna(right)) or (not missing and left == right)


def _batch_name(row: Any) -> str:
    batch = row["batch_id"]
    return f"{int(batch)} ({row['file_name']})" if pd.notna(batch) else "seed"


def _reference_blockers(con: db.Connection, preview: Preview) -> None:
    keyed = {"project_id": preview.project_id}
    partners = db.query(con, "import_unknown_partners", **keyed)
    missing = partners[partners["partner_id"] == ""]
    if not missing.empty:
        preview.blockers.append(
            Notice(
                "import.blocker.no_partner", count=int(missing["lines"].sum()), row=int(missing["first_row"].iloc[0])
            )
        )
    unknown = partners[partners["partner_id"] != ""]
    if not unknown.empty:
        preview.blockers.append(Notice("import.blocker.unknown_partners", partners=", ".join(unknown["partner_id"])))
    packages = db.query(con, "import_unknown_work_packages", **keyed)
    if not packages.empty:
        preview.blockers.append(Notice("import.blocker.unknown_work_packages", packages=", ".join(packages["wp_code"])))


def _explain_nothing_to_import(path: Path, preview: Preview, name: str) -> None:
    """A file with no line for the project in its period blocks, saying why: never "ready" to import nothing."""
    if preview.rows_staged or preview.rejected_count:
        return
    if not preview.rows_read:
        preview.blockers.append(Notice("import.blocker.no_lines"))
    elif not preview.rows_selected and (dimensions := readers.get(preview.fmt).dimensions):
        preview.dimensions_found = dimensions(path, name)
        preview.blockers.append(
            Notice(
                "import.blocker.no_dimension",
                dimension=preview.dimension,
                company=preview.company_number or "–",
                dimensions=_dimension_list(preview.dimensions_found) or "–",
            )
        )
    else:
        start, end = preview.period
        preview.blockers.append(
            Notice(
                "import.blocker.no_project_cost",
                selected=preview.rows_selected,
                out_of_period=preview.out_of_period,
                start=start,
                end=end,
                not_cost=preview.rows_skipped,
            )
        )


def _dimension_list(found: dict[str, int]) -> str:
    named = sorted(found.items(), key=lambda item: (-item[1], item[0]))
    text = ", ".join(f"{name} ({lines})" for name, lines in named[:MAX_NAMED_DIMENSIONS])
    return text + (f", … (+{len(named) - MAX_NAMED_DIMENSIONS})" if len(named) > MAX_NAMED_DIMENSIONS else "")


def nothing_new(preview: Preview) -> Notice:
    """Why a preview without blockers has nothing to write (said instead of offering to import nothing)."""
    if preview.same_file_batches:
        return Notice("import.nothing.same_file", batches=", ".join(map(str, preview.same_file_batches)))
    if preview.rows_existing:
        return Notice("import.nothing.existing", count=preview.rows_existing)
    return Notice("import.nothing.none")
