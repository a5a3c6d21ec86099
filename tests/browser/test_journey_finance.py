"""The finance journey (issue 12): an admin imports the Tax Administration's 888888888 SAF-T example on a fresh
database, sees why the real file is refused (every line is dated 2017, before the project), imports the same file
moved into the project period, finds its costs on the Budget page and the Overview, undoes it and sees them gone.

Expected figures are from the file, by hand: the P:202 lines on cost accounts are 10 000 + 5 000 + 25 000 + 14 562
+ 12 000 + 8 000 = 74 562,00 kr in six lines (tests/ledger/test_stage.py reads them with ElementTree).
Screenshots of every step: screenshots/finance-nb/ and screenshots/finance-en/ (git-ignored).
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.journey import Journey, open_page, pick, settle, sign_in
from tests.ledger.helpers import EXAMPLE_888, moved_into_period

P202_TOTAL = Decimal("74562.00")
P202_LINES = 6
NBSP = "\u00a0"


# English words that must not appear on the nb Data page (outside Streamlit's own upload widget, whose "Upload"
# and "200MB per file" Streamlit 1.67 does not let an app translate).
ENGLISH = re.compile(
    r"\b(lines?|read|empty|ready|the|file|company|dimension|batch|skipped|before|after|nothing|"
    r"already|rejected|imported|project|period|amount|account)\b",
    re.IGNORECASE,
)


def english_on_data_page(page: Page) -> list[str]:
    text = page.get_by_test_id("stMain").inner_text()
    for uploader in page.get_by_test_id("stFileUploader").all():
        text = text.replace(uploader.inner_text(), "")
    text = re.sub(r"ExampleFile SAF-T Financial_\S+|SAF-T Financial|P:\d+|A:\d+", "", text)  # file names, codes
    return sorted({match.group(0) for match in ENGLISH.finditer(text)})


def nb_amount(text: str) -> Decimal:
    """'8 123 456,78 kr' (no-break spaces, decimal comma) as a Decimal."""
    digits = text.replace(NBSP, "").replace(" ", "").replace("kr", "").replace("\u2212", "-").replace(",", ".")
    return Decimal(digits)


def upload(page: Page, path: Path) -> None:
    page.get_by_test_id("stFileUploader").locator("input[type=file]").set_input_files(str(path))
    expect(page.get_by_test_id("stFileChipName")).to_have_attribute("title", path.name, timeout=30_000)
    settle(page)


def choose(page: Page, label: str, option: str) -> None:
    pick(page, page.get_by_test_id("stSelectbox").filter(has_text=label), option)
    settle(page)


def set_dimension(page: Page, label: str, value: str) -> None:
    field = page.get_by_role("textbox", name=label, exact=True)
    field.fill(value)
    field.press("Enter")
    settle(page)


def preview(page: Page, button: str) -> None:
    page.get_by_role("button", name=button, exact=True).click()
    settle(page)


def budget_year(page: Page, url: str, year: int) -> tuple[int, Decimal]:
    """The Budget page's drill-down for one year (a deep link: a new session, so sign in again): (lines, total) as
    its caption says."""
    sign_in(page, f"{url}/budget?rows=year&drill_row={year}", "admin", "nb")
    caption = page.get_by_text(re.compile(r"^\d[\d\s]* linjer, sum ")).first
    expect(caption).to_be_visible(timeout=30_000)
    lines, amount = caption.inner_text().split(" linjer, sum ")
    return int(lines.replace(NBSP, "").replace(" ", "")), nb_amount(amount)


def spent_to_date(page: Page) -> Decimal:
    """The Overview's exact spend, from the 'Brukt til nå' tile's tooltip."""
    tile = page.get_by_test_id("stMetric").filter(has_text="Brukt til nå")
    tile.get_by_test_id("stTooltipHoverTarget").hover()
    tooltip = page.get_by_test_id("stTooltipContent")
    expect(tooltip).to_be_visible(timeout=10_000)
    amount = re.match(r"^([\d\s\u00a0,\u2212-]+kr)", tooltip.inner_text().strip())
    assert amount, tooltip.inner_text()
    page.mouse.move(0, 0)
    return nb_amount(amount.group(1))


def test_finance_journey_nb(page: Page, fresh_app_url: str, tmp_path: Path):
    finance_journey(page, fresh_app_url, Journey(page, "finance-nb"), tmp_path)


def test_finance_journey_nb_on_postgresql(page: Page, postgresql_app_url: str, tmp_path: Path):
    """The same walk with the app on PostgreSQL (issue 15): the real SAF-T file staged by COPY, the same
    figures, the same undo."""
    finance_journey(page, postgresql_app_url, Journey(page, "finance-nb-postgresql"), tmp_path)


def finance_journey(page: Page, url: str, journey: Journey, tmp_path: Path) -> None:
    sign_in(page, url, "admin", "nb")
    spent_before = spent_to_date(page)
    journey.shot("overview before the import")
    lines_before, year_before = budget_year(page, url, 2025)
    journey.shot("budget 2025 before the import")

    open_page(page, "Data")
    journey.shot("data page")
    upload(page, EXAMPLE_888)
    preview(page, "Forhåndsvis")
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text("Filens firma 888888888 er ikke organisasjonsnummeret til noen partner")
    expect(main).to_contain_text("Ingen linje i filen har dimensjonen P:326917")
    expect(main).to_contain_text("P:202 (15)")
    expect(page.get_by_role("button", name="Bekreft import")).to_have_count(0)
    expect(main).not_to_contain_text("lines read")
    assert english_on_data_page(page) == []
    journey.shot("real file with the defaults: nothing matched, why")

    choose(page, "Partner", "USN")
    set_dimension(page, "SAF-T-dimensjon (TYPE:ID)", "P:202")
    preview(page, "Forhåndsvis")
    expect(main).to_contain_text(
        f"6 linjer (74{NBSP}562,00{NBSP}kr) er datert utenfor prosjektperioden 01.12.2021–30.11.2025"
    )
    expect(page.get_by_role("button", name="Bekreft import")).to_have_count(0)
    assert english_on_data_page(page) == []
    journey.shot("real file on P:202: all before the project start, nothing to confirm")

    moved = moved_into_period(EXAMPLE_888, tmp_path, year="2025")  # its P:202 lines: Jan-Apr; 2021-2024 are locked
    upload(page, moved)
    preview(page, "Forhåndsvis")
    expect(main).to_contain_text("Klar til import")
    expect(page.get_by_test_id("stMetric").filter(has_text="Sum nye linjer")).to_contain_text(f"74{NBSP}562,00{NBSP}kr")
    assert english_on_data_page(page) == []
    journey.shot("file moved into the period: ready, 74 562 kr in six lines")
    page.get_by_role("button", name="Bekreft import").click()
    settle(page)
    expect(main).to_contain_text("Importert som bunt")
    expect(main).to_contain_text(f"{P202_LINES} linjer")
    assert english_on_data_page(page) == []
    journey.shot("imported")

    assert budget_year(page, url, 2025) == (lines_before + P202_LINES, year_before + P202_TOTAL)
    journey.shot("budget 2025 with the imported lines")
    open_page(page, "Oversikt")
    assert spent_to_date(page) == spent_before + P202_TOTAL
    journey.shot("overview with the imported costs")
    journey.phone_shot("overview with the imported costs")

    open_page(page, "Data")
    page.get_by_role("tab", name="Importerte filer").click()
    settle(page)
    assert english_on_data_page(page) == []
    journey.shot("imported files")
    page.get_by_role("button", name="Angre import").click()
    settle(page)
    expect(main).to_contain_text(f"er angret: {P202_LINES} linjer fjernet")
    assert english_on_data_page(page) == []
    journey.shot("undone")

    assert budget_year(page, url, 2025) == (lines_before, year_before)
    journey.shot("budget 2025 after the undo")
    open_page(page, "Oversikt")
    assert spent_to_date(page) == spent_before
    journey.shot("overview after the undo")


def test_finance_journey_en_preview(page: Page, fresh_app_url: str, tmp_path: Path):
    journey = Journey(page, "finance-en")
    sign_in(page, fresh_app_url, "admin", "nb")  # the login form is in nb; English is chosen in the sidebar
    page.get_by_test_id("stSidebar").get_by_role("radio", name="en", exact=True).click()
    expect(page.get_by_test_id("stSidebarNav").get_by_text("Overview", exact=True)).to_be_visible(timeout=30_000)
    settle(page)
    open_page(page, "Data")
    upload(page, EXAMPLE_888)
    preview(page, "Preview")
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text("the file's company 888888888 is not the organisation number of any partner")
    expect(main).to_contain_text("no line of the file carries the dimension P:326917")
    expect(page.get_by_role("button", name="Confirm import")).to_have_count(0)
    journey.shot("real file with the defaults: nothing matched, why")
    choose(page, "Partner", "USN")
    set_dimension(page, "SAF-T dimension (TYPE:ID)", "P:202")
    preview(page, "Preview")
    expect(main).to_contain_text(
        f"6 lines (NOK{NBSP}74,562.00) are dated outside the project period 1 Dec 2021–30 Nov 2025"
    )
    assert {"lines", "project", "period"} <= set(english_on_data_page(page))  # the nb check can see English
    journey.shot("real file on P:202: all before the project start")
    upload(page, moved_into_period(EXAMPLE_888, tmp_path, year="2025"))
    preview(page, "Preview")
    expect(main).to_contain_text("Ready to import")
    expect(page.get_by_test_id("stMetric").filter(has_text="Total of new lines")).to_contain_text(f"NOK{NBSP}74,562.00")
    expect(page.get_by_role("button", name="Confirm import")).to_be_visible()
    journey.shot("file moved into the period: ready")
