update import_stage set partner_id = $partner_id where partner_id is null
