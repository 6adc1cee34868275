"""Printed slips (Mẫu 01–05 and the folder label) rendered to PDF from versioned form templates.

Public API: :func:`render`, :func:`barcode_geometry`, the input dataclasses and the template
loader. Nothing here reads the database; :mod:`counter_app.slips.source` builds the data
from the store's rows and :mod:`counter_app.services.printing` queues and records prints.
"""

from counter_app.slips.data import (
    HandoverData,
    HandoverEntry,
    Paper,
    SlipAgency,
    SlipData,
    SlipDocument,
    SlipKind,
)
from counter_app.slips.layout import Code128Geometry
from counter_app.slips.render import barcode_geometry, render
from counter_app.slips.templates import (
    TemplateError,
    available_versions,
    format_date,
    format_time,
    load_template,
    lookup_url,
)

__all__ = [
    "Code128Geometry", "HandoverData", "HandoverEntry", "Paper", "SlipAgency", "SlipData",
    "SlipDocument", "SlipKind", "TemplateError", "available_versions", "barcode_geometry",
    "format_date", "format_time", "load_template", "lookup_url", "render",
]
