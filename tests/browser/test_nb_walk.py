"""Every page in nb, as every role, in a real browser: no English word of the interface on screen.

The project's own data (titles the research group wrote in English) is not the interface, so the
list holds interface words only; Streamlit's own file-drop text is left out (it cannot be changed).
Each page is saved as a full-page screenshot under screenshots/nb-walk-<role>/.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page

from monitor.i18n import t
from tests.browser.journey import Journey, settle, sign_in
from ui.navigation import PAGES

ROLES = {"leader": "leader", "nav": "partner", "reader": "viewer", "admin": "admin"}
ENGLISH = re.compile(
    r"\b("
    + "|".join(
        [
            "Overview",
            "Schedule",
            "Budget",
            "Spent",
            "Planned",
            "Actual",
            "Remaining",
            "Forecast",
            "Overdue",
            "Upcoming",
            "Sample data",
            "Research Council",
            "lines read",
            "empty",
            "value is required",
            "expected",
            "None",
            "NaN",
            "nan",
            "Total",
            "Deliverables?",
            "Milestones?",
            "Work packages?",
            "Risks?",
            "Results",
            "Audit",
            "Choose",
            "Select",
            "Download",
            "Save",
            "Cancel",
            "Delete",
            "Submit",
            "Approve",
            "Reject",
            "Amount",
            "Hours",
            "hours",
            "Year",
            "year",
            "Month",
            "Category",
            "Partners",
            "Show",
            "Preview",
            "Confirm",
            "Undo",
            "Indicators",
            "Portfolio",
            "Events",
            "Target",
            "Value",
            "Owner",
            "Probability",
            "Impact",
            "Mitigation",
            "options",
            "on track",
            "at risk",
            "off track",
            "submitted",
            "pending",
            "draft",
            "approved",
            "rejected",
            "reported",
            "progress",
            "accounts",
            "final",
            "personnel_indirect",
            "other_operating",
            "rd_services",
            "undo_import",
            "Jan",
            "Feb",
            "Mar",
            "Apr",
            "May",
            "Jun",
            "Jul",
            "Aug",
            "Sep",
            "Oct",
            "Nov",
            "Dec",
            r"\d+(?:[.,]\d+)?[kMG]",
        ]
    )
    + r")\b"
)
VISIBLE_TEXT = """() => {
  const skip = '[data-testid=stFileUploaderDropzoneInstructions], [data-testid=stSidebarNav]';
  const clone = document.querySelector('[data-testid=stApp]').cloneNode(true);
  clone.querySelectorAll(skip).forEach(node => node.remove());
  const texts = [document.querySelector('[data-testid=stMain]').innerText,
                 document.querySelector('[data-testid=stSidebar]').innerText,
                 ...Array.from(document.querySelectorAll('svg text')).map(node => node.textContent),
                 ...Array.from(document.querySelectorAll('[data-testid=stApp] input[placeholder], '
                                                         + '[data-testid=stApp] textarea[placeholder]'))
                      .map(node => node.placeholder)];
  return texts.join('\\n');
}"""


def english_words(text: str) -> list[str]:
    lines = [line for line in text.splitlines() if ENGLISH.search(line)]
    return sorted({f"{ENGLISH.search(line).group(0)!r} in {line.strip()[:100]!r}" for line in lines})


def _walk_tabs(page: Page) -> str:
    texts = [page.evaluate(VISIBLE_TEXT)]
    tabs = page.get_by_role("tab")
    for index in range(1, tabs.count()):
        tabs.nth(index).click()
        settle(page)
        texts.append(page.evaluate(VISIBLE_TEXT))
    return "\n".join(texts)


@pytest.mark.parametrize("username", list(ROLES))
def test_every_page_speaks_norwegian(page: Page, app_url: str, username: str):
    journey = Journey(page, f"nb-walk-{username}")
    sign_in(page, f"{app_url}/?lang=nb", username)
    found = {}
    for spec in [spec for spec in PAGES if ROLES[username] in spec.roles]:
        # "Varsler (3)": the Notifications entry carries the unread count
        title = re.compile(rf"^{re.escape(t(spec.title_key, 'nb'))}( \(\d+\))?$")
        page.get_by_test_id("stSidebarNav").get_by_text(title).click()
        settle(page)
        journey.shot(spec.path.removeprefix("pages/").removesuffix(".py"))
        words = english_words(_walk_tabs(page))
        if words:
            found[spec.path] = words
    assert found == {}


def test_the_word_list_catches_english():
    assert english_words("Forbrukt hittil\nSpent to date\n4M\nJan 2025\njan. 2025\n15,1 mill. kr") == [
        "'4M' in '4M'",
        "'Jan' in 'Jan 2025'",
        "'Spent' in 'Spent to date'",
    ]
