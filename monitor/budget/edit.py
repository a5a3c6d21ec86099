"""Plan versions: the contract baseline and later re-plans of the cost plan.

The leader edits the cost plan's amounts as a *new* version; the baseline (and every saved version)
never changes. Saving names the version the editor read, so two leaders saving at once cannot both
win: the second gets PlanChanged ("changed by someone else, reload") and its attempt is logged.
The new version copies the funding plan of the version it was made from; `monitor check` then
shows the years where cost and funding no longer balance.

The Research Council's rule: a change below NOK 10 000 (`changes.no_request_below`) needs no change request.
So the direct save here takes only such small re-plans, and none while a change request is open; anything
larger goes through a change request (monitor/changes), whose approval writes its plan with `write_version`.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

import pandas as pd

from monitor import db
from monitor.access import audit
from monitor.access.scope import Scope
from monitor.changes import rules as change_rules
from monitor.money import CENT
from monitor.reports import locks

BASELINE = "baseline"
EDITABLE = ("amount",)
MAX_AMOUNT = Decimal(10) ** 16  # DECIMAL(18, 2) holds less than this
PLAN_KEYS = ("year", "cost_category", "partner_id", "wp_code")


class PlanInvalid(ValueError):
    """An edited amount that is not money (two decimals at most, finite). `code` and `values` tell it by the
    catalog text budget.plan_invalid.<code>, in either language."""

    def __init__(self, message: str, code: str = "not_amount", **values):
        self.code, self.values = code, values
        super().__init__(message)


class PlanChanged(RuntimeError):
    """Someone saved another version since this editor read the plan."""


class NeedsChangeRequest(ValueError):
    """A direct re-plan the Council's rules send through a change request: it moves `moved` NOK or more than
    the limit (code "too_large"), or a change request is open (code "request_open"). Told by the catalog text
    changes.direct.<code>; nothing is written."""

    def __init__(self, message: str, code: str, **values):
        self.code, self.values = code, values
        super().__init__(message)


def versions(con: db.Connection, project_id: str, scope: Scope) -> pd.DataFrame:
    """plan_version, label, created_at, created_by, is_current, total (of the rows the scope sees); oldest
    first."""
    scope.require_project(project_id)
    return db.query(con, "plan_versions", project_id=project_id, partner_id=scope.partner_filter())


def next_version(existing: list[str]) -> str:
    """v2, v3, ...: one more than the highest vN so far (the baseline counts as v1)."""
    numbers = [int(m.group(1)) for v in existing if (m := re.fullmatch(r"v(\d+)", v))]
    return f"v{max(numbers, default=1) + 1}"


def parse_amount(value, lang: str | None = None) -> Decimal:
    """An amount typed as the language writes it: nb `20 000,50`, en `20,000.50`; without a language a
    comma is a decimal comma (`20000,50`) and spaces are thousands separators."""
    text = str(value).strip().replace(" ", "").replace("\u00a0", "")
    text = text.replace(",", "") if lang == "en" else text.replace(",", ".")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise PlanInvalid(f"{value!r} is not an amount", value=str(value)) from None
    if not amount.is_finite() or abs(amount) >= MAX_AMOUNT or amount != amount.quantize(CENT):
        raise PlanInvalid(f"{value!r} is not an amount with at most two decimals", value=str(value))
    return amount.quantize(CENT)


def apply_edits(plan: pd.DataFrame, edited_rows: dict, lang: str | None = None) -> pd.DataFrame:
    """The plan with st.data_editor's `edited_rows` ({row position: {column: value}}) applied; amounts
    as typed in `lang`.

    Only amounts may change; anything else is refused, so a version is always a re-plan of known lines.
    """
    amounts = list(plan["amount"])
    for position, values in edited_rows.items():
        unknown = set(values) - set(EDITABLE)
        if unknown:
            columns = ", ".join(sorted(unknown))
            raise PlanInvalid(f"only the amount can be changed, not {columns}", "only_amount", columns=columns)
        if "amount" in values:
            amounts[int(position)] = parse_amount(values["amount"], lang)
    return plan.assign(amount=amounts)


def changes(old: pd.DataFrame, new: pd.DataFrame) -> list[tuple[str, Decimal, Decimal]]:
    """(row key, old amount, new amount) of each plan line whose amount differs."""
    return [
        (row_key(row), a, b)
        for row, a, b in zip(old.to_dict("records"), old["amount"], new["amount"], strict=True)
        if Decimal(a) != Decimal(b)
    ]


def row_key(row: dict) -> str:
    return "/".join(
        "" if row[k] is None or (not isinstance(row[k], str) and pd.isna(row[k])) else str(row[k]) for k in PLAN_KEYS
    )


def save_new_version(
    con: db.Connection,
    project_id: str,
    read_version: str,
    plan: pd.DataFrame,
    label: str,
    scope: Scope,
    now: dt.datetime,
    no_request_below: Decimal = change_rules.NO_REQUEST_BELOW,
) -> str:
    """Write `plan` (the editor's whole cost plan) as a new current version. Returns its id.

    Raises AccessDenied (nothing written), PlanChanged when the current version is no longer `read_version`
    (nothing written; the attempt is logged), PlanInvalid on a bad amount, NeedsChangeRequest when the re-plan
    moves `no_request_below` NOK or more, or a change request of the project is open, YearLocked when it changes
    an amount of a locked year (nothing written).
    """
    scope.require_edit(project_id)
    user = scope.user
    plan = plan.assign(amount=[parse_amount(a) for a in plan["amount"]])
    try:
        with db.transaction(con):
            _refuse_what_needs_a_request(con, project_id, read_version, plan, no_request_below)
            return write_version(con, project_id, read_version, plan, label, scope, now)
    except (PlanChanged, *db.WriteConflict):
        with db.transaction(con):
            audit.record(
                con, user, audit.REFUSED, "plan_version", project_id, {"read_version": (read_version, None)}, project_id
            )
        raise PlanChanged(f"the plan of {project_id} was changed by someone else; reload and edit again") from None


def _refuse_what_needs_a_request(
    con: db.Connection, project_id: str, read_version: str, plan: pd.DataFrame, limit: Decimal
) -> None:
    open_request = db.scalar(con, "change_request_open", project_id=project_id)
    if open_request is not None:
        raise NeedsChangeRequest(
            f"change request {open_request} of {project_id} is open; change the plan through it",
            "request_open",
            request=open_request,
        )
    before = db.query(con, "cost_plan", project_id=project_id, plan_version=read_version, partner_id=None)
    moved = change_rules.amount_moved(before, plan)
    if moved >= limit:
        raise NeedsChangeRequest(
            f"this re-plan moves NOK {moved}, NOK {limit} or more: it needs a change request",
            "too_large",
            moved=moved,
            limit=int(limit),
        )


def write_version(
    con: db.Connection,
    project_id: str,
    read_version: str,
    plan: pd.DataFrame,
    label: str,
    scope: Scope,
    now: dt.datetime,
    funding: pd.DataFrame | None = None,
) -> str:
    """Write `plan` as the new current version, made from `read_version`; returns its id. The caller owns the
    transaction (save_new_version; an approved change request). The funding plan is `funding` (year,
    funding_source, partner_id, amount) or, without it, a copy of `read_version`'s. Raises AccessDenied, or
    PlanChanged when the current version is no longer `read_version`."""
    scope.require_edit(project_id)
    user = scope.user
    current = db.scalar(con, "current_plan_version", project_id=project_id)
    if current != read_version:
        raise PlanChanged(current)
    before = db.query(con, "cost_plan", project_id=project_id, plan_version=current, partner_id=None)
    locks.refuse_changes(con, project_id, changed_years(before, plan), scope)
    version = next_version(
        db.query(con, "plan_versions", project_id=project_id, partner_id=None)["plan_version"].tolist()
    )
    db.query(
        con,
        "plan_version_insert",
        project_id=project_id,
        plan_version=version,
        label=label,
        created_at=now,
        created_by=user,
    )
    db.query(con, "plan_version_set_current", project_id=project_id, plan_version=version)
    for row in plan.to_dict("records"):
        db.query(
            con,
            "plan_cost_insert",
            project_id=project_id,
            plan_version=version,
            **{k: _stored(row[k]) for k in (*PLAN_KEYS, "amount")},
        )
    if funding is None:
        db.query(con, "plan_funding_copy", project_id=project_id, from_version=current, plan_version=version)
    for row in [] if funding is None else funding.to_dict("records"):
        db.query(
            con,
            "plan_funding_insert",
            project_id=project_id,
            plan_version=version,
            **{k: row[k] for k in ("year", "funding_source", "partner_id", "amount")},
        )
    audit.record(
        con,
        user,
        audit.INSERT,
        "plan_version",
        f"{project_id}/{version}",
        {"label": (None, label), "based_on": (current, version)},
        project_id,
    )
    for key, old, new in changes(_aligned(before, plan), plan):
        audit.record(con, user, audit.UPDATE, "cost_plan", f"{version}/{key}", {"amount": (old, new)}, project_id)
    return version


def changed_years(before: pd.DataFrame, plan: pd.DataFrame) -> list[int]:
    """The years in which any plan line's amount differs between two versions (a line on one side only counts
    as 0 on the other)."""
    old, new = _amounts(before), _amounts(plan)
    return sorted({int(key.split("/")[0]) for key in old.keys() | new.keys() if old.get(key, 0) != new.get(key, 0)})


def _amounts(plan: pd.DataFrame) -> dict[str, Decimal]:
    amounts: dict[str, Decimal] = {}
    for row in plan.to_dict("records"):
        amounts[row_key(row)] = amounts.get(row_key(row), Decimal(0)) + Decimal(row["amount"])
    return amounts


def _stored(value):
    """A plan cell as the database takes it: a missing work package (NaN in a frame) is NULL, not 'nan'."""
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


def _aligned(before: pd.DataFrame, plan: pd.DataFrame) -> pd.DataFrame:
    """The previous version's amounts in the order of the edited plan's lines (0 for a new line)."""
    old = {row_key(r): r["amount"] for r in before.to_dict("records")}
    return plan.assign(amount=[old.get(row_key(r), Decimal("0.00")) for r in plan.to_dict("records")])
