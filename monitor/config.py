"""config.yaml -> validated settings.

Every setting is declared once in SETTINGS with its default and help text; the README's
configuration reference is checked against this list by a test. Unknown keys are rejected
so that a typo never silently falls back to a default.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from monitor import config_rules
from monitor.codes import COST_CATEGORIES

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG_PATH = ROOT / "config.yaml"


class ConfigError(ValueError):
    """A bad configuration file; the message names the file, the key and the value."""


@dataclass(frozen=True)
class Setting:
    key: str
    default: Any
    help: str
    check: Callable[[Any], str | None] = field(default=lambda value: None)


def _is_int(low: int, high: int) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int):
            return "expected a whole number"
        if not low <= value <= high:
            return f"expected a whole number from {low} to {high}"
        return None

    return check


def _is_text(value: Any) -> str | None:
    return None if isinstance(value, str) and value.strip() else "expected non-empty text"


def _is_choice(*choices: str) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        return None if value in choices else f"expected one of {', '.join(choices)}"

    return check


def _is_optional_url(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.startswith(("postgresql://", "postgres://")):
        return "expected a postgresql:// URL"
    if re.match(r"^postgres(ql)?://[^/@]*:[^/@]*@", value):
        return "the password must not be in the file: use PGPASSWORD or ~/.pgpass"
    return None


def _is_bool(value: Any) -> str | None:
    return None if isinstance(value, bool) else "expected true or false"


def _is_optional_date(value: Any) -> str | None:
    if value is None or isinstance(value, dt.date):
        return None
    try:
        dt.date.fromisoformat(str(value))
    except ValueError:
        return "expected a date as YYYY-MM-DD, or null for today"
    return None


def _is_account_range(value: Any) -> str | None:
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value)):
        return "expected [first, last] account numbers"
    return None if value[0] <= value[1] else "expected first <= last"


def _is_mapping(value: Any) -> str | None:
    if not isinstance(value, dict) or "default" not in value:
        return "expected a map of project id (and 'default') to a list of rules"
    for project, rules in value.items():
        if not isinstance(rules, list):
            return f"{project}: expected a list of rules"
        for number, rule in enumerate(rules, start=1):
            problem = _rule_problem(rule)
            if problem:
                return f"{project}, rule {number}: {problem}"
    return None


def _rule_problem(rule: Any) -> str | None:
    if not isinstance(rule, dict) or set(rule) != {"accounts", "category"}:
        return "expected {accounts: '5000-5999', category: personnel_indirect}"
    if rule["category"] not in COST_CATEGORIES:
        return f"unknown category {rule['category']!r}"
    first, _, last = str(rule["accounts"]).partition("-")
    if not first.strip().isdigit() or (last and not last.strip().isdigit()):
        return f"accounts {rule['accounts']!r} is not 'NNNN' or 'NNNN-NNNN'"
    return None


DEFAULT_MAPPING = {
    "default": [
        {"accounts": "1200-1299", "category": "equipment"},
        {"accounts": "4000-4999", "category": "other_operating"},
        {"accounts": "5000-5999", "category": "personnel_indirect"},
        {"accounts": "6500-6599", "category": "equipment"},
        {"accounts": "6000-7999", "category": "other_operating"},
    ]
}

SETTINGS: tuple[Setting, ...] = (
    Setting(
        "database.path",
        "data/monitor.duckdb",
        "DuckDB file; relative paths are relative to config.yaml. MONITOR_DB overrides it.",
        _is_text,
    ),
    Setting(
        "database.engine",
        "duckdb",
        "duckdb (the embedded file, database.path) or postgresql (a server, database.url).",
        _is_choice("duckdb", "postgresql"),
    ),
    Setting(
        "database.url",
        None,
        "PostgreSQL connection URL without the password (postgresql://user@host:5432/dbname); the password "
        "comes from PGPASSWORD or ~/.pgpass, never from this file. MONITOR_DATABASE_URL overrides it.",
        _is_optional_url,
    ),
    Setting(
        "database.seed_dir",
        "data/seed",
        "Folder of seed projects (one sub-folder each) that builds the database when the file is missing.",
        _is_text,
    ),
    Setting("app.default_project", "mwinc", "Project shown first when the URL names none.", _is_text),
    Setting("app.language", "nb", "Language of the interface and exports: nb (bokmål) or en.", _is_choice("nb", "en")),
    Setting(
        "app.as_of",
        None,
        "Default as-of date (YYYY-MM-DD) for status figures; null means today, or a project's end date "
        "once it has ended.",
        _is_optional_date,
    ),
    Setting(
        "status.look_ahead_days",
        90,
        "Milestones and deliverables due within this many days count as upcoming.",
        _is_int(1, 730),
    ),
    Setting(
        "status.at_risk_deviation_pct",
        10,
        "A work package is at risk when its spend share deviates from its time share by more than this.",
        _is_int(0, 100),
    ),
    Setting(
        "status.off_track_deviation_pct",
        25,
        "A work package is off track when its spend share deviates from its time share by more than this.",
        _is_int(0, 1000),
    ),
    Setting(
        "status.off_track_overdue_days",
        60,
        "A work package is off track when an item is overdue by more than this many days.",
        _is_int(0, 3650),
    ),
    Setting(
        "accounts.cost_range",
        [4000, 7999],
        "Accounts in this range are costs; ledger lines on other accounts are skipped.",
        _is_account_range,
    ),
    Setting(
        "accounts.mapping",
        DEFAULT_MAPPING,
        "Account -> cost category rules per project id (first match wins), then 'default'.",
        _is_mapping,
    ),
    Setting(
        "import.dimension",
        config_rules.DEFAULT_DIMENSIONS,
        "SAF-T analysis dimension 'TYPE:ID' per project id whose ledger lines are the project's.",
        config_rules.check_dimensions,
    ),
    Setting("import.max_file_mb", 1024, "Largest ledger file accepted for import, in MB.", _is_int(1, 100_000)),
    Setting(
        "import.backup_dir",
        "backups",
        "Folder of database backups made before each committed import; relative to the database's folder.",
        _is_text,
    ),
    Setting("import.backup_keep", 5, "How many database backups to keep (the oldest are deleted).", _is_int(1, 1000)),
    Setting(
        "import.csv_columns",
        config_rules.DEFAULT_CSV_COLUMNS,
        "CSV/Excel header name(s) per ledger field (date, account, amount or debit/credit, text, voucher...).",
        config_rules.check_columns,
    ),
    Setting(
        "import.csv_encoding",
        "auto",
        "CSV encoding: auto (UTF-8 with or without BOM, else Windows-1252), utf-8 or cp1252.",
        config_rules.check_encoding,
    ),
    Setting(
        "auth.users_file",
        "users.yaml",
        "Users with bcrypt password hashes (git-ignored); relative to config.yaml. Managed by `monitor users`.",
        _is_text,
    ),
    Setting(
        "auth.demo_mode",
        True,
        "Demo users (leader, admin, nav, nho, reader; password 'demo') may log in. Off in production: the app "
        "then refuses to start while a user still has the demo password.",
        _is_bool,
    ),
    Setting(
        "auth.session_timeout_minutes",
        60,
        "A session ends after this many minutes without activity.",
        _is_int(1, 24 * 60),
    ),
    Setting(
        "auth.max_failed_logins", 5, "Failed logins of one user name before it is locked for a while.", _is_int(1, 100)
    ),
    Setting(
        "auth.lockout_minutes",
        15,
        "How long a user name stays locked after too many failed logins.",
        _is_int(1, 24 * 60),
    ),
    Setting(
        "inkind.rates_by_sector",
        config_rules.DEFAULT_RATES_BY_SECTOR,
        "Hourly rate (NOK) of in-kind hours per partner sector (UH, institute, public, private, NGO, foreign).",
        config_rules.check_rates_by_sector,
    ),
    Setting(
        "inkind.rates_by_partner",
        {},
        "Hourly rate (NOK) of in-kind hours per partner id; overrides the sector's rate.",
        config_rules.check_rates_by_partner,
    ),
    Setting(
        "report.progress_due", "10-01", "Progress report deadline each year, as MM-DD.", config_rules.check_month_day
    ),
    Setting(
        "report.accounts_due",
        "01-20",
        "Project accounts deadline (MM-DD) in the year after the accounts' year.",
        config_rules.check_month_day,
    ),
    Setting(
        "report.final_due_months", 1, "Final report deadline: this many months after the project ends.", _is_int(0, 24)
    ),
    Setting(
        "payments.mode",
        "automatic",
        "How the funder pays a project: automatic (three times a year, in payments.weeks) or invoice (an invoice "
        "with a cost specification per tertial, paid payments.invoice_days after the tertial).",
        _is_choice(*config_rules.PAYMENT_MODES),
    ),
    Setting(
        "payments.mode_by_project",
        config_rules.DEFAULT_MODE_BY_PROJECT,
        "Payment mode per project id (automatic or invoice); overrides payments.mode.",
        config_rules.check_mode_by_project,
    ),
    Setting(
        "payments.weeks",
        config_rules.DEFAULT_PAYMENT_WEEKS,
        "ISO weeks of the automatic payments, one per tertial (T1 Jan-Apr, T2 May-Aug, T3 Sep-Dec): paid on "
        "that week's Monday.",
        config_rules.check_payment_weeks,
    ),
    Setting(
        "payments.invoice_days",
        30,
        "Days from a tertial's end to the payment on its invoice, and from the final report deadline to the "
        "final payment.",
        _is_int(0, 365),
    ),
    Setting(
        "changes.no_request_below",
        10000,
        "A re-plan moving less than this many NOK needs no change request (the Research Council's rule); the "
        "Budget page saves it as a new plan version directly, and a change request moving less is refused.",
        _is_int(0, 1_000_000_000),
    ),
    Setting(
        "changes.move_windows",
        config_rules.DEFAULT_MOVE_WINDOWS,
        "When a change request moving funds from year Y to a later year may be submitted: same_year [first, last] "
        "days (MM-DD) in Y (or any day before Y), next_year [first, last] in Y+1.",
        config_rules.check_move_windows,
    ),
    Setting(
        "report.amount_unit",
        "nok",
        "Default unit of report amounts: nok (kroner and øre), nok_whole (whole kroner) or knok (NOK 1,000).",
        _is_choice("nok", "nok_whole", "knok"),
    ),
    # A deviation is flagged when it passes BOTH: a share alone flags large misses on small lines, an amount
    # alone ordinary noise on large ones (see monitor.budget.explanations.Threshold).
    Setting(
        "deviations.threshold_pct",
        10,
        "A year's deviation of a cost category from the plan needs an explanation when it exceeds this share "
        "of the plan (per cent) and threshold_amount both.",
        _is_int(0, 1000),
    ),
    Setting(
        "deviations.threshold_amount",
        50000,
        "A year's deviation of a cost category from the plan needs an explanation when it exceeds this many NOK "
        "and threshold_pct both.",
        _is_int(0, 10**12),
    ),
    # E-mail reminders (`python -m monitor remind`): the SMTP server the digests go through. The password is never
    # in this file: mail.password_env names the environment variable that holds it.
    Setting(
        "mail.host",
        None,
        "SMTP server that sends the reminder e-mails (`monitor remind`); null: no e-mail is sent (remind exits 2).",
        config_rules.check_optional_text,
    ),
    Setting("mail.port", 587, "SMTP port: 587 for starttls, 465 for ssl, 25 for none.", _is_int(1, 65535)),
    Setting(
        "mail.security",
        "starttls",
        "How the connection to the SMTP server is protected: starttls (upgrade after connecting), ssl (TLS from "
        "the start) or none (a relay on the same machine only).",
        _is_choice(*config_rules.MAIL_SECURITY),
    ),
    Setting(
        "mail.user",
        None,
        "User name to log in to the SMTP server with; null: no login.",
        config_rules.check_optional_text,
    ),
    Setting(
        "mail.password_env",
        config_rules.DEFAULT_PASSWORD_ENV,
        "NAME of the environment variable that holds the SMTP password (used when mail.user is set); the "
        "password itself is never in this file.",
        config_rules.check_env_name,
    ),
    Setting(
        "mail.sender",
        None,
        "From address of the reminder e-mails, such as monitor@usn.no; must be set before remind sends.",
        config_rules.check_optional_address,
    ),
    Setting(
        "mail.timeout_seconds",
        30,
        "Seconds to wait for the SMTP server before a send counts as failed (and is retried next run).",
        _is_int(1, 600),
    ),
    Setting(
        "mail.app_url",
        "http://localhost:8501",
        "The app's address as users open it; each item in a reminder e-mail links to its page there.",
        config_rules.check_app_url,
    ),
    # What a user hears about (monitor/notify/rules.py): every rule on by default, each user choosing which they
    # receive (the Notifications page), each project overriding any of them under notify.by_project.
    Setting(
        "notify.deadline_offsets",
        config_rules.DEFAULT_DEADLINE_OFFSETS,
        "Reminders this many days before a deadline (funder reports, milestones, deliverables), each from that "
        "day until the next one takes over, and one from the day after a missed report; an empty list: off.",
        config_rules.check_deadline_offsets,
    ),
    Setting(
        "notify.budget_thresholds",
        config_rules.DEFAULT_BUDGET_THRESHOLDS,
        "Say when the spent share of the current year's plan, or of the whole project's plan, reaches each of "
        "these per cents; an empty list switches it off.",
        config_rules.check_budget_thresholds,
    ),
    Setting(
        "notify.forecast_over_budget",
        True,
        "Say when the forecast at completion (the Overview's) is over the budget.",
        config_rules.check_switch,
    ),
    Setting(
        "notify.overdue",
        True,
        "Say when a milestone or deliverable is past its due date and not done.",
        config_rules.check_switch,
    ),
    Setting(
        "notify.approval_days",
        7,
        "Remind leaders of in-kind reports and month hours waiting for a decision longer than this many days; "
        "null switches it off.",
        config_rules.check_approval_days,
    ),
    Setting(
        "notify.inkind_rejected",
        True,
        "Tell a partner's users when one of its in-kind reports was rejected, with the reason.",
        config_rules.check_switch,
    ),
    Setting(
        "notify.by_project",
        {},
        "Per project id, any of the notify settings above by their last name (deadline_offsets, "
        "budget_thresholds, forecast_over_budget, overdue, approval_days, inkind_rejected); overrides them.",
        config_rules.check_notify_by_project,
    ),
)

SETTINGS_BY_KEY = {setting.key: setting for setting in SETTINGS}


@dataclass(frozen=True)
class Config:
    """Validated settings. Look values up by their dotted key: config["status.look_ahead_days"]."""

    values: dict[str, Any]
    source: Path | None = None

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    @property
    def db_path(self) -> Path:
        return self._resolve(self.values["database.path"])

    @property
    def store(self) -> str:
        """Where the data lives, as db.connect takes it: the DuckDB file's path, or the PostgreSQL URL."""
        return self.values["database.url"] if self.values["database.engine"] == "postgresql" else str(self.db_path)

    @property
    def users_file(self) -> Path:
        return self._resolve(self.values["auth.users_file"])

    @property
    def seed_dir(self) -> Path:
        return self._resolve(self.values["database.seed_dir"])

    @property
    def as_of_default(self) -> dt.date | None:
        value = self.values["app.as_of"]
        return value if isinstance(value, dt.date) or value is None else dt.date.fromisoformat(value)

    def _resolve(self, value: str) -> Path:
        path = Path(value).expanduser()
        base = self.source.parent if self.source else ROOT
        return path if path.is_absolute() else base / path


def defaults() -> Config:
    return Config({s.key: s.default for s in SETTINGS})


def load(path: Path | str | None = None, env: dict[str, str] | None = None) -> Config:
    """Read config.yaml (MONITOR_CONFIG overrides the path, MONITOR_DB the database path)."""
    env = os.environ if env is None else env
    path = Path(path or env.get("MONITOR_CONFIG") or DEFAULT_CONFIG_PATH)
    raw = _read_yaml(path) if path.exists() else {}
    values = {s.key: s.default for s in SETTINGS}
    values.update(_flatten(raw, path))
    for key, value in values.items():
        problem = SETTINGS_BY_KEY[key].check(value)
        if problem:
            raise ConfigError(f"{path}: {key}: {problem} (got {value!r})")
    if env.get("MONITOR_DB"):
        values["database.path"] = str(Path(env["MONITOR_DB"]).resolve())
    if env.get("MONITOR_DATABASE_URL"):  # a URL from the environment may carry its password (a secret store)
        values["database.url"], values["database.engine"] = env["MONITOR_DATABASE_URL"], "postgresql"
    if values["database.engine"] == "postgresql" and not values["database.url"]:
        raise ConfigError(
            f"{path}: database.engine is postgresql but database.url (or MONITOR_DATABASE_URL) is not set"
        )
    return Config(values, path.resolve())


class _TextDatesLoader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text, so a bad date is reported with its key, not as a YAML error."""


_TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_TextDatesLoader) or {}  # noqa: S506 (safe loader)
    except yaml.YAMLError as error:
        raise ConfigError(f"{path}: not valid YAML: {error}") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: expected sections such as 'database:' at the top level")
    return raw


def _flatten(raw: dict[str, Any], path: Path) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for section, body in raw.items():
        if not isinstance(body, dict):
            raise ConfigError(f"{path}: {section}: expected a section of settings (got {body!r})")
        for name, value in body.items():
            key = f"{section}.{name}"
            if key not in SETTINGS_BY_KEY:
                shown = "a value not shown here" if "password" in name.lower() else repr(value)  # a secret stays unsaid
                raise ConfigError(f"{path}: {key}: unknown setting (got {shown})")
            flat[key] = value
    return flat
