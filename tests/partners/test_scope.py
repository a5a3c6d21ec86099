"""Every attempt to read rows outside the scope must fail: empty result or AccessDenied, decided in the
data layer (SQL with the partner id bound), never in a page."""

import pytest

from monitor.access import audit
from monitor.access.scope import AccessDenied, Scope, local_user
from monitor.partners import inkind
from monitor.partners import load as partners
from tests.partners.conftest import AS_OF, MWINC, seed_rows


def test_a_partner_gets_only_its_own_rows(con, nav):
    figures = partners.load(con, "mwinc", AS_OF, nav)
    for frame in (figures.by_year, figures.totals, figures.deliverables, figures.results):
        assert set(frame["partner_id"]) == {"nav_vt"}
    assert figures.own_partner_id == "nav_vt"


def test_a_partner_scope_naming_another_partner_gets_only_that_one(con):
    # A scope is built by the login from the users file; even a tampered one reads one partner only.
    figures = partners.load(con, "mwinc", AS_OF, Scope("x", "partner", MWINC, "nho_vt"))
    assert set(figures.totals["partner_id"]) == {"nho_vt"}


def test_a_partner_without_a_partner_id_is_refused(con):
    with pytest.raises(AccessDenied):
        partners.load(con, "mwinc", AS_OF, Scope("x", "partner", MWINC, None))
    with pytest.raises(AccessDenied):
        inkind.rows(con, "mwinc", Scope("x", "partner", MWINC, None))


def test_another_project_is_refused(con, nav):
    with pytest.raises(AccessDenied):
        partners.load(con, "integrate", AS_OF, nav)
    with pytest.raises(AccessDenied):
        inkind.rows(con, "integrate", nav)


def test_a_partner_s_in_kind_rows_are_its_own(con, nav):
    rows = inkind.rows(con, "mwinc", nav)
    assert set(rows["partner_id"]) == {"nav_vt"}
    assert len(rows) == sum(r["partner_id"] == "nav_vt" for r in seed_rows("inkind.csv"))  # 15 rows


def test_a_viewer_gets_no_in_kind_detail_rows_and_the_attempt_is_logged(con, reader):
    with pytest.raises(AccessDenied):
        inkind.rows(con, "mwinc", reader)
    denied = audit.read(con, local_user(), audit.Filters(project_id="mwinc", action=inkind.DENIED))
    assert list(denied["user_name"]) == ["reader"]


def test_a_viewer_gets_aggregates_without_person_names(con, reader):
    figures = partners.load(con, "mwinc", AS_OF, reader)
    assert len(figures.totals) == 6
    names = {r["person_role"] for r in seed_rows("inkind.csv")} | {r["reported_by"] for r in seed_rows("inkind.csv")}
    for frame in (figures.by_year, figures.totals, figures.deliverables, figures.results):
        assert not {"person_role", "reported_by", "decided_by"} & set(frame.columns)
        assert not names & {str(v) for v in frame.to_numpy().ravel()}


def test_leaders_and_admins_see_every_partner(con, leader, admin):
    for scope in (leader, admin):
        assert set(partners.load(con, "mwinc", AS_OF, scope).totals["partner_id"]) == {
            "usn",
            "nav_vt",
            "nav_ov",
            "nho_vt",
            "mrfk",
            "vtfk",
        }
        assert len(inkind.rows(con, "mwinc", scope)) == len(seed_rows("inkind.csv"))
