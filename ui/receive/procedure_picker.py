"""Pick a procedure by typing its code or part of its name, with or without diacritics."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from counter_app.domain.catalogue import ProcedureSpec
from ui.context import AppContext


class ProcedurePicker(QWidget):
    """A search field over the catalogue with its matches below.

    Up/Down move through the matches, Enter picks one. Signals: ``spec_chosen(object spec)``,
    ``matches_changed(int count)``.
    """

    spec_chosen = Signal(object)
    matches_changed = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.spec: ProcedureSpec | None = None
        self._query_no = 0
        self._shown_no = 0          # the query whose matches the list shows
        self._pick_pending = False  # Enter came before the matches of what was typed
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Gõ mã hoặc tên thủ tục (không cần dấu), Enter để chọn"))
        self.matches = QListWidget()
        self.matches.setMaximumHeight(120)
        self.chosen_label = QLabel(self.tr("Chưa chọn thủ tục"))
        self.chosen_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.matches)
        layout.addWidget(self.chosen_label)
        self.search.textEdited.connect(self._query)
        self.search.installEventFilter(self)
        self.matches.itemActivated.connect(self._pick_item)
        self._query("")

    def _query(self, text: str) -> None:
        self._query_no += 1
        self._pick_pending = False
        number, store = self._query_no, self.ctx.store

        def search():
            from counter_app.store.queries import procedures_matching  # SQLAlchemy: on the worker, not before the paint

            return procedures_matching(store, text)

        self.ctx.tasks.run(search, on_done=lambda specs: self._show(number, specs))

    def _show(self, number: int, specs: list[ProcedureSpec]) -> None:
        if number != self._query_no:
            return  # an older query answered late
        self._shown_no = number
        self.matches.clear()
        for spec in specs:
            item = QListWidgetItem(f"{spec.code}  {spec.name}")
            item.setData(Qt.ItemDataRole.UserRole, spec)
            self.matches.addItem(item)
        if specs:
            self.matches.setCurrentRow(0)
        self.matches_changed.emit(len(specs))
        if self._pick_pending:
            self._pick_pending = False
            if specs:
                self._pick_item(self.matches.item(0))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if obj is self.search and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            plain = not (event.modifiers() & Qt.KeyboardModifier.ControlModifier)
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.matches.count():
                step = 1 if key == Qt.Key.Key_Down else -1
                row = max(0, min(self.matches.count() - 1, self.matches.currentRow() + step))
                self.matches.setCurrentRow(row)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
                if "|" in self.search.text():
                    return False  # a card scan typed here: the view routes it
                if self._shown_no != self._query_no:
                    # The list still shows an earlier search: pick the first match of what
                    # was typed when it arrives, never a procedure the officer did not ask for.
                    self._pick_pending = True
                    return True
                if self.matches.currentItem():
                    self._pick_item(self.matches.currentItem())
                    return True
        return super().eventFilter(obj, event)

    def _pick_item(self, item: QListWidgetItem) -> None:
        self.choose(item.data(Qt.ItemDataRole.UserRole))
        self.focusNextChild()

    def choose(self, spec: ProcedureSpec | None) -> None:
        """Make *spec* the chosen procedure (None: none)."""
        self.spec = spec
        self.chosen_label.setText(f"{spec.code} — {spec.name}" if spec else self.tr("Chưa chọn thủ tục"))
        self.spec_chosen.emit(spec)

    def clear(self) -> None:
        """Forget the choice and the search."""
        self.search.clear()
        self.choose(None)
        self._query("")
