"""Every registered page runs without an exception, for every role that may open it, every project and the
register pages in both languages."""

import pytest

from tests.apptest import app, open_page
from tests.conftest import PROJECTS
from tests.portfolio.helpers import AS_OF
from ui.navigation import PAGES


def test_the_entry_point_runs(app_env):
    at = app().run()
    assert not at.exception
    assert at.title  # the default page rendered a title


@pytest.mark.parametrize("page", [spec.path for spec in PAGES], ids=lambda path: path.split("/")[-1])
def test_every_page_runs(app_env, page):
    # as the leader, or as the admin where the page is the office's alone (the open-data import)
    roles = next(spec.roles for spec in PAGES if spec.path == page)
    at = app("leader" if "leader" in roles else "admin", lang="en").run()
    at.switch_page(page)
    at.run()
    assert not at.exception, at.exception


NORWEGIAN_PLACEHOLDERS = ("Velg …", "Alle", "Velg én eller flere rapporter")


def _placeholders(boxes) -> list[tuple[str, str]]:
    return [(box.label, box.placeholder) for box in boxes if box.placeholder not in NORWEGIAN_PLACEHOLDERS]


@pytest.mark.parametrize("page", [spec.path for spec in PAGES], ids=lambda path: path.split("/")[-1])
def test_every_choice_box_asks_in_norwegian(app_env, page):
    # Streamlit's own placeholder ("Choose an option") stood in the sidebar and on every page in nb.
    at = app("admin", lang="nb").run()
    assert [box.label for box in at.sidebar.selectbox] == ["Prosjekt"]
    assert _placeholders(at.sidebar.selectbox) == []
    at.switch_page(page)
    at.run()
    assert _placeholders([*at.selectbox, *at.multiselect]) == []


ACRONYMS = {"integrate": "INTEGRATE", "integration_day": "Integration Day", "mwinc": "MW Inc"}


REGISTERS_AS_OF = "2025-06-01"  # the register pages' day


@pytest.mark.parametrize("project", PROJECTS)
def test_every_page_runs_for_every_project(portfolio_app, project):
    at = app(user="admin", project=project, as_of=AS_OF.isoformat(), lang="en").run()
    assert not at.exception
    for spec in PAGES:
        at.switch_page(spec.path)
        at.run()
        assert not at.exception, (spec.path, at.exception)
        titles = " ".join(t.value for t in at.title)
        named = [acronym for acronym in ACRONYMS.values() if acronym in titles]
        assert named in ([], [ACRONYMS[project]]), (spec.path, titles)  # a project's page shows that project


@pytest.mark.parametrize("page, lang", [("schedule", "nb"), ("results", "en"), ("risks", "nb"), ("audit", "en")])
def test_page_renders_without_error(app_env, page, lang):
    at = open_page(page, project="mwinc", as_of=REGISTERS_AS_OF, lang=lang)
    assert not at.exception, at.exception
    assert at.title


def test_the_sample_data_banner_is_on_the_register_pages(app_env):
    """Item 14: Schedule, Results and Risks showed sample data without saying so."""
    for page in ("schedule", "results", "risks"):
        at = open_page(page, project="mwinc", as_of=REGISTERS_AS_OF, lang="nb")
        assert any(i.value.startswith("Eksempeldata:") for i in at.info), page
