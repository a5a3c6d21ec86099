"""Milestones and deliverables: rules (status from dates and the as-of date) and views (Gantt chart, status tables)."""
