"""The one access gate (monitor/access/scope.py), tried from the data layer: every attempt outside a scope
is refused before anything is read or written, and a partner's rows are cut in SQL.

Expected figures come from the seed files (data/seed/mwinc), summed here with csv and Decimal.
"""

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
