"""`python -m monitor export`: the file it writes, its as-of date without --as-of, and the year it needs."""

import datetime as dt

from monitor import cli


def test_export_command_writes_the_file(db_path, tmp_path, capsys):
    out = tmp_path / "out" / "accounts.xlsx"
    code = cli.main(
        [
            "export",
            "--project",
            "mwinc",
            "--report",
            "accounts",
            "--year",
            "2024",
            "--format",
            "xlsx",
            "--out",
            str(out),
            "--as-of",
            "2025-01-20",
            "--db",
            str(db_path),
        ]
    )
    assert code == 0 and out.read_bytes().startswith(b"PK")
    assert "fingerprint" in capsys.readouterr().out


def test_export_command_without_as_of_reports_as_of_the_end_of_a_finished_project(db_path, tmp_path, capsys):
    """The date the app opens on (app.as_of is null in config.yaml): MW Inc ended 30.11.2025, before today."""
    end = "2025-11-30"  # data/seed/mwinc/project.yaml
    assert dt.date.today() > dt.date.fromisoformat(end)

    def fingerprint(*as_of: str) -> str:
        out = tmp_path / "final.zip"
        args = ["export", "--report", "final", "--format", "csv", "--out", str(out), "--db", str(db_path), *as_of]
        assert cli.main(args) == 0
        return capsys.readouterr().out.split("fingerprint ")[1].strip()

    assert fingerprint() == fingerprint("--as-of", end)
    assert fingerprint() != fingerprint("--as-of", dt.date.today().isoformat())  # as it was before: today


def test_export_command_needs_a_year(db_path, tmp_path, capsys):
    code = cli.main(
        ["export", "--report", "progress", "--format", "pdf", "--out", str(tmp_path / "x.pdf"), "--db", str(db_path)]
    )
    assert code == 2 and "--year" in capsys.readouterr().err


def test_export_refuses_a_project_without_a_cost_plan_and_writes_nothing(db_path, tmp_path, capsys):
    """Issue 19: a project from the funder's open data has no plan to set against the accounts: no report of zeros."""
    from monitor import db
    from tests.pages.helpers import add_declared_project

    connection = db.connect(db_path)
    add_declared_project(connection)
    connection.close()
    out = tmp_path / "progress.csv"
    code = cli.main(
        ["export", "--project", "226030", "--report", "progress", "--year", "2014", "--format", "csv"]
        + ["--out", str(out), "--as-of", "2015-06-30", "--lang", "en", "--db", str(db_path)]
    )
    assert code == 2 and not out.exists()
    assert "project 226030 has no cost plan yet" in capsys.readouterr().err
