"""Every registered page runs without an exception, for every role that may open it."""

import pytest

from tests.apptest import app
from ui.navigation import PAGES


def test_the_entry_point_runs(app_env):
    at = app().run()
    assert not at.exception
    assert at.title  # the default page rendered a title


@pytest.mark.parametrize("page", [spec.path for spec in PAGES], ids=lambda path: path.split("/")[-1])
def test_every_page_runs(app_env, page):
    at = app(lang="en").run()
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
