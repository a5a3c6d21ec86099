"""Walking a workflow as a user does: sign in, wait for Streamlit, save a full-page screenshot of each step.

Screenshots go to `screenshots/<journey>/NN-<step>.png` at the project root (git-ignored): look at them.
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "screenshots"
DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
CONTENT_HEIGHT = """() => Math.max(...Array.from(document.querySelectorAll(
  '[data-testid=stMain] > div, [data-testid=stMainBlockContainer], [data-testid=stSidebarContent]'))
  .map(node => node.scrollHeight + node.getBoundingClientRect().top + 80))"""
SIGN_IN = {"nb": ("Brukernavn", "Passord", "Logg inn"), "en": ("User name", "Password", "Sign in")}


class Journey:
    """One workflow's steps, numbered in the order they were taken."""

    def __init__(self, page: Page, name: str):
        self.page, self.folder, self.step = page, SHOTS / name, 0
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob("*.png"):
            old.unlink()
        page.set_viewport_size(DESKTOP)

    def shot(self, step: str) -> Path:
        """A full-page screenshot once Streamlit has finished the run.

        Streamlit scrolls inside its main container, not the document, so "full page" alone would cut
        the page at the window's height: the window is made as tall as the content for the picture."""
        settle(self.page)
        self.step += 1
        path = self.folder / f"{self.step:02d}-{re.sub(r'[^a-z0-9]+', '-', step.lower()).strip('-')}.png"
        size = self.page.viewport_size or DESKTOP
        height = self.page.evaluate(CONTENT_HEIGHT)
        self.page.set_viewport_size({"width": size["width"], "height": max(size["height"], min(int(height), 12_000))})
        try:
            self.page.wait_for_timeout(400)  # charts redraw at the new size
            self.page.screenshot(path=str(path), full_page=True)
        finally:
            self.page.set_viewport_size(size)
        return path

    def phone_shot(self, step: str) -> Path:
        """The same page at a phone's width (390 px), then back to the desktop."""
        self.page.set_viewport_size(PHONE)
        try:
            return self.shot(step + "-390px")
        finally:
            self.page.set_viewport_size(DESKTOP)


def settle(page: Page, timeout: float = 30_000) -> None:
    """Wait until the app is connected and no script run is in progress."""
    expect(page.get_by_test_id("stApp")).to_be_visible(timeout=timeout)
    page.wait_for_function(
        "() => { const app = document.querySelector('[data-testid=stApp]');"
        " return app && app.getAttribute('data-test-script-state') !== 'running'; }",
        timeout=timeout,
    )
    page.wait_for_timeout(300)  # let charts finish drawing after the run


def sign_in(page: Page, url: str, username: str, lang: str = "nb", password: str = "demo") -> None:
    user_label, password_label, button = SIGN_IN[lang]
    page.goto(url)
    page.get_by_label(user_label, exact=True).fill(username)
    page.get_by_label(password_label, exact=True).fill(password)  # not the "Show password" button
    page.get_by_role("button", name=button).click()
    expect(page.get_by_test_id("stSidebar")).to_be_visible(timeout=30_000)
    settle(page)


def open_page(page: Page, title: str) -> None:
    """Click a page's entry in the sidebar navigation and wait for its run."""
    page.get_by_test_id("stSidebarNav").get_by_text(title, exact=True).click()
    settle(page)


def pick(page: Page, box: Locator, option: str, exact: bool = True) -> None:
    """Choose `option` in a selectbox `box`. A click that lands while the app reruns (or far down a long page) may
    only focus the box without opening its list: then typing the option opens the list and narrows it."""
    box.click()
    wanted = page.get_by_role("option", name=option, exact=exact)
    try:
        wanted.wait_for(timeout=3_000)
    except PlaywrightTimeoutError:
        page.keyboard.type(option)
    wanted.click()
