"""Milestones, deliverables, results and risks: edit (validated, audited writes), files (CSV and Excel in and out), and the Results and Risks views."""
