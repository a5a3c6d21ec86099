"""Browser tests: `streamlit run` on a free port, driven by Playwright with Debian's Chromium.

Without /usr/bin/chromium the tests skip and say why; under CI=true a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("MONITOR_CHROMIUM", "/usr/bin/chromium")


RUNNING_LOGS: list[Path] = []  # the server logs of the apps running now


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed browser test shows what its servers logged after an exception (the browser only shows
    Streamlit's redacted "This app has encountered an error")."""
    report = yield
    if report.when == "call" and report.failed:
        for log in RUNNING_LOGS:
            text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
            start = min((i for i in (text.find("Traceback"), text.find("Uncaught")) if i >= 0), default=-1)
            if start >= 0:
                report.sections.append((f"server log {log}", text[start:][-6000:]))
    return report


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if Path(CHROMIUM).exists():
        return CHROMIUM
    reason = f"no Chromium at {CHROMIUM}: install Debian's chromium package (apt-get install chromium)"
    if os.environ.get("CI") == "true":
        pytest.fail(reason + " — required under CI=true")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, chromium_path):
    return {
        **browser_type_launch_args,
        "executable_path": chromium_path,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"{url} did not become healthy in {timeout} s")


@pytest.fixture(scope="session")
def app_url(tmp_path_factory, chromium_path):
    """A running app on a database built from the embedded seed in a temporary folder."""
    yield from running_app(tmp_path_factory.mktemp("browser"))


@pytest.fixture
def fresh_app_url(tmp_path_factory, chromium_path):
    """A newly started app that no session has used yet."""
    yield from running_app(tmp_path_factory.mktemp("fresh"))


@pytest.fixture
def postgresql_app_url(tmp_path_factory, chromium_path, pg_cluster):
    """A newly started app on a PostgreSQL database that holds the embedded seed (issue 15)."""
    from tests import postgres

    url = postgres.database_from(pg_cluster, "template0")
    yield from running_app(tmp_path_factory.mktemp("postgresql"), database_url=url)


@pytest.fixture
def damaged_app_url(tmp_path_factory, chromium_path):
    """A newly started app on a database cut short after a backup was made (issue 13, case 5)."""
    yield from running_app(tmp_path_factory.mktemp("damaged"), damage=_backed_up_then_cut)


def _backed_up_then_cut(db_path: Path) -> None:
    from monitor import config, db
    from monitor.ledger import backup

    con = db.connect(db_path)
    backup.create(con, db_path, config.load(ROOT / "config.yaml", env={}), reason="manual")
    con.close()
    with db_path.open("r+b") as file:
        file.truncate(4096)


def running_app(folder: Path, damage=None, database_url: str | None = None):
    from monitor import config
    from monitor.setup import seed

    db_path = folder / "monitor.duckdb"
    seed.build_database(db_path, ROOT / "data" / "seed", config.load(ROOT / "config.yaml", env={}))
    if damage:
        damage(db_path)
    port = free_port()
    env = {**os.environ, "MONITOR_DB": str(db_path), "MONITOR_CONFIG": str(ROOT / "config.yaml")}
    if database_url:  # the app loads the seed into the empty server database on its first start
        env.pop("MONITOR_DB")
        env["MONITOR_DATABASE_URL"] = database_url
    streamlit = shutil.which("streamlit", path=str(Path(sys.executable).parent)) or "streamlit"
    process = subprocess.Popen(
        [
            streamlit,
            "run",
            str(ROOT / "dashboard.py"),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--server.fileWatcherType",
            "none",
        ],
        cwd=ROOT,
        env=env,
        stdout=(folder / "server.log").open("w"),
        stderr=subprocess.STDOUT,
    )  # kept for a failure
    RUNNING_LOGS.append(folder / "server.log")
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process)
        yield url
    finally:
        RUNNING_LOGS.remove(folder / "server.log")
        process.terminate()
        process.wait(timeout=20)
