"""`python -m monitor check`: its exit codes on the embedded seed and on a deliberately broken copy."""

from monitor.cli import main
from tests.project.test_checks import edit_csv


def _unknown_partner(rows):
    rows[0]["partner_id"] = "nobody"
    return rows


def test_cli_exit_codes(tmp_path, seed_dir, db_path, capsys):
    assert main(["check", "--db", str(db_path), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    # MW Inc's two: the funder's share of the plan (tests/project/test_checks.py) and NHO VT's regional director's
    # 2024 hours at 1.2 ‰ × 1 000 000 = NOK 1 200 an hour, over the NOK 1 100 cap (tests/effort/test_people.py)
    assert "mwinc: 0 error(s), 2 warning(s)" in out
    assert "NOK\xa01,200.00 in 2024, above the cap of NOK\xa01,100.00" in out
    edit_csv(seed_dir, "ledger.csv", _unknown_partner)
    broken = tmp_path / "broken-cli.duckdb"
    assert main(["init", "--seed", str(seed_dir), "--db", str(broken)]) == 0
    assert main(["check", "--db", str(broken), "--project", "mwinc", "--lang", "en"]) == 1
    assert "Unknown partner 'nobody'" in capsys.readouterr().out
    assert main(["check", "--db", str(broken), "--project", "nope"]) == 2
