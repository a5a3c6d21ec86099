delete from partner_transfer
where project_id = $project_id
  and transfer_id = $key
  and version = $version
returning transfer_id
