"""Strict parsers (monitor/parse.py): digits other than ASCII are refused (issue 13, case 8)."""

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
