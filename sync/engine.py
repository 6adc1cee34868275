"""The outbox engine: push what is queued, pull what changed; plain synchronous code.

One call of :meth:`SyncEngine.run_once` is a round. The outbox is used through its storage
contract (counter_app.store.outbox): due items are claimed for a lease, their payloads built
then (the event as recorded plus the dossier as it stands); an item is deleted on the server's
explicit, signed acknowledgement (the receipt kept in the same transaction), set aside with
the server's reason when refused (never blocking the others; or after meeting a server error
each time it was sent alone, ``item_failure_limit`` times, each failure putting off its next
try by the backoff), or released to be sent again. A round that fails releases what it had
claimed; items claimed by a process that died are due again when their lease ends, and the
server's idempotency by event id makes the re-send safe.
"""

from __future__ import annotations

import enum
import logging
import random
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta
from typing import Any, Protocol

from counter_app.store import settings
from counter_app.domain.clock import now_vn, to_vn
from counter_app.domain.errors import message
from counter_app.store.db import Store
from counter_app.services.remote import apply_changes
from counter_app.store.audit import HEAD_KEY as AUDIT_HEAD_KEY
from counter_app.store.outbox import DEFAULT_LEASE, Claimed, Outbox, SqlOutbox
from sync import config as keys
from sync import receipts, signing, slip_signer
from sync.code_marks import refresh_code_marks
from sync.config import SyncConfig, load_config, make_transport
from sync.transport import AuthError, ItemResult, PermanentError, Pushed, PullPage, TransientError

log = logging.getLogger(__name__)
ANCHORED_KEY = "sync.audit_anchored"  # {"seq", "hash"}: the audit head the server last countersigned


MAX_RETRY_AFTER_S = 3600.0
# Beyond this difference between the server's clock and this PC's, the status bar says so:
# receipts, appointments and lateness are all stamped with this PC's clock.
CLOCK_SKEW_LIMIT_S = 120.0

#: The answer that may come from one item the server cannot take (an internal error); 502,
#: 503, 504 and 429 speak of the server or its gateway as a whole.
ITEM_ERROR_STATUS = 500


class Transport(Protocol):
    def push(self, events: list[dict[str, Any]]) -> list[ItemResult]: ...
    def pull(self, after: int, limit: int = 500) -> PullPage: ...


class KeyRefused(Exception):
    """The server would not take this workstation's key: sync pauses for a person."""


class SyncState(str, enum.Enum):
    """How the last round ended."""

    ONLINE = "online"            # reached the server
    OFFLINE = "offline"          # transient failure, or waiting out the backoff
    PAUSED = "paused"            # the token was refused: enroll again
    NOT_ENROLLED = "not_enrolled"


@dataclass(frozen=True)
class RoundResult:
    """What one round did and where the outbox stands."""

    state: SyncState
    pushed: int = 0
    acknowledged: int = 0
    rejected: int = 0
    pulled: int = 0
    pending: int = 0
    rejected_total: int = 0
    oldest_pending_at: datetime | None = None
    last_success_at: datetime | None = None
    retry_at: datetime | None = None
    error: str | None = None
    clock_skew_s: float | None = None   # this PC's clock minus the server's (Date header), if it answered
    files_uploaded: int = 0      # scans the province now holds, verified (sync.uploads)
    files_pending: int = 0       # scans still to send after the round

    @property
    def clock_skewed(self) -> bool:
        """The PC's clock and the server's differ by more than CLOCK_SKEW_LIMIT_S."""
        return self.clock_skew_s is not None and abs(self.clock_skew_s) > CLOCK_SKEW_LIMIT_S

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["state"] = self.state.value
        for key in ("oldest_pending_at", "last_success_at", "retry_at"):
            out[key] = out[key].isoformat() if out[key] else None
        return out


@dataclass(frozen=True)
class Backoff:
    """Exponential backoff with jitter: base·2^(n−1) capped, then scaled by U(0.5, 1)."""

    base: float = 2.0
    cap: float = 300.0

    def delay(self, failures: int, rng: random.Random) -> float:
        raw = min(self.cap, self.base * 2 ** max(0, failures - 1))
        return raw * rng.uniform(0.5, 1.0)


def _refused(item: Claimed, exc: PermanentError) -> ItemResult:
    """The server's refusal of a request carrying only *item*, as that item's answer."""
    return ItemResult(item.event_id, "rejected", exc.status, reason=str(exc))


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _from_iso(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


class SyncEngine:
    """Runs rounds for one profile. *transport_factory* builds the transport from the config."""

    def __init__(self, store: Store, *, transport_factory: Callable[[SyncConfig], Transport | None] = make_transport,
                 clock: Callable[[], datetime] = now_vn, rng: random.Random | None = None,
                 batch_size: int = 200, backoff: Backoff = Backoff(), pull_limit: int = 500,
                 item_failure_limit: int = 3, lease: timedelta = DEFAULT_LEASE, outbox: Outbox | None = None):
        self.store = store
        self.transport_factory = transport_factory
        self.clock = clock
        self.rng = rng or random.Random()
        self.batch_size = batch_size
        self.backoff = backoff
        self.pull_limit = pull_limit
        self.item_failure_limit = item_failure_limit
        self.lease = lease
        self.outbox: Outbox = outbox if outbox is not None else SqlOutbox(store)
        self._force = False
        self._config: SyncConfig | None = None  # the round's config (the pinned server key, the device id)
        #: Called (on the round's thread) as the scans travel: sync.uploads.FileProgress.
        self.on_file_progress: Callable[[Any], None] | None = None

    # --- the round -------------------------------------------------------------------------
    def run_once(self, *, force: bool = False) -> RoundResult:
        """Push every due item in batches, then pull the feed. *force* ignores the backoff."""
        now = self.clock()
        config = load_config(self.store)
        try:
            transport = self.transport_factory(config) if config.enrolled else None
        except signing.BadSignature as exc:  # the key file does not open here: paused, said why
            with self.store.write() as session:
                settings.set_setting(session, keys.PAUSED, str(exc))
            return self._result(SyncState.PAUSED, error=str(exc))
        self._config = config
        if transport is None:  # nothing written: an unenrolled profile is left untouched
            return self._result(SyncState.NOT_ENROLLED, error="Máy trạm chưa đăng ký với máy chủ.")
        try:
            result = self._round(transport, now, force)
            return replace(result, clock_skew_s=self._skew(transport))
        finally:  # a transport per round: release its connections (an HTTP session) with it
            close = getattr(transport, "close", None)
            if close is not None:
                close()

    def _skew(self, transport: Transport) -> float | None:
        """Seconds this PC's clock is ahead of the server's (negative: behind), from the Date
        header of the round's last reply, or None when no reply carried one. Both sides are
        compared as Vietnam wall time (the engine's clock is the counter's clock)."""
        server = getattr(transport, "last_server_date", None)
        if server is None:
            return None
        return round((self.clock() - to_vn(server)).total_seconds(), 1)

    def _round(self, transport: Transport, now: datetime, force: bool) -> RoundResult:
        self._force = force
        with self.store.read() as session:
            paused = settings.get_setting(session, keys.PAUSED)
            retry_at = _from_iso(settings.get_setting(session, keys.RETRY_AT))
        if paused:
            return self._result(SyncState.PAUSED, error=paused)
        if not force and retry_at is not None and now < retry_at:
            return self._result(SyncState.OFFLINE, error=self._last_error())
        counts = {"pushed": 0, "acknowledged": 0, "rejected": 0, "pulled": 0}
        try:
            self._ensure_key(transport)
            self._push_all(transport, counts)
            self._upload_files(transport, counts)  # files travel after the events
            counts["pulled"] = self._pull_all(transport)
            refresh_code_marks(self.store, transport, now.date())  # once a day, and after a restore
            self._anchor_audit(transport)
            self._ensure_certificate(transport)
            self._refresh_revocations(transport)
        except TransientError as exc:
            self._note_failure(str(exc), exc.retry_after)
            return self._result(SyncState.OFFLINE, error=str(exc), **counts)
        except (AuthError, KeyRefused) as exc:
            with self.store.write() as session:
                settings.set_setting(session, keys.PAUSED, str(exc))
                settings.set_setting(session, keys.LAST_ERROR, str(exc))
            return self._result(SyncState.PAUSED, error=str(exc), **counts)
        with self.store.write() as session:
            settings.set_setting(session, keys.FAILURES, 0)
            settings.set_setting(session, keys.RETRY_AT, None)
            settings.set_setting(session, keys.LAST_ERROR, None)
            settings.set_setting(session, keys.LAST_SUCCESS_AT, _iso(self.clock()))
        return self._result(SyncState.ONLINE, **counts)

    # --- signatures (issue 16 items 2 and 4) -------------------------------------------------
    def _ensure_key(self, transport: Transport) -> None:
        """A workstation enrolled before signatures registers a key pair on its next round
        (the server then refuses its unsigned pushes) and pins the server's key."""
        config = self._config
        register = getattr(transport, "register_key", None)
        if config is None or config.server_key or register is None or config.profile_dir is None:
            return
        key = signing.ensure_device_key(config.profile_dir)
        try:
            server_key = register(key)
        except PermanentError as exc:
            raise KeyRefused(f"Máy chủ không nhận khoá ký của máy trạm này: {exc}") from exc
        with self.store.write() as session:
            settings.set_setting(session, receipts.SERVER_KEY, server_key)
        transport.device_key = key
        self._config = replace(config, server_key=server_key)

    def _check_receipt(self, pushed: Pushed) -> None:
        """Raise TransientError unless the batch's receipt is the pinned server's signature
        over this device, this very body and these results (nothing is marked delivered then)."""
        config = self._config
        if config is None or not config.server_key:
            return  # a fake transport in tests, or a legacy profile before its key is registered
        try:
            if pushed.receipt is None:
                raise signing.BadSignature("không có xác nhận đã ký")
            statement = receipts.read_statement(config.server_key, pushed.receipt, receipts.PUSH_ACK,
                                                config.device_id)
            if statement.get("body_sha256") != pushed.body_sha256:
                raise signing.BadSignature("xác nhận một lô khác")
            said = {(r.get("event_id"), r.get("status"), r.get("ack")) for r in statement.get("results", [])}
            if any((r.event_id, r.status, r.ack) not in said for r in pushed.results):
                raise signing.BadSignature("kết quả khác với nội dung đã ký")
        except signing.BadSignature as exc:
            raise TransientError(f"Xác nhận của máy chủ không có chữ ký hợp lệ ({exc}); các mục sẽ được gửi lại.") \
                from None

    def _ensure_certificate(self, transport: Transport) -> None:
        """Ask for the slip certificate when there is none, it is for another key, or it ends
        soon (sync.slip_signer). A refusal (no key registered yet) waits for a later round."""
        fetch = getattr(transport, "certificate", None)
        config = self._config
        if fetch is None or config is None or not config.server_key or not slip_signer.needs_certificate(self.store):
            return
        try:
            certificate = fetch()
        except (PermanentError, TransientError) as exc:  # slips print unsigned meanwhile
            log.warning("slip certificate not fetched: %s", exc)
            return
        slip_signer.keep_certificate(self.store, certificate, config.server_key)

    def _refresh_revocations(self, transport: Transport) -> None:
        """Fetch the province's signed list of revoked workstations and keep it when newer (for
        `counter-app verify` offline). A failure leaves the list kept before; the round goes on."""
        fetch = getattr(transport, "revocations", None)
        config = self._config
        if fetch is None or config is None or not config.server_key:
            return
        try:
            signed = fetch()
        except (PermanentError, TransientError) as exc:
            log.warning("revocation list not fetched: %s", exc)
            return
        slip_signer.keep_revocations(self.store, signed, config.server_key)

    def _anchor_audit(self, transport: Transport) -> None:
        """Have the server countersign the audit chain's head when it moved since the last time."""
        anchor = getattr(transport, "anchor_audit", None)
        config = self._config
        if anchor is None or config is None or not config.server_key or getattr(transport, "device_key", None) is None:
            return
        with self.store.read() as session:
            head = settings.get_setting(session, AUDIT_HEAD_KEY)
            anchored = settings.get_setting(session, ANCHORED_KEY)
        if not isinstance(head, dict) or head == anchored:
            return
        receipt = anchor(int(head["seq"]), str(head["hash"]))
        try:
            statement = receipts.read_statement(config.server_key, receipt, receipts.AUDIT_HEAD, config.device_id)
        except signing.BadSignature as exc:
            raise TransientError(f"Xác nhận nhật ký của máy chủ không có chữ ký hợp lệ ({exc}).") from None
        if (statement.get("seq"), statement.get("hash")) != (head["seq"], head["hash"]):
            raise TransientError("Máy chủ xác nhận một mục nhật ký khác với mục đã gửi.")
        with self.store.write() as session:
            receipts.keep(session, receipts.AUDIT_HEAD, receipt, self.clock())
            settings.set_setting(session, ANCHORED_KEY, {"seq": head["seq"], "hash": head["hash"]})

    def _upload_files(self, transport: Transport, counts: dict[str, int]) -> None:
        """Send the scans the province does not hold yet (sync.uploads), when the transport can."""
        if not hasattr(transport, "upload_chunk"):
            return
        from counter_app.store.document_files import DocumentFiles
        from sync.uploads import upload_files

        done = upload_files(self.store, transport, DocumentFiles(self.store.path.parent, key=self.store.key),
                            on_files=self.on_file_progress)
        counts["files_uploaded"], counts["files_pending"] = done.uploaded, done.pending

    def _next_batch(self, tried: set[int]) -> list[Claimed]:
        """Due items in sequence order (claimed for the lease); a dossier whose earlier item
        is held back waits too. An item whose payload cannot be built is set aside at once."""
        while True:
            batch = self.outbox.claim(self.clock(), limit=self.batch_size, lease=self.lease, skip=tried,
                                      force=self._force)
            broken = [item for item in batch if item.payload is None]
            if not broken:
                return batch
            for held_until, seqs in _by_claim(broken).items():
                self.outbox.set_aside(seqs, message("sync.set_aside.unbuildable"), held_until=held_until)
            self._release([item for item in batch if item.payload is not None], None)

    def _push_all(self, transport: Transport, counts: dict[str, int]) -> None:
        tried: set[int] = set()
        while True:
            batch = self._next_batch(tried)
            if not batch:
                return
            tried.update(item.seq for item in batch)
            counts["pushed"] += len(batch)
            self._send(transport, batch, counts)

    def _send(self, transport: Transport, items: list[Claimed], counts: dict[str, int]) -> None:
        """Push *items* (claimed) and settle the answers.

        A batch the server refused as a whole is sent again item by item, still claimed, to
        find the culprit(s). When the round fails, every item not yet settled is released
        before the error leaves.
        """
        pushed: Pushed | None = None
        try:
            push_signed = getattr(transport, "push_signed", None)
            if push_signed is not None:
                pushed = push_signed([item.payload for item in items])
                self._check_receipt(pushed)
                results = pushed.results
            else:
                results = transport.push([item.payload for item in items])
        except PermanentError as exc:
            if len(items) == 1:
                self._settle(items, [_refused(items[0], exc)], counts)
                return
            self._send_one_by_one(transport, items, counts)
            return
        except TransientError as exc:
            if exc.status != ITEM_ERROR_STATUS:
                self._release(items, str(exc))
                raise
            self._after_server_error(transport, items, exc, counts)
            return
        except AuthError as exc:
            self._release(items, str(exc))
            raise
        except BaseException:
            self._release(items, None)
            raise
        self._settle(items, results, counts, pushed)

    def _after_server_error(self, transport: Transport, items: list[Claimed], exc: TransientError,
                            counts: dict[str, int]) -> None:
        """The server failed (500) on a request carrying *items* (claimed).

        One item the server cannot take must not hold back the others: when the server still
        answers a request without items (a one-change read of the feed), the failure came with
        the items, so a batch is sent again item by item, and an item that failed alone counts
        one failure; at ``item_failure_limit`` it is set aside with the reason, for a person to
        look at (never dropped). When the server does not answer that read either, it is the
        server that is down: the round fails as a whole and no item is blamed.
        """
        try:
            self._probe(transport)
        except BaseException:
            self._release(items, str(exc))
            raise
        if len(items) > 1:
            self._send_one_by_one(transport, items, counts)
            return
        self._item_failed(items[0], str(exc), counts)

    def _send_one_by_one(self, transport: Transport, items: list[Claimed], counts: dict[str, int]) -> None:
        """Send *items* (claimed) again one request each; a dossier whose item is still
        pending after its turn holds its later items back (released, unsent): its events
        reach the server in order."""
        held: set[str] = set()
        for index, item in enumerate(items):
            if item.dossier_id is not None and item.dossier_id in held:
                self._release([item], None)
                continue
            try:
                self._send(transport, [item], counts)
            except BaseException:
                self._release(items[index + 1:], None)  # a failed push released this item itself
                raise
            if item.dossier_id is not None and self.outbox.state(item.seq) == "pending":
                held.add(item.dossier_id)

    def _probe(self, transport: Transport) -> None:
        """Raise unless the server answers a request carrying no item (nothing is applied)."""
        with self.store.read() as session:
            cursor = int(settings.get_setting(session, keys.CURSOR, 0) or 0)
        transport.pull(cursor, 1)

    def _item_failed(self, item: Claimed, error: str, counts: dict[str, int]) -> None:
        """Count a server error met by *item* sent alone; its next try waits for the backoff
        (a person's "sync now" does not); set it aside at the limit."""
        with self.store.write() as session:
            failures = dict(settings.get_setting(session, keys.ITEM_FAILURES, None) or {})
            waiting = self.outbox.waiting(list(failures)) if failures else set()
            failures = {k: v for k, v in failures.items() if k in waiting}  # forget settled items
            n = int(failures.get(item.event_id, 0)) + 1
            if n >= self.item_failure_limit:
                failures.pop(item.event_id, None)
            else:
                failures[item.event_id] = n
            settings.set_setting(session, keys.ITEM_FAILURES, failures or None)
        if n >= self.item_failure_limit:
            self.outbox.set_aside([item.seq], message("sync.set_aside.keeps_failing", times=n, error=error or ""),
                                  error=error, held_until=item.held_until)
            counts["rejected"] += 1
        else:
            retry_at = self.clock() + timedelta(seconds=self.backoff.delay(n, self.rng))
            self.outbox.release([item.seq], error=error, retry_at=retry_at, held_until=item.held_until)

    def _release(self, batch: list[Claimed], error: str | None) -> None:
        """End the claim of items not acknowledged: they will be sent again."""
        for held_until, seqs in _by_claim(batch).items():  # one claim's items at a time
            self.outbox.release(seqs, error=error, held_until=held_until)

    def _settle(self, batch: list[Claimed], results: list[ItemResult], counts: dict[str, int],
                pushed: Pushed | None = None) -> None:
        by_id = {r.event_id: r for r in results}
        delivered: list[int] = []
        refused: dict[Any, list[Claimed]] = {}
        unanswered: list[Claimed] = []
        for item in batch:
            answer = by_id.get(item.event_id)
            if answer is not None and answer.acknowledged:
                delivered.append(item.seq)
            elif answer is not None and answer.status in ("rejected", "conflict"):
                # The province's own words when it gives them (they are its to say), else a code.
                reason = answer.reason or message("sync.set_aside.refused", code=str(answer.code or ""))
                refused.setdefault(reason, []).append(item)
            else:  # no explicit acknowledgement: not delivered, send again next round
                unanswered.append(item)
        now = self.clock()
        keep = None
        if pushed is not None and pushed.receipt is not None and self._config and self._config.server_key:
            def keep(session: Any) -> None:  # the receipt, in the transaction that deletes what it acknowledges
                receipts.keep(session, receipts.PUSH_ACK, pushed.receipt, now)
        counts["acknowledged"] += self.outbox.ack(delivered, then=keep)
        for reason, items in refused.items():
            for held_until, seqs in _by_claim(items).items():
                self.outbox.set_aside(seqs, reason, held_until=held_until)
            counts["rejected"] += len(items)
        self._release(unanswered, "Máy chủ không xác nhận mục này.")

    def _pull_all(self, transport: Transport) -> int:
        pulled = 0
        while True:
            with self.store.read() as session:
                cursor = int(settings.get_setting(session, keys.CURSOR, 0) or 0)
            page = transport.pull(cursor, self.pull_limit)
            with self.store.write() as session:  # the changes and the cursor commit together
                apply_changes(session, page.changes, now=self.clock())
                settings.set_setting(session, keys.CURSOR, page.cursor)
            pulled += len(page.changes)
            if not page.more or not page.changes:
                return pulled

    def _note_failure(self, message: str, retry_after: float | None) -> None:
        with self.store.write() as session:
            failures = int(settings.get_setting(session, keys.FAILURES, 0) or 0) + 1
            delay = self.backoff.delay(failures, self.rng)
            if retry_after is not None:
                delay = max(delay, min(retry_after, MAX_RETRY_AFTER_S))  # the server knows best
            retry_at = self.clock() + timedelta(seconds=delay)
            settings.set_setting(session, keys.FAILURES, failures)
            settings.set_setting(session, keys.RETRY_AT, _iso(retry_at))
            settings.set_setting(session, keys.LAST_ERROR, message)

    # --- status ----------------------------------------------------------------------------
    def _last_error(self) -> str | None:
        with self.store.read() as session:
            return settings.get_setting(session, keys.LAST_ERROR)

    def _result(self, state: SyncState, *, error: str | None = None, **counts: int) -> RoundResult:
        outbox = self.outbox.counts()
        with self.store.read() as session:
            last_success = _from_iso(settings.get_setting(session, keys.LAST_SUCCESS_AT))
            retry_at = _from_iso(settings.get_setting(session, keys.RETRY_AT))
        if "files_pending" not in counts:  # the round did not reach the scans: say what waits
            from sync.uploads import pending_count

            counts["files_pending"] = pending_count(self.store)
        return RoundResult(state, pending=outbox.pending, rejected_total=outbox.set_aside,
                           oldest_pending_at=outbox.oldest_pending_at, last_success_at=last_success, retry_at=retry_at,
                           error=error, **counts)


def _by_claim(items: list[Claimed]) -> dict[Any, list[int]]:
    """Items' numbers by the claim (lease) they are under: each claim's items are released or
    set aside with that claim's ``held_until``, so a claim another sender took since is left."""
    out: dict[Any, list[int]] = {}
    for item in items:
        out.setdefault(item.held_until, []).append(item.seq)
    return out
