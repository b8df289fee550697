"""A read-only dialog showing the ranking's weights, loaded on a worker."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.tables import setup_read_only_table
from ui.workers import Op

if TYPE_CHECKING:  # the ranking (numpy) loads on the worker, when the dialog opens
    from hvdesk.priorities.service import Weights


class WeightsDialog(QDialog):
    """``load`` runs on a worker thread and returns the weights (it opens its own session)."""

    def __init__(self, load: Callable[[], Weights], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("priorityWeights")
        self.weights: Weights | None = None
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        setup_read_only_table(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(620, 460)
        self.retranslateUi()
        op: Op[Weights] = Op(self, lambda _state: load())
        op.success(self._loaded)
        op.failure(lambda exc: self.summary.setText(str(exc)))
        op.run()

    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("Visit priorities: weights"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Feature"), self.tr("Without a visit"), self.tr("A visit adds")])
        if self.weights is None:
            self.summary.setText(self.tr("Fitting the model on the branch's history…"))
        else:
            self._loaded(self.weights)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def _loaded(self, weights: Weights) -> None:
        self.weights = weights
        # The explanation comes from the core in Chinese, like the reasons it gives.
        self.summary.setText(self.tr("As of {0}. {1}").format(
            weights.as_of.isoformat(), weights.explanation))
        self.table.setRowCount(len(weights.weights))
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for row, w in enumerate(weights.weights):
            self.table.setItem(row, 0, QTableWidgetItem(w.label))
            for column, value in ((1, w.without_visit), (2, w.with_visit)):
                item = QTableWidgetItem(f"{value:+.3f}")
                item.setTextAlignment(right)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
