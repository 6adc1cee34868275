"""Outbox engine, sync client and the reference provincial server."""
