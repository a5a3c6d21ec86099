"""A throwaway PostgreSQL cluster for the tests: Debian's PostgreSQL binaries, `initdb` and `pg_ctl` in a
temporary folder, listening on 127.0.0.1 only, trust authentication, stopped and deleted afterwards.

PostgreSQL refuses to run as root; under root (CI's container) the server runs as the unprivileged `postgres`
user Debian's package creates. Without the binaries the PostgreSQL half of the suite skips and says why (under
CI=true that is a failure: .ci/run installs them)."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

BIN = Path(os.environ.get("MONITOR_PG_BIN", "/usr/lib/postgresql/15/bin"))


def available() -> str | None:
    """None when a cluster can be started here, else why not."""
    if not (BIN / "initdb").exists():
        return f"no PostgreSQL at {BIN}: install Debian's postgresql package (apt-get install postgresql)"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root without runuser: cannot start PostgreSQL as an unprivileged user"
    return None


def _as_server_user(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def cluster() -> Iterator[str]:
    """Start a cluster; yields the URL of its `postgres` database (user postgres, no password)."""
    folder = Path(tempfile.mkdtemp(prefix="monitor-pg-"))
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    port = _free_port()
    run = lambda *command: subprocess.run(_as_server_user([str(c) for c in command]), check=True, capture_output=True)  # noqa: E731
    run(BIN / "initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--locale=C.UTF-8")
    options = (
        f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={folder} -c fsync=off -c TimeZone=UTC"
    )
    run(BIN / "pg_ctl", "-D", data, "-o", options, "-w", "-l", folder / "server.log", "start")
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            _as_server_user([str(BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            check=False,
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)


def _admin(cluster_url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(cluster_url, autocommit=True) as connection:
        connection.execute(statement)


def _database_url(cluster_url: str, name: str) -> str:
    return cluster_url.rsplit("/", 1)[0] + "/" + name


def loaded_template(cluster_url: str, load) -> str:
    """A new database, migrated and filled by `load(store)`, then closed so that it can serve as a template.
    Returns its name."""
    from monitor import db

    name = f"template_{uuid.uuid4().hex[:12]}"
    _admin(cluster_url, f"create database {name}")
    store = db.connect(_database_url(cluster_url, name))
    try:
        load(store)
    finally:
        store.close()
    return name


def database_from(cluster_url: str, template: str) -> str:
    """A test's own database, a copy of the template; its URL."""
    name = f"test_{uuid.uuid4().hex[:12]}"
    _admin(cluster_url, f"create database {name} template {template}")
    return _database_url(cluster_url, name)


def drop_database(cluster_url: str, url: str) -> None:
    _admin(cluster_url, f"drop database if exists {url.rsplit('/', 1)[1]} with (force)")
