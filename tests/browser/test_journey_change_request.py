"""A change request from draft to approval, walked in Chromium on a fresh database (issue 16): the leader opens
the Budget page's change requests, starts a draft, moves NOK 60 000 of USN's WP1 personnel cost from 2024 to 2025
in the draft's plan, submits it on 31.12.2024 (the last day the Council takes a move out of 2024 before its
February window), records the Council's approval of 15.01.2025 — refused at first, because the seed's accounts
report of 14.01.2025 locked 2024, until the admin reopens 2024 on the Funder report page — and sees the new plan,
v3, on the Budget page.

By hand, from data/seed/mwinc: USN's WP1 personnel is 1 150 000 in 2024 and 700 000 in 2025 (cost_plan.csv;
the seed's approved request, plan v2, moved 100 000 of WP2 2023 to WP3 2024). 2024's plan in v2 is the
contract's 4 000 000 + 100 000 = 4 100 000; in v3 60 000 less: 4 040 000. 2025's: 2 852 000 + 60 000.
Screenshots: screenshots/change-request/NN-*.png (git-ignored).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.journey import Journey, open_page, settle, sign_in

NBSP = "\u00a0"
PERSONNEL, WP1 = "Personal- og indirekte kostnader", "WP1 Inkludering gjennom ansettelse"
TITLE = "Flytte 60 000 kr av USNs personalkostnader i AP1 fra 2024 til 2025"


def main(page: Page):
    return page.get_by_test_id("stMain")


def set_line(page: Page, line: str, amount: str) -> None:
    """Change one line of the draft by the form beside the table (the table is drawn on a canvas): choose the line
    by its label (year · category · partner · work package · amount), type the amount, and save the line."""
    box = main(page).get_by_test_id("stSelectbox").filter(has_text="Linje i planen")
    box.click()
    page.keyboard.type(line.split(" · ")[0])  # the year narrows the list
    page.get_by_role("option", name=line, exact=True).click()
    main(page).get_by_role("textbox", name="Nytt beløp").fill(amount)
    click(page, "Endre linjen")
    expect(page.get_by_test_id("stAlertContentSuccess")).to_have_text("Utkastet er lagret.")


def type_date(page: Page, label: str, digits: str) -> None:
    """A date box is three spin buttons (day, month, year) that move on as they are typed."""
    box = main(page).get_by_role("spinbutton", name=f"day, {label}")
    box.click()
    page.keyboard.type(digits)
    page.keyboard.press("Escape")  # closes the calendar
    main(page).get_by_role("heading").first.click()  # leaving the box commits the date
    settle(page)
    expect(box).to_have_attribute("aria-valuenow", str(int(digits[:2])))


def click(page: Page, name: str) -> None:
    main(page).get_by_role("button", name=name, exact=True).click()
    settle(page)


def planned_by_year(page: Page) -> dict[str, str]:
    """The pivot's 'Budsjett' per year, from the page's own CSV download (amounts with a decimal point)."""
    page.get_by_role("tab", name="Plan mot faktisk").click()
    with page.expect_download() as download:
        main(page).get_by_role("button", name="Last ned CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    return {row["År"]: row["Budsjett"] for row in rows}


def reopen_as_admin(page: Page, url: str, year: str, reason: str) -> None:
    """The admin, in a browser of their own, reopens a locked year on the Funder report page (a leader may not)."""
    admin = page.context.browser.new_context(viewport=page.viewport_size).new_page()
    sign_in(admin, url, "admin", "nb")
    open_page(admin, "Rapport til finansiør")
    admin.get_by_test_id("stSelectbox").filter(has=admin.get_by_text("Låst år som skal åpnes", exact=True)).click()
    admin.keyboard.type(year)  # far down the page the first click may only focus the box: typing opens its list
    admin.get_by_role("option", name=year, exact=True).click()
    settle(admin)
    admin.get_by_label("Begrunnelse (lagres i endringsloggen)", exact=True).fill(reason)
    admin.get_by_role("button", name="Åpne året igjen").click()
    settle(admin)
    expect(admin.get_by_text(f"{year} er åpnet igjen").first).to_be_visible()
    Journey(admin, "change-request-admin").shot(f"the admin reopens {year}")  # its own folder: a Journey empties it
    admin.context.close()


def test_a_change_request_from_draft_to_the_new_plan(page: Page, fresh_app_url: str):
    journey = Journey(page, "change-request")
    sign_in(page, fresh_app_url, "leader", "nb")
    open_page(page, "Budsjett og forbruk")
    expect(main(page)).to_contain_text("Plan: v2.")
    assert planned_by_year(page)["2024"] == "4100000.00"  # v2: the contract's 4 000 000 + 100 000 to WP3
    page.get_by_role("tab", name="Endringssøknader").click()
    settle(page)
    expect(main(page).get_by_role("heading", name="Endringssøknader til Forskningsrådet")).to_be_visible()
    expect(main(page)).to_contain_text("Eksempeldata:")  # the seeded request is sample data, as the banner says
    journey.shot("change requests: the seeded approved request")

    main(page).get_by_role("textbox", name="Tittel").fill(TITLE)
    main(page).get_by_role("textbox", name="Begrunnelse").fill("Feltarbeidet i AP1 er forskjøvet til 2025.")
    click(page, "Lag utkast")
    expect(page.get_by_test_id("stAlertContentSuccess")).to_contain_text(re.compile(r"Utkast \d+ er laget\."))
    expect(main(page).get_by_role("heading", name=re.compile(r"^Utkast \d+: Flytte 60 000"))).to_be_visible()
    journey.shot("draft started from the current plan")

    # One line at a time, each checked by the page's own figures: 2025 up first (moved 60 000, the total 60 000
    # more), then 2024 down (still 60 000 moved, the total as before).
    figures = main(page).get_by_test_id("stAlertContentInfo").filter(has_text="Utkastet flytter")
    set_line(page, f"2025 · {PERSONNEL} · USN · {WP1} · 700{NBSP}000,00", "760 000")  # 700 000 + 60 000
    expect(figures).to_have_text(
        f"Utkastet flytter 60{NBSP}000,00{NBSP}kr mot gjeldende plan; summen endres med 60{NBSP}000,00{NBSP}kr."
    )
    journey.shot("2025 up by 60 000 kr: the total too")
    set_line(page, f"2024 · {PERSONNEL} · USN · {WP1} · 1{NBSP}150{NBSP}000,00", "1 090 000")  # 1 150 000 − 60 000
    expect(figures).to_have_text(
        f"Utkastet flytter 60{NBSP}000,00{NBSP}kr mot gjeldende plan; summen endres med 0,00{NBSP}kr."
    )
    journey.shot("2024 down by 60 000 kr: a move, the total as before")

    type_date(page, "Sendt dato", "01012025")  # a day too late for 2024's funds
    journey.shot("submission date 01.01.2025")
    click(page, "Send til Forskningsrådet")
    expect(page.get_by_test_id("stAlertContentError")).to_contain_text("Midler flyttes fra 2024 til 2025")
    journey.shot("submission on 01.01.2025 refused: outside the window")
    type_date(page, "Sendt dato", "31122024")
    click(page, "Send til Forskningsrådet")
    expect(page.get_by_test_id("stAlertContentSuccess")).to_contain_text(re.compile(r"Søknad \d+ er sendt\."))
    expect(main(page)).to_contain_text("Søknad til behandling: " + TITLE)
    journey.shot("submitted: the pending request beside the plan")

    type_date(page, "Vedtaksdato", "15012025")
    main(page).get_by_role("textbox", name="Merknad").fill("Godkjent i brev fra Forskningsrådet")
    click(page, "Registrer godkjenning")
    # the seed's accounts report for 2024 (14.01.2025) locked the year the request takes money from
    expect(page.get_by_test_id("stAlertContentError")).to_contain_text("2024")
    journey.shot("approval refused: 2024 is locked")
    reopen_as_admin(page, fresh_app_url, "2024", "Forskningsrådet godkjente endringssøknaden 15.01.2025")
    click(page, "Registrer godkjenning")
    expect(page.get_by_test_id("stAlertContentSuccess")).to_contain_text(
        re.compile(r"Søknad \d+ er godkjent; gjeldende plan er nå v3\.")
    )
    expect(main(page)).to_contain_text("Plan: v3.")
    journey.shot("approved: the current plan is v3")

    planned = planned_by_year(page)
    assert (planned["2024"], planned["2025"]) == ("4040000.00", "2912000.00")  # 4 100 000 − 60 000; 2 852 000 + 60 000
    journey.shot("the budget on plan v3")
    page.get_by_role("tab", name="Planversjoner").click()
    settle(page)
    journey.shot("plan versions with v3")
    open_page(page, "Oversikt")
    journey.shot("overview on plan v3")
