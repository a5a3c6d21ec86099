"""The one access gate (monitor/access/scope.py): what each scope may do. The refusals of each core function are
tested with that function (tests/<package>/test_<module>.py), with the scopes of tests/scopes.py."""

import pytest

from monitor.access.scope import AccessDenied, local_user
from tests.scopes import LEADER, NAV, OTHER_LEADER, PARTNERLESS, READER


def test_scope_rules():
    assert LEADER.may_edit("mwinc") and not LEADER.may_edit("integrate")
    assert not NAV.may_edit("mwinc") and not READER.may_edit("mwinc")
    assert NAV.partner_filter() == "nav_vt" and LEADER.partner_filter() is None and READER.partner_filter() is None
    with pytest.raises(AccessDenied):
        PARTNERLESS.partner_filter()
    assert NAV.may_report_for("mwinc", "nav_vt") and not NAV.may_report_for("mwinc", "nho_vt")
    assert LEADER.may_report_for("mwinc", "nho_vt") and not READER.may_report_for("mwinc", "nav_vt")
    assert not OTHER_LEADER.may_report_for("mwinc", "nav_vt")
    with pytest.raises(AccessDenied):
        READER.require_detail_rows("mwinc")
    with pytest.raises(AccessDenied):
        LEADER.require_admin()
    local_user().require_admin()
