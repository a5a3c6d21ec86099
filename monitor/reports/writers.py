"""The report as files: Excel, a zip of CSV files, PDF. Pure functions from the shown tables to bytes.

All three take the frames of monitor.reports.present, the ones on screen. Excel cells hold numbers
(never formulas, never Decimal-as-text) with NOK number formats; text that a spreadsheet would run as a
formula is neutralised (monitor.shown.neutralise), while negative amounts stay numbers.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pandas as pd
from fpdf import FPDF
from fpdf.fonts import FontFace
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from monitor import format as fmt
from monitor.i18n import t
from monitor.reports import png
from monitor.reports.present import ShownTable
from monitor.shown import neutralise

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
CHROMIUM = Path("/usr/bin/chromium")
AMOUNT_FORMATS = {"nok": "#,##0.00", "nok_whole": "#,##0", "knok": "#,##0"}
DATE_FORMATS = {"nb": "dd.mm.yyyy", "en": "yyyy-mm-dd"}
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed, so the same figures give the same zip bytes


@dataclass(frozen=True)
class Cover:
    """The report's identity: title and (label, value) lines shown first in every format."""

    title: str
    lines: tuple[tuple[str, str], ...]
    lang: str


def _cell(value):
    """A table value as a spreadsheet cell: numbers stay numbers, text is neutralised."""
    if value is None or (not isinstance(value, (str, Decimal)) and pd.isna(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return neutralise(value) if isinstance(value, str) else value


# --- Excel -------------------------------------------------------------------------------------------


def to_xlsx(cover: Cover, shown: list[ShownTable]) -> bytes:
    """A cover sheet, then one formatted sheet per table."""
    book = Workbook()
    sheet = book.active
    sheet.title = t("report.sheet.cover", cover.lang)
    sheet.append([neutralise(cover.title)])
    sheet["A1"].font = Font(bold=True, size=14)
    for name, value in cover.lines:
        sheet.append([neutralise(name), neutralise(value)])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width = 36, 90
    for table in shown:
        _table_sheet(book, table, cover.lang)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _table_sheet(book: Workbook, table: ShownTable, lang: str) -> None:
    sheet = book.create_sheet(t(f"report.sheet.{table.key}", lang)[:31])
    if table.frame.empty and table.empty_text:  # one line says there is nothing, instead of a bare header
        sheet.append([neutralise(table.empty_text)])
        sheet.column_dimensions["A"].width = 90
        return
    sheet.append([neutralise(str(c)) for c in table.frame.columns])
    for cell in sheet[1]:
        cell.font, cell.fill, cell.alignment = Font(bold=True), HEADER_FILL, Alignment(wrap_text=True)
    for row in table.frame.itertuples(index=False, name=None):
        sheet.append([_cell(v) for v in row])
    formats = {
        **{c: AMOUNT_FORMATS[table.unit] for c in table.amounts},
        **{c: "0.0" for c in table.percents},
        **{c: _figure_format(places) for c, places in table.decimals.items()},
    }
    for index, column in enumerate(table.frame.columns, start=1):
        letter = sheet.cell(1, index).column_letter
        sheet.column_dimensions[letter].width = _width(table.frame[column], str(column))
        for cell in sheet[letter][1:]:
            if column in formats and cell.value is not None:
                cell.number_format = formats[column]
            elif isinstance(cell.value, dt.date):
                cell.number_format = DATE_FORMATS[lang]
            elif isinstance(cell.value, str):
                cell.alignment = Alignment(wrap_text=len(cell.value) > 60, vertical="top")
    sheet.freeze_panes = "A2"


def _figure_format(places: int) -> str:
    return "#,##0" + ("." + "0" * places if places else "")


def _width(values: pd.Series, header: str) -> float:
    longest = max([len(header), *(len(str(v)) for v in values if v is not None)], default=10)
    return min(max(longest + 2, 8), 70)


# --- CSV ---------------------------------------------------------------------------------------------


def to_csv_zip(cover: Cover, shown: list[ShownTable]) -> bytes:
    """00_cover.csv and one NN_<table>.csv per table; UTF-8 with BOM (Excel then reads æ, ø, å)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        _write(archive, "00_cover.csv", [[cover.title, ""], *cover.lines], None)
        for number, table in enumerate(shown, start=1):
            name = f"{number:02d}_{table.key}.csv"
            if table.frame.empty and table.empty_text:  # one line says there is nothing, instead of a bare header
                _write(archive, name, [[table.empty_text]], None)
                continue
            rows = [[_cell(v) for v in row] for row in table.frame.itertuples(index=False, name=None)]
            _write(archive, name, rows, [str(c) for c in table.frame.columns])
    return buffer.getvalue()


def _write(archive: zipfile.ZipFile, name: str, rows: list[list], header: list[str] | None) -> None:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    if header is not None:
        writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow(["" if v is None else neutralise(v) if isinstance(v, str) else v for v in row])
    info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, text.getvalue().encode("utf-8-sig"))


# --- PDF ---------------------------------------------------------------------------------------------


class _Document(FPDF):
    def __init__(self, footer_text: str):
        super().__init__(orientation="landscape", format="A4")
        self._footer_text = footer_text
        self.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_auto_page_break(True, margin=15)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", "", 7)
        self.cell(0, 5, f"{self._footer_text} – {self.page_no()}", align="C")


def to_pdf(cover: Cover, shown: list[ShownTable], charts: list[bytes] | None = None) -> bytes:
    """The cover lines, optional chart images, then every table; DejaVu fonts carry æ, ø, å and '–'."""
    pdf = _Document(cover.title)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 15)
    pdf.multi_cell(0, 8, cover.title)
    pdf.ln(2)
    pdf.set_font("DejaVu", "", 9)
    with pdf.table(col_widths=(1, 3), first_row_as_headings=False, text_align="LEFT") as grid:
        for name, value in cover.lines:
            row = grid.row()
            row.cell(name)
            row.cell(value)
    for image in charts or []:
        pdf.ln(4)
        pdf.image(io.BytesIO(image), w=200)
    for table in shown:
        _pdf_table(pdf, table, cover.lang)
    return bytes(pdf.output())


def _pdf_table(pdf: FPDF, table: ShownTable, lang: str) -> None:
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 12)
    pdf.multi_cell(0, 7, table.title)
    pdf.ln(1)
    pdf.set_font("DejaVu", "", 7.5)
    if table.frame.empty:
        pdf.multi_cell(0, 5, table.empty_text or t("report.empty_table", lang))
        return
    numeric = [_is_numeric(table.frame[c]) for c in table.frame.columns]
    align = tuple("RIGHT" if n else "LEFT" for n in numeric)
    widths = tuple(_pdf_width(table.frame[c], str(c)) for c in table.frame.columns)
    with pdf.table(
        col_widths=widths, text_align=align, headings_style=FontFace(emphasis="BOLD"), line_height=4.2, padding=0.8
    ) as grid:
        grid.row([str(c) for c in table.frame.columns])
        for values in table.frame.itertuples(index=False, name=None):
            grid.row([_pdf_text(v, column, table, lang) for v, column in zip(values, table.frame.columns, strict=True)])


def _is_numeric(values: pd.Series) -> bool:
    present = [v for v in values if v is not None and not (not isinstance(v, (str, Decimal)) and pd.isna(v))]
    return bool(present) and all(isinstance(v, (int, float, Decimal)) and not isinstance(v, bool) for v in present)


def _pdf_width(values: pd.Series, header: str) -> float:
    longest = max([len(str(v)) for v in values if v is not None] or [4])
    return min(max(longest, len(header) * 0.6, 4), 60)


def _pdf_text(value, column, table: ShownTable, lang: str) -> str:
    """Amounts and dates in the language's format (nb: 1 234 567,00 and 31.12.2024)."""
    if value is None or (not isinstance(value, (str, Decimal)) and pd.isna(value)):
        return ""
    if column in table.amounts:
        return fmt.number(value, lang, 2 if table.unit == "nok" else 0)
    if column in table.percents:
        return fmt.number(value, lang, 1)
    if column in table.decimals:
        return fmt.number(value, lang, table.decimals[column])
    if isinstance(value, dt.date):
        return fmt.date(value, lang)
    return str(value)


def charts_available() -> bool:
    """kaleido renders plotly figures through Chromium; both are optional (no images without them)."""
    return importlib.util.find_spec("kaleido") is not None and CHROMIUM.exists()


def cost_chart(cost: pd.DataFrame, lang: str):
    """Budget against actual per year: budget light and hatched, actual dark and solid, so the two read
    apart in colour and in grey print; full amounts in the language's format (no "4M")."""
    import plotly.graph_objects as go  # imported here: only needed when images can be made

    from monitor import charts

    years = sorted(set(cost["year"]))
    planned = [float(sum(cost.loc[cost["year"] == y, "planned"], Decimal(0))) for y in years]
    actual = [float(sum(cost.loc[cost["year"] == y, "actual"], Decimal(0))) for y in years]
    labels = [str(y) for y in years]
    figure = go.Figure(
        [
            go.Bar(
                name=t("report.col.budget", lang),
                x=labels,
                y=planned,
                marker_color=charts.PLANNED,
                marker_pattern={"shape": "/", "fgcolor": charts.ACTUAL, "solidity": 0.25},
                marker_line={"color": charts.ACTUAL, "width": 1},
            ),
            go.Bar(
                name=t("report.col.actual", lang),
                x=labels,
                y=actual,
                marker_color=charts.ACTUAL,
                marker_line={"color": charts.ACTUAL, "width": 1},
            ),
        ]
    )
    figure.update_layout(
        title=t("report.chart_title", lang),
        template="plotly_white",
        width=900,
        height=400,
        margin={"l": 40, "r": 10, "t": 40, "b": 10},
        yaxis={"title": t("report.pdf.axis_nok", lang)},
        xaxis={"type": "category"},
    )
    return charts.legend_below(charts.localise(figure, lang))


def chart_images(cost: pd.DataFrame, lang: str) -> list[bytes]:
    """Budget against actual per year as a PNG, when kaleido and Chromium are there; otherwise none."""
    if not charts_available() or cost.empty:
        return []
    image = png.render(cost_chart(cost, lang), scale=2)  # None when it cannot be drawn: the report goes without
    return [image] if image else []
