"""What the CJK walk reads off the screen, and what it lets pass without Chinese.

tests/ui/test_cjk_walk.py opens every section and dialog; this module turns the
widgets on screen into (where, text) pairs and judges each text. A text passes
when it has a CJK character or when it is one of the few things a Chinese
business application shows as they are (:data:`ALLOWED`).
"""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMenuBar,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QToolButton,
    QWidget,
)

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
TAGS = re.compile(r"<[^>]*>")
ENTITIES = re.compile(r"&(nbsp|amp|lt|gt|quot|#\d+);")

#: Texts shown as they are in a Chinese interface. Each pattern says why; keep it short.
ALLOWED: tuple[tuple[str, re.Pattern[str]], ...] = (
    # No Latin letter at all: figures, amounts, dates and times in numeric form,
    # masked numbers (138****0000), arrows and stars (‹ › ★). Nothing there to translate.
    ("no Latin letter", re.compile(r"[^A-Za-z]*")),
    # A masked ID number keeps its last character, which may be the check character X.
    ("masked ID numbers", re.compile(r"[\d*]+X")),
    # Identifiers users type or read out as they are: branch, staff and contract codes.
    ("codes", re.compile(r"[A-Z]{1,4}[-\d][A-Z\d-]*")),
    # Logins of the demo staff (admin, coord1, visitor3 …): a login is typed, never translated.
    ("logins", re.compile(r"(admin|coord|visitor|reviewer|manager)\d*")),
    # The product's own name, and the language menu naming English in English.
    ("product and language names", re.compile(r"hvdesk( \d+(\.\d+)*)?|English")),
    # Keyboard shortcuts are written the same in every language.
    ("shortcuts", re.compile(r"((Ctrl|Shift|Alt|Meta)\+)+(F?\d+|[A-Z]|[,.]|Del|PgUp|PgDown)")),
    # Names of formats, services and units Chinese users read in Latin letters.
    ("formats and units", re.compile(r"(SMS|PDF|CSV|JSON|Excel|\.xlsx|\.ics|km|MB|OpenStreetMap)")),
    # This computer's name: the audit trail names the desk an event came from.
    ("desk name", re.compile(re.escape(socket.gethostname()))),
)

def clean(text: str) -> str:
    """The text as the user reads it: no markup, no accelerator ampersands."""
    text = ENTITIES.sub(" ", TAGS.sub(" ", text))
    text = re.sub(r"&(?=\w)", "", text).replace("&&", "&")
    return " ".join(text.split())


def allowed(text: str) -> bool:
    text = clean(text)
    if not text or CJK.search(text):
        return True
    return any(pattern.fullmatch(text) for _why, pattern in ALLOWED)


def _where(widget: QWidget) -> str:
    names: list[str] = []
    current: QWidget | None = widget
    while current is not None and len(names) < 4:
        names.append(current.objectName() or type(current).__name__)
        current = current.parentWidget()
    return "/".join(reversed(names))


def _menu_texts(menu: QMenu, where: str) -> Iterator[tuple[str, str]]:
    if menu.title():
        yield where, menu.title()
    for action in menu.actions():
        if action.isSeparator() or not action.isVisible():
            continue
        yield f"{where}>menu", action.text()
        sub = action.menu()
        if isinstance(sub, QMenu) and sub is not menu:
            yield from _menu_texts(sub, f"{where}>{action.text()}")


def _view_texts(view: QAbstractItemView, where: str, rows: int) -> Iterator[tuple[str, str]]:
    model = view.model()
    if model is None:
        return
    try:
        columns = model.columnCount()
    except TypeError:  # a list model (whose columnCount Qt keeps private): one column
        columns = 1
    for orientation, count in ((Qt.Orientation.Horizontal, columns),):
        for section in range(count):
            header = getattr(view, "horizontalHeader", None)
            if header is not None and header().isSectionHidden(section):
                continue
            value = model.headerData(section, orientation, Qt.ItemDataRole.DisplayRole)
            if isinstance(value, str) and not (count == 1 and not value):
                yield f"{where}>header", value
    for row in range(min(rows, model.rowCount())):
        for column in range(columns):
            hidden = getattr(view, "isColumnHidden", None)
            if hidden is not None and hidden(column):
                continue
            value = model.index(row, column, QModelIndex()).data(Qt.ItemDataRole.DisplayRole)
            if isinstance(value, str):
                yield f"{where}>cell", value


def texts(root: QWidget, rows: int = 15) -> Iterator[tuple[str, str]]:
    """Every text visible on ``root`` and its children (headers, first cells of views)."""
    if root.isWindow() and root.windowTitle():
        yield f"{_where(root)}>title", root.windowTitle()
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        where = _where(widget)
        if isinstance(widget, QLabel):
            yield where, widget.text()
        elif isinstance(widget, QAbstractButton):
            yield where, widget.text()
            if isinstance(widget, QToolButton) and isinstance(widget.menu(), QMenu):
                yield from _menu_texts(widget.menu(), where)
        elif isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
            yield f"{where}>placeholder", widget.placeholderText()
        elif isinstance(widget, QComboBox):
            for index in range(widget.count()):
                yield f"{where}>item", widget.itemText(index)
            line = widget.lineEdit() if widget.isEditable() else None
            if line is not None:
                yield f"{where}>placeholder", line.placeholderText()
        elif isinstance(widget, QTabBar):
            for index in range(widget.count()):
                yield f"{where}>tab", widget.tabText(index)
        elif isinstance(widget, QGroupBox):
            yield where, widget.title()
        elif isinstance(widget, QAbstractItemView) and not isinstance(widget, QHeaderView):
            yield from _view_texts(widget, where, rows)
        elif isinstance(widget, QMenuBar):
            for action in widget.actions():
                menu = action.menu()
                if isinstance(menu, QMenu):
                    yield from _menu_texts(menu, f"{where}>{action.text()}")
        elif isinstance(widget, QMenu):
            yield from _menu_texts(widget, where)


def leaks(root: QWidget, rows: int = 15) -> set[tuple[str, str]]:
    return {(where, clean(text)) for where, text in texts(root, rows) if not allowed(text)}
