"""Rows of a ``.xlsx`` sheet or a ``.csv`` file, with the header row found.

CSV arrives as UTF-8, UTF-8 with a BOM or GB18030 (Chinese Excel saves
"CSV" in the ANSI code page, GBK, which GB18030 contains). Detection: a BOM
wins; text that decodes as UTF-8 is UTF-8 (GBK text almost never does); the
rest is GB18030.
"""

from __future__ import annotations

import csv
import io
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from hvdesk.errors import ValidationError
from hvdesk.importing import guard
from hvdesk.importing.xlsx import XlsxBook, XlsxError
from hvdesk.messages import Msg, msg

Cell = Any
#: What a damaged workbook raises from the zip, zlib and XML layers.
DAMAGE: tuple[type[Exception], ...] = (
    XlsxError, ParseError, zipfile.BadZipFile, zlib.error, KeyError, ValueError, EOFError,
    OSError, RuntimeError, NotImplementedError, IndexError, OverflowError,
)
#: Encodings offered for CSV; ``None`` means "detect".
CSV_ENCODINGS: tuple[str, ...] = ("utf-8", "utf-8-sig", "gb18030")
SUFFIXES = (".xlsx", ".xlsm", ".csv", ".txt")


@dataclass
class Table:
    """A header and its data rows; ``rows`` yields (spreadsheet row number, cells)."""

    path: Path
    headers: list[str]
    header_row: int
    #: Data rows still to come (an estimate for sheets without dimensions; 0 = unknown).
    total: int
    encoding: str | None = None
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)
    _rows: Iterator[tuple[int, tuple[Cell, ...]]] = field(default=iter(()), repr=False)
    _close: Any = field(default=None, repr=False)

    def rows(self) -> Iterator[tuple[int, tuple[Cell, ...]]]:
        return self._rows

    def close(self) -> None:
        if self._close is not None:
            self._close()
            self._close = None

    def __enter__(self) -> Table:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()



def _not_workbook(path: Path, exc: BaseException) -> Msg:
    return msg("file.not_workbook", "cannot read {name} as a workbook: {reason}",
               name=path.name, reason=str(exc))

def is_blank(cells: tuple[Cell, ...]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def detect_encoding(data: bytes) -> str:
    return guard.detect_text_encoding(data, "the file")


def open_table(
    path: Path,
    *,
    sheet: str | None = None,
    encoding: str | None = None,
    limits: guard.Limits = guard.CUSTOMERS,
) -> Table:
    """Open ``path``; raise :class:`ValidationError` (field ``file``) if it cannot be read.

    The guard's checks come first (size, zip bomb, claimed dimensions), so a
    hostile file is refused before any parsing.
    """
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ValidationError("file", msg(
            "file.kind", "cannot import {suffix} files: use .xlsx or .csv",
            suffix=suffix or "this"))
    if not path.is_file():
        raise ValidationError("file", msg("file.missing", "no such file: {name}", name=path.name))
    if suffix in {".csv", ".txt"}:
        guard.check_size(path, limits.file_bytes)
        return _open_csv(path, encoding)
    guard.check_workbook(path, limits)
    return _open_xlsx(path, sheet)


def _with_header(rows: Iterator[tuple[int, tuple[Cell, ...]]]) -> tuple[int, list[str]]:
    for number, cells in rows:
        if not is_blank(cells):
            return number, ["" if c is None else str(c).strip() for c in cells]
    raise ValidationError("file", msg("file.no_header", "the file has no header row (it is empty)"))


def _open_csv(path: Path, encoding: str | None) -> Table:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationError("file", msg("file.unreadable", "cannot read {name}: {reason}",
                                          name=path.name, reason=exc.strerror)) from None
    text, enc = guard.decode_text(data, path.name, encoding)
    try:
        dialect: Any = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        records = list(reader)
    except csv.Error as exc:
        raise ValidationError("file", msg("file.csv_line", "{name}, line {line}: {reason}",
                                          name=path.name, line=reader.line_num,
                                          reason=_csv_problem(exc))) \
            from None
    numbered = ((i, tuple(r)) for i, r in enumerate(records, start=1))
    header_row, headers = _with_header(numbered)
    width = len(headers)
    rows = ((n, _fit(r, width)) for n, r in numbered)
    return Table(path, headers, header_row, total=len(records) - header_row, encoding=enc,
                 _rows=rows)


def _csv_problem(exc: csv.Error) -> str:
    text = str(exc)
    if "field larger than field limit" in text:
        return f"a field is longer than {csv.field_size_limit() // 1024} KB — not a customer list"
    return text


def _fit(cells: tuple[Cell, ...], width: int) -> tuple[Cell, ...]:
    if len(cells) == width:
        return cells
    if len(cells) > width:
        return cells[:width]
    return cells + (None,) * (width - len(cells))


def _open_xlsx(path: Path, sheet: str | None) -> Table:
    try:
        book = XlsxBook(path)
    except DAMAGE as exc:
        raise ValidationError("file", _not_workbook(path, exc)) from None
    names = [s.name for s in book.sheets]
    chosen = next((s for s in book.sheets if s.name == sheet), None) if sheet else \
        (book.sheets[0] if book.sheets else None)
    if chosen is None:
        book.close()
        if sheet:
            raise ValidationError("sheet", msg("file.no_sheet_named",
                                               "the workbook has no sheet named {sheet!r}",
                                               sheet=sheet))
        raise ValidationError("file", msg("file.no_sheets", "{name} has no sheets", name=path.name))
    try:
        numbered = book.rows(chosen)
        header_row, headers = _with_header(numbered)
        max_row = book.dimension_rows(chosen)
    except ValidationError:
        book.close()
        raise
    except DAMAGE as exc:
        book.close()
        raise ValidationError("file", _not_workbook(path, exc)) from None
    while headers and not headers[-1]:
        headers.pop()
    width = len(headers)
    rows = ((n, _fit(r, width)) for n, r in _damage_is_a_file_error(path, numbered))
    return Table(path, headers, header_row, total=max(max_row - header_row, 0),
                 sheet=chosen.name, sheets=names, _rows=rows, _close=book.close)


def _damage_is_a_file_error(
    path: Path, rows: Iterator[tuple[int, tuple[Cell, ...]]]
) -> Iterator[tuple[int, tuple[Cell, ...]]]:
    try:
        yield from rows
    except DAMAGE as exc:
        raise ValidationError("file", _not_workbook(path, exc)) from None
