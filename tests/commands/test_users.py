"""`python -m monitor users`: add, change the password, remove; unknown ids and short passwords refused."""

from monitor.access import users
from monitor.cli import main


def test_users_cli_add_passwd_remove(tmp_path, monkeypatch, capsys, db_path):
    config_file = tmp_path / "config.yaml"
    config_file.write_text("auth:\n  users_file: users.yaml\n", encoding="utf-8")
    args = ["--config", str(config_file), "--password-stdin", "--db", str(db_path)]
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("a long secret 1\n"))
    assert main(["users", "add", "kari", "--role", "partner", "--project", "mwinc", "--partner", "nav_vt", *args]) == 0
    stored = users.read_users(tmp_path / "users.yaml")["kari"]
    assert stored.partner_id == "nav_vt" and stored.password_hash.startswith("$2b$")
    assert "a long secret" not in (tmp_path / "users.yaml").read_text()
    assert users.check_password(stored, "a long secret 1") and not users.check_password(stored, "wrong")
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("another secret 2\n"))
    assert main(["users", "passwd", "kari", *args]) == 0
    assert users.read_users(tmp_path / "users.yaml")["kari"].fingerprint != stored.fingerprint
    assert main(["users", "remove", "kari", *args]) == 0
    assert users.read_users(tmp_path / "users.yaml") == {}
    assert main(["users", "remove", "kari", *args]) == 2


def test_unknown_partners_and_projects_are_refused_listing_the_known_ids(tmp_path, monkeypatch, capsys, db_path):
    config_file = tmp_path / "config.yaml"
    config_file.write_text("auth:\n  users_file: users.yaml\n", encoding="utf-8")
    args = ["--config", str(config_file), "--password-stdin", "--db", str(db_path)]
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("a long secret 1\n" * 3))
    assert (
        main(["users", "add", "kari", "--role", "partner", "--project", "mwinc", "--partner", "nonexistent", *args])
        == 2
    )
    error = capsys.readouterr().err
    # mwinc's partners in data/seed/mwinc/partners.csv
    assert (
        "unknown partner 'nonexistent' in project(s) mwinc; their partners are: entreprenerdy, globale_sandefjord, "
        "int_drammen, int_horten, mrfk, nav_ov, nav_vt, nho_vt, nsfv, startup_migrants, usn, vtfk"
    ) in error
    assert main(["users", "add", "kari", "--role", "leader", "--project", "nope", *args]) == 2
    assert "unknown project 'nope'; the database has: mwinc" in capsys.readouterr().err  # db_path: the mwinc seed
    assert (
        main(["users", "add", "kari", "--role", "viewer", "--partner", "usn", *args]) == 2
    )  # a partner needs its project
    assert users.read_users(tmp_path / "users.yaml") == {}  # nothing written


def test_short_passwords_and_partners_without_partner_are_refused(tmp_path, monkeypatch):
    config_file = tmp_path / "config.yaml"
    config_file.write_text("auth:\n  users_file: users.yaml\n", encoding="utf-8")
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("short\n"))
    assert (
        main(
            [
                "users",
                "add",
                "x",
                "--role",
                "leader",
                "--project",
                "mwinc",
                "--config",
                str(config_file),
                "--password-stdin",
            ]
        )
        == 2
    )
    assert (
        main(
            [
                "users",
                "add",
                "y",
                "--role",
                "partner",
                "--project",
                "mwinc",
                "--config",
                str(config_file),
                "--password-stdin",
            ]
        )
        == 2
    )
