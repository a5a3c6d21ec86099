"""In Chromium, the sidebar's project box and as-of date (issue 12, items 11 and 18): AppTest cannot show
these, as it re-sends a sidebar box's old value on the next run."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.journey import Journey, pick, settle, sign_in

ENDED = "Prosjektet ble avsluttet 30.11.2025; viser status per sluttdato."


def shown_date(page: Page) -> dt.date:
    parts = {
        name: page.get_by_test_id("stSidebar").get_by_role("spinbutton", name=f"{name}, Per dato").inner_text()
        for name in ("day", "month", "year")
    }
    return dt.date(int(parts["year"]), int(parts["month"]), int(parts["day"]))


def choose_project(page: Page, acronym: str) -> None:
    pick(page, page.get_by_test_id("stSidebar").get_by_role("combobox", name="Prosjekt"), acronym)
    expect(page.get_by_role("heading", name=f"Status for {acronym}")).to_be_visible(timeout=30_000)
    settle(page)


def test_switching_project_moves_an_untouched_date_to_that_projects_default(page: Page, app_url: str):
    sign_in(page, app_url, "admin")
    assert shown_date(page) == dt.date(2025, 11, 30)  # MW Inc ended; today is later
    expect(page.get_by_test_id("stSidebar").get_by_text(ENDED)).to_be_visible()
    choose_project(page, "INTEGRATE")  # runs to 31.12.2027
    assert shown_date(page) == dt.date.today()
    expect(page.get_by_test_id("stSidebar").get_by_text(ENDED)).to_have_count(0)
    expect(page).to_have_url(re.compile(r"project=integrate(&|$)"))


def test_switching_project_keeps_a_date_the_user_chose(page: Page, app_url: str):
    sign_in(page, app_url, "admin")
    page.get_by_test_id("stSidebar").get_by_role("spinbutton", name="day, Per dato").click()
    page.keyboard.type("30062024")
    page.get_by_test_id("stMain").get_by_role("heading").first.click()  # leaving the box commits the date
    expect(page).to_have_url(re.compile("as_of=2024-06-30"))
    choose_project(page, "INTEGRATE")
    assert shown_date(page) == dt.date(2024, 6, 30)
    expect(page).to_have_url(re.compile("as_of=2024-06-30"))


def test_a_deep_link_by_project_id_survives_the_login(page: Page, app_url: str):
    sign_in(page, f"{app_url}/?project=integration_day&as_of=2026-11-01", "admin")
    expect(page.get_by_role("heading", name="Status for Integration Day")).to_be_visible()
    expect(page.get_by_test_id("stSidebar").get_by_role("combobox", name="Prosjekt")).to_have_value("Integration Day")
    assert "project=integration_day" in page.url


@pytest.mark.parametrize(("user", "lang"), [("nav", "nb"), ("nho", "en"), ("reader", "nb"), ("reader", "en")])
def test_each_role_sees_its_own_overview(page: Page, app_url: str, user: str, lang: str):
    """A partner's overview leads with its money and work packages, not the indicators block (item 7), and
    says that nothing waits for it; a viewer gets no list to act on (item 19)."""
    journey = Journey(page, f"overview-{user}-{lang}")
    sign_in(page, app_url, user, "nb")  # journey.sign_in's English labels do not match the form's ("User name")
    if lang == "en":
        page.get_by_test_id("stSidebar").get_by_role("radio", name="en", exact=True).click()
        settle(page)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name=re.compile("^Status (for|of) MW Inc"))).to_be_visible()
    expect(
        main.get_by_role("heading", name=("Indikatorer og arrangementer", "Indicators and events")[lang == "en"])
    ).to_have_count(0)
    waiting = main.get_by_role("heading", name=("Dette venter på deg", "Waiting for you")[lang == "en"])
    expect(waiting).to_have_count(0 if user == "reader" else 1)
    if user != "reader":
        expect(
            main.get_by_text(
                ("Ingenting venter på deg per 30.11.2025.", "Nothing waits for you as of 30 Nov 2025.")[lang == "en"]
            )
        ).to_be_visible()
    journey.shot("overview")


def test_integration_day_leads_with_its_indicators(page: Page, app_url: str):
    journey = Journey(page, "overview-integration-day")
    sign_in(page, f"{app_url}/?project=integration_day", "admin", "nb")
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name="Status for Integration Day")).to_be_visible()
    expect(main.get_by_role("heading", name="Indikatorer og arrangementer")).to_be_visible()
    journey.shot("overview")
