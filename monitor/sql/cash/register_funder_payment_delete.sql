delete from funder_payment
where project_id = $project_id
  and payment_id = $key
  and version = $version
returning payment_id
