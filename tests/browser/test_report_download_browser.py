"""A real browser downloads the funder report as Excel; a fresh server never serves a page without login."""

import io
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
from playwright.sync_api import Page, expect

from tests import oracle

SEED = Path(__file__).resolve().parents[2] / "data" / "seed" / "mwinc"


def planned(year: str) -> Decimal:
    """A year's current plan: cost_plan.csv (the contract) with the seed's approved change request (tests/oracle)."""
    return sum((Decimal(r["amount"]) for r in oracle.current_plan("cost_plan", SEED) if r["year"] == year), Decimal(0))


def test_the_leader_downloads_the_accounts_report_as_excel(page: Page, app_url: str):
    # A deep link survives the login: the report page opens with the chosen report and year. Streamlit
    # registers the pages with the first session's st.navigation, so the server has served its start
    # page once before (as it has for any user but the very first after a restart; see the test below).
    page.goto(app_url)
    expect(page.get_by_label("Brukernavn")).to_be_visible(timeout=30_000)
    page.goto(f"{app_url}/report?report=accounts&year=2024&as_of=2025-03-01")
    page.get_by_label("Brukernavn").fill("leader")
    page.get_by_label("Passord").fill("demo")
    page.get_by_role("button", name="Logg inn").click()
    # The sidebar then adds the project it opened (&project=mwinc); the deep link's own parameters stay.
    expect(page).to_have_url(
        re.compile(re.escape(f"{app_url}/report?report=accounts&year=2024&as_of=2025-03-01") + r"(&project=mwinc)?$"),
        timeout=30_000,
    )
    button = page.get_by_test_id("stDownloadButton").filter(has_text="Excel")
    expect(button).to_be_visible(timeout=30_000)
    with page.expect_download(timeout=60_000) as download_info:
        button.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    numbers = [
        cell.value
        for sheet in workbook.worksheets[1:]
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, (int, float))
    ]
    # The 2024 cost plan sums to 4 100 000.00: cost_plan.csv's 4 000 000.00 and the 100 000 the seed's approved
    # change request moved there from 2023 (plan v2); it is a number in the file, not text.
    assert planned("2024") == Decimal("4100000.00")
    assert 4100000 in numbers


def test_a_fresh_server_serves_no_page_file_without_login(page: Page, fresh_app_url: str):
    # Until a session calls st.navigation, Streamlit serves pages/*.py by URL without the entry point.
    page.goto(f"{fresh_app_url}/report?report=accounts&year=2024")
    expect(page.get_by_text("Logg inn på startsiden først.")).to_be_visible(timeout=30_000)
    expect(page.get_by_test_id("stDownloadButton")).to_have_count(0)
    expect(page.get_by_test_id("stDataFrame")).to_have_count(0)
    expect(page.get_by_test_id("stException")).to_have_count(0)
