"""The applications register (monitor/portfolio/applications.py): the open-data sample written, re-imported,
changed and refused, on both engines. Figures worked out by hand from tests/fixtures/rcn-open-data/."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from monitor import db
from monitor.access.scope import AccessDenied, Scope
from monitor.errors import Invalid, Problem
from monitor.portfolio import applications, opendata

SAMPLE = Path(__file__).parents[1] / "fixtures" / "rcn-open-data" / "projects.csv"
ADMIN = Scope("admin", "admin")
AT = dt.datetime(2026, 11, 30, 12, 0)


@pytest.fixture
def sample() -> opendata.Reading:
    return opendata.read_path(SAMPLE)


def _audit_rows(con) -> list[tuple]:
    return con.execute(
        "select action, row_key, field from audit_log where table_name = 'rcn_application' order by audit_id"
    ).fetchall()


def test_the_sample_goes_into_the_register(con, sample):
    done = applications.import_records(con, ADMIN, sample.records, now=AT)
    assert (len(done.added), done.changed, done.unchanged) == (30, [], [])
    rows = {row["project_number"]: row for row in applications.load(con, ADMIN)}
    assert len(rows) == 30
    assert rows["225941"]["granted"] == Decimal("27336753.52")
    assert rows["225922"]["title"].endswith("employment - \nMethod proposed by Impact Technology Systems AS")
    assert rows["225883"]["owner"] == "ÅKREHAMN TRÅLBØTERI AS"
    assert rows["225880"]["org_number"] is None
    # granted, all 16 funded rows: 66 918 124.00 (2013) + 106 258 151.87 (2014) = 173 176 275.87
    assert sum(row["granted"] for row in rows.values()) == Decimal("173176275.87")


def test_importing_the_same_file_again_changes_nothing(con, sample):
    applications.import_records(con, ADMIN, sample.records, now=AT)
    audited = len(_audit_rows(con))
    again = applications.import_records(con, ADMIN, sample.records, now=AT + dt.timedelta(days=1))
    assert (again.added, again.changed, len(again.unchanged)) == ([], [], 30)
    assert len(_audit_rows(con)) == audited
    assert {row["version"] for row in applications.load(con, ADMIN)} == {1}


def test_a_changed_row_is_updated_and_each_changed_field_audited(con, sample):
    applications.import_records(con, ADMIN, sample.records, now=AT)
    before = len(_audit_rows(con))
    # 225950 (Bevilgning, 25 000 000) ends: phase Avsluttet and the grant 24 500 000
    changed = [
        dataclasses.replace(r, phase="Avsluttet", granted=Decimal("24500000.00")) if r.number == "225950" else r
        for r in sample.records
    ]
    done = applications.import_records(con, ADMIN, changed, now=AT)
    assert (done.added, done.changed, len(done.unchanged)) == ([], ["225950"], 29)
    row = next(r for r in applications.load(con, ADMIN) if r["project_number"] == "225950")
    assert (row["phase"], row["granted"], row["version"]) == ("Avsluttet", Decimal("24500000.00"), 2)
    assert sorted(_audit_rows(con)[before:]) == [("update", "225950", "granted"), ("update", "225950", "phase")]


def test_a_dry_run_tells_and_writes_nothing(con, sample):
    done = applications.import_records(con, ADMIN, sample.records, dry_run=True)
    assert len(done.added) == 30
    assert applications.load(con, ADMIN) == []
    assert _audit_rows(con) == []


def test_a_file_with_a_problem_writes_nothing(con, sample):
    problem = Problem("rcn.csv", 4, "prosjektfase", "bad")
    with pytest.raises(Invalid):
        applications.import_records(con, ADMIN, sample.records, [problem])
    assert db.records(con, "rcn_applications") == []


@pytest.mark.parametrize(
    "scope",
    [Scope("leader", "leader", frozenset({"mwinc"})), Scope("nav", "partner", frozenset({"mwinc"}), "nav_vt")],
)
def test_only_an_administrator_imports_or_reads_the_register(con, sample, scope):
    with pytest.raises(AccessDenied):
        applications.import_records(con, scope, sample.records)
    with pytest.raises(AccessDenied):
        applications.load(con, scope)
    assert db.records(con, "rcn_applications") == []
    assert _audit_rows(con) == []
