"""AppTest for the schedule, results, risks and audit pages: they render, and an edit made through the
table editor's session state is saved, versioned and logged."""

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


@pytest.mark.parametrize("page, lang", [("schedule", "nb"), ("results", "en"), ("risks", "nb"), ("audit", "en")])
def test_page_renders_without_error(page, lang):
    at = open_page(page, project="mwinc", as_of=AS_OF, lang=lang)
    assert not at.exception, at.exception
    assert at.title


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


def test_edit_through_the_table_editor_is_saved_and_audited(app_env):
    at = open_page("risks", project="mwinc", as_of=AS_OF, lang="en")
    snapshot = at.session_state["snapshot:risks:mwinc"]
    position = snapshot.index[snapshot["title"].str.startswith("Delays in journal")][0]
    at.session_state["editor:risks"] = {
        "edited_rows": {position: {"probability": 5}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.button(key="save:risks").click().run()
    assert not at.exception, at.exception
    assert any("Saved" in s.value for s in at.success)
    risk_id = int(snapshot.loc[position, "risk_id"])
    con = db.connect(app_env)  # the same process: DuckDB shares the app's database instance
    stored = registers.rows(con, "risks", "mwinc", local_user()).set_index("risk_id").loc[risk_id]
    assert (stored["probability"], stored["version"]) == (5, 2)  # seeded 4, version 1 -> 2
    log = audit.read(con, local_user(), audit.Filters(table_name="risk", row_key=str(risk_id)))
    assert log[["user_name", "action", "field", "old_value", "new_value"]].values.tolist() == [
        ["leader", "update", "probability", "4", "5"]
    ]


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


@pytest.mark.parametrize("user", ["reader", "nav"])
def test_readers_and_partners_see_the_registers_but_no_editor(user):
    at = open_page("risks", user=user, project="mwinc", as_of=AS_OF, lang="en")
    assert not at.exception, at.exception
    assert at.title and "snapshot:risks:mwinc" not in at.session_state
    assert not [b for b in at.button if b.key == "save:risks"]


def test_the_audit_page_is_not_in_a_partners_navigation():
    from monitor.access.scope import Scope
    from ui.navigation import PAGES

    audit_spec = next(spec for spec in PAGES if spec.path == "pages/audit.py")
    assert Scope("nav", "partner").role not in audit_spec.roles
    assert {"admin", "leader"} == set(audit_spec.roles)


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


# --- issue 12: messages, labels and formats in the chosen language -----------------------------------


def test_a_refused_save_is_told_in_norwegian_naming_the_field_by_its_label(app_env):
    """Item 10: 'title: value is required' was shown raw in English on the nb page."""
    at = open_page("risks", project="mwinc", as_of=AS_OF, lang="nb")
    snapshot = at.session_state["snapshot:risks:mwinc"]
    at.session_state["editor:risks"] = {
        "edited_rows": {0: {"title": "", "impact": 7}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.button(key="save:risks").click().run()
    assert not at.exception, at.exception
    message = at.error[0].value.replace("\\", "")  # markdown escapes of the plain-text message
    assert "Rad 1, Tittel: verdien må fylles ut" in message
    assert "Rad 1, Konsekvens: 7 er ikke en verdi fra 1 til 5" in message
    assert "required" not in message and "score" not in message
    assert (
        registers.rows(db.connect(app_env), "risks", "mwinc", local_user())["title"].tolist()
        == snapshot["title"].tolist()
    )


def _editor_columns(at, register_key: str) -> dict:
    import json

    editors = [d for d in at.dataframe if d.proto.editing_mode != 0]  # 0: read only
    return next(json.loads(e.proto.columns) for e in editors if register_key in json.loads(e.proto.columns))


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


def test_the_sample_data_banner_is_on_the_register_pages():
    """Item 14: Schedule, Results and Risks showed sample data without saying so."""
    for page in ("schedule", "results", "risks"):
        at = open_page(page, project="mwinc", as_of=AS_OF, lang="nb")
        assert any(i.value.startswith("Eksempeldata:") for i in at.info), page


def test_the_risk_register_is_full_width_with_room_for_its_text():
    """Item 9: beside the matrix the register's owner and mitigation were cut off at 1440 px."""
    import json

    at = open_page("risks", project="mwinc", as_of=AS_OF, lang="nb")
    register = next(d for d in at.dataframe if "Tiltak" in d.value.columns)
    widths = json.loads(register.proto.columns)
    assert (widths["Tittel"]["width"], widths["Tiltak"]["width"]) == ("large", "large")
    in_columns = [e for column in at.columns for e in column.children.values() if getattr(e, "type", "") == "subheader"]
    assert [h.value for h in in_columns] == [
        "Sannsynlighet × konsekvens (åpne og håndterte)"
    ]  # the register's heading is no longer in a column


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


def test_an_empty_register_still_gives_the_editor_text_columns(con):
    # A project without deliverables: the editor's text columns were float and the Schedule page failed.
    from monitor.registers.edit import REGISTERS
    from ui.components.registers import _blank_text

    empty = registers.rows(con, "deliverables", "no_such_project", local_user())
    shown = _blank_text("deliverables", empty)
    text = [f.name for f in REGISTERS["deliverables"].fields if f.kind in ("text", "partners")]
    assert empty.empty and all(shown[name].dtype == "str" for name in text)
