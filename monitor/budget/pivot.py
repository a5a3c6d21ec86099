"""Planned against actual by any one or two dimensions, exact to the øre.

Amounts are summed as whole øre (int64), which is exact and fast, and turned back into Decimal at
the end; money never passes through float.

Funding source belongs to the plan side only: ledger lines carry no funding source. Actual cost is
attributed to sources by a documented rule (README): approved in-kind contributions are the partner's
own financing (`own`); every other cost of a partner in a year is split over the sources of that
partner's funding plan for that year, in proportion to their amounts (rounded down to the øre, the
remainder on the last source, so each cost is split exactly). Cost of a partner-year without a
funding plan stays unattributed (source ''). The cost plan is split by the same rule when funding
source is combined with cost category or work package; by year and partner the funding plan itself
is the plan side.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from monitor.money import from_ore, share, to_ore

DIMENSIONS = ("year", "cost_category", "partner_id", "wp_code", "funding_source")
FUNDING_DIMENSIONS = frozenset({"year", "partner_id", "funding_source"})
MEASURES = (
    "planned",
    "planned_to_date",
    "actual",
    "variance",
    "variance_pct",
    "baseline",
    "baseline_to_date",
    "variance_baseline",
)
AMOUNT_MEASURES = (
    "planned",
    "planned_to_date",
    "actual",
    "variance",
    "baseline",
    "baseline_to_date",
    "variance_baseline",
)
SOURCES = ("planned", "planned_to_date", "baseline", "baseline_to_date", "actual")
UNATTRIBUTED = ""


@dataclass(frozen=True)
class PivotInputs:
    """Plan rows carry `amount` and `to_date`; actual rows `amount` and `source` (ledger / inkind)."""

    plan: pd.DataFrame
    baseline: pd.DataFrame
    funding: pd.DataFrame
    baseline_funding: pd.DataFrame
    actual: pd.DataFrame


def planned_vs_actual(inputs: PivotInputs, dims: list[str]) -> pd.DataFrame:
    """One row per combination of the dims' values found on either side, with every measure.

    Key values are codes as text ('' where none, e.g. a cost without a work package).
    """
    _check_dims(dims)
    facts = pd.concat(_facts(inputs, dims), ignore_index=True)
    if facts.empty:
        return pd.DataFrame(columns=[*dims, *MEASURES])
    wide = facts.pivot_table(index=dims, columns="measure", values="ore", aggfunc="sum", fill_value=0)
    wide = wide.reindex(columns=list(SOURCES), fill_value=0).reset_index()
    return _measures(wide, dims)


def _check_dims(dims: list[str]) -> None:
    if not 1 <= len(dims) <= 2 or len(set(dims)) != len(dims) or not set(dims) <= set(DIMENSIONS):
        raise ValueError(f"expected one or two different dimensions of {DIMENSIONS}, got {dims}")


def _facts(inputs: PivotInputs, dims: list[str]) -> list[pd.DataFrame]:
    by_source = "funding_source" in dims
    if by_source and set(dims) <= FUNDING_DIMENSIONS:
        plan, baseline = inputs.funding, inputs.baseline_funding
    elif by_source:
        plan, baseline = attribute(inputs.plan, inputs.funding), attribute(inputs.baseline, inputs.baseline_funding)
    else:
        plan, baseline = inputs.plan, inputs.baseline
    actual = attribute(inputs.actual, inputs.funding) if by_source else inputs.actual
    return [
        _long(plan, dims, "amount", "planned"),
        _long(plan, dims, "to_date", "planned_to_date"),
        _long(baseline, dims, "amount", "baseline"),
        _long(baseline, dims, "to_date", "baseline_to_date"),
        _long(actual, dims, "amount", "actual"),
    ]


def _long(frame: pd.DataFrame, dims: list[str], column: str, measure: str) -> pd.DataFrame:
    keys = pd.DataFrame(
        {dim: _key_text(frame[dim]) if dim in frame else UNATTRIBUTED for dim in dims}, index=frame.index
    )
    return keys.assign(measure=measure, ore=[to_ore(a) for a in frame[column]]).astype({"ore": "int64"})


def _key_text(values: pd.Series) -> list[str]:
    return [UNATTRIBUTED if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v) for v in values]


def _measures(wide: pd.DataFrame, dims: list[str]) -> pd.DataFrame:
    result = wide[dims].copy()
    result.columns.name = None
    for name in SOURCES:
        result[name] = [from_ore(v) for v in wide[name]]
    result["variance"] = result["actual"] - result["planned_to_date"]
    result["variance_baseline"] = result["actual"] - result["baseline_to_date"]
    result["variance_pct"] = [share(v, p) for v, p in zip(result["variance"], result["planned_to_date"], strict=True)]
    return result[[*dims, *MEASURES]].sort_values(dims, ignore_index=True)


def attribute(frame: pd.DataFrame, funding: pd.DataFrame) -> pd.DataFrame:
    """Split each row's amount (and to_date, when present) over its partner-year's funding sources."""
    shares = _funding_shares(funding)
    amounts = [c for c in ("amount", "to_date") if c in frame]
    records = []
    for row in frame.to_dict("records"):
        if row.get("source") == "inkind":
            records.append({**row, "funding_source": "own"})
            continue
        sources = shares.get((row["partner_id"], int(row["year"])))
        if not sources:
            records.append({**row, "funding_source": UNATTRIBUTED})
            continue
        splits = {column: split_by(to_ore(row[column]), sources) for column in amounts}
        for index, source in enumerate(sources):
            records.append(
                {**row, "funding_source": source, **{column: from_ore(splits[column][index]) for column in amounts}}
            )
    return pd.DataFrame.from_records(records, columns=[*frame.columns, "funding_source"])


def _funding_shares(funding: pd.DataFrame) -> dict[tuple[str, int], dict[str, int]]:
    """{(partner, year): {source: øre}} of the sources with a non-zero planned amount."""
    shares: dict[tuple[str, int], dict[str, int]] = {}
    for partner, year, source, amount in zip(
        funding["partner_id"], funding["year"], funding["funding_source"], funding["amount"], strict=True
    ):
        if Decimal(amount) != 0:
            group = shares.setdefault((partner, int(year)), {})
            group[source] = group.get(source, 0) + to_ore(amount)
    return {key: dict(sorted(group.items())) for key, group in shares.items() if sum(group.values()) != 0}


def split_by(amount: int, weights: dict[str, int]) -> list[int]:
    """amount (øre) split in proportion to weights, truncated toward zero; the remainder on the last part."""
    whole = sum(weights.values())
    parts = [_div(amount * weight, whole) for weight in weights.values()]
    parts[-1] += amount - sum(parts)
    return parts


def _div(numerator: int, denominator: int) -> int:
    """Integer division truncated toward zero (Python's // floors negative credits away from zero)."""
    quotient = abs(numerator) // abs(denominator)
    return quotient if (numerator >= 0) == (denominator > 0) else -quotient
