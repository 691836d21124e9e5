"""Unit tests: domain rules and use cases over in-memory fakes (import helpers relatively)."""
