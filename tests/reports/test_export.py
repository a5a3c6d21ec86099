"""Open every export and read the figures back: totals to the øre, neutralised formulas, æ ø å."""

import csv
import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from monitor.access.scope import local_user
from monitor.reports import export, tables
from tests.reports import seed_figures
from tests.reports.conftest import AS_OF, END, without_effort
from tests.reports.pdftext import extract_text
from tests.scopes import NAV

GENERATED = dt.datetime(2025, 1, 20, 9, 30)
HOSTILE = ['=HYPERLINK("http://x")', "+41 cmd", "-2+3", "@SUM(A1)", "\tTab", "\rCR"]


def expected_totals() -> tuple[Decimal, Decimal]:
    planned = sum(v for (y, _), v in seed_figures.planned_cost().items() if y <= 2024)
    actual = sum(v for (y, _), v in seed_figures.actual_cost(AS_OF).items() if y <= 2024)
    return planned, actual


def _as_decimal(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def test_excel_cover_and_totals(accounts_2024):
    book = load_workbook(io.BytesIO(export.build_file(accounts_2024, "xlsx", "en", "nok", GENERATED)))
    assert book.sheetnames == ["Cover", "Costs", "Per partner", "Funding", "Explanations", "Person-months"]
    cover = {row[0]: row[1] for row in book["Cover"].iter_rows(min_row=2, values_only=True)}
    assert cover["Project number"] == "326917"
    assert cover["Funder"] == "Research Council of Norway"
    assert cover["As of"] == "20 Jan 2025"
    assert cover["Fingerprint (SHA-256 of the figures)"] == tables.fingerprint(accounts_2024.tables)
    planned, actual = expected_totals()
    for name in ("Costs", "Per partner", "Funding"):
        sheet = book[name]
        total = [row for row in sheet.iter_rows(min_row=2) if row[1].value == "Total"][0]
        assert isinstance(total[2].value, (int, float)) and isinstance(total[3].value, (int, float))
        assert (_as_decimal(total[2].value), _as_decimal(total[3].value)) == (planned, actual), name
        assert total[2].number_format == "#,##0.00"
        assert total[2].data_type == "n" and not str(total[2].value).startswith("=")


def test_csv_zip_totals_and_bom(accounts_2024):
    archive = zipfile.ZipFile(io.BytesIO(export.build_file(accounts_2024, "csv", "en", "nok", GENERATED)))
    assert archive.namelist() == [
        "00_cover.csv",
        "01_cost.csv",
        "02_cost_partner.csv",
        "03_funding.csv",
        "04_explanations.csv",
        "05_effort.csv",
    ]
    raw = archive.read("01_cost.csv")
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    total = [row for row in rows if row[1] == "Total"][0]
    assert (Decimal(total[2]), Decimal(total[3])) == expected_totals()


def test_pdf_text_holds_the_totals(accounts_2024):
    text = extract_text(export.build_file(accounts_2024, "pdf", "nb", "nok", GENERATED))
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    planned, actual = expected_totals()
    # Norwegian format by hand: spaces between thousands, decimal comma
    for amount in (planned, actual):
        assert f"{amount:,.2f}".replace(",", " ").replace(".", ",") in text
    assert "Prosjektregnskapsrapport 2024 – MW Inc" in text
    assert "Sum år" in text and "NAV ØV" in text


@pytest.fixture
def hostile_report(con) -> tables.Report:
    """Deliverable titles and justifications that a spreadsheet would run as formulas, and æ ø å."""
    codes = [row[0] for row in con.execute("select code from deliverable order by code").fetchall()]
    for code, text in zip(codes, [*HOSTILE, "Rapport om æøå ÆØÅ"], strict=False):
        con.execute(
            "update deliverable set title = $text, delay_justification = $text where code = $code",
            {"text": text, "code": code},
        )
    return tables.build(con, "mwinc", "progress", 2024, AS_OF, local_user(), 90)


def test_excel_neutralises_formulas_but_keeps_negative_amounts(hostile_report):
    book = load_workbook(io.BytesIO(export.build_file(hostile_report, "xlsx", "nb", "nok", GENERATED)))
    titles = [row[3] for row in book["Leveranser"].iter_rows(min_row=2, values_only=True)]
    for text in HOSTILE:
        assert "'" + text in titles, text
    assert "Rapport om æøå ÆØÅ" in titles
    deviations = [row[4] for row in book["Kostnader"].iter_rows(min_row=2, values_only=True)]
    assert all(isinstance(v, (int, float)) for v in deviations)
    assert min(deviations) < 0  # underspend is a negative number, not neutralised text


def test_csv_neutralises_formulas(hostile_report):
    archive = zipfile.ZipFile(io.BytesIO(export.build_file(hostile_report, "csv", "nb", "nok", GENERATED)))
    rows = list(csv.reader(io.StringIO(archive.read("05_schedule.csv").decode("utf-8-sig"), newline="")))
    titles = [row[3] for row in rows[1:]]
    for text in HOSTILE:
        assert "'" + text in titles, text
    assert "Rapport om æøå ÆØÅ" in titles
    cost = list(csv.reader(io.StringIO(archive.read("01_cost.csv").decode("utf-8-sig"))))
    assert any(row[4].startswith("-") and Decimal(row[4]) < 0 for row in cost[1:])  # amounts stay numbers


def test_pdf_keeps_norwegian_letters(hostile_report):
    text = extract_text(export.build_file(hostile_report, "pdf", "nb", "nok", GENERATED))
    assert "Rapport om æøå ÆØÅ" in text
    assert "støtteprogrammer" in text  # the popular-science text in Norwegian


def test_pdf_has_the_chart_when_kaleido_and_chromium_are_there(accounts_2024):
    from monitor.reports import writers

    pdf = export.build_file(accounts_2024, "pdf", "nb", "nok", GENERATED)
    has_image = b"/Subtype /Image" in pdf
    if writers.charts_available():
        assert has_image, "kaleido and Chromium are installed, so the PDF carries the budget chart"
    else:
        assert not has_image


def _captured_chart(monkeypatch, report, lang: str):
    """Build the PDF and catch the figure drawn for it (a blank image stands in for kaleido's)."""
    from PIL import Image

    from monitor.reports import png, writers

    figures = []

    def capture(figure, *args, **kwargs):
        figures.append(figure)
        buffer = io.BytesIO()
        Image.new("RGB", (90, 40), "white").save(buffer, format="PNG")
        return buffer.getvalue()

    monkeypatch.setattr(writers, "charts_available", lambda: True)
    monkeypatch.setattr(png, "render", capture)  # the figure as the child process would be handed it
    pdf = export.build_file(report, "pdf", lang, "nok", GENERATED)
    assert len(figures) == 1 and b"/Subtype /Image" in pdf
    return figures[0]


def test_pdf_chart_tells_budget_and_actual_apart_in_colour_and_grey(monkeypatch, accounts_2024):
    from monitor import charts

    figure = _captured_chart(monkeypatch, accounts_2024, "nb")
    budget_bars, actual_bars = figure.data
    assert (budget_bars.name, actual_bars.name) == ("Budsjett", "Regnskap")
    assert (budget_bars.marker.color, actual_bars.marker.color) == (charts.PLANNED, charts.ACTUAL)
    # in grey print the two differ in lightness, and the budget carries a hatch besides
    assert _lightness(charts.PLANNED) - _lightness(charts.ACTUAL) > 0.3
    assert budget_bars.marker.pattern.shape and not actual_bars.marker.pattern.shape
    # full amounts with nb separators, never "4M"
    assert figure.layout.separators == ", " and figure.layout.yaxis.exponentformat == "none"
    assert figure.layout.yaxis.title.text == "kr"


def _lightness(colour: str) -> float:
    """Relative luminance (ITU-R BT.709 weights) of '#rrggbb', 0 black to 1 white: what grey print keeps."""
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


COVER_GENERATED = dt.datetime(2025, 1, 20, 9, 30, 5)


def _cover(report, lang: str) -> dict:
    book = load_workbook(io.BytesIO(export.build_file(report, "xlsx", lang, "nok", COVER_GENERATED)))
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


# --- issue 16: the leader's explanations of deviations in all three formats and in the frozen snapshot ---------

# data/seed/mwinc/deviation_explanations.csv (sample data): the 2024 explanation of other operating cost.
EXPLAINED_2024 = "The Integration Day conference was co-funded by the municipality"


def test_the_explanations_are_in_the_excel_file(accounts_2024):
    book = load_workbook(io.BytesIO(export.build_file(accounts_2024, "xlsx", "en", "nok", GENERATED)))
    sheet = book["Explanations"]
    header = [cell.value for cell in sheet[1]]
    assert header == ["Year", "Cost category", "Partner", "Explanation"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    # the report for 2024 shows 2021-2024: the seed's five explanations, one of them USN's own
    assert [row[:3] for row in rows] == [
        [2021, "Payroll and indirect expenses", "Whole project"],
        [2022, "Other operating expenses", "Whole project"],
        [2023, "Payroll and indirect expenses", "Whole project"],
        [2023, "Payroll and indirect expenses", "USN"],
        [2024, "Other operating expenses", "Whole project"],
    ]
    assert rows[4][3].startswith(EXPLAINED_2024)


def test_the_explanations_are_in_the_csv_zip(accounts_2024):
    archive = zipfile.ZipFile(io.BytesIO(export.build_file(accounts_2024, "csv", "nb", "nok", GENERATED)))
    rows = list(csv.reader(io.StringIO(archive.read("04_explanations.csv").decode("utf-8-sig"))))
    assert rows[0] == ["År", "Kostnadsart", "Partner", "Forklaring"]
    assert rows[5][:3] == ["2024", "Andre driftskostnader", "Hele prosjektet"] and rows[5][3].startswith(EXPLAINED_2024)


def test_the_explanations_are_in_the_pdf(accounts_2024):
    text = extract_text(export.build_file(accounts_2024, "pdf", "en", "nok", GENERATED))
    assert "Explanation of deviations from the cost plan" in text
    flat = " ".join(text.split())  # the cell wraps the text over lines
    assert "Integration Day conference was" in flat and "parental leave" in flat


def test_the_frozen_snapshot_keeps_the_explanations(con):
    from monitor.reports import snapshot

    # the seed's submitted accounts report of 2023 (15.01.2024) carries the explanations of 2021-2023
    frozen = snapshot.snapshots(con, "mwinc", local_user(), "accounts", "2023")[0]
    table = frozen.tables["explanations"]
    assert table[["year", "partner_id"]].values.tolist() == [[2021, None], [2022, None], [2023, None], [2023, "usn"]]
    # a later edit of an explanation shows as a difference from what was submitted
    con.execute("update deviation_explanation set text = 'Changed.' where year = 2022")
    current = tables.build(con, "mwinc", "accounts", 2023, frozen.as_of, local_user(), 90)
    changes = snapshot.differences(frozen.tables, current.tables)
    assert changes[["table", "row", "column", "today"]].values.tolist() == [
        ["explanations", (2022, "other_operating", None), "text", "Changed."]
    ]


def test_the_tests_pdf_reader_keeps_a_stream_that_ends_in_a_carriage_return():
    """The PDF reader of these tests cut a compressed stream whose last byte is \\r (a report journey failed on one
    in CI): it now reads /Length. zlib output of '103' x 7 ends in \\r (found by trying numbers)."""
    import zlib

    from tests.reports.pdftext import _stream

    data = zlib.compress(b"103" * 7)
    assert data.endswith(b"\r")
    body = b"<< /Filter /FlateDecode /Length %d >>\nstream\n" % len(data) + data + b"\nendstream\n"
    assert _stream(body) == b"103" * 7


# --- issue 17: the person-month table in all three formats (hand sums in tests/reports/seed_figures.py) ----------

EFFORT_HEADER_EN = [
    "Work package",
    "Partner",
    "Planned person-months",
    "Approved hours",
    "Actual person-months",
    "Deviation (person-months)",
]
EFFORT_HEADER_NB = [
    "Arbeidspakke",
    "Partner",
    "Planlagte personmåneder",
    "Godkjente timer",
    "Faktiske personmåneder",
    "Avvik (personmåneder)",
]
# work_packages.csv's titles, the labels the rows carry instead of the codes
WP_EN = {
    "WP1": "WP1 Inclusion through employment",
    "WP2": "WP2 Entrepreneurship",
    "WP3": "WP3 Insight and new practice",
}
PARTNER = {"usn": "USN", "nav_vt": "NAV VT", "nav_ov": "NAV ØV", "nho_vt": "NHO VT", "mrfk": "MRFK", "vtfk": "VTFK"}


def _expected_rows() -> list[list]:
    """Each row as shown, in the order of the codes (work package, partner id), its deviation actual − planned (e.g.
    WP1 USN 3.54 − 42.00 = −38.46), then the total (an empty partner cell)."""
    rows = [
        [WP_EN[wp], PARTNER[partner], planned, hours, actual, actual - planned]
        for (wp, partner), (planned, hours, actual) in sorted(seed_figures.EFFORT_ALL.items())
    ]
    return [*rows, ["Total", None, *seed_figures.EFFORT_TOTAL_ALL]]


def _decimals(row) -> list:
    return [*row[:2], *(Decimal(str(v)).quantize(Decimal("0.01")) for v in row[2:])]


def test_the_person_month_table_is_a_sheet_of_the_excel_file(final_report):
    book = load_workbook(io.BytesIO(export.build_file(final_report, "xlsx", "en", "nok", GENERATED)))
    assert book.sheetnames[-1] == "Person-months"
    sheet = book["Person-months"]
    assert [cell.value for cell in sheet[1]] == EFFORT_HEADER_EN
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert all(isinstance(v, (int, float)) for row in rows for v in row[2:])  # numbers, not text
    assert [_decimals(row) for row in rows] == _expected_rows()
    assert sheet.cell(2, 3).number_format == "#,##0.00"


def test_the_person_month_table_is_a_section_of_the_csv_zip(final_report):
    archive = zipfile.ZipFile(io.BytesIO(export.build_file(final_report, "csv", "nb", "nok", GENERATED)))
    assert archive.namelist()[-1] == "07_effort.csv"  # after cost, partner, funding, results, schedule, popular
    rows = list(csv.reader(io.StringIO(archive.read("07_effort.csv").decode("utf-8-sig"))))
    assert rows[0] == EFFORT_HEADER_NB
    total = rows[-1]
    assert total[:2] == ["Sum", ""]
    assert [Decimal(v) for v in total[2:]] == list(seed_figures.EFFORT_TOTAL_ALL)
    usn = next(row for row in rows if row[:2] == ["WP1 Inkludering gjennom ansettelse", "USN"])  # nb titles
    assert [Decimal(v) for v in usn[2:]] == [Decimal("42.00"), Decimal("480"), Decimal("3.54"), Decimal("-38.46")]
    assert len(rows) == 1 + 8 + 1  # header, eight WP × partner rows, total


def test_the_person_month_table_is_in_the_pdf_in_the_language_s_format(final_report):
    text = extract_text(export.build_file(final_report, "pdf", "nb", "nok", GENERATED))
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    assert "Personmåneder per arbeidspakke og partner" in text
    # nb by hand: 124,75 planned, 3 202,80 hours, 23,61 actual, −101,14 deviation; WP1 USN 42,00 and 480,00
    for figure in ("124,75", "3 202,80", "23,61", "-101,14", "42,00", "480,00", "-38,46"):
        assert figure in text.replace("\u2212", "-"), figure
    flat = " ".join(text.split())
    assert "WP1 Inkludering gjennom ansettelse" in flat and "NAV ØV" in flat  # labels, not codes
    assert "nav_ov" not in flat


def test_a_partner_s_export_holds_its_own_rows_only(con):
    report = tables.build(con, "mwinc", "final", None, END, NAV, 90)
    archive = zipfile.ZipFile(io.BytesIO(export.build_file(report, "csv", "en", "nok", GENERATED)))
    rows = list(csv.reader(io.StringIO(archive.read("07_effort.csv").decode("utf-8-sig"))))
    # NAV VT: 3.50 planned, 402.6 h in kind -> 2.97, 2.97 − 3.50 = −0.53; the total is the same single row
    assert [row[1:] for row in rows[1:]] == [
        ["NAV VT", "3.50", "402.60", "2.97", "-0.53"],
        ["", "3.50", "402.60", "2.97", "-0.53"],
    ]
    book = load_workbook(io.BytesIO(export.build_file(report, "xlsx", "en", "nok", GENERATED)))
    assert {row[1] for row in book["Person-months"].iter_rows(min_row=2, values_only=True)} == {"NAV VT", None}


def test_no_plan_and_no_hours_say_so_in_one_line_in_every_format(con):
    without_effort(con)
    report = tables.build(con, "mwinc", "accounts", 2024, AS_OF, local_user(), 90)
    line = "The project has no effort plan and no approved hours yet, so there are no person-months to show."
    sheet = load_workbook(io.BytesIO(export.build_file(report, "xlsx", "en", "nok", GENERATED)))["Person-months"]
    assert [row for row in sheet.iter_rows(values_only=True)] == [(line,)]
    archive = zipfile.ZipFile(io.BytesIO(export.build_file(report, "csv", "en", "nok", GENERATED)))
    assert list(csv.reader(io.StringIO(archive.read("05_effort.csv").decode("utf-8-sig")))) == [[line]]
    assert line in " ".join(extract_text(export.build_file(report, "pdf", "en", "nok", GENERATED)).split())
