"""The slip QR's verification in Vietnamese words, shared by `counter-app verify` and the
reference server's page (neither may import the other's layer; both import counter_app).

The words are data (``resources/papers/slip_qr.json``): the public page answers a citizen in
Vietnamese whatever a window's language, and a change of wording is an edit of that file.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from counter_app.domain.clock import VN_TZ
from counter_app.domain.slip_qr import RevocationList, Verdict, Verification
from counter_app.domain.words import words


def _words() -> dict[str, Any]:
    return words("papers", "slip_qr")


def _parts(value: datetime) -> dict[str, str]:
    return {"H": f"{value.hour:02d}", "M": f"{value.minute:02d}", "d": f"{value.day:02d}",
            "m": f"{value.month:02d}", "Y": f"{value.year:04d}"}


def _time(value: datetime) -> str:
    return _words()["time"].format(**_parts(value))


def _day(value: datetime) -> str:
    return f"{value:%d/%m/%Y}"  # ASCII specs (Windows strftime)


def describe(result: Verification) -> list[str]:
    """The verdict's sentence, then "Field: value" lines (the reason, or what the slip states)."""
    w = _words()
    lines = [w["verdicts"][result.verdict.value]]
    if result.verdict is Verdict.NOT_SIGNED and result.code:
        lines.append(w["unverified_code"].format(code=result.code))
    elif result.reason.value in w["reasons"]:
        lines.append(w["reason"].format(reason=w["reasons"][result.reason.value]))
    st, cert = result.statement, result.certificate
    if result.valid and st is not None and cert is not None:
        values = {"code": st.code, "agency_id": cert.agency_id, "initials": st.initials or w["no_initials"],
                  "received_at": _time(st.received_at), "due_at": _time(st.due_at), "signed_at": _time(st.signed_at),
                  "workstation_no": cert.workstation_no if cert.workstation_no is not None else w["no_workstation"],
                  "device_id": cert.device_id, "not_before": _day(cert.not_before), "not_after": _day(cert.not_after)}
        lines += [line.format_map(values) for line in w["statement"]]
    return lines


def _vn_wall(value: datetime) -> datetime:
    return value.astimezone(VN_TZ).replace(tzinfo=None) if value.tzinfo is not None else value


def revocation_lines(result: Verification, revoked_at: datetime | None) -> tuple[bool, list[str]]:
    """What a revocation of the signing workstation (*revoked_at*: Vietnam wall time, or aware)
    means for a valid slip: (True when it was revoked before the slip was signed, so its content
    is not to be trusted, the line saying so)."""
    if not result.valid or result.statement is None or revoked_at is None:
        return False, []
    revoked = _vn_wall(revoked_at)
    if result.statement.signed_at >= revoked:  # the key may be in other hands since
        return True, [_words()["revoked_before"].format(**_parts(revoked))]
    return False, [_words()["revoked_after"].format(**_parts(revoked))]


def revocation_list_lines(result: Verification, revocations: RevocationList | None) -> tuple[bool, list[str]]:
    """:func:`revocation_lines` from the province's signed list, and the list's date (what the
    check knows of revocations is what the province listed up to then)."""
    if not result.valid or result.certificate is None or revocations is None:
        return False, []
    revoked, lines = revocation_lines(result, revocations.revoked_at(result.certificate.device_id))
    issued = _time(_vn_wall(revocations.issued_at))
    return revoked, lines + [_words()["revocation_list"].format(issued_at=issued)]
