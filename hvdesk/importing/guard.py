"""Checks a file must pass before any reader parses it.

Files come from outside (a head-office export, a carrier's receipts, a
visitor's phone), so every reader first asks these questions, each answered
from sizes and the first bytes of a part, in milliseconds:

- is the file smaller than the reader's limit?
- for a workbook: is it a zip at all, how much does it unpack to, does any
  part unpack far more than XML does (a zip bomb), does a sheet claim more
  rows or columns than Excel allows or an import can use, does the
  shared-strings table claim more strings than a sane workbook holds?
- for text: which encoding (a BOM, UTF-8, UTF-16 without a BOM, else
  GB18030), and is it text at all?

A refusal is a :class:`~hvdesk.errors.ValidationError` on field ``file``
with one sentence the user can act on, never a traceback.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from hvdesk.errors import ValidationError
from hvdesk.messages import msg

MB = 1024 * 1024
#: Excel's own limits: no genuine workbook goes past them.
EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_COLUMNS = 16_384


@dataclass(frozen=True, slots=True)
class Limits:
    file_bytes: int = 200 * MB
    #: Everything inside a workbook, unpacked.
    unpacked_bytes: int = 2048 * MB
    #: One part may unpack this many times its packed size once it is big;
    #: spreadsheet XML stays far below (measured 5–20×), bombs far above.
    ratio: int = 250
    ratio_from_bytes: int = 16 * MB
    parts: int = 2000
    rows: int = EXCEL_MAX_ROWS
    columns: int = 256
    shared_strings: int = 5_000_000
    shared_strings_bytes: int = 512 * MB


CUSTOMERS = Limits()
REPAYMENTS = Limits(file_bytes=50 * MB, unpacked_bytes=512 * MB, columns=64)
RECEIPTS = Limits(file_bytes=50 * MB)


def _mb(n: int) -> str:
    return f"{n / MB:.0f} MB" if n >= MB else f"{n // 1024} KB"


def check_size(path: Path, limit: int) -> int:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ValidationError("file", msg("importing.guard.read_name_strerror",
                "cannot read {name}: {strerror}",
                name=path.name, strerror=exc.strerror)) from None
    if size > limit:
        raise ValidationError(
            "file", msg("importing.guard.name_value_larger",
                    "{name} is {value}, larger than the {value2} this import takes",
                    name=path.name, value=_mb(size), value2=_mb(limit))
        )
    return size


_DIMENSION = re.compile(rb'<(?:[\w.-]+:)?dimension\b[^>]*?\bref="([^"]*)"')
_REF = re.compile(r"^\$?([A-Za-z]{1,7})\$?(\d{1,9})$")
_SST_COUNT = re.compile(rb'<(?:[\w.-]+:)?sst\b[^>]*?\buniqueCount="(\d+)"')
_SST_COUNT_ANY = re.compile(rb'<(?:[\w.-]+:)?sst\b[^>]*?\bcount="(\d+)"')


def column_number(letters: str) -> int:
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - 64
    return number


def _head(book: zipfile.ZipFile, info: zipfile.ZipInfo, size: int = 8192) -> bytes:
    try:
        with book.open(info) as fh:
            return fh.read(size)
    except (
        zipfile.BadZipFile, zlib.error, OSError, RuntimeError, NotImplementedError, EOFError,
        ValueError,
    ) as exc:
        raise ValidationError("file", msg("importing.guard.workbook_damaged_filename",
                "the workbook is damaged ({filename}: {exc})",
                filename=info.filename, exc=exc)) \
            from None


def check_workbook(path: Path, limits: Limits = CUSTOMERS) -> None:
    """Refuse a workbook that is no zip, a zip bomb, or claims absurd sizes."""
    check_size(path, limits.file_bytes)
    try:
        book = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ValidationError(
            "file",
            msg("importing.guard.read_name_workbook",
                    "cannot read {name} as a workbook: it is not a zip file, as every .xlsx is",
                    name=path.name),
        ) from None
    with book:
        infos = book.infolist()
        if len(infos) > limits.parts:
            raise ValidationError("file", msg("importing.guard.name_holds_count",
                    "{name} holds {count_infos} parts: not a workbook",
                    name=path.name, count_infos=len(infos)))
        total = 0
        for info in infos:
            total += info.file_size
            big = info.file_size >= limits.ratio_from_bytes
            if big and info.file_size > limits.ratio * max(info.compress_size, 1):
                raise ValidationError(
                    "file",
                    msg("importing.guard.name_part_filename",
                            "{name}: part {filename} unpacks to {value} from {value2} — "
                            "refused as a zip bomb",
                            name=path.name, filename=info.filename, value=_mb(info.file_size),
                            value2=_mb(info.compress_size)),
                )
        if total > limits.unpacked_bytes:
            raise ValidationError(
                "file",
                msg("importing.guard.name_unpacks_value",
                        "{name} unpacks to {value}, more than the {value2} this import takes",
                        name=path.name, value=_mb(total), value2=_mb(limits.unpacked_bytes)),
            )
        for info in infos:
            name = info.filename.lower()
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                _check_dimension(path, info, _head(book, info), limits)
            elif name == "xl/sharedstrings.xml":
                _check_strings(path, info, _head(book, info, 4096), limits)


def _check_dimension(path: Path, info: zipfile.ZipInfo, head: bytes, limits: Limits) -> None:
    match = _DIMENSION.search(head)
    if match is None:
        return
    ref = match.group(1).decode("ascii", "replace")
    last = ref.split(":")[-1]
    cell = _REF.match(last)
    if cell is None:
        raise ValidationError("file", msg("importing.guard.name_sheet_claims",
                "{name}: the sheet claims a bad size ({value})",
                name=path.name, value=ref[:30]))
    columns, rows = column_number(cell.group(1)), int(cell.group(2))
    if columns > EXCEL_MAX_COLUMNS or rows > EXCEL_MAX_ROWS:
        raise ValidationError(
            "file",
            msg("importing.guard.name_sheet_claims2",
                    "{name}: the sheet claims to reach cell {value}, beyond what Excel allows "
                    "(XFD1048576) — the file is damaged or made to harm",
                    name=path.name, value=last[:20]),
        )
    if columns > limits.columns:
        raise ValidationError(
            "file",
            msg("importing.guard.name_sheet_columns",
                    "{name}: the sheet is {columns} columns wide (to {value}); an import takes "
                    "at most {columns2} — delete the empty columns and save again",
                    name=path.name, columns=columns, value=last[:20], columns2=limits.columns),
        )
    if rows > limits.rows:
        raise ValidationError(
            "file", msg("importing.guard.name_sheet_rows",
                    "{name}: the sheet has {rows} rows; this import takes {rows2}",
                    name=path.name, rows=rows, rows2=limits.rows)
        )


def _check_strings(path: Path, info: zipfile.ZipInfo, head: bytes, limits: Limits) -> None:
    if info.file_size > limits.shared_strings_bytes:
        raise ValidationError(
            "file",
            msg("importing.guard.name_table_texts",
                    "{name}: its table of texts unpacks to {value}, more than {value2}",
                    name=path.name, value=_mb(info.file_size),
                    value2=_mb(limits.shared_strings_bytes)),
        )
    match = _SST_COUNT.search(head) or _SST_COUNT_ANY.search(head)
    if match and int(match.group(1)) > limits.shared_strings:
        raise ValidationError(
            "file",
            msg("importing.guard.name_table_texts2",
                    "{name}: its table of texts claims {value:,} entries, more than "
                    "{shared_strings:,}",
                    name=path.name, value=int(match.group(1)),
                    shared_strings=limits.shared_strings),
        )


def detect_text_encoding(data: bytes, name: str) -> str:
    """A BOM wins; UTF-16 shows as NULs in every other byte; UTF-8 if it decodes; else GB18030.

    Bytes that are none of these (an image, a workbook renamed .csv) are
    refused rather than decoded into garbage.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = data[:4096]
    if sample and b"\x00" in sample:
        even, odd = sample[0::2], sample[1::2]
        if odd.count(0) > len(odd) * 0.3 and even.count(0) < len(even) * 0.05:
            return "utf-16-le"
        if even.count(0) > len(even) * 0.3 and odd.count(0) < len(odd) * 0.05:
            return "utf-16-be"
        raise ValidationError("file", msg("importing.guard.name_text_file",
                "{name} is not a text file (it holds binary data)",
                name=name))
    if data.startswith(b"PK\x03\x04"):
        raise ValidationError("file", msg("importing.guard.name_zip_file",
                "{name} is a zip file (an .xlsx?), not text: rename it",
                name=name))
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8"


def decode_text(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """The text of a CSV/JSON file and the encoding used, or a one-line refusal."""
    enc = encoding or detect_text_encoding(data, name)
    if enc == "utf-8" and data.startswith(b"\xef\xbb\xbf"):
        enc = "utf-8-sig"
    try:
        text = data.decode(enc)
    except (UnicodeDecodeError, LookupError):
        raise ValidationError(
            "file", msg("importing.guard.name_enc_text",
                    "{name} is not {enc} text: save it as UTF-8 (or choose its encoding)",
                    name=name, enc=enc)
        ) from None
    if "\x00" in text:
        raise ValidationError("file", msg("importing.guard.name_text_file2",
                "{name} is not a text file (it holds NUL characters)",
                name=name))
    return text, enc
