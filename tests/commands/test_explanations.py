"""`python -m monitor explanations`: the explained deviations out to a file and back, all or nothing."""

import csv
import io

from monitor import db
from monitor.access import audit
from monitor.access.scope import local_user
from monitor.cli import main


def cli(db_path, *args: str) -> int:
    return main(["explanations", *args, "--db", str(db_path)])


def stored(db_path) -> list[tuple]:
    con = db.connect(db_path)
    rows = con.execute(
        "select year, cost_category, coalesce(partner_id, ''), text from deviation_explanation "
        "where project_id = 'mwinc' order by 1, 2, 3"
    ).fetchall()
    con.close()
    return rows


def test_export_then_import_of_an_edited_file(db_path, tmp_path, capsys):
    target = tmp_path / "explanations.csv"
    assert cli(db_path, "export", str(target)) == 0
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig")), delimiter=";"))
    seeded = stored(db_path)
    assert len(rows) == len(seeded) > 0  # every seeded explanation (deviation_explanations.csv), one row each
    header = "year;cost_category;partner_id;text;version\n"
    new = "2025;equipment;;Laptops for the two new research assistants;\n"
    target.write_text(header + new, encoding="utf-8")
    assert cli(db_path, "import", str(target), "--user", "annett") == 0
    assert (2025, "equipment", "", "Laptops for the two new research assistants") in stored(db_path)
    assert len(stored(db_path)) == len(seeded) + 1
    con = db.connect(db_path)
    logged = audit.read(con, local_user(), audit.Filters(project_id="mwinc", user_name="annett"))
    con.close()
    assert logged["new_value"].tolist() == ["Laptops for the two new research assistants"]


def test_a_bad_row_refuses_the_whole_file(db_path, tmp_path, capsys):
    target = tmp_path / "bad.csv"
    target.write_text(
        "year;cost_category;partner_id;text;version\n"
        "2025;equipment;;Fine on its own;\n"
        "2031;travel;;Outside the period, and no such category;\n",
        encoding="utf-8",
    )
    before = stored(db_path)
    assert cli(db_path, "import", str(target)) == 2
    err = capsys.readouterr().err
    assert "row 3" in err.lower() and "2031" in err and "travel" in err
    assert stored(db_path) == before  # nothing written, not even the good row


def test_a_missing_file_or_a_wrong_header_is_told_without_a_traceback(db_path, tmp_path, capsys):
    assert cli(db_path, "import", str(tmp_path / "nope.csv")) == 2
    assert "does not exist" in capsys.readouterr().err
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("year;category;text\n2025;equipment;Laptops\n", encoding="utf-8")
    before = stored(db_path)
    assert cli(db_path, "import", str(wrong)) == 2
    err = capsys.readouterr().err
    assert "row 1, category: unknown column" in err.lower()
    assert "row 1, cost_category: column is missing" in err.lower()
    assert stored(db_path) == before
