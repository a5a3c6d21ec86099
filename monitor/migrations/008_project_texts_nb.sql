-- The funder's name and the sample-data note in bokmål beside the English ones (issue 12, item 10):
-- the nb interface and the nb report said "Research Council of Norway". Null means "the same in both".
alter table project add column funder_nb varchar;
alter table project add column sample_data_note_nb varchar;
