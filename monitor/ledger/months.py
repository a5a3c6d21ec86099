"""The ledger's monthly sums (table ledger_month, migration 010) and yearly sums (ledger_year, migration 022), read
by the pages that look across every project.

Every write of the ledger calls `refresh` for its project inside its own transaction, so the sums are never
seen apart from the lines they sum."""

from __future__ import annotations

from monitor import db


def refresh(con: db.Connection, project_id: str | None) -> None:
    """Sum a project's ledger anew into ledger_month and ledger_year (every project's with None). The caller owns the
    transaction and has asked the scope."""
    db.execute(con, "ledger_month_clear", project_id=project_id)
    db.execute(con, "ledger_month_fill", project_id=project_id)
    db.execute(con, "ledger_year_clear", project_id=project_id)
    db.execute(con, "ledger_year_fill", project_id=project_id)  # from the monthly sums just written
