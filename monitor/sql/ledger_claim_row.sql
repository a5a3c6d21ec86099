-- The project's claim row exists before any transaction updates it (an insert by two transactions at
-- once would only conflict at commit; an update conflicts at once).
insert into ledger_write_claim (project_id) values ($project_id) on conflict do nothing
