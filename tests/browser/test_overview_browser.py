"""What only a browser shows: the overview's tiles render, and the sidebar widgets change the view."""

from playwright.sync_api import Page, expect

NBSP = "\u00a0"


def test_the_overview_tiles_are_visible(page: Page, app_url: str):
    page.goto(f"{app_url}/?as_of=2024-06-30")
    metrics = page.get_by_test_id("stMetric")
    expect(metrics.first).to_be_visible(timeout=30_000)
    expect(metrics).to_have_count(5)
    expect(page.get_by_test_id("stMetricValue").first).to_have_text(f"15,1{NBSP}mill.{NBSP}kr")
    expect(page.get_by_role("heading", name="Status for MW Inc")).to_be_visible()


def test_the_language_switch_changes_labels_and_url(page: Page, app_url: str):
    page.goto(f"{app_url}/?as_of=2024-06-30")
    expect(page.get_by_text("Budsjett", exact=True)).to_be_visible(timeout=30_000)
    page.get_by_test_id("stSidebar").get_by_role("radio", name="en", exact=True).click()
    expect(page.get_by_role("heading", name="Status of MW Inc")).to_be_visible(timeout=15_000)
    expect(page.get_by_text("Spent to date", exact=True)).to_be_visible()
    assert "lang=en" in page.url
