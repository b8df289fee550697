"""The one interface every SMS gateway implements."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    """What a gateway needs: the idempotency key, the full phone number and the text."""

    key: str
    phone: str
    text: str


@dataclass(frozen=True, slots=True)
class GatewayResult:
    """The gateway's word on one message: accepted (``ok``) with a reference, or why not."""

    key: str
    ok: bool
    ref: str | None = None
    error: str | None = None


class Gateway(Protocol):
    """Sends a batch; must never raise for a single message's failure (report it instead)."""

    name: str

    def send(self, messages: Sequence[OutgoingMessage]) -> list[GatewayResult]:
        """One result per message, same keys; sending a key twice must not send twice."""
        ...
