"""The ``outbox`` gateway: batch files in a folder the company's SMS platform picks up.

File formats: see :mod:`hvdesk.notices`. The platform must drop an ``id`` it
has already sent (a notice resent after a crash keeps its id).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import secrets
from collections.abc import Sequence
from pathlib import Path

from hvdesk.notices.gateways.base import GatewayResult, OutgoingMessage
from hvdesk.security import owner_only


class OutboxGateway:
    name = "outbox"

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def send(self, messages: Sequence[OutgoingMessage]) -> list[GatewayResult]:
        if not messages:
            return []
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            name = self._write(messages)
        except OSError as exc:
            reason = f"cannot write to the outbox folder ({exc.strerror or type(exc).__name__})"
            return [GatewayResult(m.key, ok=False, error=reason) for m in messages]
        return [GatewayResult(m.key, ok=True, ref=name) for m in messages]

    def _write(self, messages: Sequence[OutgoingMessage]) -> str:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
        stem = f"hvdesk-{stamp}-{secrets.token_hex(4)}"
        rows = [{"id": m.key, "phone": m.phone, "text": m.text} for m in messages]
        buf = io.StringIO(newline="")
        writer = csv.DictWriter(buf, fieldnames=["id", "phone", "text"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        doc = json.dumps({"batch": f"{stem}.csv", "messages": rows}, ensure_ascii=False, indent=1)
        # JSON first, CSV last: the platform polls for *.csv, and each file
        # appears complete under its final name (written aside, then renamed).
        _atomic_write(self.folder / f"{stem}.json", doc)
        _atomic_write(self.folder / f"{stem}.csv", buf.getvalue())
        return f"{stem}.csv"


def _atomic_write(path: Path, text: str) -> None:
    part = path.with_name(path.name + ".part")
    # Phone numbers in clear: owner-only from the first byte (the SMS platform
    # must read the folder as the same account).
    with os.fdopen(owner_only.open_for_writing(part), "w", encoding="utf-8", newline="") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(part, path)
