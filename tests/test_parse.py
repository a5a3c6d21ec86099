"""Issue 13, cases 8-11: non-ASCII digits, UTF-16 CSV, a workbook that expands to hundreds of MB, and messages
that name the upload (never a server path), render as plain text and say each thing once.

Expected values are written by hand from the files built here; hostile files are built in tmp_path.
"""

from __future__ import annotations

import pytest

from monitor import parse

ARABIC_123, FULLWIDTH_123 = "\u0661\u0662\u0663", "\uff11\uff12\uff13"  # ١٢٣ and １２３


@pytest.mark.parametrize(
    "parser, text",
    [
        (parse.money, ARABIC_123),
        (parse.money, FULLWIDTH_123 + ".00"),
        (parse.decimal, ARABIC_123),
        (parse.whole_number, FULLWIDTH_123),
        (parse.iso_date, "\u0662\u0660\u0662\u0664-01-01"),
    ],
)
def test_seed_parsers_take_ascii_digits_only(parser, text):
    with pytest.raises(ValueError):
        parser(text)
