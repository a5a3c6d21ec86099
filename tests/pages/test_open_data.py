"""The admin's open-data page (pages/open_data.py): upload the Research Council's file, read its preview, import;
a bad file's problems in a table; everyone else refused (tests/pages/test_access.py). Figures by hand from tests/fixtures/rcn-open-data/:
30 rows, 16 funded (14 Avsluttet + 2 Bevilgning) and 14 applications (Avslag)."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor import db
from tests.apptest import open_page

pytestmark = pytest.mark.usefixtures("app_env")

SAMPLE = (Path(__file__).parents[1] / "fixtures" / "rcn-open-data" / "projects.csv").read_bytes()


def uploaded(at, content: bytes, name: str = "projects.csv"):
    at.file_uploader(key="opendata_file:0").set_value((name, content, "text/csv"))
    return at.run()


def texts(at) -> str:
    return " ".join(e.value for e in (*at.title, *at.caption, *at.info, *at.warning, *at.error, *at.success))


def project_count(db_path: Path) -> int:
    con = db.connect(db_path)  # the app's own way in: the file is open in this process already
    try:
        return con.execute("select count(*) from project").fetchone()[0]
    finally:
        con.close()


def test_the_admin_previews_and_imports_the_sample(db_path):
    at = uploaded(open_page("open_data", user="admin", lang="en"), SAMPLE)
    assert not at.exception, at.exception
    assert (
        "30 rows: 16 funded projects and 14 applications. Applications register: 30 new, 0 changed, 0 unchanged. "
        "Projects: 16 new, 0 changed, 0 unchanged. Nothing is written yet." in texts(at)
    )
    preview = at.dataframe[0].value
    row = preview.set_index("Project number").loc["225883"]
    assert row["Project owner"] == "ÅKREHAMN TRÅLBØTERI AS"
    assert (row["Phase"], row["Period"], row["Project"]) == ("Completed", "2013–2014", "new")
    assert preview.set_index("Project number").loc["225874", "Phase"] == "Rejected"  # Avslag: register only
    assert project_count(db_path) == 1  # MW Inc alone; the preview wrote nothing
    at = at.button(key="opendata:confirm").click().run()
    assert not at.exception, at.exception
    assert "Imported: 30 rows (16 funded projects and 14 applications)" in texts(at)
    assert project_count(db_path) == 1 + 16


def test_an_organisation_filter_and_the_same_file_again(db_path):
    at = open_page("open_data", user="admin", lang="nb")
    at.text_input(key="opendata_org").set_value("962986633")  # STATNETT SF: one funded row
    at = uploaded(at, SAMPLE)
    assert "1 rader: 1 innvilgede prosjekter og 0 søknader" in texts(at)
    at = at.button(key="opendata:confirm").click().run()
    assert project_count(db_path) == 2
    # the uploader is emptied after an import: a new key
    at.file_uploader(key="opendata_file:1").set_value(("projects.csv", SAMPLE, "text/csv"))
    at = at.run()
    assert "Filen endrer ingenting" in texts(at)
    assert not [b for b in at.button if b.key == "opendata:confirm"]


def test_a_bad_file_is_refused_with_its_row_column_and_reason(db_path):
    bad = SAMPLE.decode("utf-8").replace("6978124.0", "mye penger").encode("utf-8")
    at = uploaded(open_page("open_data", user="admin", lang="nb"), bad, "feil.csv")
    assert not at.exception, at.exception
    assert "Filen ble ikke importert" in texts(at)
    problems = at.dataframe[0].value
    assert list(problems.columns) == ["Fil", "Rad", "Kolonne", "Grunn"]
    assert problems.iloc[0].tolist()[:3] == ["feil.csv", "2", "tildelt_belop"]  # 225873 is the first record
    assert "«mye penger» er ikke et beløp" in problems.iloc[0]["Grunn"]
    assert project_count(db_path) == 1
