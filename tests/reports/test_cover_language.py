"""The report's cover in nb carries the funder's Norwegian name, the Norwegian sample-data note and nb dates."""

import datetime as dt
import io

from openpyxl import load_workbook

from monitor.reports import export

GENERATED = dt.datetime(2025, 1, 20, 9, 30, 5)


def _cover(report, lang: str) -> dict:
    book = load_workbook(io.BytesIO(export.build_file(report, "xlsx", lang, "nok", GENERATED)))
    return {row[0]: row[1] for row in book[book.sheetnames[0]].iter_rows(min_row=2, values_only=True)}


def test_the_nb_cover_is_norwegian(accounts_2024):
    cover = _cover(accounts_2024, "nb")
    assert cover["Finansiør"] == "Norges forskningsråd"
    assert cover["Laget"] == "20.01.2025 09:30:05"
    sample = next(value for key, value in cover.items() if key and key.startswith("Eksempeldata"))
    assert sample.startswith("Årlig kostnads- og finansieringsplan")


def test_the_en_cover_is_english(accounts_2024):
    cover = _cover(accounts_2024, "en")
    assert cover["Funder"] == "Research Council of Norway"
    assert cover["Generated"] == "20 Jan 2025 09:30:05"
