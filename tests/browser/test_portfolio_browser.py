"""In Chromium: choosing a project on the portfolio page opens its overview, and the project stays chosen
on the other pages (AppTest cannot show this: it re-sends the sidebar box's old value)."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.journey import pick, settle, sign_in


def _portfolio_as_admin(page: Page, app_url: str) -> None:
    """Sign in as the admin in English and open the Portfolio from the Overview."""
    sign_in(page, f"{app_url}/?lang=en", "admin", "en")
    expect(page.get_by_role("heading", name="Status of MW Inc")).to_be_visible(timeout=30_000)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Portfolio").click()
    expect(page.get_by_role("heading", name="Portfolio")).to_be_visible(timeout=30_000)


def test_choosing_a_project_opens_its_overview(page: Page, app_url: str):
    _portfolio_as_admin(page, app_url)
    # the box that opens a project, by its label: the office's filters stand above it (issue 19)
    opener = page.get_by_test_id("stMain").get_by_test_id("stSelectbox").filter(has_text="Open a project's overview")
    settle(page)
    pick(page, opener, "integration_day", exact=False)
    expect(page.get_by_role("heading", name="Status of Integration Day")).to_be_visible(timeout=30_000)
    expect(page).to_have_url(f"{app_url}/?lang=en&project=integration_day", timeout=30_000)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Schedule").click()
    expect(page.get_by_role("heading", name="Schedule of Integration Day")).to_be_visible(timeout=30_000)


def test_a_filtered_portfolio_is_a_link_that_opens_filtered(page: Page, app_url: str, browser):
    """The filters are kept in the URL by their codes, so the link opens the same projects in another session, in
    the other language too (a board member sent the NGO-owned projects). Only a browser keeps a URL."""
    _portfolio_as_admin(page, app_url)
    settle(page)
    page.get_by_test_id("stMultiSelect").filter(has_text="Sector").click()
    page.get_by_role("option", name="NGO", exact=True).click()
    page.keyboard.press("Escape")
    # the seed's only project owned by an NGO: Integration Day (data/seed/integration_day/partners.csv, team)
    expect(page.get_by_text("1 project · budget")).to_be_visible(timeout=30_000)
    expect(page).to_have_url(re.compile(r"[?&]sector=NGO"), timeout=30_000)
    link = page.url

    other = browser.new_page()
    sign_in(other, link.replace("lang=en", "lang=nb"), "admin", "nb")
    expect(other.get_by_role("heading", name="Portefølje")).to_be_visible(timeout=30_000)
    expect(other.get_by_test_id("stMultiSelect").filter(has_text="Frivillig organisasjon")).to_be_visible()
    expect(other.get_by_text("1 prosjekt · budsjett 300 000 kr")).to_be_visible(timeout=30_000)
    other.close()
