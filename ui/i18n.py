"""The interface language: Vietnamese as written in the code, others through Qt Linguist files."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from counter_app.domain.paths import resource_path
from counter_app.store.start_facts import LANGUAGE_SETTING

LANGUAGE_KEY = LANGUAGE_SETTING
DEFAULT_LANGUAGE = "vi"
# Language code → the words shown in the settings' language list.
LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}


def translation_file(language: str):
    """The compiled Linguist file of *language* (resources/translations/counter_app_<lang>.qm)."""
    return resource_path("translations", f"counter_app_{language}.qm")


def stored_language(store) -> str:
    """The language chosen in the settings (``ui.language``), Vietnamese when unset or unknown."""
    from counter_app.store.queries import setting

    language = setting(store, LANGUAGE_KEY, DEFAULT_LANGUAGE)
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def qt_translation_file(language: str):
    """Our own translation of Qt's standard texts (buttons, file dialogs, context menus):
    resources/translations/qtbase_<lang>.qm. Qt ships no Vietnamese one."""
    return resource_path("translations", f"qtbase_{language}.qm")


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install the translators for *language* on *app*; returns them (keep them alive).

    Vietnamese is the source language of the application's own texts; Qt's own (Yes/No/Cancel,
    file dialogs, the context menus of text fields) come from Qt's file for the language when
    Qt ships one, then from ours (``qt_translation_file``), which is searched first. For another
    language, the application's file too. A missing or unreadable file leaves those texts
    untranslated rather than failing.
    """
    QLocale.setDefault(QLocale(language))
    installed = []

    def install(load) -> None:
        translator = QTranslator(app)
        if load(translator):
            app.installTranslator(translator)
            installed.append(translator)

    install(lambda t: t.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)))
    if qt_translation_file(language).exists():
        install(lambda t: t.load(str(qt_translation_file(language))))
    if language != DEFAULT_LANGUAGE:
        install(lambda t: t.load(str(translation_file(language))))
    return installed


def remove_translators(app: QCoreApplication, translators: list[QTranslator]) -> None:
    """Undo install_translators (tests and a language change before the window is rebuilt)."""
    for translator in translators:
        app.removeTranslator(translator)


def install_app_icon(app) -> None:
    """The window and taskbar icon drawn by packaging/make_icon.py, in each size shipped."""
    from PySide6.QtGui import QIcon

    icon = QIcon()
    for png in sorted(resource_path("icons").glob("counter-app-*.png")):
        icon.addFile(str(png))
    if not icon.isNull():
        app.setWindowIcon(icon)
