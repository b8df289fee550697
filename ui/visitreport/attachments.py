"""The photos of a report: list with hash, size and EXIF position; add from files, remove.

Photos are stored by the core (hashed, size-limited); this box only checks the
chosen files' sizes, hands them to the form's write worker (which reads and
stores them) and shows each refusal under the list.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hvdesk import visitreports as vr
from hvdesk.errors import HvdeskError
from hvdesk.visitreports import AttachmentView, ReportView
from ui.tables import Column, RowsModel, setup_read_only_table
from ui.visitreport import labels
from ui.visitreport.backend import ReportBackend


def _place(a: AttachmentView) -> str:
    if a.latitude is None or a.longitude is None:
        return labels.DASH
    return f"{a.latitude:.5f}, {a.longitude:.5f}"


class AttachmentModel(RowsModel[AttachmentView]):
    def headers(self) -> list[str]:
        return [self.tr("File"), self.tr("Size"), self.tr("SHA-256"), self.tr("Location (EXIF)"),
                self.tr("Taken")]

    def columns(self) -> list[Column[AttachmentView]]:
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return [
            Column(lambda a: a.filename),
            Column(lambda a: labels.size_text(a.size), lambda a: a.size, right),
            Column(lambda a: labels.short_hash(a.sha256)),
            Column(_place),
            Column(lambda a: labels.when(a.taken_at)),
        ]


class Version(Protocol):
    """The form's record of the report's version (moved on the write worker)."""

    value: int | None

    def took(self, view: ReportView) -> ReportView: ...


#: The form's step runner: (work on the write worker, done, failed) — see ``ReportForm._step``.
Step = Callable[..., None]


class AttachmentBox(QGroupBox):
    """``sig_changed(view)`` after a photo was added or removed (the report's version moved;
    ``view`` is the report read again); ``sig_done`` after each add or remove came back."""

    sig_changed = Signal(object)
    sig_done = Signal()

    def __init__(self, backend: ReportBackend, version: Version, step: Step,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._backend = backend
        self._version = version
        self._step = step
        self.report_id: int | None = None
        self.model = AttachmentModel(parent=self)
        self.table = setup_read_only_table(QTableView())
        self.table.setModel(self.model)
        self.table.setMinimumHeight(90)
        self.table.setMaximumHeight(160)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.choose_files)
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self.remove_current)
        self.hint_label = QLabel()
        self.hint_label.setObjectName("hint")
        self.hint_label.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setObjectName("fieldError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setSpacing(6)
        layout.addWidget(self.table)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)
        layout.addWidget(self.hint_label)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        self.setTitle(self.tr("Photos"))
        self.add_button.setText(self.tr("Add photos…"))
        self.remove_button.setText(self.tr("Remove"))
        self.hint_label.setText(self.tr(
            "JPEG, PNG or WebP, at most {0} MB each and {1} per report. The SHA-256 hash "
            "proves the photo was not changed later.").format(
                vr.MAX_BYTES // (1024 * 1024), vr.MAX_PER_REPORT))
        self.model.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def set_attachments(self, report_id: int, rows: Sequence[AttachmentView]) -> None:
        self.report_id = report_id
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()

    def set_read_only(self, on: bool) -> None:
        self.add_button.setVisible(not on)
        self.remove_button.setVisible(not on)

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    def choose_files(self) -> None:
        chosen, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Add photos"), "", self.tr("Photos (*.jpg *.jpeg *.png *.webp)"))
        if chosen:
            self.add_files([Path(p) for p in chosen])

    def add_files(self, paths: Sequence[Path]) -> None:
        """Attach each file on the write worker; the refusals are listed together."""
        if self.report_id is None:
            return
        problems: list[str] = []
        wanted: list[Path] = []
        for path in paths:
            try:
                size = path.stat().st_size
            except OSError as exc:
                problems.append(self._unreadable(path, exc))
                continue
            if size > vr.MAX_BYTES:
                # Refused before reading: a video picked by mistake can be gigabytes.
                problems.append(self.tr("{0}: {1} is over the limit of {2} MB").format(
                    path.name, labels.size_text(size), vr.MAX_BYTES // (1024 * 1024)))
                continue
            wanted.append(path)
        backend, report_id, version = self._backend, self.report_id, self._version
        refused: dict[str, HvdeskError | OSError] = {}

        def work() -> tuple[list[AttachmentView], ReportView | None]:
            added = []
            for path in wanted:
                try:
                    added.append(backend.add_attachment(report_id, path.name, path.read_bytes()))
                except (HvdeskError, OSError) as exc:
                    refused[path.name] = exc
            return added, version.took(backend.get(report_id)) if added else None

        def done(result: tuple[list[AttachmentView], ReportView | None]) -> None:
            added, fresh = result
            for path in wanted:
                exc = refused.get(path.name)
                if isinstance(exc, HvdeskError):
                    problems.append(f"{path.name}: {labels.report_error(exc)}")
                elif exc is not None:
                    problems.append(self._unreadable(path, exc))
            for view in added:
                self.model.append_row(view)
            self.table.resizeColumnsToContents()
            self.show_error("\n".join(problems))
            if fresh is not None:
                self.sig_changed.emit(fresh)
            self.sig_done.emit()

        self._step(work, done, self._failed)

    def _unreadable(self, path: Path, exc: OSError) -> str:
        return self.tr("{0}: cannot be read ({1})").format(path.name, exc.strerror or exc)

    def _failed(self, exc: HvdeskError) -> None:
        self.show_error(labels.report_error(exc))
        self.sig_done.emit()

    def remove_current(self) -> None:
        row = self.table.currentIndex().row()
        if row < 0 or self.report_id is None:
            return
        attachment = self.model.row_at(row)
        backend, report_id, version = self._backend, self.report_id, self._version

        def work() -> ReportView:
            backend.remove_attachment(attachment.id)
            return version.took(backend.get(report_id))

        def done(fresh: Any) -> None:
            self.show_error("")
            kept = [self.model.row_at(i) for i in range(self.model.rowCount())]
            self.model.set_rows([a for a in kept if a.id != attachment.id])
            self.sig_changed.emit(fresh)
            self.sig_done.emit()

        self._step(work, done, self._failed)
