"""Effort, end to end on a fresh database (issue 17's journey): NAV VT enters a month's hours in Norwegian, the
leader approves them in English, and the person-month figures move for both.

By hand (tests/effort/test_load.py's docstring): at 30.11.2025 the project has 3 202.8 approved hours = 23.61 PM,
NAV VT 402.6 h = 2.97 PM (its in-kind reports). NAV reports 37.5 h for October 2025:
project 3 240.3 h -> 38 883.6 / 1 628 = 23.8843 -> 23.88 PM; NAV VT 440.1 h -> 5 281.2 / 1 628 = 3.2440 -> 3.24 PM.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.journey import Journey, open_page, pick, settle, sign_in
from tests.browser.test_journey_partner import OTHER_PARTNERS, no_picker, sign_out, tile


def actual_pm(page: Page, name: str):
    return tile(page, name).get_by_test_id("stMetricValue")


def visible_text(page: Page) -> str:
    """The open tab's text and the cells of its tables (drawn on a canvas: read through each table's CSV download;
    the tables of the other tabs are hidden and skipped)."""
    texts, grids = (
        [page.get_by_test_id("stMain").inner_text()],
        page.get_by_test_id("stMain").get_by_test_id("stDataFrame"),
    )
    for index in range(grids.count()):
        grid = grids.nth(index)
        if not grid.is_visible():
            continue
        grid.hover()
        with page.expect_download() as download:
            grid.get_by_role("button", name="Download as CSV").dispatch_event("click")
        texts.append(Path(download.value.path()).read_text(encoding="utf-8-sig"))
    return "\n".join(texts)


def test_a_partner_enters_a_month_the_leader_approves_the_person_months_move(page: Page, fresh_app_url: str):
    journey = Journey(page, "effort")
    no_picker(page)
    sign_in(page, fresh_app_url, "nav", "nb")
    open_page(page, "Innsats")
    expect(actual_pm(page, "Faktiske personmåneder")).to_have_text("2,97")
    page.get_by_role("tab", name="Rapporter og godkjenn timer").click()
    settle(page)
    journey.shot("nav report form")

    main = page.get_by_test_id("stMain")
    pick(page, main.get_by_test_id("stSelectbox").filter(has_text="Arbeidspakke"), "WP1 Inkludering gjennom ansettelse")
    pick(page, main.get_by_test_id("stSelectbox").filter(has_text="Måned"), "okt. 2025")
    page.get_by_label("Timer", exact=True).fill("37,5")
    page.get_by_label("Timer", exact=True).press("Tab")
    page.get_by_role("button", name="Send til godkjenning").click()
    settle(page)
    hours_tab = page.get_by_role("tabpanel", name="Rapporter og godkjenn timer")
    expect(hours_tab.get_by_test_id("stAlertContentSuccess")).to_have_text(
        "37,50 timer for okt. 2025 er sendt til godkjenning."
    )
    expect(actual_pm(page, "Faktiske personmåneder")).to_have_text("2,97")  # waiting hours do not count yet
    shown = visible_text(page)
    assert "Rådgiver, NAV Vestfold og Telemark" in shown and "37,50" in shown  # its waiting month, in the table
    for name in OTHER_PARTNERS:
        assert name not in shown, f"{name!r} shown to nav"
    journey.shot("nav month sent for approval")
    sign_out(page)

    sign_in(page, fresh_app_url, "leader", "nb")
    page.get_by_test_id("stSidebar").get_by_role("radio", name="en", exact=True).click()
    settle(page)
    open_page(page, "Effort")
    expect(actual_pm(page, "Actual person-months")).to_have_text("23.61")
    page.get_by_role("tab", name="Report and approve hours").click()
    settle(page)
    journey.shot("leader waiting list")
    field = page.get_by_test_id("stMultiSelect").locator("input")
    field.click()
    field.fill("Oct 2025")
    options = page.get_by_role("option")
    expect(options).to_have_count(1)
    expect(options.first).to_contain_text("NAV VT")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    settle(page)
    page.get_by_role("button", name="Approve chosen").click()
    settle(page)
    expect(
        page.get_by_role("tabpanel", name="Report and approve hours").get_by_test_id("stAlertContentWarning")
    ).to_have_text("Approve 1 row(s) with 37.50 hours in all?")
    journey.shot("leader confirms")
    page.get_by_role("button", name="Confirm").click()
    settle(page)
    approve_tab = page.get_by_role("tabpanel", name="Report and approve hours")
    expect(approve_tab.get_by_test_id("stAlertContentSuccess").first).to_have_text("1 row(s) approved.")
    expect(actual_pm(page, "Actual person-months")).to_have_text("23.88")
    journey.shot("leader approved")
    page.get_by_role("tab", name="Person-months").click()
    settle(page)
    journey.shot("leader person-months after approval")
    sign_out(page, "Sign out")

    sign_in(page, fresh_app_url, "nav", "nb")
    open_page(page, "Innsats")
    expect(actual_pm(page, "Faktiske personmåneder")).to_have_text("3,24")
    journey.shot("nav sees its month counted")
