"""The SQLite storage format written by the bare INSERTs and read back by the bare SELECTs."""

from __future__ import annotations

from datetime import date, datetime

from counter_app.store.models import Dossier, DossierDocument, DossierEvent
from counter_app.store.rawinsert import decode, decoders
from counter_app.services import actions
from counter_app.services.receiving import receive

AT = datetime(2026, 3, 13, 9, 0)


def _bare(store, table, key, value):
    """Every column of *table*'s row with *key* = *value*, read with sqlite3 and decoded."""
    cols = tuple(c.name for c in table.columns)
    order = ", ".join(c.name for c in table.primary_key.columns)  # documents have no rowid (0014)
    with store.read() as session:
        dbapi = session.connection().connection.driver_connection
        rows = dbapi.execute(f"SELECT {', '.join(cols)} FROM {table.name} WHERE {key} = ? ORDER BY {order}",
                             (value,)).fetchall()
    return [dict(zip(cols, decode(decoders(table, cols), r))) for r in rows]


def _orm(store, model, key, value):
    cols = [c.name for c in model.__table__.columns]
    with store.read() as session:
        objs = session.query(model).filter(getattr(model, key) == value).order_by(model.__table__.c[cols[0]]).all()
        return [{c: getattr(o, model.__mapper__.get_property_by_column(model.__table__.c[c]).key) for c in cols}
                for o in objs]


def test_bare_reads_decode_what_bare_inserts_and_the_orm_wrote(store, make_draft):
    receipt = receive(store, make_draft(procedure_code="1.004873", received_at=AT), "canbo1", now=AT)
    actions.hand_over(store, receipt.code, "canbo2", department="Phòng Tư pháp", now=datetime(2026, 3, 13, 10, 0))
    dossier = _bare(store, Dossier.__table__, "id", receipt.id)
    assert dossier == _orm(store, Dossier, "id", receipt.id)
    assert dossier[0]["received_at"] == AT and dossier[0]["code_day"] == date(2026, 3, 13)
    assert isinstance(dossier[0]["fee_paid"], bool)
    documents = _bare(store, DossierDocument.__table__, "dossier_id", receipt.id)
    assert documents and documents == _orm(store, DossierDocument, "dossier_id", receipt.id)
    events = _bare(store, DossierEvent.__table__, "dossier_id", receipt.id)
    assert [e["kind"] for e in events] == ["received", "handed_over"]
    assert events == _orm(store, DossierEvent, "dossier_id", receipt.id)
    assert events[1]["data"]["department"] == "Phòng Tư pháp"


def _stored(store, table, key, value, skip=()):
    """The row's values as SQLite holds them (no decoding), but the columns in *skip*."""
    cols = [c.name for c in table.columns if c.name not in skip]
    with store.read() as session:
        dbapi = session.connection().connection.driver_connection
        return dbapi.execute(f"SELECT {', '.join(cols)} FROM {table.name} WHERE {key} = ?", (value,)).fetchall()


def test_the_inserts_store_each_value_as_the_orm_does(store, make_draft):
    # A dossier written by the INSERTs, copied through the ORM: both rows hold the same bytes
    # (dates, times, booleans and JSON in the column types' own stored forms).
    receipt = receive(store, make_draft(procedure_code="1.004873", received_at=AT), "canbo1", now=AT)
    values = _orm(store, Dossier, "id", receipt.id)[0]
    with store.write() as session:
        copy = Dossier(**{Dossier.__mapper__.get_property_by_column(Dossier.__table__.c[c]).key: v
                          for c, v in values.items() if c not in ("id", "code", "code_seq", "logbook_line")},
                       id="copy", code="COPY-1", code_seq=9999, logbook_line=9999)
        session.add(copy)
    skip = ("id", "code", "code_seq", "logbook_line", "seal")
    assert _stored(store, Dossier.__table__, "id", "copy", skip) == _stored(store, Dossier.__table__, "id", receipt.id, skip)

    # An event with a JSON value in Vietnamese, written once by the INSERTs and once by the ORM.
    from counter_app.store.rawinsert import insert_rows

    event = dict(dossier_id=receipt.id, kind="note", at=AT, officer_id=None, officer_name="Cán bộ",
                 from_status=None, to_status=None, data={"ghi_chú": "Phòng Tư pháp", "n": [1, True]},
                 origin="local")
    with store.write() as session:
        insert_rows(session, DossierEvent.__table__, [dict(event, id="by-inserts")])
        session.add(DossierEvent(**dict(event, id="by-orm")))
    skip = ("seq", "id")
    assert _stored(store, DossierEvent.__table__, "id", "by-inserts", skip) == \
        _stored(store, DossierEvent.__table__, "id", "by-orm", skip)
