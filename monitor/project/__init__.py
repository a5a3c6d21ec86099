"""One project as a whole: its data loaded within a scope, the headline status, the overview, the summary contract, consistency checks, and who needs to act."""
