"""Indicators, events and funding applications: by hand from the seed files."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from monitor.access.scope import AccessDenied, local_user
from monitor.portfolio import indicators
from monitor.project import load as store
from tests.portfolio.helpers import AS_OF, read_csv


def test_attendance_per_event_and_actor_group(pcon):
    data = indicators.load(pcon, "integration_day", AS_OF, local_user())
    wide = indicators.attendance(data.events)
    rows = read_csv("integration_day", "events.csv")
    assert wide["event_id"].tolist() == ["B1", "B2", "B3", "B4", "B5", "B6", "B7"]
    first = {r["actor_group"]: int(r["attendees"]) for r in rows if r["event_id"] == "B1"}
    assert wide.iloc[0][list(first)].to_dict() == first
    assert wide.iloc[0]["total"] == sum(first.values())


def test_events_up_to_the_as_of_date(pcon):
    # B1 12.02, B2 12.03 and B3 16.04.2026 are held by 30.04.2026.
    data = indicators.load(pcon, "integration_day", dt.date(2026, 4, 30), local_user())
    assert indicators.attendance(data.events)["event_id"].tolist() == ["B1", "B2", "B3"]


def test_mwinc_results_attendance_is_unpivoted(pcon):
    data = indicators.load(pcon, "mwinc", AS_OF, local_user())
    wide = indicators.attendance(data.events)
    conference = wide[wide["title"] == "Dialogue conference: co-creating work inclusion"].iloc[0]
    # results.csv: migrants 22, employers 31, support 38, researchers 14, others 11 → 116
    assert (conference["migrants"], conference["employers"], conference["support"], conference["total"]) == (
        22,
        31,
        38,
        116,
    )
    assert len(wide) == 6  # the six results with attendance; lectures and articles have none


def test_latest_indicator_values_and_shares(pcon):
    data = indicators.load(pcon, "integrate", AS_OF, local_user())
    latest = indicators.latest(data.values).set_index("indicator_id")
    # panel meetings: 6 of 7 by 16.06.2026; adjunct positions: 2 of 3 by 31.08.2022
    assert (latest.loc["panel_meetings", "value"], latest.loc["panel_meetings", "target"]) == (Decimal(6), Decimal(7))
    assert latest.loc["adjunct", "value_date"] == dt.date(2022, 8, 31)
    assert indicators.share_of_target(Decimal(2), Decimal(3)) == Decimal(2) / Decimal(3)


def test_an_indicator_without_values_yet(pcon):
    data = indicators.load(pcon, "integrate", dt.date(2021, 3, 1), local_user())
    latest = indicators.latest(data.values).set_index("indicator_id")
    assert len(latest) == 6 and latest["value"].isna().all()
    assert indicators.indicator_table(data.values, "en")["Latest value"].tolist() == ["–"] * 6


@pytest.mark.parametrize(
    "status, decided, as_of, expected",
    [
        ("applied", None, dt.date(2026, 11, 1), "applied"),
        ("granted", dt.date(2026, 12, 15), dt.date(2026, 11, 1), "applied"),  # not known yet on 1.11
        ("granted", dt.date(2026, 12, 15), dt.date(2026, 12, 15), "granted"),
        ("rejected", dt.date(2026, 12, 15), dt.date(2027, 1, 1), "rejected"),
    ],
)
def test_application_status_as_of(status, decided, as_of, expected):
    assert indicators.status_as_of(status, decided, as_of) == expected


def test_funding_application_table(pcon):
    data = indicators.load(pcon, "integration_day", AS_OF, local_user())
    table = indicators.applications_table(data.applications, AS_OF, "en")
    assert table.iloc[0].to_dict() == {
        "Funder": "Municipality of Oslo",
        "Funding source": "Other public funding",
        "Amount": "NOK\u00a0250,000",
        "Applied": "15 May 2026",
        "Status": "Applied",
        "Decided": "–",
    }
    before = indicators.load(pcon, "integration_day", dt.date(2026, 5, 14), local_user())
    assert before.applications.empty  # applied 15.05.2026


def test_stage_is_the_latest_milestone_achieved(pcon):
    data = indicators.load(pcon, "integration_day", AS_OF, local_user())
    # S1 20.01, S2 12.02, S4 20.03, S3 15.05.2026: the latest is S3
    assert data.stage["code"] == "S3"


@pytest.mark.parametrize("project, leads", [("integration_day", True), ("integrate", False), ("mwinc", False)])
def test_only_a_project_with_little_budget_is_led_by_indicators(pcon, project, leads):
    from monitor.project import overview

    little = overview.little_budget(pcon, project, local_user())
    assert indicators.leads_overview(little, indicators.load(pcon, project, AS_OF, local_user())) is leads


@pytest.mark.parametrize("project", ["integrate", "integration_day"])
def test_loading_another_project_is_denied(pcon, nav, project):
    with pytest.raises(AccessDenied):
        store.load_project(pcon, project, AS_OF, nav)
    with pytest.raises(AccessDenied):
        indicators.load(pcon, project, AS_OF, nav)
