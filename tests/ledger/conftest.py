"""Importer tests start from a copy of one database built once per session from the embedded seed:
building it takes seconds, copying it milliseconds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from monitor import config
from monitor.setup import seed
from tests.conftest import EMBEDDED_SEED, ROOT


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.duckdb"
    seed.build_database(path, EMBEDDED_SEED, config.load(ROOT / "config.yaml", env={}))
    return path


@pytest.fixture
def db_path(tmp_path: Path, seeded_template: Path) -> Path:
    path = tmp_path / "monitor.duckdb"
    shutil.copyfile(seeded_template, path)
    return path


@pytest.fixture(scope="session")
def example_888(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Tax Administration's 888888888 example with its dates moved into mwinc's period (helpers)."""
    from tests.importers.helpers import EXAMPLE_888, moved_into_period

    return moved_into_period(EXAMPLE_888, tmp_path_factory.mktemp("in-period"))
