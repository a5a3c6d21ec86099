"""The change log (monitor/access/audit.py; issue 12, items 11 and 13): labels and readable values, account
events (which belong to no project) for administrators only, the log for editors and the whole log for
administrators."""

import datetime as dt

import pandas as pd
import pytest

from monitor import db
from monitor.access import audit, users
from monitor.access.scope import AccessDenied, Scope, local_user
from tests import scopes

ADMIN, LEADER = Scope("admin", "admin"), Scope("leader", "leader", frozenset({"mwinc"}))


def _account_events(con):
    users.log_event(con, "nav", "denied", "project 'intg'", "intg")
    users.log_event(con, "leader", "logout")
    with db.transaction(con):
        audit.record(con, "nho", "login_failed", None, None, {})
        audit.record(con, "nho", "login_ok", None, None, {})


def test_account_events_of_no_project_are_read_for_admins_only(con):
    _account_events(con)
    with db.transaction(con):
        audit.record(con, "leader", audit.UPDATE, "risk", 1, {"impact": (3, 4)}, "mwinc")
    events = audit.account_events(con, ADMIN)
    assert sorted(zip(events["user_name"], events["action"], strict=True)) == [
        ("leader", "logout"),
        ("nav", "denied"),
        ("nho", "login_failed"),
        ("nho", "login_ok"),
    ]
    with pytest.raises(AccessDenied):
        audit.account_events(con, LEADER)


@pytest.mark.parametrize(
    "value, lang, expected",
    [
        ("20000.00", "nb", "20\u00a0000,00"),
        ("20000.00", "en", "20,000.00"),
        ("2025-03-31", "nb", "31.03.2025"),
        ("2025-03-31", "en", "31 Mar 2025"),
        ("2026-01-05T09:30:00", "nb", "05.01.2026 09:30:00"),
        ("true", "nb", "ja"),
        (None, "nb", "–"),
        (
            '{"file": "a.xml", "partner": "usn", "rows_read": 17000, "replaces": []}',
            "nb",
            "Fil: a.xml; Partner: usn; Linjer lest: 17\u00a0000; Erstatter import: –",
        ),
        ('{"file": "a.xml", "rows_read": 17000}', "en", "File: a.xml; Lines read: 17,000"),
    ],
)
def test_logged_values_are_shown_in_the_languages_format(value, lang, expected):
    assert audit.value_text(value, lang) == expected


def test_the_log_is_shown_with_labels_not_codes():
    log = pd.DataFrame(
        [
            {
                "logged_at": dt.datetime(2026, 1, 5, 9, 30),
                "user_name": "admin",
                "action": "undo_import",
                "table_name": "import_batch",
                "row_key": "3",
                "field": "undone_at",
                "old_value": None,
                "new_value": "2026-01-05T09:30:00",
            },
            {
                "logged_at": dt.datetime(2026, 1, 5, 9, 0),
                "user_name": "leader",
                "action": "update",
                "table_name": "cost_plan",
                "row_key": "v2/2024/equipment/usn/",
                "field": "amount",
                "old_value": "20000.00",
                "new_value": "25000.50",
            },
        ]
    )
    shown = audit.shown(log, "nb")
    assert shown.columns.tolist() == [
        "Tidspunkt",
        "Bruker",
        "Handling",
        "Tabell",
        "Rad",
        "Felt",
        "Gammel verdi",
        "Ny verdi",
    ]
    assert shown.values.tolist() == [
        ["05.01.2026 09:30:00", "admin", "Import angret", "Regnskapsimport", "3", "Angret", "–", "05.01.2026 09:30:00"],
        [
            "05.01.2026 09:00:00",
            "leader",
            "Endret",
            "Kostnadsplan",
            "v2/2024/equipment/usn/",
            "Beløp (NOK)",  # the registers' label of an amount (issue 16), read before audit.field.amount
            "20\u00a0000,00",
            "25\u00a0000,50",
        ],
    ]


def test_a_submitted_report_and_a_stage_are_logged_by_their_labels():
    assert audit.field_value_text("report", "accounts 2024", "nb") == "Prosjektregnskapsrapport 2024"
    assert audit.field_value_text("report", "final final", "en") == "Final report"
    assert audit.field_value_text("status", "submitted", "nb") == "Levert"
    assert audit.field_value_text("state", "mitigated", "en") == "Mitigated"
    assert audit.field_value_text("comment", "2025-03-31", "nb") == "31.03.2025"


def test_the_audit_log_is_for_editors_and_the_whole_log_for_admins(con):
    with pytest.raises(AccessDenied):
        audit.read(con, scopes.NAV, audit.Filters(project_id="mwinc"))
    with pytest.raises(AccessDenied):
        audit.read(con, scopes.READER, audit.Filters(project_id="mwinc"))
    with pytest.raises(AccessDenied):
        audit.read(con, scopes.OTHER_LEADER, audit.Filters(project_id="mwinc"))
    with pytest.raises(AccessDenied):
        audit.read(con, scopes.LEADER)  # every project's log: administrators only
    assert isinstance(audit.read(con, scopes.LEADER, audit.Filters(project_id="mwinc")), pd.DataFrame)
    assert isinstance(audit.read(con, local_user()), pd.DataFrame)
