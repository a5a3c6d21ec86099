"""Test files for the ledger importers: the reference SAF-T folder and small generated files."""

from __future__ import annotations

from pathlib import Path

from monitor import config
from monitor.access.scope import local_user
from monitor.ledger.commit import commit
from monitor.ledger.stage import ImportRequest, prepare

# The Tax Administration's example files, copied into the repository (source: tests/fixtures/README.md).
SAFT_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "saf-t"
EXAMPLE_888 = SAFT_DIR / "ExampleFile SAF-T Financial_888888888_20180228235959.xml"
EXAMPLE_999 = SAFT_DIR / "ExampleFile SAF-T Financial_999999999_20161125213512.xml"
NS = "urn:StandardAuditFile-Taxation-Financial:NO"
TESTER = local_user("tester")  # who imports in these tests: the audit trail names them


def saft_line(record: int, account: str, side: str, amount: str, analysis: str = "", text: str = "") -> str:
    """One <Line>; side is 'Debit' or 'Credit'; analysis is the inner XML of its <Analysis> elements."""
    return (
        f"<Line><RecordID>{record}</RecordID><AccountID>{account}</AccountID>{analysis}"
        f"<Description>{text or 'line ' + str(record)}</Description>"
        f"<{side}Amount><Amount>{amount}</Amount></{side}Amount></Line>"
    )


def analysis(kind: str, ident: str, amount: str | None = None, side: str | None = None) -> str:
    """An <Analysis>; side None with an amount gives 1.10's AnalysisAmount, 'Debit'/'Credit' gives 1.30's."""
    inner = ""
    if amount is not None:
        tag = "AnalysisAmount" if side is None else f"{side}AnalysisAmount"
        inner = f"<{tag}><Amount>{amount}</Amount></{tag}>"
    return f"<Analysis><AnalysisType>{kind}</AnalysisType><AnalysisID>{ident}</AnalysisID>{inner}</Analysis>"


def transaction(ident: str, date: str, lines: list[str], period: int | None = None) -> str:
    year = date[:4]
    return (
        f"<Transaction><TransactionID>{ident}</TransactionID><Period>{period or int(date[5:7])}</Period>"
        f"<PeriodYear>{year}</PeriodYear><TransactionDate>{date}</TransactionDate>"
        f"<Description>Bilag {ident}</Description>{''.join(lines)}</Transaction>"
    )


def saft_file(
    path: Path,
    transactions: list[str],
    company: str = "912345678",
    prefix: str | None = None,
    version: str = "1.30",
    accounts: dict[str, str] | None = None,
) -> Path:
    """A small SAF-T Financial file in the default namespace, or with `prefix:` on every element."""
    accounts = accounts or {
        "5000": "Lønn til ansatte",
        "6790": "Annen fremmed tjeneste",
        "7140": "Reisekostnad",
        "1920": "Bankinnskudd",
        "2400": "Leverandørgjeld",
        "4300": "Innkjøp",
    }
    master = "".join(
        f"<Account><AccountID>{a}</AccountID><AccountDescription>{n}</AccountDescription>"
        f"<AccountType>GL</AccountType></Account>"
        for a, n in accounts.items()
    )
    body = (
        f"<Header><AuditFileVersion>{version}</AuditFileVersion><Company><RegistrationNumber>{company}"
        f"</RegistrationNumber><Name>Testfirma AS</Name></Company></Header>"
        f"<MasterFiles><GeneralLedgerAccounts>{master}</GeneralLedgerAccounts></MasterFiles>"
        f"<GeneralLedgerEntries><NumberOfEntries>{len(transactions)}</NumberOfEntries>"
        f"<Journal><JournalID>GL</JournalID><Description>Hovedbok</Description>{''.join(transactions)}"
        f"</Journal></GeneralLedgerEntries>"
    )
    text = f'<?xml version="1.0" encoding="UTF-8"?>\n<AuditFile xmlns="{NS}">{body}</AuditFile>\n'
    if prefix:
        import re

        text = re.sub(r"<(/?)([A-Za-z]+)", rf"<\1{prefix}:\2", text.replace(f'xmlns="{NS}"', ""))
        text = text.replace(f"<{prefix}:AuditFile >", f'<{prefix}:AuditFile xmlns:{prefix}="{NS}">', 1)
    path.write_text(text, encoding="utf-8")
    return path


def with_settings(settings: config.Config, **changes) -> config.Config:
    """A copy of settings with some values changed: with_settings(s, **{"import.backup_keep": 2})."""
    return config.Config({**settings.values, **changes}, settings.source)


def run_import(con, settings, path: Path, project_id: str = "mwinc", db_path: Path | None = None, **options):
    request = ImportRequest(path=path, project_id=project_id, **options)
    preview = prepare(con, request, TESTER, settings)
    return preview, commit(con, preview, TESTER, settings, db_path=db_path)


def ledger_sum(con, imported_only: bool = True) -> tuple:
    """(sum, count) of the ledger: only imported lines, or all of mwinc's. The test's own SQL, not the importer's."""
    return con.execute(
        "select coalesce(sum(amount), 0), count(*) from ledger_entry "
        "where project_id = 'mwinc' and (batch_id is not null or not $imported_only)",
        {"imported_only": imported_only},
    ).fetchone()


def big_saft(path: Path, transactions: int, dimension: str = "326917") -> Path:
    """A generated SAF-T file with `transactions` transactions of two lines (cost on the dimension, bank)."""
    parts = []
    for number in range(1, transactions + 1):
        day = f"2023-{number % 12 + 1:02d}-{number % 28 + 1:02d}"
        amount = f"{number % 9000 + 100}.{number % 100:02d}"
        parts.append(
            transaction(
                str(number),
                day,
                [
                    saft_line(1, "5000" if number % 2 else "6790", "Debit", amount, analysis("P", dimension)),
                    saft_line(2, "1920", "Credit", amount),
                ],
            )
        )
    return saft_file(path, parts)


def moved_into_period(source: Path, folder: Path, year: str = "2023", from_year: str = "2017") -> Path:
    """A copy of a real example file (same name, in `folder`) with its 2017 dates and accounting years moved to
    `year`, every other byte kept. Every line of the 888888888 file is dated 2017, before every embedded project;
    mwinc runs 2021-12-01 to 2025-11-30, so in 2023 every line is inside it. Both the dates (`2017-`) and the
    period years (`>2017<`, PeriodYear and the header's PeriodStartYear/PeriodEndYear) move: a file dated 2023
    but booked in the accounting year 2017 is not one an accounting system writes (and is refused line by line)."""
    target = Path(folder) / source.name
    old, new = from_year.encode(), year.encode()
    target.write_bytes(
        source.read_bytes().replace(old + b"-", new + b"-").replace(b">" + old + b"<", b">" + new + b"<")
    )
    return target
