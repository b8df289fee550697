"""Photo attachments: hash, size limit, type check, EXIF position, locking."""

from __future__ import annotations

import hashlib
import io

import pytest
from PIL import Image

from hvdesk.errors import PermissionDenied, ValidationError
from hvdesk.visitreports import (
    MAX_BYTES,
    ReportRefused,
    add_attachment,
    amend,
    approve,
    attachment_content,
    get_report,
    open_report,
    remove_attachment,
    save_draft,
    submit,
)
from tests.scheduling_helpers import make_world
from tests.visitreport_helpers import full_data, make_visit


def photo(color: str = "red", *, gps: bool = True, fmt: str = "JPEG") -> bytes:
    img = Image.new("RGB", (16, 16), color)
    exif = Image.Exif()
    if gps:
        exif.get_ifd(0x8825).update(
            {1: "N", 2: (30.0, 39.0, 36.0), 3: "E", 4: (104.0, 3.0, 0.0)}
        )
    buf = io.BytesIO()
    img.save(buf, fmt, exif=exif) if fmt == "JPEG" else img.save(buf, fmt)
    return buf.getvalue()


@pytest.fixture
def world(db):
    return make_world(db)


@pytest.fixture
def report(world, db):
    vid = make_visit(world)
    with db.begin() as s:
        return open_report(s, world.actors["visitor1"], vid).id


def test_photo_is_stored_with_hash_size_and_exif_location(world, db, report):
    v1 = world.actors["visitor1"]
    content = photo()
    with db.begin() as s:
        view = add_attachment(s, v1, report, "C:\\phone\\IMG_0001.jpg", content)
    assert view.filename == "IMG_0001.jpg"
    assert view.media_type == "image/jpeg"
    assert view.sha256 == hashlib.sha256(content).hexdigest()
    assert view.size == len(content)
    assert (view.latitude, view.longitude) == (30.66, 104.05)
    with db.begin() as s:
        plain = add_attachment(s, v1, report, "door.png", photo("blue", gps=False, fmt="PNG"))
    assert plain.latitude is None and plain.media_type == "image/png"
    with db.session() as s:
        shown = get_report(s, world.actors["reviewer1"], report)
        assert [a.id for a in shown.attachments] == [view.id, plain.id]
        assert attachment_content(s, world.actors["reviewer1"], view.id) == content


def test_refused_files(world, db, report, monkeypatch):
    v1 = world.actors["visitor1"]
    with pytest.raises(ValidationError, match="not a photo"), db.begin() as s:
        add_attachment(s, v1, report, "x.jpg", b"GIF89a not really")
    with pytest.raises(ValidationError, match="empty"), db.begin() as s:
        add_attachment(s, v1, report, "x.jpg", b"")
    buf = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buf, "BMP")
    with pytest.raises(ValidationError, match="JPEG"), db.begin() as s:
        add_attachment(s, v1, report, "x.bmp", buf.getvalue())
    with pytest.raises(ValidationError, match="larger than"), db.begin() as s:
        add_attachment(s, v1, report, "big.jpg", photo() + b"\0" * MAX_BYTES)
    with db.begin() as s:
        add_attachment(s, v1, report, "a.jpg", photo())
    with pytest.raises(ValidationError, match="already attached"), db.begin() as s:
        add_attachment(s, v1, report, "again.jpg", photo())
    with pytest.raises(PermissionDenied), db.begin() as s:
        add_attachment(s, world.actors["visitor3"], report, "b.jpg", photo("green"))


def test_photos_lock_with_the_report(world, db, report):
    v1 = world.actors["visitor1"]
    with db.begin() as s:
        first = add_attachment(s, v1, report, "a.jpg", photo())
        extra = add_attachment(s, v1, report, "b.jpg", photo("green"))
        remove_attachment(s, v1, extra.id)
        save_draft(s, v1, report, full_data())
        submit(s, v1, report)
    with pytest.raises(ReportRefused), db.begin() as s:
        add_attachment(s, v1, report, "c.jpg", photo("blue"))
    with pytest.raises(ReportRefused), db.begin() as s:
        remove_attachment(s, v1, first.id)
    with db.begin() as s:
        approve(s, world.actors["reviewer1"], report)
        amend(s, v1, report, "补照片")
        newer = add_attachment(s, v1, report, "c.jpg", photo("blue"))
    with pytest.raises(ReportRefused, match="approved revision"), db.begin() as s:
        remove_attachment(s, v1, first.id)
    with db.begin() as s:
        remove_attachment(s, v1, newer.id)
        assert [a.id for a in get_report(s, v1, report).attachments] == [first.id]
