"""From the count in the sidebar to the item's page (issue 18): the leader of MW Inc signs in (the project has
ended, so the app opens as of its end date 30.11.2025), sees "Varsler (N)" in the sidebar, opens the list, follows
an item's link to the page where it is handled, comes back and marks it read: the count drops by one.

On 30.11.2025 the newest items are D3.3 and M3.3, both due that day and not done (deliverables.csv,
milestones.csv): the list's first line says so and its link opens the Schedule of MW Inc."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.journey import Journey, settle, sign_in

COUNT = re.compile(r"^Varsler \((\d+)\)$")


def sidebar_count(page: Page) -> int:
    entry = page.get_by_test_id("stSidebarNav").get_by_text(COUNT)
    expect(entry).to_be_visible()
    return int(COUNT.match(entry.inner_text().strip()).group(1))


def test_from_the_sidebar_count_to_the_items_page_and_back(page: Page, fresh_app_url: str):
    journey = Journey(page, "notifications")
    sign_in(page, fresh_app_url, "leader", "nb")
    before = sidebar_count(page)
    assert before >= 2
    journey.shot("the count in the sidebar")

    page.get_by_test_id("stSidebarNav").get_by_text(COUNT).click()
    settle(page)
    expect(page.get_by_role("heading", name="Varsler")).to_be_visible()
    expect(page.get_by_text(f"{before} uleste av {before}.")).to_be_visible()
    expect(page.get_by_text("Eksempeldata:").first).to_be_visible()
    first = page.locator(".st-key-notify-item-0")
    expect(first).to_contain_text("30.11.2025")
    expect(first).to_contain_text("har frist i dag")
    journey.shot("the list")

    first.get_by_text("Åpne", exact=True).click()
    settle(page)
    expect(page).to_have_url(re.compile(r"/schedule\?.*project=mwinc"))
    expect(page.get_by_role("heading", name="Framdriftsplan for MW Inc")).to_be_visible()
    journey.shot("the item's page")

    page.get_by_test_id("stSidebarNav").get_by_text(COUNT).click()
    settle(page)
    first = page.locator(".st-key-notify-item-0")
    first.get_by_role("button", name="Merk som lest").click()
    settle(page)
    expect(page.get_by_text("1 varsler merket som lest.")).to_be_visible()
    assert sidebar_count(page) == before - 1
    journey.shot("one read")
