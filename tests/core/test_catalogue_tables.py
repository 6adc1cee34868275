"""The procedure picker's search and the catalogue reads, served from the reference cache."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import event

from counter_app.store import catalogue_tables, refcache


def _codes(store, text, limit=20):
    with store.read() as session:
        return [spec.code for spec in catalogue_tables.search_specs(session, text, limit)]


def test_code_prefix_first_then_names_with_every_word_diacritics_ignored(store):
    assert _codes(store, "1.00") == ["1.000656", "1.000894", "1.001193", "1.001612", "1.004873"]
    assert _codes(store, "dang ky") == ["1.000656", "1.000894", "1.001193", "1.001612"]
    assert _codes(store, "Chứng thực") == ["2.000815", "2.000884"]
    assert _codes(store, "ban sao") == ["2.000635", "2.000815"]
    assert _codes(store, "khai sinh kết") == []
    assert _codes(store, "") == sorted(_codes(store, ""))
    assert len(_codes(store, "", limit=3)) == 3
    assert _codes(store, "1.00", limit=2) == ["1.000656", "1.000894"]


def test_the_digits_an_officer_knows_find_the_procedure(store):
    assert _codes(store, "1193") == ["1.001193"]
    assert _codes(store, "001193") == ["1.001193"]
    assert _codes(store, "1.001193") == ["1.001193"]
    assert _codes(store, "0815") == ["2.000815"]


def test_keystrokes_after_the_first_do_not_query_the_database(store):
    statements, traced = [], set()

    def trace(dbapi_conn, _record, _proxy):  # every statement SQLite runs, however it was sent
        dbapi_conn.set_trace_callback(statements.append)
        traced.add(dbapi_conn)

    _codes(store, "d")  # builds the catalogue
    event.listen(store.read_engine, "checkout", trace)
    try:
        for typed in ("da", "dan", "dang", "dang k", "dang ky"):
            _codes(store, typed)
        with store.read() as session:
            spec = catalogue_tables.get_spec(session, "1.001193")
            listed = catalogue_tables.list_specs(session)
    finally:
        event.remove(store.read_engine, "checkout", trace)
        for dbapi_conn in traced:
            dbapi_conn.set_trace_callback(None)
    # Six read transactions, in which only the reference token is read (once per lookup).
    assert [s for s in statements if s.upper().startswith("BEGIN")] == ["BEGIN"] * 6
    read = [s for s in statements if s.split()[0].upper() not in ("BEGIN", "ROLLBACK", "COMMIT")]
    assert read and set(read) == {refcache.TOKEN_SQL}
    assert spec is next(s for s in listed if s.code == "1.001193")
    assert spec.documents  # loaded with the procedure


def test_a_changed_catalogue_is_searched_at_once(store):
    assert _codes(store, "khai sinh") == ["1.001193"]
    with store.write() as session:
        spec = catalogue_tables.get_spec(session, "1.001193")
        catalogue_tables.upsert_specs(session, [replace(spec, code="1.009999", name="Đăng ký khai sinh lưu động")])
    assert _codes(store, "khai sinh") == ["1.001193", "1.009999"]
    with store.read() as session:
        assert catalogue_tables.get_spec(session, "1.009999").name == "Đăng ký khai sinh lưu động"
