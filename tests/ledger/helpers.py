"""Test files for the ledger importers: the reference SAF-T folder and small generated files."""

from __future__ import annotations

import zipfile
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


USN = {"partner_id": "usn"}


def preview_of(con, settings, path: Path, name: str | None = None, **options):
    """The preview of a file for mwinc, as the tester."""
    return prepare(con, ImportRequest(path=path, project_id="mwinc", file_name=name, **options), TESTER, settings)


def rows_written(con) -> tuple[int, ...]:
    """Rows of every table a ledger write touches (the test's own SQL)."""
    return tuple(
        con.execute(f"select count(*) from {table}").fetchone()[0]  # noqa: S608 - the test's own table names
        for table in ("ledger_entry", "import_batch", "audit_log", "ledger_write")
    )


OURS = analysis("P", "326917")


def company_file(path, amount_t2: str = "250.00", account_t2: str = "6790", day_t2: str = "2023-04-02"):
    """One company's export: T1 (1000.00 on 5000) and T2 (its amount, account and date as given), bank lines."""
    return saft_file(
        path,
        [
            transaction(
                "T1",
                "2023-03-10",
                [saft_line(1, "5000", "Debit", "1000.00", OURS), saft_line(2, "1920", "Credit", "1000.00")],
            ),
            transaction(
                "T2",
                day_t2,
                [saft_line(1, account_t2, "Debit", amount_t2, OURS), saft_line(2, "1920", "Credit", amount_t2)],
            ),
        ],
    )


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "application/vnd.openxmlformats-officedocument.spreadsheetml"
SHEET = (
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>'
    '<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2"><v>6790</v></c><c r="C2"><v>100</v></c></row>'
)
# Dato, Konto, Beløp (as two runs, with a phonetic hint that is not part of the text), 01.01.2023
FIRST_STRINGS = (
    "<si><t>Dato</t></si><si><t>Konto</t></si>"
    "<si><r><t>Bel</t></r><r><t>øp</t></r><rPh sb='0' eb='1'><t>x</t></rPh></si><si><t>01.01.2023</t></si>"
)


def shared_strings_workbook(path: Path, megabytes: int) -> Path:
    """A minimal xlsx whose sheet takes its texts from xl/sharedStrings.xml, followed by `megabytes` MB of
    distinct 200-character strings: about 71:1 compressed, under the 100:1 ratio and the 1 GB unpacked caps."""
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{TYPES}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{TYPES}.worksheet+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{TYPES}.sharedStrings+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{PACKAGE}">'
            f'<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}">'
            '<sheets><sheet name="Ark1" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{PACKAGE}">'
            f'<Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{MAIN}"><sheetData>{SHEET}</sheetData></worksheet>',
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(f'<sst xmlns="{MAIN}">{FIRST_STRINGS}'.encode())
            block = "".join(f"<si><t>{'x' * 200}{n}</t></si>" for n in range(20_000)).encode()
            for _ in range(megabytes * 1024 * 1024 // len(block)):
                part.write(block)
            part.write(b"</sst>")
    return path
