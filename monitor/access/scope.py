"""Who may see what. Every read in the data layer takes a Scope and enforces it.

Authentication (how a user proves who they are) sits in front of this module; the rest of the
core only ever sees a Scope, so a single sign-on login can replace the password form later.
"""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("admin", "leader", "partner", "viewer")


class AccessDenied(PermissionError):
    """The scope does not allow this project or these rows."""


@dataclass(frozen=True)
class Scope:
    user: str
    role: str
    project_ids: frozenset[str] | None = None  # None: every project
    partner_id: str | None = None  # set for role 'partner': the only partner whose detail rows it sees

    def allows_project(self, project_id: str) -> bool:
        return self.project_ids is None or project_id in self.project_ids

    def require_project(self, project_id: str) -> None:
        if not self.allows_project(project_id):
            raise AccessDenied(f"{self.user} ({self.role}) may not see project {project_id!r}")

    @property
    def can_edit(self) -> bool:
        return self.role in ("admin", "leader")

    @property
    def sees_detail_rows(self) -> bool:
        """Viewers (the funder, a board) get aggregate figures only, never ledger or in-kind lines."""
        return self.role != "viewer"


def local_user(user: str = "local") -> Scope:
    """The scope of someone working on the machine itself (CLI, single-user app): everything."""
    return Scope(user=user, role="admin")
