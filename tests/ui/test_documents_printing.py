"""Printing from the preview: the chosen pages reach the printer (a PDF file here), in order."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QPageRanges
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.test_documents_support import (
    Recorded,
    open_preview,
    page_number_of,
    render_pages,
    tiny_job,
)
from ui.documents import printing
from ui.settings import Settings

Configure = Callable[[QPrinter], None]


def fake_dialog(
    monkeypatch: pytest.MonkeyPatch, target: Path, choose: Configure, accept: bool = True
) -> list[tuple[int, int]]:
    """Replace the system print dialog by one that applies ``choose`` to a PDF-file printer.

    Returns the page bounds the dialog was given, one pair per time it was shown.
    """
    shown: list[tuple[int, int]] = []

    class FakePrintDialog:
        def __init__(self, printer: QPrinter, _parent: QWidget) -> None:
            self.printer = printer

        def setWindowTitle(self, _title: str) -> None:
            pass

        def setOptions(self, _options: object) -> None:
            pass

        def setMinMax(self, low: int, high: int) -> None:
            shown.append((low, high))

        def exec(self) -> int:
            self.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            self.printer.setOutputFileName(str(target))
            choose(self.printer)
            return int(QDialog.DialogCode.Accepted if accept else QDialog.DialogCode.Rejected)

    monkeypatch.setattr(printing, "QPrintDialog", FakePrintDialog)
    return shown


def page_range(*spans: tuple[int, int]) -> Configure:
    def choose(printer: QPrinter) -> None:
        ranges = QPageRanges()
        for first, last in spans:
            ranges.addRange(first, last)
        printer.setPageRanges(ranges)
        printer.setPrintRange(QPrinter.PrintRange.PageRange)

    return choose


def printed_pages(path: Path, pages_in_source: int) -> list[int]:
    return [page_number_of(image, pages_in_source) for image in render_pages(path.read_bytes())]


def test_print_honours_the_page_range_and_records(
    qtbot: QtBot, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorder = Recorded()
    dialog = open_preview(qtbot, tiny_job(5), settings, recorder)
    target = tmp_path / "printed.pdf"
    shown = fake_dialog(monkeypatch, target, page_range((2, 3), (5, 5)))
    with qtbot.waitSignal(dialog.sig_output) as output:
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert shown == [(1, 5)]
    assert output.args == ["print", 3]
    assert len(PdfReader(target).pages) == 3
    assert printed_pages(target, 5) == [2, 3, 5]
    assert recorder.calls == [("briefing_pack", "2026-11-30", "print", 3)]
    assert dialog.message_label.text() == "3 pages sent to the printer."


def test_print_all_and_current_page(
    qtbot: QtBot, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorder = Recorded()
    dialog = open_preview(qtbot, tiny_job(3), settings, recorder)
    everything = tmp_path / "all.pdf"
    fake_dialog(monkeypatch, everything, lambda _p: None)
    assert dialog.print_document() == 3
    assert printed_pages(everything, 3) == [1, 2, 3]

    dialog.go_to_page(2)
    qtbot.waitUntil(lambda: dialog.current_page() == 2)
    current = tmp_path / "current.pdf"
    fake_dialog(monkeypatch, current,
                lambda p: p.setPrintRange(QPrinter.PrintRange.CurrentPage))
    assert dialog.print_document() == 1
    assert printed_pages(current, 3) == [2]
    qtbot.waitUntil(lambda: [c[2:] for c in recorder.calls] == [("print", 3), ("print", 1)])


def test_cancelled_print_dialog_prints_and_records_nothing(
    qtbot: QtBot, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorder = Recorded()
    dialog = open_preview(qtbot, tiny_job(2), settings, recorder)
    target = tmp_path / "never.pdf"
    fake_dialog(monkeypatch, target, lambda _p: None, accept=False)
    assert dialog.print_document() == 0
    assert not target.exists()
    assert recorder.calls == []


def test_landscape_pages_print_landscape(
    qtbot: QtBot, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = open_preview(qtbot, tiny_job(2, landscape_pages=frozenset({2})), settings, Recorded())
    target = tmp_path / "mixed.pdf"
    fake_dialog(monkeypatch, target, lambda _p: None)
    assert dialog.print_document() == 2
    boxes = [page.mediabox for page in PdfReader(target).pages]
    assert boxes[0].width < boxes[0].height
    assert boxes[1].width > boxes[1].height
    assert printed_pages(target, 2) == [1, 2]


def test_pages_to_print_order_and_copies(qapp: object) -> None:
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # copies are the app's to repeat
    assert printing.pages_to_print(printer, 3) == [0, 1, 2]
    printer.setPageOrder(QPrinter.PageOrder.LastPageFirst)
    assert printing.pages_to_print(printer, 3) == [2, 1, 0]
    printer.setPageOrder(QPrinter.PageOrder.FirstPageFirst)
    printer.setCopyCount(2)
    printer.setCollateCopies(True)
    assert printing.pages_to_print(printer, 2) == [0, 1, 0, 1]
    printer.setCollateCopies(False)
    assert printing.pages_to_print(printer, 2) == [0, 0, 1, 1]
    printer.setCopyCount(1)
    page_range((2, 9))(printer)  # beyond the end: only the pages that exist
    assert printing.pages_to_print(printer, 3) == [1, 2]
    printer.setPrintRange(QPrinter.PrintRange.CurrentPage)
    assert printing.pages_to_print(printer, 3, current_page=1) == [1]
