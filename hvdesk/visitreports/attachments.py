"""Photo attachments: checked to be images, hashed, size-limited; EXIF position read.

The bytes are stored with their SHA-256 so a photo can be shown to be the
one taken at the visit; ``attachment_content`` checks it again on reading.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import struct
from pathlib import PurePath
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hvdesk.errors import NotFound, ValidationError
from hvdesk.messages import msg
from hvdesk.model import ReportAttachment, ReportRevision
from hvdesk.model.base import utcnow
from hvdesk.services import audit
from hvdesk.services.context import Actor
from hvdesk.visitreports import access
from hvdesk.visitreports.data import AttachmentView, ReportRefused

if TYPE_CHECKING:
    from PIL import Image

MAX_BYTES = 10 * 1024 * 1024
#: Phone cameras reach 50 MP; more is a decompression bomb, not a photo.
MAX_PIXELS = 80_000_000
MAX_PER_REPORT = 20
_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
_GPS_IFD = 0x8825
_EXIF_IFD = 0x8769
_DATETIME_ORIGINAL = 0x9003


def _ratio(value: object) -> float:
    return float(value)  # type: ignore[arg-type]  # PIL's IFDRational


def _degrees(dms: tuple[object, ...], ref: str) -> float:
    deg = _ratio(dms[0]) + _ratio(dms[1]) / 60 + _ratio(dms[2]) / 3600
    return -deg if ref in ("S", "W") else deg


def read_exif(image: Image.Image) -> tuple[float | None, float | None, dt.datetime | None]:
    """(latitude, longitude, taken at) from EXIF; None where absent or unreadable."""
    exif = image.getexif()
    lat = lon = None
    taken = None
    try:
        gps = exif.get_ifd(_GPS_IFD)
        if gps and 2 in gps and 4 in gps:
            lat = round(_degrees(tuple(gps[2]), str(gps.get(1, "N"))), 6)
            lon = round(_degrees(tuple(gps[4]), str(gps.get(3, "E"))), 6)
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                lat = lon = None
    except (KeyError, TypeError, ValueError, ZeroDivisionError, IndexError):
        lat = lon = None
    try:
        raw = exif.get_ifd(_EXIF_IFD).get(_DATETIME_ORIGINAL) or exif.get(306)
        if raw:
            # EXIF times carry no zone; the camera's clock is taken as UTC+8.
            local = dt.datetime.strptime(str(raw).strip("\x00 "), "%Y:%m:%d %H:%M:%S")
            taken = local.replace(tzinfo=dt.timezone(dt.timedelta(hours=8)))
    except (TypeError, ValueError):
        taken = None
    return lat, lon, taken


def add_attachment(
    session: Session, actor: Actor, report_id: int, filename: str, content: bytes
) -> AttachmentView:
    """Attach a photo (JPEG, PNG or WebP) to an editable report."""
    audit.bind_actor(session, actor)
    report = access.load_report(session, report_id)
    access.require_edit(actor, report)
    if report.status not in access.EDITABLE:
        raise ReportRefused(
            f"report {report_id} is {report.status.value}: photos can be added to a draft only"
        )
    name = PurePath((filename or "").replace("\\", "/")).name.strip()[:200] or "photo"
    if not content:
        raise ValidationError("content", msg("visitreports.attachments.name_empty",
                "{name} is empty",
                name=name))
    if len(content) > MAX_BYTES:
        raise ValidationError(
            "content",
            msg("visitreports.attachments.name_larger_than",
                    "{name} is larger than {value} MB; send a smaller photo",
                    name=name, value=MAX_BYTES // (1024 * 1024)),
        )
    # Pillow loads when a photo arrives, not with every reader of reports.
    from PIL import Image, UnidentifiedImageError  # noqa: PLC0415

    try:
        with Image.open(io.BytesIO(content)) as image:
            kind = image.format or ""
            width, height = image.size
            if width * height > MAX_PIXELS:
                # A few KB of PNG can claim a picture of billions of pixels.
                raise ValidationError(
                    "content",
                    msg("visitreports.attachments.name_claims_width",
                            "{name} claims {width}×{height} pixels; a photo has at most "
                            "{value} million",
                            name=name, width=width, height=height, value=MAX_PIXELS // 1000000),
                )
            image.verify()
        with Image.open(io.BytesIO(content)) as image:
            lat, lon, taken = read_exif(image)
    except (
        UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError,
        TypeError, IndexError, KeyError, ZeroDivisionError, EOFError, struct.error,
    ):
        # Damaged EXIF blocks raise whatever the parser trips over.
        raise ValidationError("content", msg("visitreports.attachments.name_photo_read",
                "{name} is not a photo that can be read",
                name=name)) from None
    if kind not in _TYPES:
        raise ValidationError("content", msg("visitreports.attachments.name_jpeg_png",
                "{name}: only JPEG, PNG or WebP photos are accepted",
                name=name))
    digest = hashlib.sha256(content).hexdigest()
    rows = session.execute(
        select(func.count(), func.max(ReportAttachment.id)).where(
            ReportAttachment.report_id == report_id
        )
    ).one()
    if rows[0] >= MAX_PER_REPORT:
        raise ValidationError("content", msg("visitreports.attachments.report_holds_most",
                "a report holds at most {MAX_PER_REPORT} photos",
                MAX_PER_REPORT=MAX_PER_REPORT))
    if session.scalar(
        select(ReportAttachment.id).where(
            ReportAttachment.report_id == report_id, ReportAttachment.sha256 == digest
        )
    ):
        raise ValidationError("content", msg("visitreports.attachments.name_already_attached",
                "{name} is already attached",
                name=name))
    row = ReportAttachment(
        report_id=report_id,
        filename=name,
        media_type=_TYPES[kind],
        sha256=digest,
        content=content,
        size=len(content),
        latitude=lat,
        longitude=lon,
        taken_at=taken,
        added_by_id=actor.user_id,
        added_at=utcnow(),
    )
    session.add(row)
    session.flush()
    return access.attachment_view(row)


def remove_attachment(session: Session, actor: Actor, attachment_id: int) -> None:
    """Remove a photo from a report still being written."""
    audit.bind_actor(session, actor)
    row = session.get(ReportAttachment, attachment_id)
    if row is None:
        raise NotFound(msg("visitreports.attachments.attachment_id_attachment",
                "no attachment with id {attachment_id}",
                attachment_id=attachment_id))
    report = access.load_report(session, row.report_id)
    access.require_edit(actor, report)
    if report.status not in access.EDITABLE:
        raise ReportRefused(
            f"report {report.id} is {report.status.value}: its photos can no longer be removed"
        )
    kept = session.scalars(
        select(ReportRevision.attachment_hashes).where(ReportRevision.report_id == report.id)
    )
    if any(row.sha256 in hashes for hashes in kept):
        # An approved revision's snapshot names this photo: keep the bytes it points at.
        raise ReportRefused(
            "this photo belongs to an approved revision and stays; add a corrected one instead"
        )
    session.delete(row)
    session.flush()


def attachment_content(session: Session, actor: Actor, attachment_id: int) -> bytes:
    """The photo's bytes, for viewing (the hash is checked)."""
    row = session.get(ReportAttachment, attachment_id)
    if row is None:
        raise NotFound(msg("visitreports.attachments.attachment_id_attachment",
                "no attachment with id {attachment_id}",
                attachment_id=attachment_id))
    report = access.load_report(session, row.report_id)
    access.require_read(actor, report.visit)
    if hashlib.sha256(row.content).hexdigest() != row.sha256:
        raise ValidationError("content", msg("visitreports.attachments.attachment_attachment_id",
                "attachment {attachment_id} does not match its hash",
                attachment_id=attachment_id))
    return row.content
