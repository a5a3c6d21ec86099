"""Issue 13 for register files: non-ASCII digits (case 8), UTF-16 CSV (case 9), hostile workbooks refused as
problems, never a traceback (cases 10-11). Expected problems are written by hand from the files built here."""

import datetime as dt
import io
import zipfile

import pytest
from openpyxl import Workbook

from monitor.access.scope import local_user
from monitor.errors import Invalid
from monitor.registers import edit as registers
from monitor.registers import files as register_io

TODAY = dt.date(2025, 6, 1)
ARABIC_3, ARABIC_12 = "\u0663", "\u0661\u0662"  # ٣ and ١٢


def _problems(shared_con, register: str, text: str, name: str = "r.csv") -> list[tuple]:
    with pytest.raises(Invalid) as refused:
        register_io.import_file(shared_con, register, "mwinc", text.encode("utf-8"), name, local_user("annett"), TODAY)
    return [(p.row, p.column, p.code) for p in refused.value.problems]


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
