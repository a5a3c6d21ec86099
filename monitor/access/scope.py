"""Who may see what: the one access gate. Every core function that reads or writes a project's data takes a
Scope and asks it here; partner rows are cut in SQL by binding `partner_filter()`, never after the fact.

Authentication (how a user proves who they are) sits in front of this module; the rest of the
core only ever sees a Scope, so a single sign-on login can replace the password form later.
"""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("admin", "leader", "partner", "viewer")
EDITORS = ("admin", "leader")


class AccessDenied(PermissionError):
    """The scope does not allow this project, these rows or this change."""


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

    def partner_filter(self) -> str | None:
        """The partner id every query of this scope binds (`$partner_id is null or partner_id = $partner_id`):
        a partner user's own partner, None for the roles that see every partner. A partner user without a
        partner sees nothing rather than everything."""
        if self.role != "partner":
            return None
        if not self.partner_id:
            raise AccessDenied(f"{self.user} is a partner user without a partner")
        return self.partner_id

    @property
    def can_edit(self) -> bool:
        """Whether the role edits plans, registers and the ledger at all (in the projects it may see)."""
        return self.role in EDITORS

    def may_edit(self, project_id: str) -> bool:
        return self.can_edit and self.allows_project(project_id)

    def require_edit(self, project_id: str) -> None:
        """Before any write to a project's plans, registers or ledger."""
        self.require_project(project_id)
        if not self.can_edit:
            raise AccessDenied(f"{self.user} ({self.role}) may not change project {project_id!r}")

    def may_report_for(self, project_id: str, partner_id: str) -> bool:
        """Whether the scope may report a partner's own contribution (in-kind hours): editors for any partner,
        a partner user for its own partner only."""
        if not self.allows_project(project_id):
            return False
        return self.can_edit or (self.role == "partner" and partner_id == self.partner_id)

    @property
    def sees_detail_rows(self) -> bool:
        """Viewers (the funder, a board) get aggregate figures only, never ledger or in-kind lines."""
        return self.role != "viewer"

    def require_detail_rows(self, project_id: str) -> None:
        self.require_project(project_id)
        if not self.sees_detail_rows:
            raise AccessDenied(f"{self.user} ({self.role}) sees aggregate figures only, not detail rows")

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def require_admin(self) -> None:
        """Before reading or changing what spans every project (accounts, the whole audit trail, checks)."""
        if not self.is_admin:
            raise AccessDenied(f"{self.user} ({self.role}) is not an administrator")


def local_user(user: str = "local") -> Scope:
    """The scope of someone working on the machine itself (CLI, single-user app): everything."""
    return Scope(user=user, role="admin")
