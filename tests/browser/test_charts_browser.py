"""The charts as a browser draws them: every chart page at 1440 px in nb and en, screenshots under
screenshots/charts-<lang>/, and what only the drawn SVG shows (tick texts, legend entries, axis order)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from monitor.i18n import t
from tests.browser.journey import Journey, open_page, pick, settle, sign_in

AS_OF = "2024-06-30"
DAY_AS_OF = "2026-11-30"  # Integration Day's breakfasts run February to October 2026
# (page path, project, tab to open or None); the leader sees MW Inc only, the admin every project
CHART_PAGES = (
    ("schedule", "mwinc", None),
    ("results", "mwinc", None),
    ("risks", "mwinc", None),
    ("budget", "mwinc", {"nb": "Forbruk over tid", "en": "Burn"}),
    ("portfolio", "integrate", None),
    ("indicators", "mwinc", None),
    ("indicators", "integration_day", None),
    ("indicators", "integrate", None),
)
ACRONYMS = {"integrate": "INTEGRATE", "integration_day": "Integration Day"}  # the project box shows acronyms
# Every legend's box against every tick label and axis title of its chart: [chart, legend, label] overlaps.
OVERLAPS = """() => {
  const box = e => e.getBoundingClientRect();
  const meet = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
  const found = [];
  document.querySelectorAll('.js-plotly-plot').forEach((chart, n) => {
    const legend = chart.querySelector('.legend .bg');
    if (!legend) return;
    chart.querySelectorAll('.xtick text, .ytick text, .g-xtitle text, .g-ytitle text').forEach(label => {
      if (label.textContent && meet(box(legend), box(label))) found.push([n, label.textContent]);
    });
  });
  return found;
}"""
ENGLISH_MONTHS = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}\b")
SI_SUFFIX = re.compile(r"^-?[\d.,\u00a0 ]+[kMG]$")


def _open(page: Page, url: str, path: str, project: str, lang: str, tab: dict | None, user: str | None = None) -> None:
    """Sign in on the start page (a deep link does not survive the login), then open the page by its title."""
    as_of = DAY_AS_OF if project == "integration_day" else AS_OF
    sign_in(page, f"{url}/?as_of={as_of}", user or ("leader" if project == "mwinc" else "admin"), "nb")
    if project != "mwinc":
        pick(page, page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").first, ACRONYMS[project])
        settle(page)
    if lang != "nb":
        page.get_by_test_id("stSidebar").get_by_role("radio", name=lang, exact=True).click()
        settle(page)
    open_page(page, t(f"nav.{path}", lang))
    if tab:
        page.get_by_role("tab", name=tab[lang]).click()
        settle(page)
    expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=30_000)
    page.wait_for_timeout(800)


def _ticks(page: Page) -> list[str]:
    return page.locator(".js-plotly-plot .xtick text, .js-plotly-plot .ytick text").all_text_contents()


def _walk(page: Page, url: str, name: str, pages, lang: str, user: str | None = None) -> None:
    journey, wrong = Journey(page, name), []
    for path, project, tab in pages:
        _open(page, url, path, project, lang, tab, user)
        ticks = _ticks(page)
        journey.shot(f"{path}-{project}")
        wrong += [f"{path}: SI suffix {x}" for x in ticks if SI_SUFFIX.match(x)]
        wrong += [f"{path}: legend over {label!r} (chart {n})" for n, label in page.evaluate(OVERLAPS)]
        if lang == "nb":
            wrong += [f"{path}: English month {x}" for x in ticks if ENGLISH_MONTHS.search(x)]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_chart_page_in_both_languages(page: Page, app_url: str, lang: str):
    _walk(page, app_url, f"charts-{lang}", CHART_PAGES, lang)


def test_a_partner_sees_the_same_chart_look(page: Page, app_url: str):
    """nav (a partner) sees its own share: the charts keep their look, legends and nb ticks."""
    _walk(page, app_url, "charts-partner-nb", [p for p in CHART_PAGES if p[1] == "mwinc"], "nb", "nav")


def test_the_risk_matrix_has_probability_5_at_the_top(page: Page, app_url: str):
    _open(page, app_url, "risks", "mwinc", "en", None)
    ticks = page.locator(".js-plotly-plot .ytick text")
    boxes = {ticks.nth(i).text_content(): ticks.nth(i).bounding_box()["y"] for i in range(ticks.count())}
    assert boxes["5"] < boxes["1"], boxes  # smaller y is higher on screen


def test_the_gantt_starts_with_the_first_work_package_at_the_top(page: Page, app_url: str):
    _open(page, app_url, "schedule", "mwinc", "en", None)
    labels = page.locator(".js-plotly-plot .ytick text").all_text_contents()
    ys = [page.locator(".js-plotly-plot .ytick text").nth(i).bounding_box()["y"] for i in range(len(labels))]
    top = labels[ys.index(min(ys))]
    assert top.startswith("M0 "), labels  # the kick-off, the project's first item
