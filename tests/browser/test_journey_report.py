"""The report journey (issue 12): the admin (issue 16: only an admin reopens a locked year) chooses the accounts
report for a year, downloads it as Excel and PDF, marks it as submitted (after confirming), which locks the year;
reopens the year with a reason, a ledger line changes through a real import on the Data page, and the report
shows the difference against the submitted version and flags the year's changed figures. In nb and in en, on a fresh database;
every step is a full-page screenshot under screenshots/report-<lang>/."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from tests.browser.journey import SIGN_IN, Journey, open_page, settle
from tests.reports.pdftext import extract_text

# One line in the project period, on an "other operating expenses" account of the project owner.
LEDGER_CSV = "Bilagsnr;Dato;Konto;Tekst;Beløp\r\nJ1;15.06.2025;6790;Ekstra transkribering;10 000,00\r\n".encode()

TEXT = {
    "nb": {
        "report": "Rapport til finansiør",
        "data": "Data",
        "kind_label": "Rapport",
        "year_label": "År",
        "accounts": "Prosjektregnskapsrapport",
        "confirm": "Jeg bekrefter",
        "freeze": "Marker som sendt inn",
        "frozen": "Sendt inn og låst",
        "sent": "er sendt inn",
        "differences_tab": "Forskjeller",
        "same": "Tallene i dag er de samme som de innsendte.",
        "differences": "forskjeller mellom innsendt og i dag",
        "file": "Fil (SAF-T XML, CSV eller Excel)",
        "partner": "Partner",
        "preview": "Forhåndsvis",
        "import": "Bekreft import",
        "imported": "Importert som bunt",
        "sheet": "Kostnader",
        "audit": "Endringslogg",
        "lines": "linjer",
        "calendar": "Rapporteringskalender",
        "reopen_year": "Låst år som skal åpnes",
        "reopen_reason": "Begrunnelse (lagres i endringsloggen)",
        "reopen": "Åpne året igjen",
        "reopened": "2025 er åpnet igjen",
        "changed": "2025: tallene er endret etter at prosjektregnskapsrapporten ble sendt inn",
    },
    "en": {
        "report": "Funder report",
        "data": "Data",
        "kind_label": "Report",
        "year_label": "Year",
        "accounts": "Project accounts report",
        "confirm": "I confirm",
        "freeze": "Mark as submitted",
        "frozen": "Submitted and frozen",
        "sent": "was submitted",
        "differences_tab": "Differences",
        "same": "Today's figures are the same as the submitted ones.",
        "differences": "differences between the submitted figures and today's",
        "file": "File (SAF-T XML, CSV or Excel)",
        "partner": "Partner",
        "preview": "Preview",
        "import": "Confirm import",
        "imported": "Imported as batch",
        "sheet": "Costs",
        "audit": "Audit log",
        "lines": "lines",
        "calendar": "Reporting calendar",
        "reopen_year": "Locked year to reopen",
        "reopen_reason": "Reason (kept in the change log)",
        "reopen": "Reopen the year",
        "reopened": "2025 is reopened",
        "changed": "2025: figures have changed since the project accounts report was submitted",
    },
}


def sign_in_as(page: Page, url: str, username: str, lang: str) -> None:
    """journey.sign_in, with exact labels: 'Password' also names the field's 'Show password' button."""
    user_label, password_label, button = SIGN_IN[lang]
    page.goto(url)
    page.get_by_label(user_label, exact=True).fill(username)
    page.get_by_label(password_label, exact=True).fill("demo")
    page.get_by_role("button", name=button).click()
    expect(page.get_by_test_id("stSidebarNav")).to_be_visible(timeout=30_000)
    settle(page)


def choose(page: Page, label: str, option: str) -> None:
    """Open a selectbox by its label and click an option."""
    page.get_by_test_id("stSelectbox").filter(has=page.get_by_text(label, exact=True)).click()
    # a box far down the page may take the first click as focus only: typing opens its list (and narrows it)
    page.keyboard.type(option)
    page.get_by_role("option", name=option, exact=True).click()
    settle(page)


def download(page: Page, name: str) -> bytes:
    button = page.get_by_test_id("stDownloadButton").filter(has_text=name)
    with page.expect_download(timeout=90_000) as info:
        button.click()
    return Path(info.value.path()).read_bytes()


def open_differences(page: Page, words: dict) -> None:
    page.get_by_role("tab", name=words["differences_tab"]).click()
    settle(page)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_report_journey(page: Page, fresh_app_url: str, lang: str):
    words, journey = TEXT[lang], Journey(page, f"report-{lang}")
    sign_in_as(page, f"{fresh_app_url}/?lang={lang}", "admin", lang)
    open_page(page, words["report"])
    page.get_by_text(words["calendar"]).click()  # the seeded reports were sent on time: nothing overdue
    settle(page)
    journey.shot("reporting calendar")
    page.get_by_text(words["calendar"]).click()
    choose(page, words["kind_label"], words["accounts"])
    choose(page, words["year_label"], "2025")
    assert "report=accounts" in page.url  # the URL keeps the code, not the label
    expect(page.get_by_text(f"{words['accounts']} for 2025").first).to_be_visible()
    journey.shot("accounts report 2025")

    workbook = openpyxl.load_workbook(io.BytesIO(download(page, "Excel")))
    assert words["sheet"] in workbook.sheetnames
    pdf = download(page, "PDF")
    assert pdf.startswith(b"%PDF-")
    assert words["accounts"] in extract_text(pdf)

    freeze = page.get_by_role("button", name=words["freeze"])
    expect(freeze).to_be_disabled()  # one click does not freeze the report
    page.get_by_text(words["confirm"]).click()
    settle(page)
    journey.shot("confirmed, ready to submit")
    expect(freeze).to_be_enabled()
    freeze.click()
    settle(page)
    expect(page.get_by_text(words["frozen"])).to_be_visible()
    expect(page.get_by_text(words["sent"]).first).to_be_visible()
    expect(page.get_by_role("button", name=words["freeze"])).to_be_disabled()
    journey.shot("submitted")
    open_differences(page, words)
    expect(page.get_by_text(words["same"])).to_be_visible()

    # submitting the accounts locked 2025: an import dated in it would be refused, so the admin reopens it
    choose(page, words["reopen_year"], "2025")
    page.get_by_label(words["reopen_reason"], exact=True).fill("A late invoice of June 2025")
    page.get_by_role("button", name=words["reopen"]).click()
    settle(page)
    expect(page.get_by_text(words["reopened"]).first).to_be_visible()
    journey.shot("2025 reopened with a reason")

    open_page(page, words["data"])
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "late-posting.csv", "mimeType": "text/csv", "buffer": LEDGER_CSV}]
    )
    settle(page)
    page.locator(".st-key-import_partner").get_by_test_id("stSelectbox").click()
    page.get_by_role("option").filter(has_text="usn").or_(
        page.get_by_role("option").filter(has_text="USN")
    ).first.click()
    settle(page)
    page.get_by_role("button", name=words["preview"]).click()
    settle(page)
    journey.shot("late ledger line previewed")
    page.get_by_role("button", name=words["import"]).click()
    settle(page)
    expect(page.get_by_text(words["imported"])).to_be_visible()
    journey.shot("late ledger line imported")

    open_page(page, words["report"])
    choose(page, words["kind_label"], words["accounts"])
    choose(page, words["year_label"], "2025")
    open_differences(page, words)
    # the new 10 000,00 moves four figures of the 2025 accounts: other operating costs, USN's costs, and the
    # funder's and own financing of it (split by USN's 2025 funding plan)
    expect(page.get_by_text(f"4 {words['differences']}")).to_be_visible()
    expect(page.get_by_text(words["changed"])).to_be_visible()  # the lock section says so plainly
    journey.shot("differences against the submitted report")

    # the submission and the import in the audit log, by their labels
    open_page(page, words["audit"])
    # report + fingerprint, the lock of 2025 (lock, snapshot), its reopening (by, at, reason), and the import
    expect(page.get_by_text(f"8 {words['lines']}")).to_be_visible()
    journey.shot("the audit log")
