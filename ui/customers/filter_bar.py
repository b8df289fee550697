"""Search box and filters above the customer list.

The bar only turns what the user picked into a :class:`CustomerQuery` (sort
aside: the table header owns that) and says when it changed; typing is
debounced so a fast typist sends one query, not one per key.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hvdesk.geo import gazetteer
from hvdesk.services.customer_list import CustomerQuery, DpdBucket, NextVisitState
from ui.icons import icon

DEBOUNCE_MS = 200
# Combo data are plain strings: Qt keeps them as they are (an enum or a bool
# would come back as whatever the QVariant conversion made of it).
_DNV_YES, _DNV_NO = "yes", "no"


class FilterBar(QWidget):
    #: The search text or a filter changed (after the debounce for typing).
    sig_changed = Signal()
    #: Down arrow in the search box: the user wants to move into the list.
    sig_to_list = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._quiet = False
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("customerSearch")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search_edit.setMinimumWidth(200)
        self.search_edit.installEventFilter(self)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self._changed)
        self.search_edit.textChanged.connect(self._debounce.start)
        self.search_edit.returnPressed.connect(self.flush)

        self.province_combo = QComboBox()
        self.city_combo = QComboBox()
        self.district_combo = QComboBox()
        self.dpd_combo = QComboBox()
        self.visit_combo = QComboBox()
        self.dnv_combo = QComboBox()
        # Sized by a minimum, not by their longest entry (a province list or a
        # translated label would otherwise fix the window's minimum width).
        for combo in (self.province_combo, self.city_combo, self.district_combo,
                      self.dpd_combo, self.visit_combo, self.dnv_combo):
            combo.setMinimumContentsLength(6)
            # Narrower still when the window is: the text elides, the list drops down in full.
            combo.setMinimumWidth(64)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.province_combo.currentIndexChanged.connect(self._province_changed)
        self.city_combo.currentIndexChanged.connect(self._city_changed)
        for combo in (self.district_combo, self.dpd_combo, self.visit_combo, self.dnv_combo):
            combo.currentIndexChanged.connect(self._changed)

        # A push button with a menu: styled like the app's other buttons.
        self.saved_button = QPushButton()
        self.saved_button.setObjectName("savedFilters")

        # Two rows: the search box gets the width it needs for a long name or
        # contract number, and the filters fit a narrow window.
        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(self.search_edit, 3)
        top.addWidget(self.saved_button)
        top.addStretch(1)
        filters = QHBoxLayout()
        filters.setSpacing(8)
        for widget in (self.province_combo, self.city_combo, self.district_combo,
                       self.dpd_combo, self.visit_combo, self.dnv_combo):
            filters.addWidget(widget, 1)
        filters.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        column.addLayout(top)
        column.addLayout(filters)
        self.retranslateUi()

    # --- texts ---------------------------------------------------------------
    def retranslateUi(self) -> None:
        self._quiet = True
        try:
            self.search_edit.setPlaceholderText(
                self.tr("Name, pinyin initials, last 4 of phone or ID, contract no."))
            self.search_edit.setToolTip(self.tr("Search customers (Ctrl+F)"))
            self._fill(self.dpd_combo, [(self.tr("Any days past due"), None)] + [
                (self.tr("{0} days past due").format(b.value.replace("-", "–")), b.value)
                for b in DpdBucket])
            self._fill(self.visit_combo, [
                (self.tr("Any next visit"), None),
                (self.tr("No visit planned"), NextVisitState.NONE.value),
                (self.tr("Visit planned"), NextVisitState.PLANNED.value),
                (self.tr("Customer notified"), NextVisitState.NOTIFIED.value),
                (self.tr("Visit confirmed"), NextVisitState.CONFIRMED.value),
            ])
            self._fill(self.dnv_combo, [
                (self.tr("Visitable or not"), None),
                (self.tr("Do not visit"), _DNV_YES),
                (self.tr("Visitable"), _DNV_NO),
            ])
            provinces = sorted((d for d in gazetteer.all_divisions()
                                if d.level is gazetteer.Level.PROVINCE), key=lambda d: d.code6)
            self._fill(self.province_combo, [(self.tr("All provinces"), None)]
                       + [(d.name, d.code6) for d in provinces])
            self._fill_children(self.city_combo, self.province_combo, self.tr("All cities"))
            self._fill_children(self.district_combo, self.city_combo, self.tr("All districts"))
            self.saved_button.setText(self.tr("Saved filters"))
        finally:
            self._quiet = False

    @staticmethod
    def _fill(combo: QComboBox, items: list[tuple[str, object]]) -> None:
        """Replace the items, keeping the current choice by its data."""
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for text, data in items:
            combo.addItem(text, data)
        found = combo.findData(current) if current is not None else 0
        combo.setCurrentIndex(max(found, 0))
        combo.blockSignals(False)

    def _fill_children(self, combo: QComboBox, parent: QComboBox, all_text: str) -> None:
        code = parent.currentData()
        divisions = gazetteer.children(code) if code else []
        self._fill(combo, [(all_text, None)] + [(d.name, d.code6) for d in divisions])
        combo.setEnabled(bool(divisions))

    def _province_changed(self) -> None:
        self._fill_children(self.city_combo, self.province_combo, self.tr("All cities"))
        self._city_changed()

    def _city_changed(self) -> None:
        self._fill_children(self.district_combo, self.city_combo, self.tr("All districts"))
        self._changed()

    def _changed(self) -> None:
        if not self._quiet:
            self.sig_changed.emit()

    def flush(self) -> None:
        """Apply pending typing now (Enter in the search box)."""
        if self._debounce.isActive():
            self._debounce.stop()
            self._changed()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.search_edit and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Down):
            self.flush()
            self.sig_to_list.emit()
            return True
        return super().eventFilter(watched, event)

    # --- the query -------------------------------------------------------------
    def region(self) -> str:
        """The narrowest chosen division as a code prefix: 51, 5101 or 510107."""
        for combo, digits in ((self.district_combo, 6), (self.city_combo, 4),
                              (self.province_combo, 2)):
            code = combo.currentData()
            if code:
                return str(code)[:digits]
        return ""

    def apply_to(self, query: CustomerQuery) -> CustomerQuery:
        """``query`` with this bar's search and filters (its sort kept)."""
        bucket = self.dpd_combo.currentData()
        visit = self.visit_combo.currentData()
        dnv = self.dnv_combo.currentData()
        return query.with_changes(
            search=self.search_edit.text().strip(),
            region=self.region(),
            dpd_bucket=DpdBucket(bucket) if bucket else None,
            next_visit=NextVisitState(visit) if visit else None,
            do_not_visit=None if not dnv else dnv == _DNV_YES,
        )

    def show_query(self, query: CustomerQuery) -> None:
        """Set every control from ``query`` (a saved filter), then announce one change."""
        self._quiet = True
        try:
            self.search_edit.setText(query.search)
            self._debounce.stop()
            region = query.region
            self.province_combo.setCurrentIndex(
                max(self.province_combo.findData(region[:2] + "0000") if region else 0, 0))
            self._fill_children(self.city_combo, self.province_combo, self.tr("All cities"))
            if len(region) >= 4:
                self.city_combo.setCurrentIndex(
                    max(self.city_combo.findData(region[:4] + "00"), 0))
            self._fill_children(self.district_combo, self.city_combo, self.tr("All districts"))
            if len(region) == 6:
                self.district_combo.setCurrentIndex(max(self.district_combo.findData(region), 0))
            dnv = None if query.do_not_visit is None else (
                _DNV_YES if query.do_not_visit else _DNV_NO)
            for combo, value in (
                (self.dpd_combo, query.dpd_bucket.value if query.dpd_bucket else None),
                (self.visit_combo, query.next_visit.value if query.next_visit else None),
                (self.dnv_combo, dnv),
            ):
                combo.setCurrentIndex(max(combo.findData(value), 0) if value else 0)
        finally:
            self._quiet = False
        self._changed()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)
