"""Runners' records in SQLite or PostgreSQL, with migrations.

Rule: SQLAlchemy and Alembic, nothing of Alexa, Flask, the core or the audio build: a record
is plain JSON-ready data keyed by the Alexa user ID.
"""
