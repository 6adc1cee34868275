"""The interface language: Vietnamese by default, English from the Linguist file."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from counter_app.store.settings import set_setting
from ui.i18n import LANGUAGE_KEY, install_translators, remove_translators, stored_language

TITLE = "Tiếp nhận và trả kết quả hồ sơ"


def test_vietnamese_is_the_default_and_installs_only_qts_own_texts(qapp, store):
    assert stored_language(store) == "vi"
    translators = install_translators(qapp, "vi")
    try:
        assert len(translators) == 1  # ours for Qt's buttons and dialogs (Qt ships no Vietnamese)
        assert QCoreApplication.translate("MainWindow", TITLE) == TITLE
        assert QCoreApplication.translate("QPlatformTheme", "&Yes") == "&Có"
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Huỷ"
    finally:
        remove_translators(qapp, translators)
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


def test_an_unknown_stored_language_falls_back_to_vietnamese(store):
    with store.write() as session:
        set_setting(session, LANGUAGE_KEY, "xx")
    assert stored_language(store) == "vi"


def test_english_translates_the_main_window(qapp, store, qtbot):
    from ui.context import AppContext
    from ui.main_window import MainWindow
    from ui.tasks import TaskRunner

    with store.write() as session:
        set_setting(session, LANGUAGE_KEY, "en")
    translators = install_translators(qapp, stored_language(store))
    try:
        assert len(translators) >= 1
        assert QCoreApplication.translate("MainWindow", TITLE) == "Dossier reception and results"
        window = MainWindow(AppContext(profile_dir=store.path.parent, store=store, tasks=TaskRunner()))
        qtbot.addWidget(window)
        assert window.windowTitle() == "Dossier reception and results"
    finally:
        remove_translators(qapp, translators)
    assert QCoreApplication.translate("MainWindow", TITLE) == TITLE


def test_page_titles_given_through_window_tr_are_translated_in_the_main_windows_context(qapp):
    """`window.tr("…")` in wiring code runs in MainWindow's context, whatever lupdate calls it."""
    import xml.etree.ElementTree as ET

    from ui.i18n import translation_file

    ts = ET.parse(translation_file("en").with_suffix(".ts"))
    contexts = {c.findtext("name"): c for c in ts.getroot().iter("context")}
    aliased = {m.findtext("source"): m.findtext("translation") for m in contexts["window"].iter("message")}
    assert aliased  # the page titles
    translators = install_translators(qapp, "en")
    try:
        for source, english in aliased.items():
            assert QCoreApplication.translate("MainWindow", source) == english
    finally:
        remove_translators(qapp, translators)


def test_table_headers_are_extracted_and_translated(qapp):
    """Column titles are literal ``self.tr()`` calls in each model's ``headers()``: lupdate finds
    them and the English file translates them in the model's own context."""
    from PySide6.QtCore import Qt

    from ui.admin.accounts import OfficerTableModel
    from ui.admin.catalogue import OverrideTableModel
    from ui.card.history_model import HistoryTableModel
    from ui.printing.queue_view import PrintQueueTableModel

    def titles(model) -> list[str]:
        return [model.headerData(i, Qt.Orientation.Horizontal) for i in range(model.columnCount())]

    assert titles(HistoryTableModel()) == ["Thời gian", "Sự kiện", "Cán bộ", "Trạng thái", "Chi tiết"]
    translators = install_translators(qapp, "en")
    try:
        assert titles(HistoryTableModel()) == ["Time", "Event", "Officer", "Status", "Details"]
        assert titles(PrintQueueTableModel()) == ["Slip", "Dossier code", "Time", "Status"]
        assert titles(OverrideTableModel()) == ["Date", "Kind", "Note", "Legal basis", "Status"]
        assert titles(OfficerTableModel()) == ["Username", "Full name", "Role", "Status"]
    finally:
        remove_translators(qapp, translators)
