"""`python -m monitor check`: its exit codes on the embedded seed and on a deliberately broken copy."""

from monitor.cli import main
from tests.project.test_checks import edit_csv


def _unknown_partner(rows):
    rows[0]["partner_id"] = "nobody"
    return rows


def test_cli_exit_codes(tmp_path, seed_dir, db_path, capsys):
    assert main(["check", "--db", str(db_path), "--lang", "en"]) == 0
    assert "1 warning(s)" in capsys.readouterr().out
    edit_csv(seed_dir, "ledger.csv", _unknown_partner)
    broken = tmp_path / "broken-cli.duckdb"
    assert main(["init", "--seed", str(seed_dir), "--db", str(broken)]) == 0
    assert main(["check", "--db", str(broken), "--project", "mwinc", "--lang", "en"]) == 1
    assert "Unknown partner 'nobody'" in capsys.readouterr().out
    assert main(["check", "--db", str(broken), "--project", "nope"]) == 2
