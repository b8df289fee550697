"""Writing workbooks safely: formula neutralising and the error workbook.

openpyxl stores any string that starts with ``=`` as a formula, and Excel
also runs cells starting with ``+ - @`` (and tab or CR) as formulas, so a
name like ``=HYPERLINK(...)`` in a file would execute on the user's desk.
Such text is written with a leading ``'`` (OWASP's advice); the importer
strips that quote again, so a fixed error workbook re-imports cleanly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from hvdesk.importing.reader import Cell
from hvdesk.security import owner_only

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
REASON_HEADER = "错误原因"


def neutralise(value: Cell) -> Cell:
    """Text that a spreadsheet would run as a formula gets a leading quote."""
    if isinstance(value, str):
        value = _printable(value)
        if value.startswith(FORMULA_STARTS):
            return "'" + value
    return value


def _printable(text: str) -> str:
    # XML 1.0 refuses most control characters; openpyxl would raise on them.
    return "".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 32)


def write_rows(path: Path, title: str, headers: Sequence[str], rows: Iterable[Sequence[Cell]],
               *, widths: Sequence[int] = (), number_format: dict[int, str] | None = None) -> int:
    """A one-sheet workbook in write-only mode (flat memory); returns the data rows written."""
    from openpyxl import Workbook  # noqa: PLC0415
    from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415
    from openpyxl.styles import Font  # noqa: PLC0415

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title)
    for index, width in enumerate(widths):
        sheet.column_dimensions[_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    head = []
    for h in headers:
        cell = WriteOnlyCell(sheet, value=neutralise(h))
        cell.font = bold
        head.append(cell)
    sheet.append(head)
    formats = number_format or {}
    count = 0
    for row in rows:
        out: list[Any] = []
        for index, value in enumerate(row):
            cell = WriteOnlyCell(sheet, value=neutralise(value))
            if index in formats and value is not None:
                cell.number_format = formats[index]
            elif isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            out.append(cell)
        sheet.append(out)
        count += 1
    # Exports and error workbooks may hold full numbers: owner-only before
    # the first byte, and again after in case the writer replaced the file.
    owner_only.prepare(path)
    book.save(path)
    owner_only.restrict(path)
    return count


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter  # noqa: PLC0415

    return str(get_column_letter(index + 1))


def write_error_workbook(path: Path, headers: Sequence[str], rejected: Iterable[Any]) -> int:
    """The refused rows as they came, plus the reason; fix them and import this file again.

    ``rejected`` holds :class:`~hvdesk.importing.service.RejectedRow` items.
    """
    rows = ([*r.cells, r.reason] for r in rejected)
    widths = [max(10, min(40, len(h) * 2 + 4)) for h in headers] + [60]
    return write_rows(path, "rejected", [*headers, REASON_HEADER], rows, widths=widths)
