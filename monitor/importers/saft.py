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
                    yield from self._element(elem)
            except etree.XMLSyntaxError as error:
                raise FileRefused(f"{self.path.name}: the XML breaks off or is malformed ({error}); "
                                  f"nothing was imported") from None

    @property
    def position(self) -> int:
        """Bytes of the file read so far (for progress)."""
        handle = getattr(self, "_handle", None)
        return 0 if handle is None or handle.closed else handle.tell()

    def _element(self, elem) -> Iterator[SourceLine | Problem]:
        tag = elem.tag
        if tag == TRANSACTION:
            yield from self._transaction(elem)
            _free(elem)
        elif tag == ACCOUNT:
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

    def _transaction(self, elem) -> Iterator[SourceLine | Problem]:
        head = _TransactionHead.read(elem, self)
        for line in elem.iterchildren(LINE):
            self.info.lines_read += 1
            analyses = [a for a in line.iterchildren(ANALYSIS) if self._is_ours(a)]
            if analyses:
                yield self._line(line, analyses, head)

    def _is_ours(self, analysis) -> bool:
        kind, ident = self.dimension
        return ((analysis.findtext(ANALYSIS_TYPE) or "").strip() == kind
                and (analysis.findtext(ANALYSIS_ID) or "").strip() == ident)

    def _line(self, line, analyses, head: _TransactionHead) -> SourceLine | Problem:
        row = line.sourceline or 0
        if head.problem:
            return Problem(self.path.name, row, head.problem[0], head.problem[1])
        account = (line.findtext(_q("AccountID")) or "").strip()
        record = (line.findtext(_q("RecordID")) or "").strip()
        if not account or not record:
            return Problem(self.path.name, row, "AccountID" if not account else "RecordID", "value is required")
        try:
            sign, line_amount = _line_amount(line)
            amount = sum((_analysis_amount(a, sign, line_amount) for a in analyses), Decimal("0.00"))
        except ValueError as error:
            return Problem(self.path.name, row, "Amount", str(error))
        return SourceLine(
            row=row, source_key=f"saft:{self.info.company_number or '-'}:{head.year}:{head.journal}:{head.id}:{record}",
            posting_date=head.date, year=head.year, period=head.period, account=account,
            account_name=self.accounts.get(account), amount=amount,
            text=(line.findtext(_q("Description")) or head.text or "").strip() or None, voucher=head.id,
        )


class _TransactionHead:
    """The fields of a Transaction its lines share."""

    __slots__ = ("id", "journal", "date", "year", "period", "text", "problem")

    @classmethod
    def read(cls, elem, reader: SaftReader) -> _TransactionHead:
        head = cls()
        head.id = (elem.findtext(_q("TransactionID")) or "").strip()
        journal = elem.getparent()
        head.journal = (journal.findtext(_q("JournalID")) or "").strip() if journal is not None else ""
        head.text = elem.findtext(_q("Description"))
        head.problem = None
        try:
            head.date = dt.date.fromisoformat((elem.findtext(_q("TransactionDate")) or "").strip())
        except ValueError:
            head.date, head.year, head.period = None, 0, 0
            head.problem = ("TransactionDate", f"{elem.findtext(_q('TransactionDate'))!r} is not a date as YYYY-MM-DD")
            return head
        head.year = _whole(elem.findtext(_q("PeriodYear")), head.date.year)
        head.period = _whole(elem.findtext(_q("Period")), head.date.month)
        if not head.id:
            head.problem = ("TransactionID", "value is required")
        return head


def _whole(text: str | None, fallback: int) -> int:
    text = (text or "").strip()
    return int(text) if text.isdigit() else fallback


def _line_amount(line) -> tuple[int, Decimal]:
    debit, credit = line.find(DEBIT), line.find(CREDIT)
    if (debit is None) == (credit is None):
        raise ValueError("a line needs exactly one of DebitAmount and CreditAmount")
    sign = 1 if debit is not None else -1
    return sign, sign * xml_amount((debit if debit is not None else credit).findtext(AMOUNT))


def _analysis_amount(analysis, sign: int, line_amount: Decimal) -> Decimal:
    for tag, own_sign in ((ANALYSIS_AMOUNT, sign), (DEBIT_ANALYSIS, 1), (CREDIT_ANALYSIS, -1)):
        found = analysis.find(tag)
        if found is not None:
            return own_sign * xml_amount(found.findtext(AMOUNT))
    return line_amount


def _free(elem) -> None:
    """Drop an element already read, and its already-read predecessors, so the tree stays small."""
    elem.clear(keep_tail=False)
    previous = elem.getprevious()
    while previous is not None and previous.tag == elem.tag:
        elem.getparent().remove(previous)
        previous = elem.getprevious()
