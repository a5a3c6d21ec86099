"""In Chromium: choosing a project on the portfolio page opens its overview, and the project stays chosen
on the other pages (AppTest cannot show this: it re-sends the sidebar box's old value)."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.journey import pick, settle


def test_choosing_a_project_opens_its_overview(page: Page, app_url: str):
    page.goto(f"{app_url}/?lang=en")
    page.get_by_label("User name").fill("admin")
    page.get_by_role("textbox", name="Password", exact=True).fill("demo")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Status of MW Inc")).to_be_visible(timeout=30_000)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Portfolio").click()
    expect(page.get_by_role("heading", name="Portfolio")).to_be_visible(timeout=30_000)
    # the box that opens a project, by its label: the office's filters stand above it (issue 19)
    opener = page.get_by_test_id("stMain").get_by_test_id("stSelectbox").filter(has_text="Open a project's overview")
    settle(page)
    pick(page, opener, "integration_day", exact=False)
    expect(page.get_by_role("heading", name="Status of Integration Day")).to_be_visible(timeout=30_000)
    expect(page).to_have_url(f"{app_url}/?lang=en&project=integration_day", timeout=30_000)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Schedule").click()
    expect(page.get_by_role("heading", name="Schedule of Integration Day")).to_be_visible(timeout=30_000)
