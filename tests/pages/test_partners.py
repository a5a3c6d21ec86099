"""The Partners page (AppTest), signed in as the demo users of MW Inc: each role's view, caches never shared."""

from pathlib import Path

import pytest

from tests.apptest import app, open_page
from tests.conftest import copy_of


@pytest.fixture
def db_path(tmp_path: Path, every_project_template: Path) -> Path:
    """Overrides the shared fixture: every embedded project, as in tests/partners where these tests began."""
    return copy_of(every_project_template, tmp_path)


AS_OF = "2025-12-31"


def cells(at) -> set[str]:
    return {str(v) for frame in at.dataframe for v in frame.value.to_numpy().ravel()}


def test_a_partner_lands_on_its_own_organisation(app_env):
    at = open_page("partners", user="nav", as_of=AS_OF)
    assert not at.exception
    assert at.title[0].value == "Min organisasjon: NAV Vestfold og Telemark"
    assert [m.label for m in at.metric] == ["Forpliktet", "Levert", "Venter på godkjenning", "Andel av prosjektet"]
    assert len(at.dataframe[0].value) == 1
    shown = cells(at)
    assert "NAV VT" in shown  # tables name partners by their short name
    assert (
        not {
            "NHO Vestfold og Telemark",
            "Universitetet i Sørøst-Norge",
            "USN",
            "NHO VT",
            "NAV ØV",
            "MRFK",
            "VTFK",
            "nav_vt",
        }
        & shown
    )


def test_a_leader_compares_every_partner(app_env):
    at = open_page("partners", user="leader", as_of=AS_OF, lang="en")
    assert not at.exception
    assert at.title[0].value == "Partner contributions – MW Inc"
    assert len(at.dataframe[0].value) == 6 and not at.metric
    assert at.get("plotly_chart")


def test_a_viewer_sees_aggregates_but_not_the_in_kind_page(app_env):
    at = open_page("partners", user="reader", as_of=AS_OF)
    assert not at.exception and len(at.dataframe[0].value) == 6
    at = app(user="reader", as_of=AS_OF).run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/inkind.py")


def test_a_cache_filled_by_one_partner_never_serves_another(app_env):
    open_page("partners", user="nav", as_of=AS_OF)  # caches are not cleared between these two sessions
    at = open_page("partners", user="nho", as_of=AS_OF)
    assert at.title[0].value == "Min organisasjon: NHO Vestfold og Telemark"
    assert "NHO VT" in cells(at) and "NAV VT" not in cells(at)


@pytest.mark.parametrize("page", ["partners", "inkind"])
def test_sample_data_is_announced(app_env, page):
    at = open_page(page, user="nav", as_of=AS_OF)
    assert any(i.value.startswith("Eksempeldata: Årlig kostnads") for i in at.info), [i.value for i in at.info]


def test_the_delivered_tile_points_down_when_below_the_commitment(app_env):
    from streamlit.proto.Metric_pb2 import Metric

    at = open_page("partners", user="nav", as_of=AS_OF)
    delivered = at.metric[1]
    assert delivered.delta == "-37\u00a0920\u00a0kr"  # 322 080 − 360 000
    assert delivered.proto.direction == Metric.MetricDirection.DOWN
