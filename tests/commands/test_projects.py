"""`python -m monitor projects import`: the open-data sample (tests/fixtures/rcn-open-data/, its README) into the
applications register: --dry-run writes nothing, the import writes 30 rows audited under --user, a second import
changes nothing, --org keeps one organisation, and a file with a bad row is refused whole with exit code 2."""

import json
from pathlib import Path

from monitor import db
from monitor.cli import main

SAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "rcn-open-data" / "projects.csv"


def run(db_path, *args: str) -> int:
    return main(["projects", "import", "--db", str(db_path), *args])


def counts(db_path) -> tuple[int, int]:
    con = db.connect(db_path)
    try:
        rows = con.execute("select count(*) from rcn_application").fetchone()[0]
        logged = con.execute("select count(*) from audit_log where table_name = 'rcn_application'").fetchone()[0]
        return rows, logged
    finally:
        con.close()


def test_dry_run_then_import_then_again(db_path, capsys):
    assert run(db_path, str(SAMPLE), "--dry-run") == 0
    out = capsys.readouterr().out
    assert "30 rows (16 funded projects, 14 applications)" in out  # 2 Bevilgning + 14 Avsluttet; 14 Avslag
    assert "30 new, 0 changed, 0 left as they were" in out and "dry run: nothing was written" in out
    assert counts(db_path) == (0, 0)

    assert run(db_path, str(SAMPLE), "--user", "annett") == 0
    rows, logged = counts(db_path)
    # 30 inserts × 15 stored fields (title, phase, start_year, end_year, owner, institution, org_number, sector,
    # programme, programme_code, applied, granted, phd_years, postdoc_years, applied_on) = 450, less the empty
    # values an insert does not log: kortnavn empty in 6 rows (225873 225874 225883 225922 225953 225986),
    # organisasjonsnummer 0 in 16 (225880 225885 225894 225901 225928 225934 225941 225943 225950 225953 225956
    # 226017 226021 226026 226028 226030): 450 - 6 - 16 = 428
    assert (rows, logged) == (30, 428)

    assert run(db_path, str(SAMPLE)) == 0
    assert "0 new, 0 changed, 30 left as they were" in capsys.readouterr().out
    assert counts(db_path) == (30, 428)


def test_one_organisation_by_number(db_path, capsys):
    # 982745764 (FORNYBARAKADEMIET AS): 225897 and 225939, both Avsluttet
    assert run(db_path, str(SAMPLE), "--org", "982745764") == 0
    assert "2 rows (2 funded projects, 0 applications)" in capsys.readouterr().out
    assert counts(db_path)[0] == 2


def test_a_bad_row_refuses_the_file(db_path, tmp_path, capsys):
    bad = tmp_path / "rcn.csv"
    text = SAMPLE.read_text(encoding="utf-8")
    bad.write_text(text.replace(",Avsluttet,2013,2017,", ",Ferdig,2013,2017,", 1), encoding="utf-8")
    assert run(db_path, str(bad)) == 2
    err = capsys.readouterr().err
    assert "nothing imported" in err and "rcn.csv, row 2, column prosjektfase: 'Ferdig' is not a project phase" in err
    assert counts(db_path) == (0, 0)


def test_a_funded_row_is_a_project_summary_can_read(db_path, capsys):
    assert run(db_path, str(SAMPLE)) == 0
    assert "projects: 16 new, 0 changed, 0 left as they were" in capsys.readouterr().out
    assert main(["summary", "--project", "225873", "--as-of", "2016-06-30", "--json", "--db", str(db_path)]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["project"]["name"] == (
        "Stokastisk optimaliseringsmodell for Norden med individuelle vannverdier og nettrestriksjoner"
    )
    assert (summary["project"]["start_date"], summary["project"]["end_date"]) == ("2013-01-01", "2017-12-31")
    # 225873 was granted 6 978 124 (tildelt_belop 6978124.0) and has no cost plan yet
    assert summary["budget"]["plan_status"] == "declared_only"
    assert summary["budget"]["total"] == summary["budget"]["by_source"]["funder"] == "6978124.00"


def test_a_project_number_already_followed_is_named(db_path, tmp_path, capsys):
    # MW Inc is project 326917 at the Research Council: a funded row with that number is not a second project
    lines = SAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
    header, statnett = lines[0], next(line for line in lines if line.startswith("225873,"))
    followed = tmp_path / "mwinc.csv"
    followed.write_text(header + statnett.replace("225873,", "326917,", 1), encoding="utf-8")
    assert run(db_path, str(followed)) == 0
    out = capsys.readouterr().out
    assert "projects: 0 new, 0 changed, 0 left as they were" in out
    assert "project number 326917 is already followed as project mwinc: left as it is" in out
