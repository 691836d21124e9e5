"""Integration tests against real SQLite and PostgreSQL databases built by the migrations."""
