"""The Overview's chart (ui/components/overview.py) in AppTest: on a session's first Overview its place waits
while the tiles are drawn, and a fragment the browser reruns after CHART_DELAY asks for it (issue 19, first
paint); once shown, every later run draws it at once."""

from tests.apptest import app
from ui.components import overview as ui_overview

AS_OF = "2024-06-30"


def charts(at) -> list:
    return at.get("plotly_chart")


def test_the_first_overview_draws_its_tiles_and_keeps_the_charts_place(app_env):
    at = app(as_of=AS_OF).run()
    assert not at.exception
    assert len(at.metric) >= 5  # the tiles are there on the first run
    assert charts(at) == []  # the chart is not: Plotly's JavaScript would hold the tiles back
    assert ui_overview.CHART_WAITS not in at.session_state  # the fragment took the flag: its next run is timed
    assert ui_overview.CHART_SHOWN not in at.session_state


def test_once_asked_for_the_chart_is_drawn_on_every_run(app_env):
    at = app(as_of=AS_OF).run()
    at.session_state[ui_overview.CHART_SHOWN] = True  # what the fragment's timed run sets as it draws the chart
    at.run()
    assert not at.exception
    assert len(charts(at)) == 1
    assert len(at.metric) >= 5
    at.run()  # and again on a later run, with no waiting
    assert len(charts(at)) == 1
