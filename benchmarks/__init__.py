"""`make bench`: pybossa-falcon under gunicorn on PostgreSQL and Redis, against this stack's limits."""
