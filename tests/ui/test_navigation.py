"""Pages per role (ui/navigation.py): the Audit page is not in a partner's navigation."""


def test_the_audit_page_is_not_in_a_partners_navigation():
    from monitor.access.scope import Scope
    from ui.navigation import PAGES

    audit_spec = next(spec for spec in PAGES if spec.path == "pages/audit.py")
    assert Scope("nav", "partner").role not in audit_spec.roles
    assert {"admin", "leader"} == set(audit_spec.roles)
