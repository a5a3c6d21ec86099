"""`python -m monitor users`: add, change the password, remove; unknown ids and short passwords refused."""

import pytest

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


def test_add_with_an_email_address_and_a_language_and_list_them(tmp_path, monkeypatch, capsys, db_path):
    config_file = tmp_path / "config.yaml"
    config_file.write_text("auth:\n  users_file: users.yaml\n", encoding="utf-8")
    args = ["--config", str(config_file), "--password-stdin", "--db", str(db_path)]
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("a long secret 1\nanother secret 2\n"))
    add = ["users", "add", "kari", "--role", "partner", "--project", "mwinc", "--partner", "nav_vt"]
    assert main([*add, "--email", " kari@nav.example.no ", "--lang", "en", *args]) == 0
    stored = users.read_users(tmp_path / "users.yaml")["kari"]
    assert (stored.email, stored.lang) == ("kari@nav.example.no", "en")  # the address trimmed
    assert main(["users", "passwd", "kari", *args]) == 0  # a new password keeps the address and language
    changed = users.read_users(tmp_path / "users.yaml")["kari"]
    assert (changed.email, changed.lang) == ("kari@nav.example.no", "en")
    assert changed.password_hash != stored.password_hash
    capsys.readouterr()
    assert main(["users", "list", *args]) == 0
    assert "email=kari@nav.example.no lang=en" in capsys.readouterr().out


@pytest.mark.parametrize(
    "address", ["kari", "kari@usn", "kari@@usn.no", "kari nordmann@usn.no", "a@b.no,c@d.no", "kari..n@usn.no", ""]
)
def test_a_bad_email_address_is_refused_plainly_and_nothing_is_written(tmp_path, monkeypatch, capsys, address):
    config_file = tmp_path / "config.yaml"
    config_file.write_text("auth:\n  users_file: users.yaml\n", encoding="utf-8")
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("a long secret 1\n"))
    argv = ["users", "add", "kari", "--role", "admin", "--email", address, "--config", str(config_file)]
    assert main([*argv, "--password-stdin"]) == 2
    error = capsys.readouterr().err
    assert f"--email {address!r}: expected one e-mail address such as kari.nordmann@usn.no" in error
    assert "Traceback" not in error and not (tmp_path / "users.yaml").exists()


def test_an_unknown_language_is_refused_by_the_parser(tmp_path, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["users", "add", "kari", "--role", "admin", "--lang", "de", "--config", str(tmp_path / "c.yaml")])
    assert exited.value.code == 2 and "invalid choice: 'de'" in capsys.readouterr().err


def test_a_users_file_from_before_email_addresses_still_reads(tmp_path):
    path = tmp_path / "users.yaml"
    path.write_text(
        "users:\n  ola:\n    name: Ola\n    role: viewer\n    projects: [mwinc]\n    password_hash: null\n",
        encoding="utf-8",
    )
    (ola,) = users.read_users(path).values()
    assert (ola.email, ola.lang) == (None, None)
    path.write_text(path.read_text() + "    email: not-an-address\n", encoding="utf-8")
    with pytest.raises(users.UsersError, match="user ola: email 'not-an-address'"):
        users.read_users(path)


def test_set_changes_the_address_language_and_name_and_keeps_the_password(tmp_path, monkeypatch, capsys, db_path):
    config_file = tmp_path / "config.yaml"
    config_file.write_text("auth:\n  users_file: users.yaml\n", encoding="utf-8")
    common = ["--config", str(config_file), "--db", str(db_path)]
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("a long secret 1\n"))
    add = ["users", "add", "kari", "--role", "partner", "--project", "mwinc", "--partner", "nav_vt"]
    assert main([*add, "--email", "kari@nav.example.no", *common, "--password-stdin"]) == 0
    before = users.read_users(tmp_path / "users.yaml")["kari"]
    capsys.readouterr()

    argv = ["users", "set", "kari", "--email", "kari.nordmann@nav.example.no", "--lang", "en", "--name", "Kari N."]
    assert main([*argv, *common]) == 0
    assert capsys.readouterr().out.strip() == "changed kari: email kari.nordmann@nav.example.no, lang en, name Kari N."
    after = users.read_users(tmp_path / "users.yaml")["kari"]
    assert (after.email, after.lang, after.name) == ("kari.nordmann@nav.example.no", "en", "Kari N.")
    # the password, role, projects and partner as they were, so her sessions go on
    assert (after.password_hash, after.role, after.projects, after.partner_id) == (
        before.password_hash,
        "partner",
        ("mwinc",),
        "nav_vt",
    )
    assert after.fingerprint == before.fingerprint

    assert main(["users", "set", "kari", "--no-email", *common]) == 0
    assert users.read_users(tmp_path / "users.yaml")["kari"].email is None


def test_set_refuses_a_bad_address_an_unknown_user_and_nothing_to_change(tmp_path, monkeypatch, capsys, db_path):
    config_file = tmp_path / "config.yaml"
    config_file.write_text("auth:\n  users_file: users.yaml\n", encoding="utf-8")
    common = ["--config", str(config_file), "--db", str(db_path)]
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("a long secret 1\n"))
    assert main(["users", "add", "per", "--role", "admin", "--email", "per@usn.no", *common, "--password-stdin"]) == 0
    written = (tmp_path / "users.yaml").read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["users", "set", "per", "--email", "per@@usn.no", *common]) == 2
    assert "--email 'per@@usn.no': expected one e-mail address" in capsys.readouterr().err
    assert main(["users", "set", "ola", "--lang", "en", *common]) == 2
    assert "no user 'ola'" in capsys.readouterr().err
    assert main(["users", "set", "per", *common]) == 2
    assert "nothing to change: give --email ADDRESS, --no-email, --lang or --name" in capsys.readouterr().err
    assert (tmp_path / "users.yaml").read_text(encoding="utf-8") == written  # nothing written by a refusal
    with pytest.raises(SystemExit):  # both at once makes no sense
        main(["users", "set", "per", "--email", "per@usn.no", "--no-email", *common])
