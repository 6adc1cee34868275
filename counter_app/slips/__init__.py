"""Printed slips (Mẫu 01–05 and the folder label) rendered to PDF from versioned form templates.

Public API: :func:`render`, :func:`barcode_geometry`, the input dataclasses and the template
loader. Nothing here reads the database; :mod:`counter_app.store.slip_source` builds the data
from the store's rows and :mod:`counter_app.services.printing` queues and records prints.
"""

import sys
import types

from counter_app.slips.data import (
    ControlData,
    ControlStep,
    HandoverData,
    HandoverEntry,
    Paper,
    SlipAgency,
    SlipData,
    SlipDocument,
    SlipKind,
)
from counter_app.slips.templates import (
    TemplateError,
    available_versions,
    format_date,
    format_time,
    load_template,
    lookup_url,
)

__all__ = [
    "Code128Geometry", "ControlData", "ControlStep", "HandoverData", "HandoverEntry", "Paper", "SlipAgency", "SlipData",
    "SlipDocument", "SlipKind", "TemplateError", "available_versions", "barcode_geometry",
    "format_date", "format_time", "load_template", "lookup_url", "render",
]


# reportlab (about 200 ms of imports) loads when a slip is first drawn, not with this package:
# the GUI imports the slip kinds and the print queue at start-up and draws slips much later.
_LAZY = {"render": "counter_app.slips.render", "barcode_geometry": "counter_app.slips.render",
         "Code128Geometry": "counter_app.slips.layout"}


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value
    return value


class _SlipsPackage(types.ModuleType):
    """Loading the ``counter_app.slips.render`` module sets this package's ``render`` to that
    module; the package's public ``render`` is the function, so that assignment is ignored
    (code that wants the module imports from it: ``from counter_app.slips.render import …``)."""

    def __setattr__(self, name: str, value) -> None:
        if name == "render" and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _SlipsPackage
