"""Change requests as shown on the Budget page and exported: labelled tables in the chosen language, amounts as
Decimal (the page and the export format them). The table a view returns is the one on screen and in the file."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from monitor import format as fmt
from monitor.budget import load as budget_load
from monitor.codes import COST_CATEGORIES
from monitor.i18n import label, t
from monitor.money import ZERO, total

REQUEST_COLUMNS = (
    "request_id",
    "kind",
    "title",
    "status",
    "created_at",
    "submitted_at",
    "decided_at",
    "decided_by",
    "plan_version",
    "new_end_date",
    "decision_note",
    "reason",
)
LINE_COLUMNS = ("request_id", "year", "cost_category", "partner_id", "wp_code", "amount")


def kind_label(kind: str, lang: str) -> str:
    return label("changes.kind", kind, lang)


def status_label(status: str, lang: str) -> str:
    return label("changes.status", status, lang)


def _header(column: str, lang: str) -> str:
    return t(f"changes.col.{column}", lang)


def _who(user: str | None, lang: str) -> str | None:
    return t("changes.seeded_by", lang) if user == "seed" else user


def requests_table(requests: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per request, newest last: number, what changes, title, status, the dates, who recorded the
    decision, the plan version an approval made (or the new end date), the Council's note and the reason."""
    cells = {
        "request_id": [int(v) for v in requests["request_id"]],
        "kind": [kind_label(v, lang) for v in requests["kind"]],
        "status": [status_label(v, lang) for v in requests["status"]],
        "created_at": [None if v is None else pd.Timestamp(v).date() for v in requests["created_at"]],
        "decided_by": [_who(v, lang) for v in requests["decided_by"]],
    }
    columns = {
        _header(name, lang): cells.get(name, list(requests[name]) if name in requests else [])
        for name in REQUEST_COLUMNS
    }
    return pd.DataFrame(columns, columns=[_header(name, lang) for name in REQUEST_COLUMNS])


def names(partners: pd.DataFrame, work_packages: pd.DataFrame, lang: str) -> dict[str, dict[str, str]]:
    """Labels per line column: partner short names, work packages with their titles, cost categories."""
    titles = work_packages.set_index("wp_code")["title_nb" if lang == "nb" else "title_en"].to_dict()
    return {
        "partner_id": dict(zip(partners["partner_id"], partners["short_name"], strict=True)),
        "wp_code": {code: f"{code} {title}".strip() for code, title in titles.items()},
        "cost_category": {c: label("category", c, lang) for c in COST_CATEGORIES},
    }


def _named(column: str, code, labels: dict[str, dict[str, str]], lang: str) -> str:
    if code is None or (not isinstance(code, str) and pd.isna(code)):
        return t("budget.no_wp", lang) if column == "wp_code" else t("budget.no_value", lang)
    return labels.get(column, {}).get(code, str(code))


def lines_table(lines: pd.DataFrame, labels: dict[str, dict[str, str]], lang: str) -> pd.DataFrame:
    """Proposed plan lines with labels (year, category, partner, work package) and their amounts (Decimal); the
    request number first when the frame has one (the export of every request's lines)."""
    columns = [c for c in LINE_COLUMNS if c in lines.columns]
    out = {}
    for column in columns:
        if column in ("cost_category", "partner_id", "wp_code"):
            out[_header(column, lang)] = [_named(column, v, labels, lang) for v in lines[column]]
        elif column in ("year", "request_id"):
            out[_header(column, lang)] = [int(v) for v in lines[column]]
        else:
            out[_header(column, lang)] = [Decimal(v) for v in lines[column]]
    return pd.DataFrame(out, columns=[_header(c, lang) for c in columns])


def editor_frame(lines: pd.DataFrame, labels: dict[str, dict[str, str]], lang: str) -> pd.DataFrame:
    """The proposed plan as the draft editor shows it: labels, and amounts as text in the language's format, so
    the øre stay exact and the user types them back the same way. Columns keep their codes (the editor's
    column settings give the labels) so edits come back by column name."""
    shown = {"year": [str(int(y)) for y in lines["year"]]}
    for column in ("cost_category", "partner_id", "wp_code"):
        shown[column] = [_named(column, v, labels, lang) for v in lines[column]]
    shown["amount"] = [fmt.number(a, lang, 2) for a in lines["amount"]]
    return pd.DataFrame(shown, columns=["year", "cost_category", "partner_id", "wp_code", "amount"])


def _by_year_category(frame: pd.DataFrame | None) -> dict[tuple[int, str | None], Decimal]:
    sums: dict[tuple[int, str | None], Decimal] = {}
    if frame is None or frame.empty:
        return sums
    for year, category, amount in zip(frame["year"], frame["cost_category"], frame["amount"], strict=True):
        key = (int(year), None if category is None or pd.isna(category) else str(category))
        sums[key] = sums.get(key, ZERO) + Decimal(amount)
    return sums


def _category_order(category: str | None) -> int:
    return COST_CATEGORIES.index(category) if category in COST_CATEGORIES else len(COST_CATEGORIES)


def comparison(budget_data: budget_load.BudgetData, pending: pd.DataFrame | None, lang: str) -> pd.DataFrame:
    """Actual spend against the contract (baseline), the current plan and the pending (submitted) request, by
    year × cost category, with a total row. Within the scope the budget data was read with (a partner user's
    own rows); `pending` is the pending request's lines in the same scope, or None (no column then)."""
    sources = {
        "actual": _by_year_category(budget_data.data.actual),
        "baseline": _by_year_category(budget_data.baseline),
        "current": _by_year_category(budget_data.plan),
    }
    if pending is not None:
        sources["pending"] = _by_year_category(pending)
    keys = sorted({k for sums in sources.values() for k in sums}, key=lambda k: (k[0], _category_order(k[1])))
    year, category = _header("year", lang), _header("cost_category", lang)
    records = [
        {
            year: str(y),
            category: label("category", c, lang) if c else t("budget.no_value", lang),
            **{_header(name, lang): sums.get((y, c), ZERO) for name, sums in sources.items()},
        }
        for y, c in keys
    ]
    if pending is not None:
        for record, key in zip(records, keys, strict=True):
            record[_header("pending_change", lang)] = sources["pending"].get(key, ZERO) - sources["current"].get(
                key, ZERO
            )
    totals = {year: t("changes.total", lang), category: ""}
    for column in [c for c in (records[0] if records else {}) if c not in (year, category)]:
        totals[column] = total(record[column] for record in records)
    columns = [year, category, *[_header(n, lang) for n in sources]]
    columns += [_header("pending_change", lang)] if pending is not None else []
    return pd.DataFrame([*records, totals] if records else [], columns=columns)


def export_table(
    requests: pd.DataFrame, lines: pd.DataFrame, labels: dict[str, dict[str, str]], lang: str
) -> pd.DataFrame:
    """Every request with its proposed plan lines, one row per line (the request's columns repeated), a request
    without lines (a period request) on one row of its own: the CSV and Excel export."""
    shown_requests = requests_table(requests, lang)
    number = _header("request_id", lang)
    shown_lines = lines_table(lines, labels, lang)
    if shown_lines.empty:
        shown_lines = pd.DataFrame(columns=[_header(c, lang) for c in LINE_COLUMNS])
    merged = shown_requests.merge(shown_lines, on=number, how="left")
    return merged.astype(object).where(merged.notna(), None)
