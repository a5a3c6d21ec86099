"""A project as the funder's open data leaves it (issue 19): the grant declared, one owner, its PhD and postdoc
person-years as indicators, and nothing else: no work packages, no cost or funding plan, no ledger, no milestones,
no people: a funded row of the funder's open data, imported (monitor/portfolio/funded.py)."""

from __future__ import annotations

from pathlib import Path

import yaml

from monitor.access import users
from monitor.access.scope import local_user
from monitor.portfolio import applications, opendata

DECLARED = "226030"
# The users of a test's own users file whose scope is the declared project (the demo users' scope is mwinc).
DECLARED_LEADER = users.User("ingrid", "Ingrid Leder", "leader", (DECLARED,), password_hash="x")
DECLARED_VIEWER = users.User("vera", "Vera Leser", "viewer", (DECLARED,), password_hash="x")

SAMPLE = Path(__file__).parents[1] / "fixtures" / "rcn-open-data" / "projects.csv"


def add_declared_project(con) -> str:
    """Import project 226030 (Arctic Modernities, UiT, Avsluttet 2013-2016, granted 7 590 000, 4.82 PhD and 1.99
    postdoc person-years) from the open-data sample, as an admin would (DuckDB or PostgreSQL); its id."""
    records = [r for r in opendata.read_path(SAMPLE).records if r.number == DECLARED]
    applications.import_records(con, local_user("test"), records)
    return DECLARED


def config_with_users(tmp_path: Path, database: Path, root: Path) -> Path:
    """A copy of the shipped config.yaml pointed at `database`, whose users file holds DECLARED_LEADER and
    DECLARED_VIEWER beside the demo users (demo mode stays on, for the admin)."""
    values = yaml.safe_load((root / "config.yaml").read_text(encoding="utf-8"))
    users_file = tmp_path / "users.yaml"
    users.write_users(users_file, {u.username: u for u in (DECLARED_LEADER, DECLARED_VIEWER)})
    values["auth"]["users_file"] = str(users_file)
    values["database"]["path"] = str(database)
    values["database"]["seed_dir"] = str(root / "data" / "seed")
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(values, allow_unicode=True), encoding="utf-8")
    return path
