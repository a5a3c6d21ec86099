"""`python -m monitor registers`: export and import of a register from the command line."""

from monitor.cli import main


def test_cli_export_and_import(db_path, tmp_path, capsys):
    target = tmp_path / "risks.xlsx"
    assert (
        main(["registers", "export", "--db", str(db_path), "--register", "risks", "--project", "mwinc", str(target)])
        == 0
    )
    assert (
        main(
            [
                "registers",
                "import",
                "--db",
                str(db_path),
                "--register",
                "risks",
                "--project",
                "mwinc",
                "--user",
                "annett",
                str(target),
            ]
        )
        == 0
    )
    assert "0 added, 0 updated, 5 unchanged" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text("title;probability;impact;state\nx;9;1;open\n", encoding="utf-8")
    assert main(["registers", "import", "--db", str(db_path), "--register", "risks", str(bad)]) == 2
    assert "row 2, column probability" in capsys.readouterr().err
