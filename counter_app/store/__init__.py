"""The local store: the one owner of the database and of what is written to it.

Modules: :mod:`counter_app.store.outbox` (the outbox behind its storage contract).
"""
