"""Does the database answer a query? What a process supervisor asks through `python -m monitor health`.

DuckDB lets one process open the file, and while the app runs, that process is the app: `monitor health`
cannot open the database beside it, and Streamlit's own `/_stcore/health` only says the web server is up.
So the app asks the database itself, every HEARTBEAT_SECONDS in a background thread, and writes the answer
to `<database>.health.json` (process id, time, ok or the error). `monitor health`:

- when no process holds the database, opens it read-only and runs the query itself;
- when one does, believes the status file only if the holding process wrote it and it is fresh (a stuck or
  dead app stops writing it), and answers with what it says.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from monitor import db

HEARTBEAT_SECONDS = 10
STALE_SECONDS = 60
OK, DAMAGED, INVALIDATED, FAILED = "ok", "damaged", "invalidated", "failed"

log = logging.getLogger("consortium_monitor")


def status_path(db_path: Path | str) -> Path:
    return Path(f"{db_path}.health.json")


def probe(con: db.Connection) -> None:
    """The query that proves the database answers: the schema version and the projects."""
    db.execute(con, "health_probe")


def state_of(error: BaseException) -> str:
    if db.is_invalidated(error):
        return INVALIDATED
    return DAMAGED if db.is_damage(error) or isinstance(error, db.DatabaseDamaged) else FAILED


def write_status(db_path: Path | str, state: str, detail: str | None = None) -> None:
    """Written whole under a temporary name and renamed, so a reader never sees half a file."""
    target = status_path(db_path)
    body = {"pid": os.getpid(), "checked_at": dt.datetime.now(dt.UTC).isoformat(), "state": state, "detail": detail}
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".health-")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(body, out)
    os.replace(temporary, target)


def read_status(db_path: Path | str) -> dict | None:
    try:
        return json.loads(status_path(db_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


class Heartbeat:
    """The app's side: probe the open database now and every `interval` seconds, writing the status file."""

    def __init__(self, db_path: Path | str, con: db.Connection, interval: float = HEARTBEAT_SECONDS):
        self.db_path, self.con, self.interval = Path(db_path), con, interval
        self._stop = threading.Event()
        self.beat()
        self._thread = threading.Thread(target=self._run, name="monitor-heartbeat", daemon=True)
        self._thread.start()

    def beat(self) -> str:
        try:
            cursor = self.con.cursor()  # its own cursor: the sessions' cursors are busy on other threads
            try:
                probe(cursor)
            finally:
                cursor.close()
        except Exception as error:  # any failure is the answer, written for the supervisor to read
            state = state_of(error)
            log.error("health check of %s failed (%s): %s", self.db_path, state, db.first_line(error))
            write_status(self.db_path, state, db.first_line(error))
            return state
        write_status(self.db_path, OK)
        return OK

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.beat()

    def stop(self) -> None:
        self._stop.set()


@dataclass(frozen=True)
class Answer:
    ok: bool
    message: str
    damaged: db.DatabaseDamaged | None = None


def check(db_path: Path | str, max_age: float = STALE_SECONDS) -> Answer:
    """The health of the database at db_path, asked directly or, while the app holds it, through its status.
    A PostgreSQL URL is always asked directly: a server serves many processes at once."""
    if db.is_url(db_path):
        return _ask_the_server(str(db_path))
    path = Path(db_path)
    if not path.is_file():
        return Answer(False, f"{path} does not exist")
    holder = db.holder_pid(path)
    if holder is None:
        try:
            return _ask_directly(path)
        except db.DatabaseLocked:  # the app started this moment
            holder = db.holder_pid(path)
    return _ask_the_app(path, holder, max_age)


def _ask_directly(path: Path) -> Answer:
    try:
        con = db.connect(path, read_only=True)
    except db.DatabaseDamaged as damaged:
        return Answer(False, str(damaged), damaged)
    try:
        probe(con)
    except db.Error as error:
        damaged = db.DatabaseDamaged(path, db.first_line(error)) if db.is_damage(error) else None
        return Answer(False, f"{path}: the query failed: {db.first_line(error)}", damaged)
    finally:
        con.close()
    return Answer(True, f"ok: {path} answered a query (no process holds it)")


def _ask_the_server(url: str) -> Answer:
    try:
        con = db.connect(url)
    except db.DatabaseUnavailable as error:
        return Answer(False, str(error))
    try:
        probe(con)
    except db.Error as error:
        return Answer(False, f"the query failed: {db.first_line(error)}")
    finally:
        con.close()
    return Answer(True, "ok: the PostgreSQL database answered a query")


def _ask_the_app(path: Path, holder: int | None, max_age: float) -> Answer:
    status = read_status(path)
    who = f"process {holder}" if holder else "another process"
    if status is None:
        return Answer(False, f"{path} is held by {who}, which writes no health status ({status_path(path)})")
    if holder is not None and status.get("pid") != holder:
        return Answer(
            False,
            f"{path} is held by {who}, but the health status was written by process "
            f"{status.get('pid')}: not the app's own answer",
        )
    age = (dt.datetime.now(dt.UTC) - dt.datetime.fromisoformat(status["checked_at"])).total_seconds()
    if age > max_age:
        return Answer(
            False,
            f"the app ({who}) last checked {path} {age:.0f} s ago (more than {max_age:.0f} s): it is stuck or stopped",
        )
    if status.get("state") != OK:
        damaged = db.DatabaseDamaged(path, status.get("detail") or "") if status.get("state") == DAMAGED else None
        return Answer(
            False, f"the app ({who}) cannot use {path} ({status.get('state')}): {status.get('detail')}", damaged
        )
    return Answer(True, f"ok: the app ({who}) queried {path} {age:.0f} s ago")
