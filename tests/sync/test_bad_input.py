"""Bad input gets a 4xx with a reason, never a 5xx: each probe that once broke the server, sent
as raw bytes to the real server process (SQLite and PostgreSQL).

The probes share one server per database (module scope): none of them may change what it
stores, and the last test checks that."""

from __future__ import annotations

import copy
import json

import pytest
import requests
from sqlalchemy import select

from counter_app.store.db import open_store
from counter_app.services.demo import DEMO_AGENCY, DEMO_OFFICERS
from counter_app.store.models import OutboxItem
from counter_app.services.setup import initialise_profile
from sync.protocol import MAX_REQUEST_BYTES
from sync.server.schema import open_database
from sync.server.store import ServerStore
from sync.signing import new_key, public_key_b64
from tests.sync.conftest import ServerProcess, Workstation, fresh_server_url, signed_session

JSON = {"Content-Type": "application/json"}


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def probed(request, tmp_path_factory):
    """(server process, its store) on a fresh database, for the whole module."""
    with fresh_server_url(request.param, tmp_path_factory.mktemp("probes")) as url:
        engine = open_database(url)
        proc = ServerProcess(url).start()
        yield proc, ServerStore(engine)
        proc.stop()
        engine.dispose()


@pytest.fixture(scope="module")
def api(probed):
    """A requests session holding a device token of the demo agency, signing as that device."""
    server, store = probed
    session = signed_session(server.url, store.issue_code(DEMO_AGENCY.id), 1)
    yield session
    session.close()


@pytest.fixture(scope="module")
def received_event(tmp_path_factory):
    path = tmp_path_factory.mktemp("ws")
    store = open_store(path)
    initialise_profile(store, DEMO_AGENCY, 1, DEMO_OFFICERS)
    Workstation(1, path, store).receive_many(1)
    with store.read() as s:
        payload = s.scalars(select(OutboxItem)).one().payload
    store.dispose()
    return payload


@pytest.fixture
def event(received_event):
    return copy.deepcopy(received_event)


@pytest.fixture
def server(probed):
    return probed[0]


def _raw(session, url, text: str, **kw) -> requests.Response:
    """POST *text* as it is (json.dumps would refuse what the probes need)."""
    return session.post(url, data=text.encode("utf-8"), headers=JSON, timeout=30, **kw)


def _push_one(api, server, item) -> requests.Response:
    return _raw(api, server.url + "/v1/events", json.dumps({"events": [item]}))


def _item_result(resp):
    assert resp.status_code == 200, resp.text
    [result] = resp.json()["results"]
    return result


@pytest.mark.parametrize("after", [2**63, 2**63 + 1, 10**30, -1, "1e3", "abc"])
def test_a_cursor_out_of_bounds_is_422(api, server, after):
    resp = api.get(server.url + "/v1/changes", params={"after": after}, timeout=30)
    assert resp.status_code == 422
    assert "after" in resp.json()["detail"]


@pytest.mark.parametrize("after", [2**31, 2**63 - 1])
def test_a_cursor_beyond_any_change_finds_nothing(api, server, after):
    resp = api.get(server.url + "/v1/changes", params={"after": after}, timeout=30)
    assert resp.status_code == 200
    assert resp.json() == {"changes": [], "cursor": after, "more": False}


@pytest.mark.parametrize("field", ["version", "status"])
@pytest.mark.parametrize("value", ["abc", "5", True, 2**70, 1e300, 2.5, -1, 0])
def test_a_number_out_of_its_bounds_rejects_the_item(api, server, event, field, value):
    event["dossier"][field] = value
    result = _item_result(_push_one(api, server, event))
    assert (result["status"], result["code"], result["event_id"]) == ("rejected", 422, event["event_id"])
    assert ("phiên bản (version)" if field == "version" else "rạng thái") in result["reason"]


@pytest.mark.parametrize("kind", ["x" * 10_000, "received\x00", "", 42, None])
def test_a_long_empty_or_nul_holding_kind_rejects_the_item(api, server, event, kind):
    event["kind"] = kind
    result = _item_result(_push_one(api, server, event))
    assert (result["status"], result["code"]) == ("rejected", 422)
    assert "kind" in result["reason"] and len(result["reason"]) < 200


@pytest.mark.parametrize("where", ["event_id", "kind", "applicant_name", "key", "nested", "code"])
def test_a_lone_surrogate_anywhere_in_an_event_rejects_it(api, server, event, where):
    text = json.dumps({"events": [event]}, ensure_ascii=True)
    lone = "\\ud800"
    if where == "event_id":
        text = text.replace(event["event_id"], event["event_id"][:30] + lone)
    elif where == "kind":
        text = text.replace('"kind": "received"', f'"kind": "rec{lone}"')
    elif where == "applicant_name":
        text = text.replace('"applicant_name": "', f'"applicant_name": "{lone}')
    elif where == "key":
        text = text.replace('"applicant_name":', f'"applicant{lone}":')
    elif where == "nested":
        text = text.replace('"dossier": {', f'"dossier": {{"extra": [{{"deep": "{lone}"}}], ')
    else:
        text = text.replace('"code": "', f'"code": "{lone}')
    resp = _raw(api, server.url + "/v1/events", text)
    assert resp.status_code in (200, 422), resp.text
    if resp.status_code == 200:
        [result] = resp.json()["results"]
        assert (result["status"], result["code"]) == ("rejected", 422)
        assert result["event_id"] in (event["event_id"], "")


def test_nul_and_non_finite_numbers_in_free_form_fields_reject_the_item(api, server, event):
    event["dossier"]["applicant_name"] = "Nguyễn\x00Văn An"
    assert "NUL" in _item_result(_push_one(api, server, event))["reason"]
    text = json.dumps({"events": [dict(event, data={"fee": float("nan")})]})
    assert _item_result(_raw(api, server.url + "/v1/events", text))["code"] == 422


@pytest.mark.parametrize("body", [
    '{"code": "\\ud800ABCD"}',
    '{"code": "ABCD-1234-5678", "name": "Qu\\udc00"}',
    '{"code": "ABCD-1234-5678", "workstation_no": "abc"}',
    '{"code": "ABCD-1234-5678", "workstation_no": 1180591620717411303424}',
    '{"code": "ABCD-1234-5678", "workstation_no": 1e300}',
    '{"code": "ABCD-1234-5678", "name": "' + "x" * 10_000 + '"}',
    '{"code": "ABCD\\u0000"}',
    '{"code": "ABCD-1234-5678", "nonce": "short"}',
    '{"code": "ABCD-1234-5678", "surplus": 1}',
])
def test_bad_enrollment_fields_are_422(server, body):
    resp = _raw(requests, server.url + "/v1/enroll", body)
    assert resp.status_code == 422, resp.text
    assert resp.json()["errors"] and len(resp.text) < 2000


def test_nul_in_a_path_is_422_and_an_unknown_dossier_404(api, server):
    assert api.get(server.url + "/v1/dossiers/%00", timeout=30).status_code == 422
    assert api.get(server.url + "/v1/dossiers/ab%00cd", timeout=30).status_code == 422
    assert api.get(server.url + "/v1/dossiers/" + "x" * 37, timeout=30).status_code == 422
    assert api.get(server.url + "/v1/dossiers/unknown", timeout=30).status_code == 404


def test_malformed_json_is_400(api, server):
    for text in ("{", '{"events": [}', "\xff\xfe"):
        resp = api.post(server.url + "/v1/events", data=text.encode("latin-1"), headers=JSON, timeout=30)
        assert resp.status_code == 400, resp.text


def test_a_body_over_the_limit_is_413_with_or_without_a_length(api, probed):
    server, server_store = probed
    big = b'{"events": [{"event_id": "x", "pad": "' + b"x" * MAX_REQUEST_BYTES + b'"}]}'
    resp = api.post(server.url + "/v1/events", data=big, headers=JSON, timeout=60)
    assert resp.status_code == 413 and "tối đa" in resp.json()["detail"]

    def chunks():  # no Content-Length: chunked transfer
        for start in range(0, len(big), 256 * 1024):
            yield big[start:start + 256 * 1024]

    assert api.post(server.url + "/v1/events", data=chunks(), headers=JSON, timeout=60).status_code == 413
    assert server_store.stats()["events"] == 0


def test_the_server_stays_up_and_stores_only_good_events_after_the_probes(api, probed, event):
    server, server_store = probed
    assert server_store.stats()["events"] == 0
    bad = json.loads(json.dumps(event))
    bad["event_id"] = "01900000-0000-7000-8000-00000000dead"
    bad["dossier"]["version"] = 2**70
    results = api.post(server.url + "/v1/events", json={"events": [bad, event]}, timeout=30).json()["results"]
    assert [(r["status"], r["code"]) for r in results] == [("rejected", 422), ("accepted", 200)]
    assert server_store.stats()["events"] == 1
    assert requests.get(server.url + "/health", timeout=5).json() == {"status": "ok", "api": "1"}


# --- these two need a server of their own (function scope: tests/sync/conftest.py) ----------
def test_repeated_failed_enrollments_are_answered_429(isolated_server):
    server = isolated_server
    key = public_key_b64(new_key())  # a well-formed request: only the code is wrong
    statuses = [_raw(requests, server.url + "/v1/enroll", json.dumps({"code": f"WRONG-{i:04d}", "public_key": key}))
                .status_code for i in range(21)]
    assert statuses == [403] * 20 + [429]
    again = _raw(requests, server.url + "/v1/enroll", json.dumps({"code": "WRONG-9999", "public_key": key}))
    assert again.status_code == 429 and int(again.headers["Retry-After"]) >= 1


def test_a_batch_over_the_size_limit_is_sent_again_item_by_item(make_workstation, isolated_server, server_store):
    server = isolated_server
    ws = make_workstation(1)
    ws.receive_many(5)
    with ws.store.write() as s:  # five events of about 1 MB each: 5 MB together, over the 4 MiB cap
        for item in s.scalars(select(OutboxItem)):
            item.recorded_payload = dict(item.payload, data={"note": "x" * 1_000_000})  # sent as recorded
    ws.enroll(server.url, server_store)
    result = ws.engine(batch_size=5).run_once(force=True)
    assert (result.acknowledged, result.rejected, result.pending) == (5, 0, 0)
    assert server_store.stats()["events"] == 5


@pytest.fixture
def isolated_server(server_db, server_store):
    proc = ServerProcess(server_db).start()
    yield proc
    proc.stop()
