"""Projects measured by indicators and events: targets against actuals over time, attendance per
event and actor group, and funding applications with their status."""

from __future__ import annotations

# Integration Day's target groups, then MW Inc's result attendance columns (monitor/seed.py).
ACTOR_GROUPS = ("employers", "ngos", "social_entrepreneurs_smes", "refugees", "municipal_unit",
                "migrants", "support", "researchers", "others")
APPLICATION_STATUSES = ("applied", "granted", "rejected")
