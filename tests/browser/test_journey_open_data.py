"""In Chromium, the research office's start (issue 19): the admin uploads the Research Council's open data (the
30-row sample of tests/fixtures/rcn-open-data), reads the preview in nb, imports, and opens one of the funded projects
it made (226030, Arctic Modernities, granted 7 590 000), which says plainly that it has no cost plan yet. On its own
app: the import adds projects other journeys do not expect."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.journey import Journey, pick

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
    opener = main.get_by_test_id("stSelectbox").filter(has_text="Åpne prosjektets oversikt")
    pick(page, opener, "226030", exact=False)
    expect(page.get_by_role("heading", name="Status for Arctic Modernities")).to_be_visible(timeout=30_000)
    expect(main).to_contain_text("Ingen kostnadsplan ennå")
    expect(main).to_contain_text(f"7{NBSP}590{NBSP}000{NBSP}kr")
    journey.shot("imported-project")
