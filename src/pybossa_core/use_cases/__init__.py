"""Use cases: one function per operation, each one transaction over the unit of work."""
