"""The PDF preview: progress while a worker generates the document, then its pages.

The document is built by :attr:`DocumentJob.produce` on a worker (its own
session); the dialog shows a progress bar meanwhile, a clear message when
generation fails, then the pages in a QPdfView with a page navigator, zoom,
Print… (Ctrl+P) and Save as… (Ctrl+S). Every print and save goes through the
:data:`~ui.documents.job.Recorder` (audited). The dialog is not modal, so the
calendar stays usable beside it, and it remembers its geometry.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QPointF, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence, QResizeEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from hvdesk import safelog
from hvdesk.errors import HvdeskError
from ui.documents import printing
from ui.documents.job import DocumentJob, GenerationCancelled, OutputAction, Recorder
from ui.labels import error_text
from ui.settings import Settings
from ui.workers import Op, OpState

log = logging.getLogger(__name__)

# The zoom levels Zoom in / Zoom out step through.
ZOOM_STEPS = (0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0)

LOCAL_STYLE = """
QWidget#previewBar { background: #ffffff; border-bottom: 1px solid #e3e8ef; }
QToolButton#previewTool { border: 1px solid #cfd6e0; border-radius: 6px; background: #ffffff;
                          padding: 4px 10px; min-width: 18px; }
QToolButton#previewTool:hover { background: #f1f4f9; }
QToolButton#previewTool:checked { background: #e8f0fe; color: #1a56c4; border-color: #9bbcf5; }
QToolButton#previewTool:disabled { color: #9ca3af; background: #f3f4f6; }
QLabel#zoomLabel { color: #4b5563; min-width: 44px; }
QPdfView { background: #e5e7eb; border: none; }
QWidget#previewState { background: #f5f7fa; }
QLabel#stateTitle { font-size: 13pt; font-weight: 600; color: #111827; }
"""


class _PdfView(QPdfView):
    """Tells the dialog when its width changes (fit-to-width changes the zoom shown)."""

    sig_resized = Signal()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.sig_resized.emit()


class PdfPreviewDialog(QDialog):
    """Preview of one generated document.

    Signals: ``sig_ready(int)`` with the page count once the pages show;
    ``sig_failed(str)`` with the message shown when generation failed;
    ``sig_output(str, int)`` after a print or save was done and audited
    (``"print"``/``"save"``, pages).
    """

    sig_ready = Signal(int)
    sig_failed = Signal(str)
    sig_output = Signal(str, int)

    def __init__(
        self,
        job: DocumentJob,
        settings: Settings,
        recorder: Recorder,
        parent: QWidget | None = None,
        *,
        start: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("pdfPreview")
        self.setStyleSheet(LOCAL_STYLE)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.job = job
        self._settings = settings
        self._recorder = recorder
        self.pdf = b""
        self.op: Op[bytes] | None = None
        self.document = QPdfDocument(self)
        self.document.statusChanged.connect(self._document_status)
        self._buffer = QBuffer(self)
        self._build()
        self.retranslateUi()
        self._restore_geometry()
        self._set_ready(False)
        if start:
            self.generate()

    # --- construction -----------------------------------------------------------------
    def _build(self) -> None:
        self.view = _PdfView()
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.view.sig_resized.connect(self._show_zoom)
        self.view.zoomFactorChanged.connect(self._show_zoom)
        self.view.zoomModeChanged.connect(self._show_zoom)
        self.navigator = self.view.pageNavigator()
        self.navigator.currentPageChanged.connect(self._page_changed)

        self._build_actions()
        self._build_bar()
        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_progress_page())
        self.stack.addWidget(self.view)
        self.stack.addWidget(self._build_error_page())
        self.message_label = QLabel()
        self.message_label.setObjectName("noticeMessage")
        self.message_label.setWordWrap(True)
        self.message_label.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.bar)
        layout.addWidget(self.message_label)
        layout.addWidget(self.stack, 1)

    def _build_actions(self) -> None:
        self.print_action = QAction(self)
        self.print_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
        self.print_action.triggered.connect(self.print_document)
        self.save_action = QAction(self)
        self.save_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Save))
        self.save_action.triggered.connect(lambda: self.save_as())
        self.zoom_in_action = QAction(self)
        self.zoom_in_action.setShortcuts(
            [QKeySequence(QKeySequence.StandardKey.ZoomIn), QKeySequence("Ctrl+=")]
        )
        self.zoom_in_action.triggered.connect(self.zoom_in)
        self.zoom_out_action = QAction(self)
        self.zoom_out_action.setShortcut(QKeySequence(QKeySequence.StandardKey.ZoomOut))
        self.zoom_out_action.triggered.connect(self.zoom_out)
        self.fit_width_action = QAction(self)
        self.fit_width_action.setCheckable(True)
        self.fit_width_action.setShortcut(QKeySequence("Ctrl+0"))
        self.fit_width_action.triggered.connect(self.fit_width)
        for action in (self.print_action, self.save_action, self.zoom_in_action,
                       self.zoom_out_action, self.fit_width_action):
            self.addAction(action)

    def _build_bar(self) -> None:
        self.bar = QWidget()
        self.bar.setObjectName("previewBar")
        self.bar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.page_prefix = QLabel()
        self.page_spin = QSpinBox()
        self.page_spin.setRange(1, 1)
        self.page_spin.setKeyboardTracking(False)  # typing "12" must not jump to page 1 first
        self.page_spin.setMinimumWidth(64)
        self.page_spin.valueChanged.connect(self.go_to_page)
        self.page_total = QLabel()
        self.zoom_out_button = _tool(self.zoom_out_action, "−")
        self.zoom_in_button = _tool(self.zoom_in_action, "+")
        self.fit_width_button = _tool(self.fit_width_action)
        self.zoom_label = QLabel()
        self.zoom_label.setObjectName("zoomLabel")
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.print_button = _button(self.print_action)
        self.save_button = _button(self.save_action)
        self.close_button = QPushButton()
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        row = QHBoxLayout(self.bar)
        row.setContentsMargins(16, 10, 16, 10)
        row.setSpacing(6)
        row.addWidget(self.page_prefix)
        row.addWidget(self.page_spin)
        row.addWidget(self.page_total)
        row.addSpacing(18)
        row.addWidget(self.zoom_out_button)
        row.addWidget(self.zoom_label)
        row.addWidget(self.zoom_in_button)
        row.addWidget(self.fit_width_button)
        row.addStretch(1)
        row.addWidget(self.print_button)
        row.addWidget(self.save_button)
        row.addSpacing(12)
        row.addWidget(self.close_button)

    def _build_progress_page(self) -> QWidget:
        page = QWidget()
        page.setObjectName("previewState")
        self.progress_title = QLabel()
        self.progress_title.setObjectName("stateTitle")
        self.progress_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 0)  # busy until the first report
        self.progress_bar.setFixedWidth(360)
        self.progress_bar.setTextVisible(False)
        self.progress_label = QLabel()
        self.progress_label.setObjectName("hint")
        self.progress_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.cancel_button = QPushButton()
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        return _centred(page, self.progress_title, self.progress_bar, self.progress_label,
                        self.cancel_button)

    def _build_error_page(self) -> QWidget:
        page = QWidget()
        page.setObjectName("previewState")
        self.error_title = QLabel()
        self.error_title.setObjectName("stateTitle")
        self.error_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.error_label = QLabel()
        self.error_label.setObjectName("errorMessage")
        self.error_label.setWordWrap(True)
        self.error_label.setMaximumWidth(520)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.retry_button = QPushButton()
        self.retry_button.setAutoDefault(False)
        self.retry_button.clicked.connect(self.generate)
        return _centred(page, self.error_title, self.error_label, self.retry_button)

    def retranslateUi(self) -> None:
        self.setWindowTitle(self.job.title)
        self.page_prefix.setText(self.tr("Page"))
        self._show_total()
        self.zoom_in_action.setText(self.tr("Zoom in"))
        self.zoom_in_action.setToolTip(self.tr("Zoom in (Ctrl++)"))
        self.zoom_out_action.setText(self.tr("Zoom out"))
        self.zoom_out_action.setToolTip(self.tr("Zoom out (Ctrl+-)"))
        self.fit_width_action.setText(self.tr("Fit width"))
        self.fit_width_action.setToolTip(self.tr("Fit the page to the window's width (Ctrl+0)"))
        self.print_action.setText(self.tr("Print…"))
        self.print_action.setToolTip(self.tr("Print on a printer of your choice (Ctrl+P)"))
        self.save_action.setText(self.tr("Save as…"))
        self.save_action.setToolTip(self.tr("Save as a PDF file (Ctrl+S)"))
        for button, action in ((self.print_button, self.print_action),
                               (self.save_button, self.save_action)):
            button.setText(action.text())
            button.setToolTip(action.toolTip())
        self.fit_width_button.setText(self.fit_width_action.text())
        self.close_button.setText(self.tr("Close"))
        self.close_button.setToolTip(self.tr("Close the preview (Esc)"))
        self.progress_title.setText(self.tr("Preparing {0}…").format(self.job.title))
        self.cancel_button.setText(self.tr("Cancel"))
        self.error_title.setText(self.tr("The document could not be made"))
        self.retry_button.setText(self.tr("Try again"))
        self._show_zoom()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    # --- generation ---------------------------------------------------------------------------
    def generate(self) -> Op[bytes]:
        """Build the document on a worker; the pages show when it is done."""
        if self.op is not None and self.op.running:
            return self.op
        self._set_ready(False)
        self.progress_bar.setRange(0, 0)
        self.progress_label.setText("")
        self.stack.setCurrentIndex(0)
        produce = self.job.produce

        def work(state: OpState) -> bytes:
            def progress(done: int, total: int) -> None:
                if state.cancelled:
                    raise GenerationCancelled
                state.report(done, total)

            return produce(progress)

        op: Op[bytes] = Op(self, work)
        op.success(self._generated).failure(self._failed).with_progress(self._progress)
        self.op = op.run()
        return op

    def _progress(self, done: int, total: int, _label: str) -> None:
        if total > 0:
            self.progress_bar.setRange(0, total)
            self.progress_bar.setValue(done)
            self.progress_label.setText(self.tr("{0} of {1} sections").format(done, total))

    def _generated(self, pdf: bytes) -> None:
        self.pdf = pdf
        self.document.close()
        self._buffer.close()
        self._buffer.setData(QByteArray(pdf))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        self._document_status(self.document.status())

    def _document_status(self, status: QPdfDocument.Status) -> None:
        if not self.pdf:
            return
        if status is QPdfDocument.Status.Ready and not self.is_ready():
            if self.document.pageCount() == 0:
                self._show_failure(self.tr("The document has no pages."))
                return
            self.stack.setCurrentIndex(1)
            self._set_ready(True)
            self._show_total()
            self.go_to_page(1)
            self.sig_ready.emit(self.document.pageCount())
        elif status is QPdfDocument.Status.Error:
            self._show_failure(self.tr("The generated file is not a readable PDF."))

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, GenerationCancelled):
            return
        if isinstance(exc, HvdeskError):
            self._show_failure(error_text(exc))
            return
        # A bug, not the user's to fix: the details go to the log, not the screen.
        safelog.failure(log, f"generating {self.job.kind}", exc)
        self._show_failure(self.tr("An unexpected error stopped the document; the details are "
                                   "in the log file."))

    def _show_failure(self, text: str) -> None:
        self.pdf = b""
        self._set_ready(False)
        self.error_label.setText(text)
        self.stack.setCurrentIndex(2)
        self.sig_failed.emit(text)

    def is_ready(self) -> bool:
        return self.print_action.isEnabled()

    def _set_ready(self, ready: bool) -> None:
        for action in (self.print_action, self.save_action, self.zoom_in_action,
                       self.zoom_out_action, self.fit_width_action):
            action.setEnabled(ready)
        self.page_spin.setEnabled(ready)

    # --- navigation and zoom ------------------------------------------------------------------
    def page_count(self) -> int:
        return self.document.pageCount() if self.is_ready() else 0

    def current_page(self) -> int:
        """The page shown (1-based)."""
        return self.navigator.currentPage() + 1

    def go_to_page(self, number: int) -> None:
        """Show page ``number`` (1-based)."""
        count = self.page_count()
        if count == 0:
            return
        number = max(1, min(number, count))
        if number - 1 != self.navigator.currentPage():
            self.navigator.jump(number - 1, QPointF(), self.navigator.currentZoom())
        self._page_changed(number - 1)

    def _page_changed(self, page: int) -> None:
        self.page_spin.blockSignals(True)
        self.page_spin.setValue(page + 1)
        self.page_spin.blockSignals(False)
        self._show_zoom()

    def _show_total(self) -> None:
        count = self.page_count()
        self.page_spin.setRange(1, max(1, count))
        self.page_total.setText(self.tr("of {0}").format(count) if count else "")

    def zoom(self) -> float:
        """The zoom shown, also when the page is fitted to the width (1.0 = actual size)."""
        if self.view.zoomMode() is QPdfView.ZoomMode.Custom or not self.is_ready():
            return float(self.view.zoomFactor())
        points = self.document.pagePointSize(max(0, self.navigator.currentPage()))
        margins = self.view.documentMargins()
        width = self.view.viewport().width() - margins.left() - margins.right()
        screen = self.view.screen() or QGuiApplication.primaryScreen()
        pixels = points.width() * screen.logicalDotsPerInch() / 72
        return width / pixels if pixels > 0 else 1.0

    def set_zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(ZOOM_STEPS[0], min(factor, ZOOM_STEPS[-1])))

    def zoom_in(self) -> None:
        now = self.zoom()
        self.set_zoom(next((z for z in ZOOM_STEPS if z > now * 1.01), ZOOM_STEPS[-1]))

    def zoom_out(self) -> None:
        now = self.zoom()
        self.set_zoom(next((z for z in reversed(ZOOM_STEPS) if z < now * 0.99), ZOOM_STEPS[0]))

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def _show_zoom(self) -> None:
        fitted = self.view.zoomMode() is QPdfView.ZoomMode.FitToWidth
        self.fit_width_action.setChecked(fitted)
        self.zoom_label.setText(f"{round(self.zoom() * 100)}%" if self.is_ready() else "")

    # --- output -------------------------------------------------------------------------------
    def print_document(self) -> int:
        """Ask for a printer and print the chosen pages; the number of pages sent."""
        count = self.page_count()
        if count == 0:
            return 0
        printer = printing.ask_printer(self, count, self.job.title)
        if printer is None:
            return 0
        pages = printing.pages_to_print(printer, count, self.navigator.currentPage())
        if not pages:
            self.show_message(self.tr("The chosen page range holds no page of this document."),
                              True)
            return 0
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            sent = printing.print_pdf(self.document, printer, pages)
        except printing.PrintFailed as exc:
            self.show_message(self.tr("The printer could not be opened: {0}").format(exc), True)
            return 0
        finally:
            QApplication.restoreOverrideCursor()
        self._record("print", sent, self.tr("{0} pages sent to the printer.").format(sent))
        return sent

    def save_as(self, path: Path | None = None) -> Path | None:
        """Write the PDF to a file the user chooses; the file, or None when cancelled or failed."""
        if not self.pdf or not self.is_ready():
            return None
        if path is None:
            folder = self._settings.last_pdf_dir
            start = str(Path(folder) / self.job.file_name) if folder else self.job.file_name
            chosen, _ = QFileDialog.getSaveFileName(
                self, self.tr("Save as PDF"), start, self.tr("PDF document (*.pdf)")
            )
            if not chosen:
                return None
            path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            path.write_bytes(self.pdf)
        except OSError as exc:
            self.show_message(
                self.tr("Could not save {0}: {1}").format(str(path), exc.strerror or str(exc)), True
            )
            return None
        self._settings.last_pdf_dir = str(path.parent)
        self._record("save", self.page_count(), self.tr("Saved to {0}").format(str(path)))
        return path

    def _record(self, action: OutputAction, pages: int, done_text: str) -> None:
        """Audit the output on a worker (``sig_output`` when recorded, else the refusal)."""
        recorder, job = self._recorder, self.job

        def recorded(_result: None) -> None:
            self.show_message(done_text)
            self.sig_output.emit(action, pages)

        def refused(exc: BaseException) -> None:
            if not isinstance(exc, HvdeskError):
                raise exc
            self.show_message(error_text(exc), True)

        Op(self, lambda _state: recorder(job, action, pages)).success(recorded) \
            .failure(refused).run()

    def show_message(self, text: str, error: bool = False) -> None:
        self.message_label.setObjectName("errorMessage" if error else "noticeMessage")
        self.message_label.style().unpolish(self.message_label)
        self.message_label.style().polish(self.message_label)
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    # --- window state -------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        saved = self._settings.pdf_preview_geometry
        if saved and self.restoreGeometry(QByteArray(saved)):
            return
        # Large enough to read an A4 page at a glance, never larger than the screen.
        screen = self.screen() or QGuiApplication.primaryScreen()
        free = screen.availableGeometry()
        self.resize(min(920, free.width() - 40), min(1040, free.height() - 60))

    def done(self, result: int) -> None:
        self._leave()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._leave()
        super().closeEvent(event)

    def _leave(self) -> None:
        if self.op is not None and self.op.running:
            self.op.cancel()
        self._settings.pdf_preview_geometry = bytes(self.saveGeometry().data())


def _tool(action: QAction, text: str = "") -> QToolButton:
    button = QToolButton()
    button.setObjectName("previewTool")
    button.setDefaultAction(action)
    if text:
        # Set after the action: setDefaultAction copies the action's text onto the button.
        action.changed.connect(lambda: button.setText(text))
        button.setText(text)
    return button


def _button(action: QAction) -> QPushButton:
    button = QPushButton()
    button.setAutoDefault(False)
    button.clicked.connect(action.trigger)
    action.enabledChanged.connect(button.setEnabled)
    button.setEnabled(action.isEnabled())
    return button


def _centred(page: QWidget, *widgets: QWidget) -> QWidget:
    column = QVBoxLayout(page)
    column.setSpacing(14)
    column.addStretch(1)
    for widget in widgets:
        column.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
    column.addStretch(2)
    return page

