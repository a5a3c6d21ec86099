"""Norwegian and English number, money and date formats (display only: values stay Decimal)."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from babel import Locale
from babel.dates import format_date
from babel.numbers import NumberPattern, parse_pattern

LOCALES = {"nb": "nb_NO", "en": "en_GB"}
MILLION = Decimal(1_000_000)


def number(value: Decimal | int | float, lang: str, decimals: int = 0) -> str:
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    # Python's own grouping, then the language's symbols: the text babel's format_decimal gives (a test holds the
    # two equal), at a tenth of its cost; the portfolio's table formats some 43 000 numbers at 3000 projects.
    return f"{rounded:,.{decimals}f}".translate(_symbols(lang))


@cache
def _symbols(lang: str) -> dict[int, str]:
    """Python's ',' and '.' -> the language's group separator and decimal mark, from babel's locale data (the minus
    stays '-', as babel's pattern writes it)."""
    symbols = _locale(lang).number_symbols["latn"]
    return {ord(","): symbols["group"], ord("."): symbols["decimal"]}


def babel_number(value: Decimal | int | float, lang: str, decimals: int = 0) -> str:
    """`number` as babel formats it: the reference the tests hold `number` to."""
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    return _pattern(decimals).apply(rounded, _locale(lang))


# Parsed once: babel's format_decimal parses the pattern and the locale on every call, two thirds of its time. The
# portfolio's table formats some 43 000 numbers at 3000 projects (issue 19).
@cache
def _pattern(decimals: int) -> NumberPattern:
    return parse_pattern("#,##0" + ("." + "0" * decimals if decimals else ""))


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(LOCALES[lang])


def nok(amount: Decimal | None, lang: str, decimals: int = 0) -> str:
    """15 102 000 kr (nb, with no-break spaces) or NOK 15,102,000 (en)."""
    if amount is None:
        return "–"
    text = number(amount, lang, decimals)
    return f"{text}\u00a0kr" if lang == "nb" else f"NOK\u00a0{text}"


def nok_compact(amount: Decimal | None, lang: str) -> str:
    """15,1 mill. kr (nb) or NOK 15.1m (en); below a million the full amount."""
    if amount is None:
        return "–"
    if abs(Decimal(amount)) < MILLION:
        return nok(amount, lang)
    millions = number(Decimal(amount) / MILLION, lang, 1)
    return f"{millions}\u00a0mill.\u00a0kr" if lang == "nb" else f"NOK\u00a0{millions}m"


def percent(fraction: Decimal | None, lang: str, decimals: int = 0) -> str:
    if fraction is None:
        return "–"
    text = number(Decimal(fraction) * 100, lang, decimals)
    return f"{text}\u00a0%" if lang == "nb" else f"{text}%"


def date(value: dt.date | None, lang: str) -> str:
    """30.11.2025 (nb) or 30 Nov 2025 (en)."""
    if value is None:
        return "–"
    return format_date(value, format="dd.MM.y" if lang == "nb" else "d MMM y", locale=LOCALES[lang])


_MARKDOWN_SPECIAL = set("\\`*_{}[]()<>#+-.!|~$:=")


def month(value: dt.date, lang: str) -> str:
    """A month as the language writes it in running text: "april 2024", "April 2024"."""
    return format_date(value, format="LLLL y", locale=LOCALES[lang])


def plain(text: str | None) -> str:
    """Text from data (names, titles) made inert for Streamlit's markdown: every markup character is escaped,
    so `[x](javascript:...)`, `<script>` or `:material/...:` show as the characters they are."""
    if text is None:
        return ""
    return "".join("\\" + c if c in _MARKDOWN_SPECIAL else c for c in str(text))
