"""The logbook page (Sổ theo dõi hồ sơ, Mẫu 06)."""

from ui.logbook.view import LogbookView

__all__ = ["LogbookView"]
