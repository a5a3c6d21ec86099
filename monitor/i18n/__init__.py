"""Bokmål and English text from YAML catalogs, one file per area of the app: key -> {nb, en}.

Splitting the catalog by area lets each part of the app keep its own texts; a key may be
declared in one file only, and every key must have both languages (a test checks it).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import yaml

from monitor import format as fmt

LANGUAGES = ("nb", "en")
CATALOG_DIR = Path(__file__).parent
MONEY_VALUES = {"amount", "declared", "planned", "difference", "cost", "funding", "spent_amount"}
# Money told to the øre (a rule's threshold: 9 999,99 must not read as 10 000; an hourly rate against its cap).
EXACT_MONEY_VALUES = {"moved", "rate", "cap"}
# Dates that stand for their month (a month's hours): told as "april 2024", not as the month's first day.
MONTH_VALUES = {"month"}


# libyaml's parser reads the 30 catalog files in ~20 ms where PyYAML's pure-Python one takes ~240 ms, and the
# first page of every app process (the login form) waits for them (issue 19, first paint). Same safe subset.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class CatalogError(ValueError):
    pass


@lru_cache(maxsize=1)
def catalog() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for path in sorted(CATALOG_DIR.glob("*.yaml")):
        for key, texts in (yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or {}).items():
            if key in merged:
                raise CatalogError(f"{path.name}: {key} is declared in another catalog file too")
            if not isinstance(texts, dict) or set(texts) != set(LANGUAGES):
                raise CatalogError(f"{path.name}: {key} needs exactly the languages {LANGUAGES}")
            merged[key] = texts
    return merged


def t(key: str, lang: str, /, **values) -> str:
    """The text for key in lang, with {placeholders} filled from values, formatted for lang.

    `key` and `lang` are positional-only, so a placeholder may have any name ({key}, {lang}...)
    without clashing with them.
    """
    text = catalog()[key][lang]
    return text.format(**{name: _display(name, value, lang) for name, value in values.items()}) if values else text


def label(kind: str, code: str | None, lang: str) -> str:
    """The label of a code (category, source, role, status...); the code itself when none is declared."""
    if code is None:
        return "–"
    entry = catalog().get(f"{kind}.{code}")
    return entry[lang] if entry else str(code)


def project_text(project, field: str, lang: str) -> str | None:
    """A project's own text (funder, sample_data_note) in lang: the bokmål column where it has one."""
    localised = project.get(f"{field}_nb") if lang == "nb" else None
    return localised or project.get(field)


def sample_note(project, lang: str) -> str | None:
    """The sample-data banner's text for a project whose figures are sample data, else None.
    The note is escaped for Streamlit's markdown: it is data, never markup."""
    if not project.get("is_sample_data"):
        return None
    return t("app.sample_data", lang, note=fmt.plain(project_text(project, "sample_data_note", lang) or ""))


def _display(name: str, value, lang: str) -> str:
    if isinstance(value, Decimal) and name in EXACT_MONEY_VALUES:
        return fmt.nok(value, lang, 2)
    if isinstance(value, Decimal):
        return fmt.nok(value, lang) if name in MONEY_VALUES else fmt.number(value, lang, 1)
    if isinstance(value, dt.date) and name in MONTH_VALUES:
        return fmt.month(value, lang)
    if isinstance(value, dt.date):
        return fmt.date(value, lang)
    if isinstance(value, int) and not isinstance(value, bool):
        return fmt.number(value, lang) if abs(value) >= 10000 else str(value)
    return str(value)
