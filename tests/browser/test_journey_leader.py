"""The leader's weekly review, walked in Chromium on a fresh database: sign in (nb), the Overview at 1440 and
390 px, what waits for the leader, drill from a late work package to its deliverables and from a budget
figure to its ledger lines, change the as-of date, switch to English.

Screenshots: screenshots/leader/NN-*.png (look at them); the last nb Overview goes to docs/overview.png.
"""

from __future__ import annotations

import os
import re
import shutil

from playwright.sync_api import Page, expect

from tests.browser.journey import DESKTOP, PHONE, ROOT, Journey, open_page, settle, sign_in

NBSP = "\u00a0"


OVERFLOWING = """(selector) => [...document.querySelectorAll(selector)]
    .filter(box => [box, ...box.querySelectorAll('*')].some(e => e.scrollWidth > e.clientWidth + 1))
    .map(box => box.innerText.slice(0, 60))"""


def cut_off(page: Page, selector: str) -> list[str]:
    """The boxes matching selector whose content is wider than they are (cut off, or scrolling sideways)."""
    return page.evaluate(OVERFLOWING, selector)


def sidebar(page: Page):
    return page.get_by_test_id("stSidebar")


def main(page: Page):
    return page.get_by_test_id("stMain")


def test_the_leaders_weekly_review(page: Page, fresh_app_url: str):
    journey = Journey(page, "leader")
    sign_in(page, fresh_app_url, "leader", "nb")
    overview_at_the_projects_end(page, journey)
    waiting_for_the_leader(page)
    drill_to_the_deliverables_of_a_late_work_package(page, journey)
    drill_to_the_ledger_lines_of_a_budget_figure(page, journey)
    change_the_as_of_date(page, journey)
    switch_to_english(page, journey)


def overview_at_the_projects_end(page: Page, journey: Journey) -> None:
    # MW Inc ended 30.11.2025: a newcomer sees it as it ended, and is told so beside the date.
    expect(main(page).get_by_role("heading", name="Status for MW Inc")).to_be_visible()
    expect(
        sidebar(page).get_by_text("Prosjektet ble avsluttet 30.11.2025; viser status per sluttdato.")
    ).to_be_visible()
    expect(sidebar(page).get_by_role("combobox", name="Prosjekt")).to_have_value("MW Inc")  # the acronym, not mwinc
    expect(main(page).get_by_text("609 dager")).to_have_count(0)
    expect(main(page).get_by_text("Prognosen ved slutt er regnet med forbrukstakt", exact=False)).to_be_visible()
    journey.shot("overview-nb")
    # At 1440 px the work-package and due tables wrap their long cells instead of cutting them off.
    expect(main(page).get_by_test_id("stTable")).to_have_count(2)
    assert cut_off(page, "[data-testid=stTable]") == []
    assert cut_off(page, "[data-testid=stMetricValue]") == []
    desktop = journey.folder / f"{journey.step:02d}-overview-nb.png"
    for width in (900, PHONE["width"]):  # a narrow window beside the sidebar, a phone: the tiles wrap
        page.set_viewport_size({"width": width, "height": DESKTOP["height"]})
        page.wait_for_timeout(500)
        assert cut_off(page, "[data-testid=stMetricValue]") == [], width
    phone = journey.phone_shot("overview-nb")
    if os.environ.get("MONITOR_UPDATE_DOCS") == "1":  # the README's pictures, renewed on request only
        shutil.copyfile(desktop, ROOT / "docs" / "overview.png")
        shutil.copyfile(phone, ROOT / "docs" / "overview-phone.png")


def waiting_for_the_leader(page: Page) -> None:
    # Five in-kind reports of the seed wait for approval (work date 28.09.2025, all status "reported").
    waiting = main(page).get_by_text("Egeninnsats som venter på godkjenning: 5 rapporter, den eldste fra 28.09.2025.")
    expect(waiting).to_be_visible()
    main(page).get_by_role("link", name="Godkjenn egeninnsats").click()
    settle(page)
    expect(main(page).get_by_role("heading", name="Egeninnsats – MW Inc")).to_be_visible(timeout=30_000)
    open_page(page, "Oversikt")
    expect(page).to_have_url(re.compile(r"project=mwinc"))  # the link's page change keeps the project in the URL


def drill_to_the_deliverables_of_a_late_work_package(page: Page, journey: Journey) -> None:
    # At the end date WP2 is off track: M2.3 and D2.2 were due 31.03.2025.
    statuses = main(page).get_by_test_id("stTable").first
    expect(statuses.get_by_role("row").filter(has_text="WP2")).to_contain_text("Ute av kurs")
    main(page).get_by_role("button", name="WP2", exact=True).click()
    settle(page)
    expect(main(page).get_by_role("heading", name=re.compile("^Framdriftsplan"))).to_be_visible(timeout=30_000)
    chosen = main(page).get_by_test_id("stMultiSelect").first
    expect(chosen).to_contain_text("WP2")
    expect(main(page).get_by_text("D2.2", exact=False).first).to_be_visible()
    journey.shot("schedule-of-wp2")


def drill_to_the_ledger_lines_of_a_budget_figure(page: Page, journey: Journey) -> None:
    open_page(page, "Oversikt")
    main(page).get_by_role("link", name="Prognose etter opptjent verdi").click()
    settle(page)
    expect(main(page).get_by_role("heading", name=re.compile("^Budsjett"))).to_be_visible(timeout=30_000)
    journey.shot("budget")
    row = main(page).get_by_role("combobox", name=re.compile(r"^Rad \("))
    row.click()
    row.press("ArrowDown")
    row.press("Enter")
    settle(page)
    expect(main(page).get_by_text(re.compile(r"^\d+ linjer, sum "))).to_be_visible()
    journey.shot("budget-drill-to-ledger-lines")


def change_the_as_of_date(page: Page, journey: Journey) -> None:
    open_page(page, "Oversikt")
    # The box is three spin buttons (day, month, year) that move on as they are typed.
    sidebar(page).get_by_role("spinbutton", name="day, Per dato").click()
    page.keyboard.type("30062024")
    main(page).get_by_role("heading").first.click()  # leaving the box commits the date
    settle(page)
    expect(page).to_have_url(re.compile("as_of=2024-06-30"))
    expect(sidebar(page).get_by_text("viser status per sluttdato", exact=False)).to_have_count(0)
    # 30.06.2024: 943 of 1461 days gone = 65 %.
    expect(main(page).get_by_test_id("stMetric").filter(has_text="Brukt / tid gått")).to_contain_text(f"65{NBSP}%")
    journey.shot("overview-as-of-2024-06-30")


def switch_to_english(page: Page, journey: Journey) -> None:
    sidebar(page).get_by_role("radio", name="en", exact=True).click()
    settle(page)
    expect(main(page).get_by_role("heading", name="Status of MW Inc")).to_be_visible(timeout=30_000)
    for text in ("Budget", "Spent to date", "Forecast at completion"):
        expect(main(page).get_by_test_id("stMetric").get_by_text(text, exact=True)).to_be_visible()
    expect(main(page).get_by_role("heading", name="Work packages")).to_be_visible()
    expect(main(page).get_by_role("heading", name="Waiting for you")).to_be_visible()
    expect(page).to_have_url(re.compile("as_of=2024-06-30"))  # the chosen date survives the switch
    assert "lang=en" in page.url and "project=mwinc" in page.url
    journey.shot("overview-en")
