"""A partner's in-kind hours, end to end on a fresh database: NAV reports hours with a mistake, reads the
Norwegian message naming the field, corrects it and submits; the leader approves it together with another
report (bulk approval, one confirmation); NAV then sees it counted as delivered, and nothing of any other
partner. An English variant checks the form's messages in English.

Expected amounts by hand: nav_vt is sector `public`, config.yaml `inkind.rates_by_sector.public` = 800 NOK/h.
Before: delivered 322 080 kr (402,6 approved hours × 800, see tests/partners/test_load.py), committed
360 000 kr, awaiting 22,8 h × 800 = 18 240 kr (inkind.csv, 28.09.2025). NAV reports 7,5 h = 6 000 kr.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from tests.browser.journey import Journey, open_page, settle, sign_in

NBSP = "\u00a0"
OTHER_PARTNERS = ("NHO", "Øst-Viken", "NAV ØV", "USN", "Universitetet", "fylkeskommune", "MRFK", "VTFK")
RAW_ENGLISH = ("hours:", "person_role", "value is required", "expected more than", "nav_vt")


def kr(text: str) -> str:
    return text.replace(" ", NBSP) + f"{NBSP}kr"


def report_hours(
    page: Page, person: str, hours: str, submit: str = "Send inn", labels=("Person eller rolle", "Timer", "Aktivitet")
) -> None:
    person_label, hours_label, activity_label = labels
    page.get_by_label(person_label, exact=True).fill(person)
    page.get_by_label(hours_label, exact=True).fill(hours)
    page.get_by_label(activity_label, exact=True).fill("Samskapingsverksted")
    page.get_by_label(activity_label, exact=True).press("Tab")
    page.get_by_role("button", name=submit).click()
    settle(page)


def sign_out(page: Page, label: str = "Logg ut") -> None:
    page.get_by_test_id("stSidebar").get_by_role("button", name=label).click()
    settle(page)


def grid_text(page: Page) -> str:
    """The cells of every table on the page, through each table's own CSV download: the grid is drawn on a
    canvas, so its cells are not in the page's text. (The native save dialog is switched off in no_picker.)"""
    texts, grids = [], page.get_by_test_id("stMain").get_by_test_id("stDataFrame")
    expect(grids.first).to_be_visible()
    for index in range(grids.count()):
        grids.nth(index).hover()
        with page.expect_download() as download:
            grids.nth(index).get_by_role("button", name="Download as CSV").dispatch_event("click")
        texts.append(Path(download.value.path()).read_text(encoding="utf-8-sig"))
    return "\n".join(texts)


def no_picker(page: Page) -> None:
    """Make Streamlit's CSV download an ordinary download (it prefers the browser's save dialog)."""
    page.add_init_script("Object.defineProperty(window, 'showSaveFilePicker', {value: undefined});")


def assert_nothing_of_other_partners(page: Page) -> None:
    """No other partner's name anywhere on the page, tables included; NAV's own short name in a table is
    the positive control that the tables were read."""
    text = page.get_by_test_id("stMain").inner_text() + "\n" + grid_text(page)
    assert "NAV VT" in text
    for name in OTHER_PARTNERS:
        assert name not in text, f"{name!r} shown to nav"


def tile(page: Page, name: str):
    return page.get_by_test_id("stMetric").filter(has=page.get_by_text(name, exact=True))


def choose(page: Page, typed: str, expected: str) -> None:
    """Type into the report picker until one report is left, and take it."""
    field = page.get_by_test_id("stMultiSelect").locator("input")
    field.click()
    field.fill(typed)
    options = page.get_by_role("option")
    expect(options).to_have_count(1)
    expect(options.first).to_contain_text(expected)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    settle(page)


def test_a_partner_reports_hours_the_leader_approves_them_the_partner_sees_them_counted(page: Page, fresh_app_url: str):
    journey = Journey(page, "partner")
    no_picker(page)
    sign_in(page, fresh_app_url, "nav", "nb")
    open_page(page, "Egeninnsats (timer)")
    expect(page.get_by_role("heading", name="Rapporter timer")).to_be_visible()
    expect(page.get_by_text("Eksempeldata:")).to_be_visible()
    journey.shot("nav in-kind form")

    report_hours(page, "", "0")  # two mistakes: no person or role, no hours
    error = page.get_by_test_id("stAlertContentError")
    expect(error).to_contain_text("Timer: 0,00 er ikke gyldig – oppgi mer enn 0 og høyst 24 timer.")
    expect(error).to_contain_text("Person eller rolle: må fylles ut.")
    for raw in RAW_ENGLISH:
        assert raw not in error.inner_text()
    journey.shot("nav mistake explained in norwegian")

    report_hours(page, "Rådgiver, NAV VT", "7,5")
    expect(page.get_by_test_id("stAlertContentSuccess")).to_have_text(
        f"Registrert: 7,50 timer, {kr('6 000')}. Venter på godkjenning."
    )
    assert_nothing_of_other_partners(page)
    journey.shot("nav hours reported")

    open_page(page, "Partnere")
    expect(page.get_by_role("heading", name="Min organisasjon: NAV Vestfold og Telemark")).to_be_visible()
    expect(tile(page, "Levert").get_by_test_id("stMetricValue")).to_have_text(kr("322 080"))
    expect(tile(page, "Venter på godkjenning").get_by_test_id("stMetricValue")).to_have_text(kr("24 240"))
    assert_nothing_of_other_partners(page)
    journey.shot("nav partners before approval")
    sign_out(page)

    # The leader follows the in-kind page's address (the Overview's to-do list links there).
    sign_in(page, f"{fresh_app_url}/inkind", "leader", "nb")
    expect(page.get_by_role("heading", name="Til godkjenning")).to_be_visible()
    journey.shot("leader approval queue")
    choose(page, "30.11.2025", "NAV VT · 30.11.2025 · 7,50 h")
    choose(page, "NHO VT", "NHO VT · 28.09.2025 · 11,40 h")
    page.get_by_role("button", name="Godkjenn valgte").click()
    settle(page)
    # 7,5 + 11,4 = 18,9 h; 6 000 + 11,4 × 900 (NHO is `private`) = 6 000 + 10 260 = 16 260 kr
    expect(page.get_by_test_id("stAlertContentWarning")).to_have_text(
        f"Godkjenne 2 rapport(er): 18,90 timer, {kr('16 260')}?"
    )
    journey.shot("leader confirms two approvals")
    page.get_by_role("button", name="Bekreft").click()
    settle(page)
    expect(page.get_by_test_id("stAlertContentSuccess")).to_have_text("2 rapport(er): Godkjent.")
    # the decided reports are not still shown as chosen
    expect(page.get_by_test_id("stMultiSelect").filter(has_text="30.11.2025")).to_have_count(0)
    journey.shot("leader approved")
    open_page(page, "Partnere")
    expect(page.get_by_text("Partnerne sammenlignet")).to_be_visible()
    journey.shot("leader partners compared")
    sign_out(page)

    sign_in(page, fresh_app_url, "nav", "nb")
    open_page(page, "Partnere")
    delivered = tile(page, "Levert")
    expect(delivered.get_by_test_id("stMetricValue")).to_have_text(kr("328 080"))  # 322 080 + 6 000
    expect(delivered.get_by_test_id("stMetricDelta")).to_contain_text(f"-{kr('31 920')}")  # 328 080 − 360 000
    expect(tile(page, "Venter på godkjenning").get_by_test_id("stMetricValue")).to_have_text(kr("18 240"))
    assert_nothing_of_other_partners(page)
    journey.shot("nav sees the hours delivered")
    journey.phone_shot("nav partners")
    open_page(page, "Egeninnsats (timer)")
    assert_nothing_of_other_partners(page)
    journey.shot("nav in-kind after approval")


def test_the_partner_form_speaks_english_in_english(browser: Browser, fresh_app_url: str):
    page = browser.new_page()
    journey = Journey(page, "partner-en")
    sign_in(page, fresh_app_url, "nav", "nb")
    page.get_by_test_id("stSidebar").get_by_role("radio", name="en", exact=True).click()
    settle(page)
    open_page(page, "In-kind hours")
    report_hours(page, "", "0", "Submit", ("Person or role", "Hours", "Activity"))
    error = page.get_by_test_id("stAlertContentError")
    expect(error).to_contain_text("Nothing was saved:")
    expect(error).to_contain_text("Hours: 0.00 is not valid – enter more than 0 and at most 24 hours.")
    expect(error).to_contain_text("Person or role: is required.")
    for raw in RAW_ENGLISH:
        assert raw not in error.inner_text()
    journey.shot("nav mistake explained in english")
    open_page(page, "Partners")
    expect(page.get_by_text("Sample data:")).to_be_visible()
    journey.shot("nav partners in english")
    page.close()
