# ruff: noqa: E501  (OOXML boilerplate reads best unbroken)
"""Writes the crafted hostile files beside this script (kept in the repository).

Run ``python tests/data/hostile/make_files.py`` to make them again; each is
small on disk and made to hurt a naive reader: a cell at ZZZZZZ2, a sheet
claiming Excel's whole grid, a table of texts claiming fifty million entries
or unpacking to 48 MB from a few KB, entity expansion, a truncated zip,
thousands of parts, huge CSV fields, binary and UTF-16 text, deep JSON, a
photo claiming ten billion pixels.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}">'
    '<sheets><sheet name="名单" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>身份证号码</t></is></c></row>'
)


def sheet(rows: str, dimension: str | None = "A1:B2") -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">{dim}'
        f"<sheetData>{rows}</sheetData></worksheet>"
    )


def workbook(sheet_xml: str | bytes, extra: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return out.getvalue()


def png_header(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def files() -> dict[str, bytes]:
    made: dict[str, bytes] = {}
    far_cell = '<row r="2"><c r="ZZZZZZ2" t="inlineStr"><is><t>x</t></is></c></row>'
    made["zzzzzz2.xlsx"] = workbook(sheet(HEADER_ROW + far_cell, "A1:ZZZZZZ2"))
    made["zzzzzz2_no_dimension.xlsx"] = workbook(sheet(HEADER_ROW + far_cell, None))
    xfd_cell = '<row r="2"><c r="XFD2" t="inlineStr"><is><t>x</t></is></c></row>'
    made["xfd_no_dimension.xlsx"] = workbook(sheet(HEADER_ROW + xfd_cell, None))
    made["whole_grid_dimension.xlsx"] = workbook(sheet(HEADER_ROW, "A1:XFD1048576"))
    made["row_beyond_excel.xlsx"] = workbook(
        sheet(HEADER_ROW + '<row r="99999999"><c r="A99999999"><v>1</v></c></row>', None)
    )
    sst_claim = (
        f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="50000000" '
        'uniqueCount="50000000"><si><t>a</t></si></sst>'
    )
    made["shared_strings_claim.xlsx"] = workbook(
        sheet(HEADER_ROW), {"xl/sharedStrings.xml": sst_claim.encode()}
    )
    bomb = (
        f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">'
        + "<si><t>aaaaaaaaaaaaaaaa</t></si>" * 2_000_000
        + "</sst>"
    )
    made["shared_strings_bomb.xlsx"] = workbook(
        sheet(HEADER_ROW), {"xl/sharedStrings.xml": bomb.encode()}
    )
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lololololololololol">'
        + "".join(
            f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
            for i in range(1, 10)
        )
        + f']><worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr">'
        "<is><t>&lol9;</t></is></c></row></sheetData></worksheet>"
    )
    made["entity_expansion.xlsx"] = workbook(laughs)
    made["not_a_zip.xlsx"] = "姓名,身份证号码\n张三,1\n".encode()
    good = workbook(sheet(HEADER_ROW))
    made["truncated.xlsx"] = good[: len(good) // 2]
    many = io.BytesIO()
    with zipfile.ZipFile(many, "w", zipfile.ZIP_STORED) as z:
        for i in range(2100):
            z.writestr(f"x/{i}", b"")
    made["many_parts.xlsx"] = many.getvalue()
    made["big_field.csv"] = ("姓名,身份证号码\n" + "x" * 140_000 + ",1\n").encode("utf-8")
    made["binary.csv"] = bytes(range(256)) * 20
    made["zip_renamed.csv"] = good
    made["receipts_binary.csv"] = bytes(range(256)) * 4
    made["receipts_deep.json"] = b"[" * 50_000 + b"]" * 50_000
    made["receipts_not_list.json"] = b'{"receipts": {"id": {"x": 1}}}'
    made["receipts_truncated.json"] = b'[{"id": "a", "status": "deliv'
    made["repayments_not_zip.xlsx"] = b"contract_no,amount,paid_on\nC1,NaN,2026-01-01\n"
    made["repayments_zzzzzz2.xlsx"] = made["zzzzzz2.xlsx"]
    made["photo_ten_gigapixels.png"] = png_header(100_000, 100_000)
    made["photo_truncated.jpg"] = b"\xff\xd8\xff\xe1\x00\x10Exif\x00\x00MM\x00*\x00\x00\x00\x08"
    return made


def main() -> None:
    for name, data in files().items():
        (HERE / name).write_bytes(data)
        print(f"{name}: {len(data):,} bytes")


if __name__ == "__main__":
    main()
