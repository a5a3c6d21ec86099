"""Excel workbooks (monitor/ledger/readers/workbook.py, issue 13, cases 9-11): shared strings read, a workbook
that expands to hundreds of MB refused in bounded memory, parts over their cap refused, and refusals that name
the upload, never a server path.

Expected values are written by hand from the files built here; hostile files are built in tmp_path."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from monitor.ledger.readers.common import FileRefused
from tests.conftest import ROOT
from tests.ledger.helpers import (
    MAIN,
    USN,
    preview_of,
    shared_strings_workbook,
)

PEAK_RSS = """
import sys
from pathlib import Path
from monitor.cli import main
code = main(sys.argv[1:])
peak = [line for line in Path("/proc/self/status").read_text().splitlines() if line.startswith("VmHWM:")][0]
print(f"peak_kb={peak.split()[1]}", file=sys.stderr)
sys.exit(code)
"""


def _workbook_with_sheet(path: Path, sheet_xml: bytes) -> Path:
    book = openpyxl.Workbook()
    book.active.append(["Dato", "Konto", "Beløp"])
    book.save(path)
    original = zipfile.ZipFile(path)
    parts = {info.filename: original.read(info.filename) for info in original.infolist()}
    original.close()
    parts["xl/worksheets/sheet1.xml"] = sheet_xml
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def test_a_workbook_with_shared_strings_reads_them(con, settings, tmp_path):
    preview = preview_of(con, settings, shared_strings_workbook(tmp_path / "ledger.xlsx", 1), **USN)
    assert not preview.rejected and preview.rows_staged == 1 and preview.total == Decimal("100.00")


def test_a_workbook_expanding_to_hundreds_of_mb_is_refused_in_bounded_memory(db_path, tmp_path):
    path = shared_strings_workbook(tmp_path / "ledger.xlsx", 200)
    info = zipfile.ZipFile(path).getinfo("xl/sharedStrings.xml")
    assert info.file_size > 190 * 1024 * 1024 and info.file_size / info.compress_size < 100  # under the old caps
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            PEAK_RSS,
            "import",
            str(path),
            "--project",
            "mwinc",
            "--partner",
            "usn",
            "--dry-run",
            "--db",
            str(db_path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "MONITOR_CONFIG": str(ROOT / "config.yaml"), "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 2, result.stderr
    assert "ledger.xlsx: the workbook's part xl/sharedStrings.xml unpacks to more than 48 MB" in result.stderr
    peak_mb = int(result.stderr.rsplit("peak_kb=", 1)[1].split()[0]) / 1024
    assert peak_mb < 300, f"peak {peak_mb:.0f} MB"


def test_a_whole_read_part_over_its_cap_is_refused(con, settings, tmp_path):
    path = shared_strings_workbook(tmp_path / "ledger.xlsx", 0)
    with zipfile.ZipFile(path, "a") as archive:  # 2 MB of distinct defined names: compresses ~10:1
        names = "".join(f'<definedName name="n{n}">Ark1!$A${n}</definedName>' for n in range(50_000))
        archive.writestr("xl/extra.xml", f"<x>{names}</x>")
    with pytest.raises(FileRefused, match="part xl/extra.xml unpacks to more than 1 MB"):
        preview_of(con, settings, path, **USN)


@pytest.mark.parametrize(
    "sheet",
    [
        b'<!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet xmlns="' + MAIN.encode() + b'"><sheetData/></worksheet>',
        b'<worksheet xmlns="' + MAIN.encode() + b'"><sheetData>&undeclared;</sheetData></worksheet>',
    ],
)
def test_an_excel_refusal_names_the_upload_never_the_server_path(con, settings, tmp_path, sheet):
    path = _workbook_with_sheet(tmp_path / "upload.xlsx", sheet)  # as the app saves an upload
    with pytest.raises(FileRefused) as refused:
        preview_of(con, settings, path, name="Regnskap 2024.xlsx", **USN)
    message = str(refused.value)
    assert message.startswith("Regnskap 2024.xlsx: ") and str(tmp_path) not in message
    assert "\n" not in message and "upload.xlsx" not in message
