-- Optimistic locking: the text is replaced only if the row still has the version the editor read. A leader's
-- edit of a seeded sample text makes it the leader's own (no longer sample data).
update deviation_explanation
set text = $text, written_by = $written_by, written_at = $written_at, is_sample_data = false, version = version + 1
where project_id = $project_id
    and explanation_id = $explanation_id
    and version = $version
returning explanation_id, version
