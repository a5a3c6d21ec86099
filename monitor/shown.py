"""Tables and headline tiles as the screen shows them: every number, amount and date in the chosen language's format.

Streamlit's own number formats follow the *browser's* locale ("145,052.8" on an English browser reading
the Norwegian page), so figures are turned into text here, from the same Decimal values the exports use:
nb `3 811 067,84` (no-break spaces), en `3,811,067.84`; dates `30.11.2025` / `30 Nov 2025`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd

from monitor import format as fmt
from monitor.i18n import t

# Text a spreadsheet would run as a formula starts with one of these (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A text that could run as a formula gets a leading apostrophe; other values pass through. The one rule of
    every table on screen, export and register file."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def restore(text: str) -> str:
    """The inverse of `neutralise`, so an exported register file imports back unchanged."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


@dataclass(frozen=True)
class Shown:
    frame: pd.DataFrame
    numeric: tuple[str, ...]  # columns of figures (aligned right on screen)


@dataclass(frozen=True)
class Tile:
    """A headline figure as shown (ui/layout.tiles draws it): its label, the value as text, an optional
    change beside it and a hover help (such as the exact amount behind a compact one)."""

    label: str
    value: str
    delta: str | None = None
    help: str | None = None


def for_screen(frame: pd.DataFrame, lang: str, decimals: dict[str, int] | None = None) -> Shown:
    """The frame with its figures as text. A column of Decimals keeps the decimals it holds (money two,
    a percentage one) unless `decimals` names the column; whole numbers (years, counts) stay as they are."""
    decimals = decimals or {}
    out, numeric = {}, []
    for column in frame.columns:
        values = list(frame[column])
        places = decimals.get(column, _places(values))
        if places is not None:
            numeric.append(column)
            out[column] = [_number(v, lang, places) for v in values]
        else:
            out[column] = _one_type([cell(v, lang) for v in values])
    return Shown(pd.DataFrame(out, columns=list(frame.columns)), tuple(numeric))


def cell(value: Any, lang: str) -> Any:
    """One value as shown: dates and times formatted, yes/no, '–' for none; text and whole numbers as they are."""
    if _missing(value):
        return "–"
    if isinstance(value, bool):
        return t("shown.yes" if value else "shown.no", lang)
    if isinstance(value, (dt.datetime, pd.Timestamp)):
        stamp = pd.Timestamp(value).to_pydatetime()
        return f"{fmt.date(stamp.date(), lang)} {stamp:%H:%M}"
    if isinstance(value, dt.date):
        return fmt.date(value, lang)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value


def _one_type(cells: list) -> list:
    """Whole numbers beside a '–' become text too: a table column holds one type."""
    return [str(c) for c in cells] if len({type(c) for c in cells}) > 1 else cells


def _places(values: list) -> int | None:
    """Decimals of a column of Decimals (the most any value has), None for any other column."""
    present = [v for v in values if not _missing(v)]
    if not present or not all(isinstance(v, Decimal) for v in present):
        return None
    return max(max(0, -v.as_tuple().exponent) for v in present)


def _number(value: Any, lang: str, places: int) -> str:
    return "–" if _missing(value) else fmt.number(Decimal(str(value)), lang, places)


def _missing(value: Any) -> bool:
    return value is None or (not isinstance(value, (str, list, dict, Decimal)) and bool(pd.isna(value)))
