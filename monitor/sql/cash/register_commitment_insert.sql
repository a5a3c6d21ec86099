insert into commitment (
    project_id, partner_id, cost_category, wp_code, ordered_date, expected_date, amount, supplier, reference,
    commitment_status, note
)
values (
    $project_id, $partner_id, $cost_category, $wp_code, $ordered_date, $expected_date, $amount, $supplier,
    $reference, $commitment_status, $note
)
returning commitment_id
