"""The reference provincial server: the sync API over SQLite or PostgreSQL (extra `server`)."""
