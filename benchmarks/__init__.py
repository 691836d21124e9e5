"""`make bench`: pybossa-falcon on gunicorn, PostgreSQL and Redis, against this stack's limits."""
