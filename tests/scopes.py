"""Scopes of MW Inc's people for the access tests (one per rule of monitor/access/scope.py), and the row counts
a refused write must leave as they were."""

from monitor.access.scope import Scope

MWINC = frozenset({"mwinc"})
LEADER = Scope("annett", "leader", MWINC)
OTHER_LEADER = Scope("olga", "leader", frozenset({"integrate"}))
NAV = Scope("nav.kontakt", "partner", MWINC, "nav_vt")
PARTNERLESS = Scope("x", "partner", MWINC, None)
READER = Scope("funder", "viewer", MWINC)


def counts(con) -> dict[str, int]:
    """Rows of every table a refused write could have touched."""
    tables = ("risk", "milestone", "plan_version", "cost_plan", "audit_log")
    return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in tables}  # noqa: S608 (our names)
