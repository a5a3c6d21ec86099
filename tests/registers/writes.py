"""Single-row writes for the tests, through the registers' one write function (`apply`)."""

import datetime as dt
from typing import Any

from monitor.access.scope import Scope
from monitor.registers import edit as registers
from monitor.registers.edit import ADD, DELETE, Change


def add(con, register: str, project_id: str, values: dict[str, Any], scope: Scope, today: dt.date) -> Any:
    """Insert a row; returns its key."""
    return registers.apply(con, register, project_id, [Change(ADD, values)], scope, today)[0]


def delete(con, register: str, project_id: str, key: Any, version: int, scope: Scope) -> None:
    registers.apply(con, register, project_id, [Change(DELETE, {}, key, version)], scope, dt.date.min)
