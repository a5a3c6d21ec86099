-- Optimistic locking: the decision is written only if the row still has the version the leader read
-- and is still waiting for a decision.
update inkind_contribution
set status = $status, decided_by = $decided_by, decision_comment = $decision_comment, version = version + 1
where project_id = $project_id
  and contribution_id = $key
  and version = $version
  and status = 'reported'
returning version
