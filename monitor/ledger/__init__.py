"""The accounting ledger: readers (SAF-T, CSV, Excel), the import (stage, preview, commit, undo by batch) and backups of the database."""
