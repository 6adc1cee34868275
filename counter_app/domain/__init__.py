"""The counter's rules and plain data: no database, no SQLAlchemy, no files of the profile."""
