"""The home page's building blocks: a card (title, count, first rows, "show all") and its rows.

A row is a small clickable strip (mouse or Enter/Space when focused) with a
time or date on the left, the customer in the middle and who or what on the
right, each elided rather than cut when the card is narrow.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QEnterEvent, QKeyEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui.pages.home_links import HomeLink

#: The card's own style (the application's sheet styles ``QFrame#card``).
STYLE = """
QFrame#homeCard { background: #ffffff; border: 1px solid #e3e8ef; border-radius: 10px; }
QLabel#homeCardTitle { font-size: 11pt; font-weight: 600; color: #111827; }
QLabel#homeCardCount { font-size: 20pt; font-weight: 600; color: #1a56c4; }
QLabel#homeCardCount[tone="alert"] { color: #c2410c; }
QLabel#homeCardCount[tone="none"] { color: #9ca3af; }
QLabel#homeCardNote { color: #6b7280; }
QLabel#homeEmpty { color: #6b7280; padding: 6px 2px; }
QFrame#homeRow { background: transparent; border-radius: 6px; }
QFrame#homeRow[hover="true"], QFrame#homeRow:focus { background: #eef4ff; }
QLabel#homeRowLead { color: #1a56c4; font-weight: 600; }
QLabel#homeRowSide { color: #6b7280; }
QPushButton#homeLink {
    border: none; background: transparent; color: #1a56c4; padding: 0 2px; min-width: 0;
    min-height: 0;
}
QPushButton#homeLink:hover { text-decoration: underline; background: transparent; }
QLabel#homeGreeting { font-size: 17pt; font-weight: 600; color: #111827; }
"""


class ElidedLabel(QLabel):
    """A one-line label that ends in "…" when narrower than its text (the tooltip has it all)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(20)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)

    def minimumSizeHint(self) -> QSize:
        return QSize(20, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:
        """The whole text: a short name keeps its width, a long line gives way."""
        margins = self.contentsMargins()
        width = self.fontMetrics().horizontalAdvance(self.text()) + margins.left() + \
            margins.right() + 2
        return QSize(width, super().sizeHint().height())

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        rect = self.contentsRect()
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(rect, int(self.alignment() | Qt.AlignmentFlag.AlignVCenter), text)


class HomeRow(QFrame):
    """One row of a card; ``sig_clicked`` carries where it leads."""

    sig_clicked = Signal(object)  # HomeLink

    def __init__(self, lead: str, main: str, side: str, link: HomeLink | None,
                 parent: QWidget | None = None, side_left: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("homeRow")
        #: None: the user has nowhere to handle it (the row is only read).
        self.link = link
        if link is not None:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
            self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.lead_label = QLabel(lead)
        self.lead_label.setObjectName("homeRowLead")
        self.main_label = ElidedLabel(main)
        self.main_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.side_label = ElidedLabel(side)
        self.side_label.setObjectName("homeRowSide")
        # A figure or a state lines up on the right; a sentence reads from the left.
        self.side_label.setAlignment(
            Qt.AlignmentFlag.AlignLeft if side_left else Qt.AlignmentFlag.AlignRight)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 3, 6, 3)
        row.setSpacing(10)
        row.addWidget(self.lead_label)
        row.addWidget(self.main_label)
        row.addWidget(self.side_label, 1)

    def texts(self) -> tuple[str, str, str]:
        return self.lead_label.text(), self.main_label.text(), self.side_label.text()

    def _hover(self, on: bool) -> None:
        self.setProperty("hover", on and self.link is not None)
        self.style().unpolish(self)
        self.style().polish(self)

    def enterEvent(self, event: QEnterEvent) -> None:
        self._hover(True)
        super().enterEvent(event)

    def leaveEvent(self, event: object) -> None:
        self._hover(False)
        super().leaveEvent(event)  # type: ignore[arg-type]

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self.link is not None and event.button() is Qt.MouseButton.LeftButton and \
                self.rect().contains(event.position().toPoint()):
            self.sig_clicked.emit(self.link)
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.link is not None and event.key() in (
                Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.sig_clicked.emit(self.link)
            return
        super().keyPressEvent(event)


class HomeCard(QFrame):
    """A title and a count, a note under them, the first rows (or a sentence when there are
    none) and a "show all" link to where the whole list is handled."""

    sig_open = Signal(object)  # HomeLink

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.setObjectName("homeCard")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.max_rows = 3
        #: The rows' third column holds sentences (comments, complaints), not figures.
        self.side_left = False
        self.rows: list[HomeRow] = []
        self.title_label = QLabel()
        self.title_label.setObjectName("homeCardTitle")
        self.count_label = QLabel("–")
        self.count_label.setObjectName("homeCardCount")
        self.note_label = ElidedLabel()
        self.note_label.setObjectName("homeCardNote")
        self.empty_label = QLabel()
        self.empty_label.setObjectName("homeEmpty")
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()
        self.link_button = QPushButton()
        self.link_button.setObjectName("homeLink")
        self.link_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.link_button.clicked.connect(self._open_all)
        self.link_button.hide()
        self.all_link: HomeLink | None = None

        heading = QHBoxLayout()
        heading.setSpacing(8)
        heading.addWidget(self.title_label, 1, Qt.AlignmentFlag.AlignVCenter)
        heading.addWidget(self.count_label, 0, Qt.AlignmentFlag.AlignVCenter)
        self.rows_box = QVBoxLayout()
        self.rows_box.setSpacing(1)
        foot = QHBoxLayout()
        foot.setSpacing(8)
        foot.addWidget(self.link_button)
        # The note and the way to the whole list share a line: the rows get the height.
        foot.insertWidget(0, self.note_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(4)
        layout.addLayout(heading)
        layout.addLayout(foot)
        layout.addSpacing(2)
        layout.addLayout(self.rows_box)
        layout.addWidget(self.empty_label)
        layout.addStretch(1)

    def set_count(self, count: int, alert: bool = False) -> None:
        self.count_label.setText(f"{count:,}")
        tone = "none" if count == 0 else "alert" if alert else "normal"
        self.count_label.setProperty("tone", tone)
        self.count_label.style().unpolish(self.count_label)
        self.count_label.style().polish(self.count_label)

    def set_rows(self, rows: list[tuple[str, str, str, HomeLink | None]], empty: str) -> None:
        for row in self.rows:
            self.rows_box.removeWidget(row)
            row.deleteLater()
        self.rows = []
        for lead, main, side, link in rows[: self.max_rows]:
            row = HomeRow(lead, main, side, link, side_left=self.side_left)
            row.sig_clicked.connect(self.sig_open)
            self.rows_box.addWidget(row)
            self.rows.append(row)
        self.empty_label.setText(empty)
        self.empty_label.setVisible(not rows)

    def set_all_link(self, text: str, link: HomeLink | None) -> None:
        """The card's "show all": hidden when there is nowhere to go."""
        self.all_link = link
        self.link_button.setText(text)
        self.link_button.setVisible(link is not None)

    def _open_all(self) -> None:
        if self.all_link is not None:
            self.sig_open.emit(self.all_link)
