"""SAF-T Financial (schemas 1.10, 1.20, 1.30) -> the ledger lines carrying one analysis dimension.

Streaming: lxml iterparse, each Transaction freed as soon as its lines are read, so memory stays
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

from monitor.importers.common import FileRefused, Problem, ReadResult, SourceLine, xml_amount

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
    _q("TransactionID"), _q("TransactionDate"), _q("Period"), _q("PeriodYear"))
ANALYSIS_AMOUNT, DEBIT_ANALYSIS, CREDIT_ANALYSIS = (
    _q("AnalysisAmount"), _q("DebitAnalysisAmount"), _q("CreditAnalysisAmount"))
# Master-data records that can be numerous; freed like transactions.
FREED = (_q("Customer"), _q("Supplier"), _q("TaxTableEntry"))

PARSER_OPTIONS = dict(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False,
                      remove_comments=True, remove_pis=True)


def parse_dimension(text: str) -> tuple[str, str]:
    kind, _, ident = text.partition(":")
    if not kind.strip() or not ident.strip():
        raise ValueError(f"{text!r} is not a dimension as TYPE:ID (for example P:326917)")
    return kind.strip(), ident.strip()


def check_root(path: Path) -> None:
    """Refuse non-XML, a DTD (entity tricks), or a root that is not a SAF-T Financial AuditFile."""
    context = etree.iterparse(str(path), events=("start",), **PARSER_OPTIONS)
    try:
        _, root = next(context)
    except etree.XMLSyntaxError as error:
        raise FileRefused(f"{path.name}: not a well-formed XML file ({error})") from None
    except StopIteration:
        raise FileRefused(f"{path.name}: no XML element in the file") from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise FileRefused(f"{path.name}: the file has a DTD (<!DOCTYPE>); SAF-T files have none, and a DTD "
                          f"can expand entities or reach other files, so it is refused")
    if root.tag != AUDIT_FILE:
        namespace, _, local = str(root.tag).rpartition("}")
        raise FileRefused(f"{path.name}: not a SAF-T Financial file: the root is {local!r} in namespace "
                          f"{namespace.lstrip('{') or '(none)'!r}; expected AuditFile in {NS!r}")


class SaftReader:
    """Read the lines of one analysis dimension. `info` is filled as the file is read."""

    def __init__(self, path: Path, dimension: tuple[str, str]):
        self.path = Path(path)
        self.dimension = dimension
        self.info = ReadResult()
        self.accounts: dict[str, str | None] = {}

    def lines(self) -> Iterator[SourceLine | Problem]:
        check_root(self.path)
        tags = (VERSION, REGISTRATION_NUMBER, ACCOUNT, TRANSACTION, *FREED)
        with self.path.open("rb") as handle:
            self._handle = handle
            context = etree.iterparse(handle, events=("end",), tag=tags, **PARSER_OPTIONS)
            try:
                for _, elem in context:
                    if elem.tag == TRANSACTION:  # by far the most frequent: no generator per element
                        found = self._transaction(elem)
                        _free(elem)
                        if found:
                            yield from found
                    else:
                        self._element(elem)
            except etree.XMLSyntaxError as error:
                raise FileRefused(f"{self.path.name}: the XML breaks off or is malformed ({error}); "
                                  f"nothing was imported") from None

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
                elem.findtext(_q("AccountDescription")) or "").strip() or None

    def _transaction(self, elem) -> list[SourceLine | Problem] | None:
        # Hot path, run once per transaction: lxml's C-level tag filters find the lines (only counted)
        # and the Analysis elements; Python looks only at the analyses, and collects a line's fields only
        # when it carries our dimension (most lines of a company ledger do not).
        self.info.lines_read += len(list(elem.iterchildren(LINE)))
        found: list[SourceLine | Problem] | None = None
        head = line = analysis = None
        ours: list[Any] = []
        wanted = self.dimension[1]
        for ident in elem.iter(ANALYSIS_ID):  # only the ID's text for the many analyses that are not ours
            text = ident.text
            if text != wanted and (text is None or text.strip() != wanted):
                continue
            if ident.getparent() is analysis:  # the same Analysis again (a second AnalysisID)
                continue
            analysis = ident.getparent()
            if analysis.tag != ANALYSIS or _type_and_id(analysis) != self.dimension:
                continue
            parent = analysis.getparent()
            if parent.tag != LINE or parent.getparent() is not elem:  # proxies are unique while referenced
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

    def _head(self, transaction) -> _TransactionHead:
        return _TransactionHead.read(_fields(transaction, HEAD_FIELDS), self._journal_id(transaction))

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
            return Problem(self.path.name, row, head.problem[0], head.problem[1])
        fields = _fields(line, LINE_FIELDS)
        account, record = _text(fields, ACCOUNT_ID), _text(fields, RECORD_ID)
        if not account or not record:
            return Problem(self.path.name, row, "AccountID" if not account else "RecordID", "value is required")
        try:
            sign, line_amount = _line_amount(fields)
            amount = _analysis_amount(analyses[0], sign, line_amount)
            for more in analyses[1:]:  # the dimension twice on one line: both shares count
                amount += _analysis_amount(more, sign, line_amount)
        except ValueError as error:
            return Problem(self.path.name, row, "Amount", str(error))
        return SourceLine(
            row=row, source_key=f"saft:{self.info.company_number or '-'}:{head.year}:{head.journal}:{head.id}:{record}",
            posting_date=head.date, year=head.year, period=head.period, account=account,
            account_name=self.accounts.get(account), amount=amount,
            text=_text(fields, DESCRIPTION) or head.text or None, voucher=head.id,
        )


HEAD_FIELDS = frozenset((TRANSACTION_ID, TRANSACTION_DATE, PERIOD, PERIOD_YEAR, DESCRIPTION))
LINE_FIELDS = frozenset((RECORD_ID, ACCOUNT_ID, DESCRIPTION, DEBIT, CREDIT))


def _fields(elem, tags: frozenset[str]) -> dict[str, Any]:
    """The children with these tags, by tag (a repeated tag keeps the last). A set test per child is
    cheaper than lxml's multi-tag filter, which is rebuilt on every call."""
    return {child.tag: child for child in elem if child.tag in tags}


def _text(fields: dict[str, Any], tag: str) -> str:
    found = fields.get(tag)
    return (found.text or "").strip() if found is not None else ""


def _type_and_id(analysis) -> tuple[str, str]:
    if len(analysis) >= 2 and analysis[0].tag == ANALYSIS_TYPE and analysis[1].tag == ANALYSIS_ID:
        return (analysis[0].text or "").strip(), (analysis[1].text or "").strip()
    return (analysis.findtext(ANALYSIS_TYPE) or "").strip(), (analysis.findtext(ANALYSIS_ID) or "").strip()


class _TransactionHead:
    """The fields of a Transaction its lines share."""

    __slots__ = ("id", "journal", "date", "year", "period", "text", "problem")

    @classmethod
    def read(cls, fields: dict[str, Any], journal: str) -> _TransactionHead:
        head = cls()
        head.id, head.journal, head.text, head.problem = _text(fields, TRANSACTION_ID), journal, _text(fields, DESCRIPTION), None
        try:
            head.date = dt.date.fromisoformat(_text(fields, TRANSACTION_DATE))
        except ValueError:
            head.date, head.year, head.period = None, 0, 0
            head.problem = ("TransactionDate", f"{_text(fields, TRANSACTION_DATE)!r} is not a date as YYYY-MM-DD")
            return head
        head.year = _whole(_text(fields, PERIOD_YEAR), head.date.year)
        head.period = _whole(_text(fields, PERIOD), head.date.month)
        if not head.id:
            head.problem = ("TransactionID", "value is required")
        return head


def _whole(text: str | None, fallback: int) -> int:
    text = (text or "").strip()
    return int(text) if text.isdigit() else fallback


def _line_amount(fields: dict[str, Any]) -> tuple[int, Decimal]:
    debit, credit = fields.get(DEBIT), fields.get(CREDIT)
    if (debit is None) == (credit is None):
        raise ValueError("a line needs exactly one of DebitAmount and CreditAmount")
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


def _free(elem) -> None:
    """Drop an element already read, and its already-read predecessors, so the tree stays small."""
    elem.clear(keep_tail=False)
    previous = elem.getprevious()
    while previous is not None and previous.tag == elem.tag:
        elem.getparent().remove(previous)
        previous = elem.getprevious()
