"""The ``http`` gateway: a generic JSON-over-HTTPS SMS API.

Protocol (one request per message, so each carries its own idempotency key)::

    POST <url>
    Authorization: Bearer <token>
    Idempotency-Key: <key>
    Content-Type: application/json

    {"id": "<key>", "phone": "13800138000", "text": "【…】…"}

- ``2xx`` with a JSON body echoing ``"id": "<key>"`` (and optionally
  ``"ref"``): accepted. A body naming another id is a stray answer (a server
  that answered twice on a kept-alive connection): the connection is dropped
  and the request repeated.
- ``409``: the key was accepted before: counts as accepted.
- ``408``, ``425``, ``429``, ``5xx``, timeouts, refused or dropped connections:
  repeated with exponential back-off (with jitter, honouring ``Retry-After``)
  up to ``attempts`` times, then failed with the last reason.
- any other ``4xx``: refused, failed at once with the gateway's reason.

The server must send at most once per key; repeating a request whose answer
was lost is then always safe.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Sequence

import requests

from hvdesk.notices.gateways.base import GatewayResult, OutgoingMessage

log = logging.getLogger(__name__)

_RETRY_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


class _Retry(Exception):
    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.wait = wait


class HttpGateway:
    name = "http"

    def __init__(
        self,
        url: str,
        token: str | None,
        *,
        connect_timeout: float = 5.0,
        read_timeout: float = 15.0,
        attempts: int = 4,
        backoff: float = 0.5,
        backoff_max: float = 10.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.url = url
        self.token = token
        self.timeout = (connect_timeout, read_timeout)
        self.attempts = max(1, attempts)
        self.backoff = backoff
        self.backoff_max = backoff_max
        self._sleep = sleep
        self._session = requests.Session()

    def close(self) -> None:
        self._session.close()

    def send(self, messages: Sequence[OutgoingMessage]) -> list[GatewayResult]:
        return [self._send_one(m) for m in messages]

    def _send_one(self, message: OutgoingMessage) -> GatewayResult:
        reason = "not tried"
        for attempt in range(1, self.attempts + 1):
            try:
                return self._post(message)
            except _Retry as retry:
                reason = retry.reason
                log.info("sms %s: attempt %d failed: %s", message.key, attempt, reason)
                if attempt < self.attempts:
                    self._sleep(self._delay(attempt, retry.wait))
        return GatewayResult(
            message.key, ok=False, error=f"{reason} (gave up after {self.attempts} attempts)"
        )

    def _delay(self, attempt: int, hinted: float | None) -> float:
        if hinted is not None:
            return min(hinted, self.backoff_max)
        base = min(self.backoff * 2 ** (attempt - 1), self.backoff_max)
        return base * (0.5 + random.random() / 2)

    def _post(self, message: OutgoingMessage) -> GatewayResult:
        headers = {"Idempotency-Key": message.key, "Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        body = {"id": message.key, "phone": message.phone, "text": message.text}
        try:
            resp = self._session.post(self.url, json=body, headers=headers, timeout=self.timeout)
        except requests.Timeout:
            self._reset()
            raise _Retry("no answer from the gateway in time") from None
        except requests.ConnectionError as exc:
            self._reset()
            raise _Retry(f"connection to the gateway failed ({_cause(exc)})") from None
        except requests.RequestException as exc:
            self._reset()
            raise _Retry(f"request to the gateway failed ({type(exc).__name__})") from None
        status = resp.status_code
        if status == 409:
            return GatewayResult(message.key, ok=True, ref=message.key)
        if 200 <= status < 300:
            try:
                data = resp.json()
            except ValueError:
                self._reset()
                raise _Retry("the gateway's answer is not JSON") from None
            if not isinstance(data, dict) or data.get("id") != message.key:
                # Somebody else's answer: the connection is out of step.
                self._reset()
                raise _Retry("the gateway answered for another message")
            ref = data.get("ref")
            return GatewayResult(message.key, ok=True, ref=str(ref) if ref else message.key)
        if status in _RETRY_STATUS:
            raise _Retry(f"gateway error HTTP {status}", _retry_after(resp))
        return GatewayResult(
            message.key,
            ok=False,
            error=f"refused by the gateway: HTTP {status} {_said(resp)}".strip(),
        )

    def _reset(self) -> None:
        # Drop pooled connections: one that lost an answer may hold a stray one.
        self._session.close()
        self._session = requests.Session()


def _cause(exc: BaseException) -> str:
    inner: BaseException | None = exc
    for _depth in range(8):
        if inner is None:
            break
        text = str(inner)
        for marker in ("Connection refused", "disconnected", "Connection reset", "aborted"):
            if marker.lower() in text.lower():
                return marker.lower()
        inner = inner.__cause__ or inner.__context__ or (
            inner.args[0] if inner.args and isinstance(inner.args[0], BaseException) else None
        )
    return type(exc).__name__


def _retry_after(resp: requests.Response) -> float | None:
    value = resp.headers.get("Retry-After", "")
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


def _said(resp: requests.Response) -> str:
    """The gateway's own short reason (never echoes our request)."""
    try:
        data = resp.json()
    except ValueError:
        return ""
    if isinstance(data, dict):
        for key in ("error", "message", "reason"):
            if isinstance(data.get(key), str):
                return f"({data[key][:120]})"
    return ""
