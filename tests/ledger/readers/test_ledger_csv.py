"""CSV ledger files (monitor/ledger/readers/ledger_csv.py): a UTF-16 or UTF-32 file is refused naming its encoding."""

from __future__ import annotations

import pytest

from monitor.ledger.readers.common import FileRefused
from tests.ledger.helpers import USN, preview_of


@pytest.mark.parametrize(
    "codec, named",
    [
        ("utf-16", "UTF-16 (little-endian)"),  # with a BOM
        ("utf-16-le", "UTF-16 (little-endian)"),
        ("utf-16-be", "UTF-16 (big-endian)"),
        ("utf-32", "UTF-32 (little-endian)"),
    ],
)
def test_a_utf16_csv_is_refused_naming_its_encoding(con, settings, tmp_path, codec, named):
    path = tmp_path / "ledger.csv"
    path.write_bytes("Dato;Konto;Beløp\r\n05.01.2024;5000;100,00\r\n".encode(codec))
    with pytest.raises(FileRefused) as refused:
        preview_of(con, settings, path, **USN)
    message = str(refused.value)
    assert message == (
        f"ledger.csv: the file is {named} text, not UTF-8 or Windows-1252; "
        f"save it as 'CSV UTF-8 (comma delimited)' and import that"
    )
