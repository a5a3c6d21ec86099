"""Shared fixtures: real DuckDB files built in tmp_path from seed folders, and AppTest helpers.

Fixtures are named by state (after sqlite-utils): `seed_dir` is a writable copy of the embedded
seed, `db_path` a database built from it, `con` an open connection to that database.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from monitor import config, db
from monitor.setup import seed

ROOT = Path(__file__).resolve().parent.parent
EMBEDDED_SEED = ROOT / "data" / "seed"
PROJECTS = ("integrate", "integration_day", "mwinc")  # every embedded project (the portfolio database)


@pytest.fixture
def settings() -> config.Config:
    return config.load(ROOT / "config.yaml", env={})


def copy_of_the_seed(tmp_path: Path) -> Path:
    """A writable copy of the embedded MW Inc seed folder in tmp_path/seed/mwinc."""
    target = tmp_path / "seed" / "mwinc"
    shutil.copytree(EMBEDDED_SEED / "mwinc", target)
    return target


@pytest.fixture
def seed_dir(tmp_path: Path) -> Path:
    """A writable copy of the embedded MW Inc seed folder (tests may break it on purpose)."""
    return copy_of_the_seed(tmp_path)


@pytest.fixture(scope="session")
def built_seeds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Databases already built this session, by what they were built from (see db_path)."""
    return {}


def _seed_fingerprint(seed_root: Path, settings: config.Config) -> str:
    """What a seed build depends on: every file of the seed folder and the settings (account mapping...)."""
    digest = hashlib.sha256(repr(sorted(settings.values.items(), key=str)).encode())
    for path in sorted(p for p in seed_root.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(seed_root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def database_of(seed_dir: Path, tmp_path: Path, settings: config.Config, built_seeds, tmp_path_factory) -> Path:
    """A database built from seed_dir. A seed already built this session with the same files and settings is
    copied instead of built again (building takes about a second, copying milliseconds)."""
    path = tmp_path / "monitor.duckdb"
    key = _seed_fingerprint(seed_dir.parent, settings)
    if key not in built_seeds:
        template = tmp_path_factory.mktemp("built") / "seed.duckdb"
        seed.build_database(template, seed_dir.parent, settings)
        built_seeds[key] = template
    shutil.copyfile(built_seeds[key], path)
    return path


@pytest.fixture
def db_path(tmp_path: Path, seed_dir: Path, settings: config.Config, built_seeds, tmp_path_factory) -> Path:
    """A database built from seed_dir (see database_of)."""
    return database_of(seed_dir, tmp_path, settings, built_seeds, tmp_path_factory)


@pytest.fixture(scope="session")
def every_project_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every embedded project (data/seed as it is) built once per session, for the folders and modules whose
    db_path is a copy of it (tests/ledger, tests/partners and their pages)."""
    path = tmp_path_factory.mktemp("every-project") / "monitor.duckdb"
    seed.build_database(path, EMBEDDED_SEED, config.load(ROOT / "config.yaml", env={}))
    return path


def copy_of(template: Path, tmp_path: Path) -> Path:
    """A test's own copy of a database built once (copying takes milliseconds, building seconds)."""
    return Path(shutil.copyfile(template, tmp_path / "monitor.duckdb"))


# The folders whose tests run on both engines: each test that takes `con` runs once on a DuckDB file and once on a
# PostgreSQL database (a throwaway cluster, see tests/postgres.py), with the same seed and the same expectations.
# Tests of what only DuckDB does (the ledger import's stage, backups of the file) stay on DuckDB.
BOTH_ENGINES = (
    "access",
    "budget",
    "cash",
    "changes",
    "effort",
    "ledger",
    "notify",
    "partners",
    "portfolio",
    "project",
    "registers",
    "reports",
    "schedule",
)
ENGINES = ("duckdb", "postgresql")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    folder = Path(str(metafunc.definition.path)).relative_to(ROOT / "tests").parts[0]
    if (
        "con" in metafunc.fixturenames
        and folder in BOTH_ENGINES
        and not metafunc.definition.get_closest_marker("duckdb_only")
    ):
        metafunc.parametrize("engine", ENGINES, indirect=True)


@pytest.fixture
def engine(request: pytest.FixtureRequest) -> str:
    """The engine a `con` test runs on: duckdb unless the test's folder runs on both (see BOTH_ENGINES)."""
    return getattr(request, "param", "duckdb")


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[str]:
    """One PostgreSQL cluster for the session (its URL), or a skip saying why there is none."""
    from tests import postgres

    missing = postgres.available()
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(missing + " — required under CI=true")
        pytest.skip(missing)
    with postgres.cluster() as url:
        yield url


@pytest.fixture(scope="session")
def pg_templates() -> dict[str, str]:
    """PostgreSQL template databases already loaded this session, by what they were loaded from (see db_path)."""
    return {}


@pytest.fixture
def con(engine: str, request: pytest.FixtureRequest):
    if engine == "postgresql":
        connection = _postgres_copy_of_the_seed(request)
        with db.session(connection):  # one server connection for the test, as a DuckDB connection is one
            yield connection
    else:
        connection = db.connect(request.getfixturevalue("db_path"))
        yield connection
    connection.close()


def _postgres_copy_of_the_seed(request: pytest.FixtureRequest) -> db.Connection:
    """A database of its own, created from a template loaded once per seed (CREATE DATABASE … TEMPLATE copies
    its files: milliseconds, where loading the seed takes a second)."""
    from tests import postgres

    cluster, settings = request.getfixturevalue("pg_cluster"), request.getfixturevalue("settings")
    seed_root = request.getfixturevalue("seed_dir").parent
    templates = request.getfixturevalue("pg_templates")
    key = _seed_fingerprint(seed_root, settings)
    if key not in templates:
        templates[key] = postgres.loaded_template(cluster, lambda store: seed.load_into(store, seed_root, settings))
    url = postgres.database_from(cluster, templates[key])
    request.addfinalizer(lambda: postgres.drop_database(cluster, url))
    return db.connect(url)


# The seed's submitted accounts reports (2021-2024) lock those years of mwinc, as the app does. Tests about
# something else that write figures dated in them (ledger files of 2023, in-kind hours, plan versions) reopen
# every year first, by their own SQL, as an admin would with a reason; tests/reports/test_locks.py tests the locks.
REOPEN_EVERY_YEAR = (
    "update year_lock set reopened_at = timestamp '2025-06-02 09:00:00', reopened_by = 'admin', "
    "reopen_reason = 'tests of something else than locked years', version = version + 1 where reopened_at is null"
)


def reopen_every_year(connection) -> None:
    connection.execute(REOPEN_EVERY_YEAR)


@pytest.fixture
def years_reopened(request: pytest.FixtureRequest) -> None:
    """Every locked year of the test's database reopened (see REOPEN_EVERY_YEAR): on `con` when the test takes it,
    else on the DuckDB file `db_path`."""
    if "con" in request.fixturenames:
        reopen_every_year(request.getfixturevalue("con"))
    elif "db_path" in request.fixturenames:
        connection = db.connect(request.getfixturevalue("db_path"))
        reopen_every_year(connection)
        connection.close()


def app_pointed_at(db_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Point the app at a test database and start (and end) with empty Streamlit caches."""
    import streamlit as st

    monkeypatch.setenv("MONITOR_DB", str(db_path))
    monkeypatch.setenv("MONITOR_CONFIG", str(ROOT / "config.yaml"))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield db_path
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def app_env(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    yield from app_pointed_at(db_path, monkeypatch)


@contextmanager
def held_by_another_process(path: Path) -> Iterator[subprocess.Popen]:
    """Another process (as the running app would) holds the DuckDB file open until the block ends."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, time\ncon = duckdb.connect({str(path)!r})\nprint('ready', flush=True)\ntime.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        yield holder
    finally:
        holder.kill()
        holder.wait()


@pytest.fixture
def good_backup(con, db_path: Path, settings: config.Config) -> Path:
    """A verified backup of db_path, made before a test damages the file (the connection is closed)."""
    from monitor.ledger import backup

    made = backup.create(con, db_path, settings, reason="manual")
    con.close()
    return made


# The three embedded projects (MW Inc, INTEGRATE, Integration Day) in one database, built once per session;
# each test gets a copy (building takes seconds, copying milliseconds).


@pytest.fixture(scope="session")
def portfolio_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("portfolio")
    for project in PROJECTS:
        shutil.copytree(EMBEDDED_SEED / project, folder / "seed" / project)
    path = folder / "template.duckdb"
    seed.build_database(path, folder / "seed", config.load(ROOT / "config.yaml", env={}))
    return path


@pytest.fixture
def portfolio_db(tmp_path: Path, portfolio_template: Path) -> Path:
    path = tmp_path / "portfolio.duckdb"
    shutil.copyfile(portfolio_template, path)
    return path


@pytest.fixture
def pcon(portfolio_db: Path):
    connection = db.connect(portfolio_db)
    yield connection
    connection.close()


@pytest.fixture
def portfolio_app(portfolio_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The app pointed at the three-project database, with empty Streamlit caches."""
    yield from app_pointed_at(portfolio_db, monkeypatch)


@pytest.fixture(scope="module")
def shared_con(tmp_path_factory):
    """A database built once per module, for tests that only read (building one takes about a second)."""
    folder = tmp_path_factory.mktemp("shared")
    shutil.copytree(EMBEDDED_SEED / "mwinc", folder / "seed" / "mwinc")
    path = folder / "monitor.duckdb"
    seed.build_database(path, folder / "seed", config.load(ROOT / "config.yaml", env={}))
    connection = db.connect(path)
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def example_888(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Tax Administration's 888888888 example with its dates moved into mwinc's period (helpers)."""
    from tests.ledger.helpers import EXAMPLE_888, moved_into_period

    return moved_into_period(EXAMPLE_888, tmp_path_factory.mktemp("in-period"))
