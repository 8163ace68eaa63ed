"""Persistence: SQLAlchemy models, engine and sessions, repositories, Alembic migrations.

Services above talk to the database only through this package, so the same code
runs on the embedded SQLite file and on PostgreSQL.
"""
