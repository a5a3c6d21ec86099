"""Every project in a scope on one screen, and projects measured by indicators and events."""
