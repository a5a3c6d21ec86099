"""The Risks page (AppTest): the table editor saves and audits, readers and partners get no editor, a refused save
names the field, and a title that looks like a formula is neutralised (issue 13, case 7)."""

import duckdb
import pytest

from monitor import db
from monitor.access import audit
from monitor.access.scope import local_user
from monitor.registers import edit as registers
from tests.apptest import app, open_page

FORMULAS = ['=HYPERLINK("http://x")', "+cmd|' /C calc'!A0", "@SUM(1+1)"]


def _on_the_page(at, user_page: str):
    at.switch_page(f"pages/{user_page}.py")
    return at.run()


pytestmark = pytest.mark.usefixtures("app_env")


AS_OF = "2025-06-01"


def test_a_register_text_that_looks_like_a_formula_is_neutralised(app_env):
    con = duckdb.connect(str(app_env))
    con.execute(
        "update risk set title = $1 where risk_id = (select min(risk_id) from risk where project_id = 'mwinc')",
        [FORMULAS[2]],
    )
    con.close()
    at = _on_the_page(app("leader", lang="en").run(), "risks")
    titles = [c for table in at.dataframe for c in table.value.get("Title", [])]
    assert "'" + FORMULAS[2] in titles and FORMULAS[2] not in titles


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


@pytest.mark.parametrize("user", ["reader", "nav"])
def test_readers_and_partners_see_the_registers_but_no_editor(user):
    at = open_page("risks", user=user, project="mwinc", as_of=AS_OF, lang="en")
    assert not at.exception, at.exception
    assert at.title and "snapshot:risks:mwinc" not in at.session_state
    assert not [b for b in at.button if b.key == "save:risks"]


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
