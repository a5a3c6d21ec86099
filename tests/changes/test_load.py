"""Change requests read within a scope (monitor/changes/load.py), on both engines."""

import datetime as dt
from decimal import Decimal as D

import pytest

from monitor.access.scope import AccessDenied
from monitor.changes import edit, load
from monitor.errors import NotFound
from tests.scopes import LEADER, NAV, OTHER_LEADER, READER


def test_the_seeded_request_is_listed_for_every_role_of_the_project(con):
    for scope in (LEADER, NAV, READER):
        listed = load.requests(con, "mwinc", scope)
        assert listed[["kind", "status", "plan_version"]].values.tolist() == [["budget", "approved", "v2"]]
    assert load.open_request(con, "mwinc", LEADER) is None


def test_the_seeded_request_holds_the_whole_proposed_plan(con):
    request_id = int(load.requests(con, "mwinc", LEADER)["request_id"].iloc[0])
    lines = load.lines(con, request_id, LEADER)
    # the contract's 41 lines; the request moved 100 000 inside them, so the total stays 15 102 000
    assert len(lines) == 41 and sum(lines["amount"]) == D("15102000.00")
    assert load.lines(con, request_id, NAV)["partner_id"].unique().tolist() == ["nav_vt"]


def test_the_open_request_is_the_draft(con):
    request_id = edit.create_draft(con, "mwinc", "budget", "Next", None, LEADER, dt.datetime(2024, 7, 1))
    assert load.open_request(con, "mwinc", NAV)["request_id"] == request_id


def test_an_unknown_request_is_not_found_and_another_project_s_is_refused(con):
    with pytest.raises(NotFound):
        load.request(con, 999_999_999, LEADER)
    request_id = int(load.requests(con, "mwinc", LEADER)["request_id"].iloc[0])
    with pytest.raises(AccessDenied):
        load.lines(con, request_id, OTHER_LEADER)
