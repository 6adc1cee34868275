"""a thin outbox: an item is its event's number in the history, its payload built when sent

Revision ID: 0013
Revises: 0012

The outbox kept a full JSON snapshot of the dossier for every event (three quarters of a
profile). Now an item is the event's ``seq`` in ``dossier_event`` and the version the event
made; what is sent is built at the claim (counter_app.store.outbox). Delivered items are
deleted on acknowledgement; ``in_flight`` gives way to a lease (``claimed_until``) and each item
has its retry time (``next_attempt_at``).

Upgrade, in place, losing no queued item:

* delivered items are dropped (the history is the permanent record; the signed receipts stay);
* pending, in-flight and set-aside items are kept with their recorded ``payload`` (sent as it is,
  so a re-send of what the server may already hold is recognised byte for byte); in-flight ones
  become pending (no lease), set-aside ones stay set aside with their reason;
* an item whose event is not in the history (only in a file edited by hand; ``check`` names
  it) keeps its payload under the negative of its old number.

Downgrade (to 0012), as far as it can: every item left becomes a full row again, its payload
the recorded one when it has it, otherwise built as 0013 would send it now (the dossier as it
stands at the downgrade, not as it stood at the event); claimed items become pending. Items
delivered under 0013 are gone (0012 only kept them for 30 days before compacting them away).
"""

import json

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

def _thin() -> tuple[sa.Column, ...]:
    return (
    sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('claimed_until', sa.DateTime(), nullable=True),
    sa.Column('next_attempt_at', sa.DateTime(), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('rejected_reason', sa.Text(), nullable=True),
    sa.Column('payload', sa.JSON(), nullable=True),
    )


def upgrade() -> None:
    op.create_table('outbox_thin', *_thin(), sa.PrimaryKeyConstraint('seq'))
    op.execute(
        "INSERT INTO outbox_thin (seq, version, state, attempts, claimed_until, next_attempt_at, last_error,"
        " rejected_reason, payload)"
        " SELECT COALESCE(e.seq, -o.seq),"
        "  COALESCE(json_extract(o.payload, '$.version'), json_extract(o.payload, '$.dossier.version'), 1),"
        "  CASE o.state WHEN 'rejected' THEN 'rejected' ELSE 'pending' END, o.attempts, NULL, NULL,"
        "  o.last_error, o.rejected_reason, o.payload"
        " FROM outbox o LEFT JOIN dossier_event e ON e.id = o.event_id"
        " WHERE o.state != 'delivered' ORDER BY o.seq")
    op.drop_table('outbox')  # its indexes with it
    op.rename_table('outbox_thin', 'outbox')
    op.create_index('ix_outbox_set_aside', 'outbox', ['seq'], unique=False, sqlite_where=sa.text("state = 'rejected'"))


def downgrade() -> None:
    from sqlalchemy.orm import Session

    from counter_app.store.outbox import build_claims

    bind = op.get_bind()
    session = Session(bind=bind)
    rows = bind.execute(sa.text(
        "SELECT o.seq, o.state, o.attempts, o.next_attempt_at, o.last_error, o.rejected_reason,"
        " e.id, e.dossier_id, e.kind, e.at FROM outbox o LEFT JOIN dossier_event e ON e.seq = o.seq"
        " ORDER BY o.seq")).all()
    payloads = {c.seq: c for c in build_claims(session, [r.seq for r in rows])} if rows else {}
    op.create_table(
        'outbox_fat',
        sa.Column('seq', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('event_id', sa.String(length=36), nullable=False),
        sa.Column('dossier_id', sa.String(length=36), nullable=True),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('payload', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('state', sa.String(length=12), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('next_attempt_at', sa.DateTime(), nullable=True),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.Column('delivered_at', sa.DateTime(), nullable=True),
        sa.Column('rejected_reason', sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint('seq'),
        sa.UniqueConstraint('event_id'),
    )
    insert = sa.text(
        "INSERT INTO outbox_fat (seq, event_id, dossier_id, kind, payload, created_at, state, attempts,"
        " next_attempt_at, last_error, delivered_at, rejected_reason)"
        " VALUES (:seq, :event_id, :dossier_id, :kind, :payload, :created_at, :state, :attempts, :next_attempt_at,"
        " :last_error, NULL, :rejected_reason)")
    for r in rows:
        claim = payloads.get(r.seq)
        payload = claim.payload if claim is not None else None
        if payload is None:  # neither recorded nor buildable (its event or dossier is gone): nothing to send
            continue
        at = r.at if r.at is not None else str(payload.get("at", "")).replace("T", " ")
        bind.execute(insert, {
            "seq": abs(r.seq), "event_id": claim.event_id, "dossier_id": claim.dossier_id,
            "kind": r.kind or payload.get("kind", ""), "payload": json.dumps(payload, ensure_ascii=False),
            "created_at": at, "state": "rejected" if r.state == "rejected" else "pending", "attempts": r.attempts,
            "next_attempt_at": r.next_attempt_at, "last_error": r.last_error, "rejected_reason": r.rejected_reason})
    session.close()
    op.drop_table('outbox')
    op.rename_table('outbox_fat', 'outbox')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_dossier_id'), ['dossier_id'], unique=False)
        batch_op.create_index('ix_outbox_state_seq', ['state', 'seq'], unique=False)
