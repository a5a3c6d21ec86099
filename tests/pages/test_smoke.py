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
