"""In Chromium, the research office's start (issue 19): the admin uploads the Research Council's open data (the
30-row sample of tests/fixtures/rcn-open-data), reads the preview in nb, imports, and finds the 16 funded projects it made
on the Portfolio page, their grants beside the budget (opening a project from there: test_portfolio_browser.py). On
its own app: the import adds projects other journeys do not expect."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.journey import Journey

SAMPLE = Path(__file__).parents[1] / "fixtures" / "rcn-open-data" / "projects.csv"
NBSP = "\u00a0"


def test_the_office_imports_the_open_data_and_opens_a_funded_project(page: Page, fresh_app_url: str):
    journey = Journey(page, "open_data")
    page.goto(f"{fresh_app_url}/?lang=nb")
    page.get_by_label("Brukernavn").fill("admin")
    page.get_by_role("textbox", name="Passord", exact=True).fill("demo")
    page.get_by_role("button", name="Logg inn").click()
    nav = page.get_by_test_id("stSidebarNav")
    nav.get_by_role("link", name="Åpne data fra Forskningsrådet").click()
    main = page.get_by_test_id("stMain")
    main.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(SAMPLE))
    # 30 rows: 14 Avsluttet + 2 Bevilgning funded, 14 Avslag
    expect(main).to_contain_text("30 rader: 16 innvilgede prosjekter og 14 søknader", timeout=30_000)
    expect(main).to_contain_text("Ingenting er skrevet ennå")
    journey.shot("preview")
    main.get_by_role("button", name="Importer").click()
    expect(main).to_contain_text("Importert: 30 rader", timeout=30_000)
    nav.get_by_role("link", name="Portefølje").click()
    expect(page.get_by_role("heading", name="Portefølje")).to_be_visible(timeout=30_000)
    # the 16 funded rows are projects now, their grants beside the budget: 173 176 275.87 in all (tests/portfolio)
    expect(main).to_contain_text(
        f"16 av prosjektene har ingen kostnadsplan ennå, bare tildelingen fra Forskningsrådet: 173{NBSP}176{NBSP}276{NBSP}kr",
        timeout=30_000,
    )
    journey.shot("imported-project")
