"""Who may see and change what: the Scope every core function takes, users and sessions, the audit log."""
