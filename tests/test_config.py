"""Settings (monitor/config.py): the shipped file, defaults, bad values named, paths, and the README's table."""

import re
from pathlib import Path

import pytest

from monitor import config

ROOT = Path(__file__).resolve().parent.parent


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_config_loads_with_the_declared_defaults():
    settings = config.load(ROOT / "config.yaml", env={})
    for setting in config.SETTINGS:
        assert settings[setting.key] == setting.default, setting.key


def test_a_missing_file_means_defaults(tmp_path):
    settings = config.load(tmp_path / "absent.yaml", env={})
    assert settings["status.look_ahead_days"] == 90
    assert settings.db_path == tmp_path / "data" / "monitor.duckdb"


@pytest.mark.parametrize(
    "text, names",
    [
        ("status:\n  look_ahead_days: soon\n", ["status.look_ahead_days", "soon"]),
        ("status:\n  look_ahead_days: -5\n", ["status.look_ahead_days", "-5"]),
        ("app:\n  language: de\n", ["app.language", "de"]),
        ("app:\n  as_of: 2025-02-31\n", ["app.as_of", "2025-02-31"]),
        ("app:\n  colour: blue\n", ["app.colour", "unknown setting"]),
        ("status: 5\n", ["status", "expected a section"]),
        ("accounts:\n  cost_range: [7999, 4000]\n", ["accounts.cost_range", "first <= last"]),
        (
            "accounts:\n  mapping: {default: [{accounts: '5000-5999', category: salaries}]}\n",
            ["accounts.mapping", "salaries"],
        ),
        ("accounts:\n  mapping: {mwinc: []}\n", ["accounts.mapping", "default"]),
        ("database: [unclosed\n", ["not valid YAML"]),
    ],
)
def test_a_bad_config_names_the_key_and_the_value(tmp_path, text, names):
    path = write(tmp_path, text)
    with pytest.raises(config.ConfigError) as raised:
        config.load(path, env={})
    message = str(raised.value)
    assert str(path) in message
    for name in names:
        assert name in message


def test_environment_overrides_the_paths(tmp_path):
    path = write(tmp_path, "status:\n  look_ahead_days: 30\n")
    settings = config.load(env={"MONITOR_CONFIG": str(path), "MONITOR_DB": str(tmp_path / "other.duckdb")})
    assert settings["status.look_ahead_days"] == 30
    assert settings.db_path == tmp_path / "other.duckdb"


def test_relative_paths_are_relative_to_the_config_file(tmp_path):
    settings = config.load(write(tmp_path, "database:\n  path: db/x.duckdb\n"), env={})
    assert settings.db_path == tmp_path / "db" / "x.duckdb"


def _readme_rows() -> dict[str, tuple[str, str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text.split("<!-- config-reference:start -->")[1].split("<!-- config-reference:end -->")[0]
    rows = re.findall(r"^\| `([^`]+)` \| (.+?) \| (.+?) \|$", table, re.MULTILINE)
    return {key: (default, help_text) for key, default, help_text in rows}


def test_readme_documents_every_setting_with_its_default():
    rows = _readme_rows()
    assert set(rows) == {s.key for s in config.SETTINGS}
    for setting in config.SETTINGS:
        default, _ = rows[setting.key]
        if isinstance(setting.default, dict):
            continue  # structured defaults are shown in config.yaml
        shown = "null" if setting.default is None else str(setting.default).replace("'", "")
        assert default == f"`{shown}`", setting.key


def test_config_yaml_declares_nothing_unknown():
    # load() refuses unknown keys, so loading the shipped file proves every key in it is declared.
    assert config.load(ROOT / "config.yaml", env={}).source == (ROOT / "config.yaml").resolve()


@pytest.mark.parametrize(
    "section, problem",
    [
        ("rates_by_sector: {UH: 1000, municipal: 800}", "unknown sector"),
        ("rates_by_sector: {public: -5}", "positive"),
        ("rates_by_partner: {nav_vt: 800.123}", "two decimals"),
        ("rates_by_partner: [800]", "map"),
    ],
)
def test_bad_rate_settings_are_refused(tmp_path, section, problem):
    path = tmp_path / "config.yaml"
    path.write_text(f"inkind:\n  {section}\n", encoding="utf-8")
    with pytest.raises(config.ConfigError, match=problem):
        config.load(path, env={})
