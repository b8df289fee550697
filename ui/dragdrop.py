"""Drag and drop of customers between the list, the map and the calendar.

The payload is the JSON list of customer ids under :data:`CUSTOMER_IDS_MIME`;
ids only, so nothing personal travels through the system clipboard or reaches
another application that accepts the drop.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from PySide6.QtCore import QByteArray, QMimeData

CUSTOMER_IDS_MIME = "application/x-hvdesk-customer-ids"


def customer_ids_mime(ids: Iterable[int]) -> QMimeData:
    mime = QMimeData()
    mime.setData(CUSTOMER_IDS_MIME, QByteArray(json.dumps([int(i) for i in ids]).encode()))
    return mime


def customer_ids_of(mime: QMimeData) -> list[int]:
    """The ids carried by ``mime``; an empty list for anything else or a malformed payload."""
    if not mime.hasFormat(CUSTOMER_IDS_MIME):
        return []
    try:
        value = json.loads(bytes(mime.data(CUSTOMER_IDS_MIME).data()).decode())
    except (UnicodeDecodeError, ValueError):
        return []
    if not isinstance(value, list) or not all(isinstance(i, int) for i in value):
        return []
    return value
