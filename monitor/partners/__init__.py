"""Each partner's contribution: load (committed against delivered), views (tables, tiles, chart), in-kind hours (report and approve)."""
