"""The funder's code lists. Labels live in the i18n catalog so they can be corrected without code."""

COST_CATEGORIES = ("personnel_indirect", "rd_services", "equipment", "other_operating")
FUNDING_SOURCES = ("own", "other_public", "other_private", "international", "funder")
PARTNER_SECTORS = ("UH", "institute", "public", "private", "NGO", "foreign")
PARTNER_ROLES = ("project_owner", "partner", "case_partner", "rd_supplier")
INKIND_STATUSES = ("reported", "approved", "rejected")
DELIVERABLE_STATUSES = ("pending", "draft", "submitted")
RESULT_CATEGORIES = (
    "article",
    "book",
    "lecture",
    "report",
    "popular_science",
    "media",
    "user_dissemination",
    "phd_postdoc",
    "international",
    "innovation",
)
RISK_STATES = ("open", "mitigated", "closed")
# The funder's payments: automatic (three times a year), on invoice (with a cost specification), final.
PAYMENT_KINDS = ("automatic", "invoice", "final")
PAYMENT_STATUSES = ("planned", "received")
COMMITMENT_STATUSES = ("open", "invoiced", "cancelled")
# Effort (issue 17): who a person of a project is, and the states and sources of reported hours.
PERSON_CATEGORIES = ("phd", "postdoc", "researcher", "partner_staff", "other")
EFFORT_STATUSES = ("reported", "approved", "rejected")
EFFORT_SOURCES = ("entered", "timesheet")
