"""The kinds of identity paper a person or a business shows, in the words every form uses."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from counter_app.domain.enums import IdKind

PERSON_ID_KINDS = (IdKind.CCCD, IdKind.CMND, IdKind.PASSPORT)
BUSINESS_ID_KINDS = (IdKind.TAX_CODE,)


def _tr(text: str) -> str:
    return QCoreApplication.translate("id_kinds", text)


def id_kind_choices(business: bool = False) -> list[tuple[IdKind, str]]:
    """(kind, translated label) of the papers a business (or else a person) can show."""
    labels = {
        IdKind.CCCD: _tr("CCCD / số định danh"),
        IdKind.CMND: _tr("CMND (9 số)"),
        IdKind.PASSPORT: _tr("Hộ chiếu"),
        IdKind.TAX_CODE: _tr("Mã số thuế"),
    }
    return [(kind, labels[kind]) for kind in (BUSINESS_ID_KINDS if business else PERSON_ID_KINDS)]
