"""`python -m monitor summary`: an unknown project and a missing database are clear errors."""

import json
from pathlib import Path

from monitor.cli import main


def summary(db_path: Path, capsys, *args: str) -> dict:
    assert main(["summary", "--db", str(db_path), "--project", "mwinc", "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_an_unknown_project_is_a_clear_error(db_path, capsys):
    assert main(["summary", "--db", str(db_path), "--project", "nope", "--json"]) == 2
    assert "no project 'nope'" in capsys.readouterr().err


def test_a_missing_database_is_a_clear_error(tmp_path, capsys):
    assert main(["summary", "--db", str(tmp_path / "absent.duckdb")]) == 2
    assert "does not exist" in capsys.readouterr().err
