"""SAF-T Financial (schemas 1.10, 1.20, 1.30) -> the ledger lines carrying one analysis dimension.

Streaming: lxml iterparse; transactions are freed in runs of FREE_EVERY once read, so memory stays
bounded whatever the file size. Hardened: a file with a DTD (entity expansion, external entities)
is refused before its first element is read; entities are never resolved and nothing is fetched.

Amounts: the line's DebitAmount adds, CreditAmount subtracts. The analysis amount replaces the line
amount where present: 1.10/1.20 `AnalysisAmount` takes the line's sign, 1.30 `DebitAnalysisAmount` /
`CreditAnalysisAmount` carry their own. An Analysis without an amount applies to the whole line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from lxml import etree

from monitor.config import Config
from monitor.errors import Notice, Problem
from monitor.ledger.readers.common import (
    FileRefused,
    ReadResult,
    SourceLine,
    reason_of,
    refuse_foreign_digits,
    xml_amount,
    xml_error,
)
from monitor.ledger.readers.interface import LedgerFormat, ReadRequest

NS = "urn:StandardAuditFile-Taxation-Financial:NO"


def _q(name: str) -> str:
    return f"{{{NS}}}{name}"


AUDIT_FILE, HEADER, COMPANY = _q("AuditFile"), _q("Header"), _q("Company")
REGISTRATION_NUMBER, VERSION = _q("RegistrationNumber"), _q("AuditFileVersion")
ACCOUNTS, ACCOUNT, TRANSACTION, LINE = _q("GeneralLedgerAccounts"), _q("Account"), _q("Transaction"), _q("Line")
ANALYSIS, ANALYSIS_TYPE, ANALYSIS_ID = _q("Analysis"), _q("AnalysisType"), _q("AnalysisID")
DEBIT, CREDIT, AMOUNT = _q("DebitAmount"), _q("CreditAmount"), _q("Amount")
ACCOUNT_ID, RECORD_ID, DESCRIPTION = _q("AccountID"), _q("RecordID"), _q("Description")
TRANSACTION_ID, TRANSACTION_DATE, PERIOD, PERIOD_YEAR = (
    _q("TransactionID"),
    _q("TransactionDate"),
    _q("Period"),
    _q("PeriodYear"),
)
ANALYSIS_AMOUNT, DEBIT_ANALYSIS, CREDIT_ANALYSIS = (
    _q("AnalysisAmount"),
    _q("DebitAnalysisAmount"),
    _q("CreditAnalysisAmount"),
)
# Master-data records that can be numerous; freed like transactions.
FREED = (_q("Customer"), _q("Supplier"), _q("TaxTableEntry"))

PARSER_OPTIONS = dict(
    resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False, remove_comments=True, remove_pis=True
)


def parse_dimension(text: str) -> tuple[str, str]:
    kind, _, ident = text.partition(":")
    if not kind.strip() or not ident.strip():
        raise ValueError(f"{text!r} is not a dimension as TYPE:ID (for example P:326917)")
    return kind.strip(), ident.strip()


def check_root(path: Path, name: str | None = None) -> None:
    """Refuse non-XML, a DTD (entity tricks), or a root that is not a SAF-T Financial AuditFile. Messages name the
    file by `name` (the upload's name in the app) and take line and column from the parser's log (xml_error):
    lxml's own text would carry the path of the file on the server."""
    name = name or path.name
    with Path(path).open("rb") as handle:
        context = etree.iterparse(handle, events=("start",), **PARSER_OPTIONS)
        try:
            _, root = next(context)
        except etree.XMLSyntaxError as error:
            raise FileRefused(Notice("import.why.not_xml", file=name, error=xml_error(error))) from None
        except StopIteration:
            raise FileRefused(Notice("import.why.no_element", file=name)) from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise FileRefused(Notice("import.why.dtd", file=name))
    if root.tag != AUDIT_FILE:
        namespace, _, local = str(root.tag).rpartition("}")
        raise FileRefused(
            Notice(
                "import.why.not_saft",
                file=name,
                root=repr(local),
                namespace=repr(namespace.lstrip("{") or "(none)"),
                expected=repr(NS),
            )
        )


class SaftReader:
    """Read the lines of one analysis dimension. `info` is filled as the file is read."""

    def __init__(self, path: Path, dimension: tuple[str, str], name: str | None = None):
        self.path = Path(path)
        self.name = name or self.path.name  # in messages and problems: the upload's name, never a temporary path
        self.dimension = dimension
        self.info = ReadResult()
        self.accounts: dict[str, str | None] = {}

    def lines(self) -> Iterator[SourceLine | Problem]:
        check_root(self.path, self.name)
        tags = (VERSION, REGISTRATION_NUMBER, ACCOUNT, TRANSACTION, LINE, ANALYSIS_ID, *FREED)
        with self.path.open("rb") as handle:
            self._handle = handle
            context = etree.iterparse(handle, events=("end",), tag=tags, **PARSER_OPTIONS)
            try:
                yield from self._events(context)
            except etree.XMLSyntaxError as error:
                raise FileRefused(Notice("import.why.xml_breaks_off", file=self.name, error=xml_error(error))) from None

    def _events(self, context) -> Iterator[SourceLine | Problem]:
        # The hot loop. Its own events do what per-transaction searches would cost more for (lxml builds a
        # tag matcher on every iterchildren/iter call): a Line's end counts it, an AnalysisID's end with
        # our id makes it a candidate, a Transaction's end turns the candidates into lines. Transactions
        # are freed in runs of FREE_EVERY, one slice deletion each, so the tree stays small.
        wanted = self.dimension[1]
        candidates: list[Any] = []  # AnalysisIDs with our id since the last transaction ended
        run_parent = run_last = None  # the run of read transactions not yet freed: their parent, the last
        run = lines = 0  # lines counted here, stored in info as each transaction ends
        pending = 0  # Lines ended since the last Transaction ended: that transaction's lines when it ends
        for _, elem in context:
            tag = elem.tag
            if tag == LINE:
                # Counted without asking for the parent (a proxy for it on every line). Lines outside a
                # Transaction (1.10's SourceDocuments) come after the last one by the schema, so they never
                # reach a Transaction's end and are not counted.
                pending += 1
            elif tag == ANALYSIS_ID:
                text = elem.text
                if text == wanted or (text is not None and text.strip() == wanted):
                    candidates.append(elem)
            elif tag == TRANSACTION:
                found = self._transaction(elem, candidates) if candidates else None
                candidates = []
                lines += pending
                pending = 0
                self.info.lines_read = lines
                parent = elem.getparent()
                if parent is not run_parent:  # a new journal: free the rest of the last one
                    if run:
                        _free_run(run_last, run)
                    run_parent, run = parent, 0
                run, run_last = run + 1, elem
                if run == FREE_EVERY:
                    _free_run(elem, run)
                    run = 0
                if found:
                    yield from found
            else:
                self._element(elem)

    @property
    def position(self) -> int:
        """Bytes of the file read so far (for progress)."""
        handle = getattr(self, "_handle", None)
        return 0 if handle is None or handle.closed else handle.tell()

    def _element(self, elem) -> None:
        tag = elem.tag
        if tag == ACCOUNT:
            self._account(elem)
            _free(elem)
        elif tag == REGISTRATION_NUMBER:
            self._registration_number(elem)
        elif tag == VERSION:
            self.info.schema_version = (elem.text or "").strip()
        else:
            _free(elem)

    def _registration_number(self, elem) -> None:
        parent = elem.getparent()
        if parent.tag == COMPANY and parent.getparent().tag == HEADER and self.info.company_number is None:
            self.info.company_number = (elem.text or "").strip()

    def _account(self, elem) -> None:
        if elem.getparent().tag == ACCOUNTS:
            self.accounts[(elem.findtext(_q("AccountID")) or "").strip()] = (
                elem.findtext(_q("AccountDescription")) or ""
            ).strip() or None

    def _transaction(self, elem, candidates: list[Any]) -> list[SourceLine | Problem] | None:
        """The lines of a transaction carrying our dimension, from the AnalysisIDs with our id read since
        the last transaction (in document order). A line's fields are only collected for these."""
        found: list[SourceLine | Problem] | None = None
        head = line = analysis = None
        ours: list[Any] = []
        for ident in candidates:
            parent_of_ident = ident.getparent()  # None for one freed with its master record before this transaction
            if parent_of_ident is analysis or parent_of_ident is None:  # the same Analysis again: a second AnalysisID
                continue
            analysis = parent_of_ident
            if analysis.tag != ANALYSIS or not self._is_ours(analysis, ident):
                continue
            parent = analysis.getparent()
            if (
                parent is None or parent.tag != LINE or parent.getparent() is not elem
            ):  # proxies are unique while referenced
                continue
            if parent is not line:  # analyses come in document order: a new line starts
                if line is not None:
                    found.append(self._line(line, ours, head))
                else:
                    found, head = [], self._head(elem)
                line, ours = parent, []
            ours.append(analysis)
        if line is not None:
            found.append(self._line(line, ours, head))
        return found

    def _is_ours(self, analysis, ident) -> bool:
        """Our type, and `ident` (whose text is our id) its AnalysisID. The schema puts AnalysisType first and
        AnalysisID second; anything else is read the slow way."""
        first = analysis[0]
        if first.tag == ANALYSIS_TYPE and len(analysis) > 1 and analysis[1] is ident:
            return (first.text or "").strip() == self.dimension[0]
        return _type_and_id(analysis) == self.dimension

    def _head(self, transaction) -> _TransactionHead:
        texts = {}
        for child in transaction:  # the head fields come before the first Line by the schema
            tag = child.tag
            if tag == LINE:
                break
            if tag in HEAD_FIELDS:
                texts[tag] = child.text
        head = _TransactionHead.read(texts, self._journal_id(transaction))
        head.key = f"saft:{self.info.company_number or '-'}:{head.year}:{head.journal}:{head.id}:"
        return head

    def _journal_id(self, transaction) -> str:
        journal = transaction.getparent()
        if journal is None:
            return ""
        if journal is not self._journal:  # kept referenced, so identity marks the same journal
            self._journal, self._journal_text = journal, (journal.findtext(_q("JournalID")) or "").strip()
        return self._journal_text

    _journal = None
    _journal_text = ""

    def _line(self, line, analyses: list, head: _TransactionHead) -> SourceLine | Problem:
        row = line.sourceline or 0
        if head.problem:
            return Problem(self.name, row, head.problem[0], head.problem[1])
        fields = {child.tag: child for child in line if child.tag in LINE_FIELDS}  # a repeated tag: the last
        account, record = _text(fields, ACCOUNT_ID), _text(fields, RECORD_ID)
        if not account or not record:
            return Problem(self.name, row, "AccountID" if not account else "RecordID", Notice("import.why.required"))
        if not (account.isascii() and record.isascii()):  # the common case in one test each
            for column, value in (("AccountID", account), ("RecordID", record)):
                try:
                    refuse_foreign_digits(value)
                except ValueError as error:
                    return Problem(self.name, row, column, reason_of(error))
        try:
            sign, line_amount = _line_amount(fields)
            amount = _analysis_amount(analyses[0], sign, line_amount)
            for more in analyses[1:]:  # the dimension twice on one line: both shares count
                amount += _analysis_amount(more, sign, line_amount)
        except ValueError as error:
            return Problem(self.name, row, "Amount", reason_of(error))
        # Positional (row, source_key, posting_date, year, period, account, account_name, amount, text,
        # voucher): half the cost of keywords, once per line.
        return SourceLine(
            row,
            head.key + record,
            head.date,
            head.year,
            head.period,
            account,
            self.accounts.get(account),
            amount,
            _text(fields, DESCRIPTION) or head.text or None,
            head.id,
        )


# The children a transaction's head and a line are read from. A set test per child is cheaper than
# lxml's multi-tag filter, which is rebuilt on every call.
HEAD_FIELDS = frozenset((TRANSACTION_ID, TRANSACTION_DATE, PERIOD, PERIOD_YEAR, DESCRIPTION))
LINE_FIELDS = frozenset((RECORD_ID, ACCOUNT_ID, DESCRIPTION, DEBIT, CREDIT))


def _text(fields: dict[str, Any], tag: str) -> str:
    found = fields.get(tag)
    return (found.text or "").strip() if found is not None else ""


def _type_and_id(analysis) -> tuple[str, str]:
    if len(analysis) >= 2 and analysis[0].tag == ANALYSIS_TYPE and analysis[1].tag == ANALYSIS_ID:
        return (analysis[0].text or "").strip(), (analysis[1].text or "").strip()
    return (analysis.findtext(ANALYSIS_TYPE) or "").strip(), (analysis.findtext(ANALYSIS_ID) or "").strip()


class _TransactionHead:
    """The fields of a Transaction its lines share; `key` starts its lines' natural keys."""

    __slots__ = ("id", "journal", "date", "year", "period", "text", "problem", "key")

    @classmethod
    def read(cls, texts: dict[str, str | None], journal: str) -> _TransactionHead:
        head = cls()
        head.id, head.journal = (texts.get(TRANSACTION_ID) or "").strip(), journal
        head.text, head.problem = (texts.get(DESCRIPTION) or "").strip(), None
        date = (texts.get(TRANSACTION_DATE) or "").strip()
        try:
            head.date = dt.date.fromisoformat(date)
        except ValueError:
            head.date, head.year, head.period = None, 0, 0
            head.problem = ("TransactionDate", Notice("import.why.not_iso_date", value=repr(date)))
            return head
        try:
            head.year = _whole(texts.get(PERIOD_YEAR), head.date.year)
        except ValueError as error:
            head.year, head.period, head.problem = 0, 0, ("PeriodYear", reason_of(error))
            return head
        try:
            head.period = _whole(texts.get(PERIOD), head.date.month)
        except ValueError as error:
            head.period, head.problem = 0, ("Period", reason_of(error))
            return head
        if not head.id:
            head.problem = ("TransactionID", Notice("import.why.required"))
        elif not head.id.isascii():
            try:
                refuse_foreign_digits(head.id)
            except ValueError as error:
                head.problem = ("TransactionID", reason_of(error))
        return head


def _whole(text: str | None, fallback: int) -> int:
    """A period or year: ASCII digits (str.isdigit() and int() would take '٢٠٢٣' as 2023); absent: the fallback."""
    text = (text or "").strip()
    if not text:
        return fallback
    if not text.isascii() or not text.isdigit():
        refuse_foreign_digits(text)
        raise ValueError(Notice("import.why.not_whole", value=repr(text)))
    return int(text)


def _line_amount(fields: dict[str, Any]) -> tuple[int, Decimal]:
    debit, credit = fields.get(DEBIT), fields.get(CREDIT)
    if (debit is None) == (credit is None):
        raise ValueError(Notice("import.why.debit_and_credit"))
    sign = 1 if debit is not None else -1
    return sign, sign * xml_amount(_amount_text(debit if debit is not None else credit))


def _amount_text(structure) -> str | None:
    """The Amount of an AmountStructure; it comes first by the schema, so look there before searching."""
    if len(structure) and structure[0].tag == AMOUNT:
        return structure[0].text
    return structure.findtext(AMOUNT)


ANALYSIS_SIGNS = {ANALYSIS_AMOUNT: None, DEBIT_ANALYSIS: 1, CREDIT_ANALYSIS: -1}


def _analysis_amount(analysis, sign: int, line_amount: Decimal) -> Decimal:
    if len(analysis) > 2 and analysis[2].tag in ANALYSIS_SIGNS:  # where the schema puts it
        own_sign = ANALYSIS_SIGNS[analysis[2].tag]
        return (sign if own_sign is None else own_sign) * xml_amount(_amount_text(analysis[2]))
    for child in analysis:
        if child.tag in ANALYSIS_SIGNS:
            own_sign = ANALYSIS_SIGNS[child.tag]
            return (sign if own_sign is None else own_sign) * xml_amount(_amount_text(child))
    return line_amount


FREE_EVERY = 256  # read transactions kept before they are freed together


def _free_run(last, count: int) -> None:
    """Delete `last` and the read transactions before it (`count` in all) in one slice; lxml frees them."""
    parent = last.getparent()
    if parent is None:
        return
    end = parent.index(last) + 1
    start = max(end - count, 0)
    while start < end and parent[start].tag != TRANSACTION:  # something between transactions (not SAF-T)
        start += 1
    del parent[start:end]


def _free(elem) -> None:
    """Drop an element already read, and its already-read predecessors, so the tree stays small."""
    elem.clear(keep_tail=False)
    previous = elem.getprevious()
    while previous is not None and previous.tag == elem.tag:
        elem.getparent().remove(previous)
        previous = elem.getprevious()


def dimensions_of(path: Path, name: str | None = None) -> dict[str, int]:
    """The analysis dimensions (TYPE:ID) on the file's transaction lines, each with its number of lines; for
    saying which dimensions a file holds when the chosen one matched nothing. A second streaming pass, made
    only then, so the import's hot loop stays as it is."""
    check_root(Path(path), name)
    found: dict[str, int] = {}
    with Path(path).open("rb") as handle:
        for _, elem in etree.iterparse(handle, events=("end",), tag=(LINE, TRANSACTION), **PARSER_OPTIONS):
            if elem.tag == TRANSACTION:
                _free(elem)  # its lines were counted as they ended
                continue
            parent = elem.getparent()
            if parent is not None and parent.tag == TRANSACTION:
                for name in {":".join(_type_and_id(a)) for a in elem.iterchildren(ANALYSIS)}:
                    found[name] = found.get(name, 0) + 1
    return found


def open_reader(request: ReadRequest, settings: Config) -> SaftReader:
    """A reader of the request's dimension, else the project's in import.dimension; refused without one."""
    dimension = request.dimension or settings["import.dimension"].get(request.project_id)
    if not dimension:
        raise FileRefused(
            f"no SAF-T dimension for project {request.project_id!r}: pass --dimension TYPE:ID or set import.dimension"
        )
    try:
        parsed = parse_dimension(dimension)
    except ValueError:
        raise FileRefused(Notice("import.why.bad_dimension", value=repr(dimension))) from None
    return SaftReader(request.path, parsed, request.name)


FORMAT = LedgerFormat(
    name="saft", rank=1, suffixes=(".xml",), starts=(b"<",), open=open_reader, dimensions=dimensions_of
)
