"""The PDF preview: progress while generating, pages, navigator, zoom, Save as, failures."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSize, Qt
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from hvdesk.errors import NotFound, PermissionDenied
from tests.ui.test_documents_support import (
    Recorded,
    open_preview,
    page_number_of,
    render_pages,
    tiny_job,
    tiny_pdf,
)
from ui.documents.job import DocumentJob, Progress
from ui.documents.preview import PdfPreviewDialog
from ui.settings import Settings

CTRL = Qt.KeyboardModifier.ControlModifier


def test_progress_then_pages_and_navigator(qtbot: QtBot, settings: Settings) -> None:
    gate = threading.Event()
    dialog = open_preview(qtbot, tiny_job(4, gate), settings, Recorded(), wait=False)
    # While the worker builds the document: the progress page, output disabled.
    qtbot.waitUntil(lambda: dialog.progress_bar.maximum() == 2, timeout=5000)
    assert dialog.stack.currentIndex() == 0
    assert dialog.progress_bar.value() == 1
    assert dialog.progress_label.text() == "1 of 2 sections"
    assert not dialog.print_button.isEnabled()
    assert not dialog.save_button.isEnabled()
    assert not dialog.page_spin.isEnabled()

    with qtbot.waitSignal(dialog.sig_ready, timeout=10000) as ready:
        gate.set()
    assert ready.args == [4]
    assert dialog.stack.currentWidget() is dialog.view
    assert dialog.page_count() == 4
    assert dialog.page_spin.maximum() == 4
    assert dialog.page_total.text() == "of 4"
    assert dialog.print_button.isEnabled() and dialog.save_button.isEnabled()
    assert dialog.current_page() == 1

    # Typing a page number in the navigator goes there.
    spin = dialog.page_spin
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin, "3")
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.current_page() == 3, timeout=3000)
    assert dialog.view.verticalScrollBar().value() > 0
    # Scrolling back to the top moves the navigator back to page 1.
    dialog.view.verticalScrollBar().setValue(0)
    qtbot.waitUntil(lambda: spin.value() == 1, timeout=3000)


def test_zoom_in_out_and_fit_width(qtbot: QtBot, settings: Settings) -> None:
    dialog = open_preview(qtbot, tiny_job(2), settings, Recorded())
    dialog.resize(900, 900)
    qtbot.waitUntil(lambda: dialog.view.viewport().width() > 700)
    assert dialog.view.zoomMode() is QPdfView.ZoomMode.FitToWidth
    assert dialog.fit_width_button.isChecked()
    fitted = dialog.zoom()
    assert 0.5 < fitted < 2.0
    assert dialog.zoom_label.text() == f"{round(fitted * 100)}%"

    qtbot.mouseClick(dialog.zoom_in_button, Qt.MouseButton.LeftButton)
    assert dialog.view.zoomMode() is QPdfView.ZoomMode.Custom
    assert not dialog.fit_width_button.isChecked()
    bigger = dialog.zoom()
    assert bigger > fitted
    assert dialog.zoom_label.text() == f"{round(bigger * 100)}%"
    qtbot.keyClick(dialog, Qt.Key.Key_Minus, CTRL)
    qtbot.keyClick(dialog, Qt.Key.Key_Minus, CTRL)
    assert dialog.zoom() < bigger
    for _ in range(30):  # never below the smallest step
        dialog.zoom_out()
    assert dialog.zoom() == pytest.approx(0.25)

    qtbot.mouseClick(dialog.fit_width_button, Qt.MouseButton.LeftButton)
    assert dialog.view.zoomMode() is QPdfView.ZoomMode.FitToWidth
    assert dialog.zoom() == pytest.approx(fitted)


def test_save_as_writes_the_pdf_remembers_the_folder_and_records(
    qtbot: QtBot, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorder = Recorded()
    dialog = open_preview(qtbot, tiny_job(3), settings, recorder)
    folder = tmp_path / "out"
    folder.mkdir()
    asked: list[str] = []

    def choose(_parent: object, _title: str, start: str, _filter: str) -> tuple[str, str]:
        asked.append(start)
        return str(folder / "pack"), "PDF document (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    with qtbot.waitSignal(dialog.sig_output) as output:
        qtbot.keyClick(dialog, Qt.Key.Key_S, CTRL)
    assert output.args == ["save", 3]
    assert asked == ["briefing-2026-11-30.pdf"]
    saved = folder / "pack.pdf"  # the extension is added
    assert len(PdfReader(saved).pages) == 3
    assert saved.read_bytes() == tiny_pdf(3)
    assert recorder.calls == [("briefing_pack", "2026-11-30", "save", 3)]
    assert settings.last_pdf_dir == str(folder)
    assert dialog.message_label.isVisible()
    assert str(saved) in dialog.message_label.text()

    # The next Save as starts in the folder used last.
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert asked[-1] == str(folder / "briefing-2026-11-30.pdf")

    # Cancelling the file dialog writes and records nothing.
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: ("", ""))
    assert dialog.save_as() is None
    qtbot.waitUntil(lambda: len(recorder.calls) == 2)


def test_save_refused_by_the_recorder_shows_its_message(
    qtbot: QtBot, settings: Settings, tmp_path: Path
) -> None:
    def refuse(_job: DocumentJob, _action: str, _pages: int) -> None:
        raise PermissionDenied("visitor1 (visitor) may not do this: needs print")

    dialog = open_preview(qtbot, tiny_job(1), settings, refuse)
    with qtbot.assertNotEmitted(dialog.sig_output, wait=200):
        dialog.save_as(tmp_path / "x.pdf")
        qtbot.waitUntil(lambda: dialog.message_label.objectName() == "errorMessage")
    assert "needs print" in dialog.message_label.text()


def test_generation_failure_is_shown_and_can_be_retried(qtbot: QtBot, settings: Settings) -> None:
    attempts: list[int] = []

    def produce(_progress: Progress) -> bytes:
        attempts.append(1)
        if len(attempts) == 1:
            raise NotFound("no visit to brief on 2026-11-30")
        return tiny_pdf(2)

    job = DocumentJob("briefing_pack", "2026-11-30", "Briefing pack", "b.pdf", produce)
    dialog = open_preview(qtbot, job, settings, Recorded(), wait=False)
    qtbot.waitUntil(lambda: dialog.stack.currentIndex() == 2, timeout=5000)
    assert dialog.error_label.text() == "No visit to brief on 2026-11-30."
    assert dialog.error_label.isVisible()
    assert not dialog.print_button.isEnabled() and not dialog.save_button.isEnabled()
    assert dialog.save_as() is None and dialog.print_document() == 0

    with qtbot.waitSignal(dialog.sig_ready, timeout=10000):
        qtbot.mouseClick(dialog.retry_button, Qt.MouseButton.LeftButton)
    assert dialog.page_count() == 2


def test_unreadable_output_is_an_error_not_a_blank_view(qtbot: QtBot, settings: Settings) -> None:
    job = DocumentJob("branch_day", "2026-11-30", "Day", "d.pdf", lambda _p: b"not a pdf")
    dialog = open_preview(qtbot, job, settings, Recorded(), wait=False)
    qtbot.waitUntil(lambda: dialog.stack.currentIndex() == 2, timeout=5000)
    assert dialog.error_label.text() == "The generated file is not a readable PDF."


def test_closing_while_generating_cancels_the_worker(qtbot: QtBot, settings: Settings) -> None:
    gate = threading.Event()
    reached: list[int] = []

    def produce(progress: Progress) -> bytes:
        progress(1, 3)
        gate.wait(10)
        progress(2, 3)  # raises: the preview was closed
        reached.append(2)
        return tiny_pdf(1)

    job = DocumentJob("briefing_pack", "r", "Pack", "p.pdf", produce)
    dialog = open_preview(qtbot, job, settings, Recorded(), wait=False)
    op = dialog.op
    assert op is not None
    qtbot.waitUntil(lambda: dialog.progress_bar.maximum() == 3, timeout=5000)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert op.state.cancelled
    gate.set()
    assert op.wait(10)
    assert reached == []


def test_geometry_is_remembered(qtbot: QtBot, settings: Settings) -> None:
    first = open_preview(qtbot, tiny_job(1), settings, Recorded())
    assert first.width() >= 600 and first.height() >= 600  # large enough by default
    first.resize(700, 640)
    qtbot.waitUntil(lambda: first.size() == QSize(700, 640))
    first.reject()
    second = PdfPreviewDialog(tiny_job(1), settings, Recorded(), start=False)
    qtbot.addWidget(second)
    assert second.size() == QSize(700, 640)


def test_the_shown_pages_are_the_documents(qtbot: QtBot, settings: Settings) -> None:
    """The support's page decoder reads the tiny PDF right (the printing tests rely on it)."""
    assert [page_number_of(image, 3) for image in render_pages(tiny_pdf(3))] == [1, 2, 3]
