"""What the feedback, complaint, repayment and cost dialogs share: styles, small widgets."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hvdesk.errors import HvdeskError
from hvdesk.resources import resource_path
from ui.labels import error_text
from ui.workers import Op

T = TypeVar("T")

#: Dialog-local styles until the shared sheet has them.
DIALOG_STYLE = """
QLabel#quote { background: #ffffff; border: 1px solid #e3e8ef; border-left: 3px solid #d55e00;
               border-radius: 6px; padding: 8px 10px; color: #374151; }
QLabel#sum { font-weight: 600; color: #111827; }
QPlainTextEdit, QDateEdit, QDoubleSpinBox, QSpinBox {
    background: #ffffff; border: 1px solid #cfd6e0; border-radius: 6px; padding: 5px 8px; }
QPlainTextEdit:focus, QDateEdit:focus, QDoubleSpinBox:focus, QSpinBox:focus {
    border: 1px solid #2f6fde; }
QGroupBox { border: 1px solid #e3e8ef; border-radius: 8px; margin-top: 14px; padding: 12px 10px 8px;
            background: #ffffff; }
QGroupBox::title { subcontrol-origin: margin; left: 10px; padding: 0 4px; color: #374151;
                   font-weight: 600; }
QDoubleSpinBox::up-button, QDoubleSpinBox::down-button {
    subcontrol-origin: border; width: 0px; border: none; }
QDateEdit::drop-down { border: none; width: 24px; }
QDateEdit::down-arrow { image: url(@ICONS@/chevron-down.svg); width: 14px; height: 14px; }
QToolButton#scoreButton { border: 1px solid #cfd6e0; background: #ffffff; border-radius: 6px;
                          min-width: 34px; min-height: 28px; font-weight: 600; color: #374151; }
QToolButton#scoreButton:checked { background: #2f6fde; color: #ffffff; border-color: #2f6fde; }
"""


def dialog_style() -> str:
    """:data:`DIALOG_STYLE` with the icons folder filled in (QSS urls need a path)."""
    return DIALOG_STYLE.replace("@ICONS@", resource_path("icons").as_posix())


def stack(dialog: QWidget, parts: Sequence[QWidget | QLayout], cancel: QPushButton,
          save: QPushButton) -> QVBoxLayout:
    """The dialogs' one layout: ``parts`` top to bottom, then Cancel and Save at the right."""
    buttons = QHBoxLayout()
    buttons.addStretch(1)
    buttons.addWidget(cancel)
    buttons.addWidget(save)
    layout = QVBoxLayout(dialog)
    layout.setContentsMargins(24, 20, 24, 20)
    layout.setSpacing(12)
    for part in parts:
        if isinstance(part, QLayout):
            layout.addLayout(part)
        else:
            layout.addWidget(part)
    layout.addLayout(buttons)
    return layout


def error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("errorMessage")
    label.setWordWrap(True)
    label.hide()
    return label


def money_spin(maximum: float = 10_000_000.0, decimals: int = 2) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(0.0, maximum)
    spin.setDecimals(decimals)
    spin.setGroupSeparatorShown(True)
    spin.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    # Typed, not clicked: the arrows only crowd the figure.
    spin.setButtonSymbols(QDoubleSpinBox.ButtonSymbols.NoButtons)
    spin.setFixedWidth(180)
    return spin


def decimal_of(spin: QDoubleSpinBox) -> Decimal:
    """The spin box's value as the Decimal it shows (no binary float noise)."""
    return Decimal(f"{spin.value():.{spin.decimals()}f}")


def background(dialog: QWidget, work: Callable[[], T], done: Callable[[T], None],
               error: QLabel, hold: Sequence[QWidget] = ()) -> Op[T]:
    """Run ``work`` (a read or write; its own session) on a worker, ``done`` back here.

    ``hold`` is disabled meanwhile (no second save while the first runs); a refusal
    is shown in ``error``. The dialog shows a wait cursor until the answer is back.
    """
    for widget in hold:
        widget.setEnabled(False)
    dialog.setCursor(Qt.CursorShape.BusyCursor)

    def failed(exc: BaseException) -> None:
        if not isinstance(exc, HvdeskError):
            raise exc
        error.setText(error_text(exc))
        error.show()

    def finished() -> None:
        for widget in hold:
            widget.setEnabled(True)
        dialog.unsetCursor()

    return Op(dialog, lambda _state: work()).success(done).failure(failed) \
        .finally_(finished).run()
