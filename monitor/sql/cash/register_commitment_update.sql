-- Optimistic locking: the row changes only if it still has the version the editor read.
update commitment
set
    partner_id = $partner_id, cost_category = $cost_category, wp_code = $wp_code, ordered_date = $ordered_date,
    expected_date = $expected_date, amount = $amount, supplier = $supplier, reference = $reference,
    commitment_status = $commitment_status, note = $note, version = version + 1
where project_id = $project_id
  and commitment_id = $key
  and version = $version
returning version
