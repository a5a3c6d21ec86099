"""A database built once per module, for tests that only read (building one takes about a second)."""

import shutil

import pytest

from monitor import config, db
from monitor.setup import seed
from tests.conftest import EMBEDDED_SEED, ROOT


@pytest.fixture(scope="module")
def shared_con(tmp_path_factory):
    folder = tmp_path_factory.mktemp("shared")
    shutil.copytree(EMBEDDED_SEED / "mwinc", folder / "seed" / "mwinc")
    path = folder / "monitor.duckdb"
    seed.build_database(path, folder / "seed", config.load(ROOT / "config.yaml", env={}))
    connection = db.connect(path)
    yield connection
    connection.close()
