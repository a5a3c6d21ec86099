"""A project as the funder's open data leaves it (issue 19): the grant declared, one owner, its PhD and postdoc
person-years as indicators, and nothing else: no work packages, no cost or funding plan, no ledger, no milestones,
no people. The lead engineer swaps `add_declared_project` for the real import once it exists."""

from __future__ import annotations

from pathlib import Path

import yaml

from monitor.access import users

DECLARED = "225873"
TITLE = "Fra skole til arbeid: æ, ø og å"
# The users of a test's own users file whose scope is the declared project (the demo users' scope is mwinc).
DECLARED_LEADER = users.User("ingrid", "Ingrid Leder", "leader", (DECLARED,), password_hash="x")
DECLARED_VIEWER = users.User("vera", "Vera Leser", "viewer", (DECLARED,), password_hash="x")

_ROWS = (  # literal SQL (the values above, written out), the same on DuckDB and PostgreSQL
    "insert into project (project_id, acronym, name_en, name_nb, funder, funder_nb, programme, funder_ref, "
    "start_date, end_date, owner_partner_id, leader, declared_total, declared_funder, declared_own, is_sample_data) "
    "values ('225873', '225873', 'Fra skole til arbeid: æ, ø og å', 'Fra skole til arbeid: æ, ø og å', "
    "'Research Council of Norway', 'Norges forskningsråd', 'FRIPRO', '225873', date '2013-01-01', "
    "date '2016-12-31', 'owner', null, 8000000.00, 8000000.00, null, false)",
    "insert into partner (project_id, partner_id, name, short_name, org_number, sector, role) "
    "values ('225873', 'owner', 'Universitetet i Bergen', 'UiB', '874789542', 'UH', 'project_owner')",
    "insert into indicator (project_id, indicator_id, name_en, name_nb, unit, target) "
    "values ('225873', 'phd_years', 'PhD person-years', 'Doktorgradsstipendiat-årsverk', 'person-years', 3.00)",
    "insert into indicator (project_id, indicator_id, name_en, name_nb, unit, target) "
    "values ('225873', 'postdoc_years', 'Postdoc person-years', 'Postdoktor-årsverk', 'person-years', 1.50)",
)


def add_declared_project(con) -> str:
    """Add the declared-only project 225873 to an open database (DuckDB or PostgreSQL); its id."""
    for statement in _ROWS:
        con.execute(statement)
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
