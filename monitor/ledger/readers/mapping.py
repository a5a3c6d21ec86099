"""Account -> cost category, from the per-project rules in config (first match wins, then 'default')."""

from __future__ import annotations

from typing import Any


def _matches(account: str, accounts: str) -> bool:
    first, _, last = str(accounts).partition("-")
    if not (account.isascii() and account.isdigit()):  # isdigit() alone takes '٥٠٠٠' as 5000
        return False
    number = int(account)
    return int(first) <= number <= int(last or first)


def rules_for(mapping: dict[str, list[dict[str, Any]]], project_id: str) -> list[dict[str, Any]]:
    return [*mapping.get(project_id, []), *mapping["default"]]


def category_for(account: str, rules: list[dict[str, Any]]) -> str | None:
    """The cost category of an account, or None when no rule maps it."""
    for rule in rules:
        if _matches(account.strip(), rule["accounts"]):
            return rule["category"]
    return None
