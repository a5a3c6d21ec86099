-- PostgreSQL only: one ledger entry per source line of a project, kept by the database itself again. DuckDB cannot
-- spill such an index's new keys and lost it in 007 (its imports keep the rule under the project's claim, and
-- `monitor check` reports a duplicate); PostgreSQL keeps it on disk. Deferred to the commit, because a replace
-- inserts a file's lines before it removes the replaced batch's lines in the same transaction.
alter table ledger_entry
    add constraint ledger_entry_source_line_unique unique (project_id, source_line) deferrable initially deferred;
