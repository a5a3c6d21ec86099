"""The Schedule page (AppTest): overdue items as of the date, its filters, and an edit made through the table
editor's session state saved, versioned and logged."""

import datetime as dt

import pytest

from monitor import db
from monitor.access import audit
from monitor.access.scope import local_user
from monitor.registers import edit as registers
from tests.apptest import open_page

pytestmark = pytest.mark.usefixtures("app_env")


AS_OF = "2025-06-01"


AS_OF_DATE = dt.date(2025, 6, 1)


def _editor_columns(at, register_key: str) -> dict:
    import json

    editors = [d for d in at.dataframe if d.proto.editing_mode != 0]  # 0: read only
    return next(json.loads(e.proto.columns) for e in editors if register_key in json.loads(e.proto.columns))


def test_schedule_shows_overdue_items_as_of_the_date():
    at = open_page("schedule", project="mwinc", as_of=AS_OF, lang="en")
    # As of 2025-06-01: D2.2 (due 2025-03-31, not delivered) and M2.3 (due 2025-03-31, not achieved) are overdue.
    table = at.dataframe[0].value
    overdue = sorted(table.loc[table["Status"] == "Overdue", "Code"])
    assert overdue == ["D2.2", "M2.3"]


def test_schedule_status_filter_narrows_the_table():
    at = open_page("schedule", project="mwinc", as_of=AS_OF, lang="en")
    at.multiselect(key="schedule_status").set_value(["overdue"]).run()
    assert sorted(at.dataframe[0].value["Code"]) == ["D2.2", "M2.3"]


def test_a_stale_editor_is_refused_and_both_attempts_are_logged(app_env):
    at = open_page("schedule", project="mwinc", as_of=AS_OF, lang="en")
    con = db.connect(app_env)
    # Another session changes M1.1 after this page read it (version 1 -> 2).
    registers.edit(con, "milestones", "mwinc", "M1.1", 1, {"comment": "from elsewhere"}, local_user("bob"), AS_OF_DATE)
    snapshot = at.session_state["snapshot:milestones:mwinc"]
    position = snapshot.index[snapshot["code"] == "M1.1"][0]
    at.session_state["editor:milestones"] = {"edited_rows": {position: {"comment": "mine"}}}
    at.button(key="save:milestones").click().run()
    assert any("was changed by bob" in e.value for e in at.error)
    assert (
        registers.rows(con, "milestones", "mwinc", local_user()).set_index("code").loc["M1.1", "comment"]
        == "from elsewhere"
    )
    log = audit.read(con, local_user(), audit.Filters(table_name="milestone", row_key="M1.1"))
    assert sorted(set(zip(log["user_name"], log["action"], strict=True))) == [("bob", "update"), ("leader", "refused")]


def test_a_date_edited_in_the_table_editor_is_saved(app_env):
    at = open_page("schedule", project="mwinc", as_of=AS_OF, lang="en")
    snapshot = at.session_state["snapshot:milestones:mwinc"]
    position = snapshot.index[snapshot["code"] == "M2.3"][0]
    # the browser sends a date column's value as an ISO date-time
    at.session_state["editor:milestones"] = {"edited_rows": {position: {"achieved_date": "2025-05-20T00:00:00.000"}}}
    at.button(key="save:milestones").click().run()
    assert not at.exception and not at.error, at.error
    con = db.connect(app_env)
    assert registers.rows(con, "milestones", "mwinc", local_user()).set_index("code").loc[
        "M2.3", "achieved_date"
    ] == dt.date(2025, 5, 20)
    # after the save the page reruns with fresh data: as of 2025-06-01 M2.3 is done, only D2.2 is overdue
    table = at.dataframe[0].value
    assert table.loc[table["Status"] == "Overdue", "Code"].tolist() == ["D2.2"]


def test_the_editor_shows_labels_not_codes():
    """Item 11: the register editors named their columns by code and offered partner ids and status codes."""
    at = open_page("schedule", project="mwinc", as_of=AS_OF, lang="nb")
    columns = _editor_columns(at, "responsible_partner_id")
    assert columns["title"]["label"] == "Tittel" and columns["due_date"]["label"] == "Frist"
    partners = columns["responsible_partner_id"]["type_config"]["options"]
    assert {"value": "nav_vt", "label": "NAV VT"} in partners
    assert columns["status"]["type_config"]["options"] == [
        {"value": "pending", "label": "Ikke påbegynt"},
        {"value": "draft", "label": "Utkast"},
        {"value": "submitted", "label": "Levert"},
    ]
    assert columns["due_date"]["type_config"]["format"] == "DD.MM.YYYY"


def test_the_schedule_table_shows_what_matters_first_in_narrow_columns():
    """Item 9: at 1440 px the schedule table cut off its due-date, days-overdue and status columns."""
    at = open_page("schedule", project="mwinc", as_of=AS_OF, lang="nb")
    table = at.dataframe[0]
    assert list(table.proto.column_order)[:5] == ["Status", "Kode", "Tittel", "Frist", "Dager forsinket"]
    import json

    widths = {name: spec["width"] for name, spec in json.loads(table.proto.columns).items() if "width" in spec}
    assert sum(widths[name] for name in list(table.proto.column_order)[:8]) <= 960  # the main column at 1440 px


def test_the_schedule_filters_say_all_in_norwegian_and_name_partners():
    """Item 10/11: the filters said Streamlit's English 'Choose options' and listed partner ids (nav_ov)."""
    at = open_page("schedule", project="mwinc", as_of=AS_OF, lang="nb")
    wp, partner, status = at.multiselect[:3]
    assert {wp.placeholder, partner.placeholder, status.placeholder} == {"Alle"}
    shown = partner.options  # AppTest gives the options as displayed
    assert "USN" in shown and "nav_ov" not in shown and "vtfk" not in shown, shown
