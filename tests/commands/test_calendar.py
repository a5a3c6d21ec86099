"""`python -m monitor calendar`: a user's deadlines written as an .ics file that a calendar parser reads, the same
bytes on a second run, the user's own scope (file users and demo users), and clear errors."""

import icalendar
import pytest

from monitor.access import users
from monitor.cli import main


@pytest.fixture
def config_file(tmp_path):
    """A config whose users file is in tmp_path, with the demo users on (as the shipped config.yaml)."""
    path = tmp_path / "config.yaml"
    path.write_text("auth:\n  users_file: users.yaml\n  demo_mode: true\n", encoding="utf-8")
    return path


def run(db_path, config_file, out, *args: str) -> int:
    return main(["calendar", "--db", str(db_path), "--config", str(config_file), "--out", str(out), *args])


def uids(path) -> set[str]:
    return {str(e["UID"]) for e in icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")}


def test_the_leader_s_calendar_is_written_and_the_same_on_a_second_run(db_path, config_file, tmp_path, capsys):
    out = tmp_path / "leader.ics"
    assert run(db_path, config_file, out, "--user", "leader", "--as-of", "2025-06-30", "--lang", "en") == 0
    # 9 reports + 10 milestones + 8 deliverables + 13 payments + 8 change-request windows (tests/notify)
    assert "wrote 48 deadlines for leader (leader)" in capsys.readouterr().out
    calendar = icalendar.Calendar.from_ical(out.read_bytes())
    assert str(calendar["X-WR-CALNAME"]) == "Consortium Monitor – deadlines for Annett Arntzen (demo)"
    assert "report-mwinc-final@consortium-monitor" in uids(out)
    first = out.read_bytes()
    assert run(db_path, config_file, out, "--user", "leader", "--as-of", "2025-06-30", "--lang", "en") == 0
    assert out.read_bytes() == first
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".leader.ics")] == []  # no temporary left


def test_a_file_partner_user_gets_only_its_own_deliverables(db_path, config_file, tmp_path):
    users.write_users(
        tmp_path / "users.yaml",
        {"kari": users.User("kari", "Kari Nordmann", "partner", ("mwinc",), "nav_vt", users.hash_password("x" * 12))},
    )
    out = tmp_path / "kari.ics"
    assert run(db_path, config_file, out, "--user", "kari", "--as-of", "2025-06-30") == 0
    found = uids(out)
    # nav_vt is responsible for D1.3 (data/seed/mwinc/deliverables.csv); 10 milestones; no reports or payments
    assert {u for u in found if u.startswith("deliverable-")} == {"deliverable-mwinc-D1.3@consortium-monitor"}
    assert {u.split("-", 1)[0] for u in found} == {"milestone", "deliverable"}
    # the default language is app.language: nb
    summaries = [str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")]
    assert "✓ Leveranse D1.3 levert 10.04.2025: Report on collaboration between NAV and employers" in "\n".join(
        summaries
    )


def test_an_unknown_user_and_a_missing_folder_are_clear_errors(db_path, config_file, tmp_path, capsys):
    out = tmp_path / "x.ics"
    assert run(db_path, config_file, out, "--user", "nobody") == 2
    assert "no user 'nobody'" in capsys.readouterr().err
    assert not out.exists()
    assert run(db_path, config_file, tmp_path / "absent" / "x.ics", "--user", "leader") == 2
    assert "does not exist" in capsys.readouterr().err
