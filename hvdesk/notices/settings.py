"""Notice settings shared by every desk of the database; the http token in the OS keyring.

The settings are one JSON document kept in ``db_meta`` under
``notice_settings.0``, ``notice_settings.1``, … (``db_meta.value`` holds 400
characters, so a long list of extra forbidden words spans several rows).
The token of the http gateway never touches the database: it is kept in the
OS keyring (service ``hvdesk``, name ``sms-token:<database id>``) and read
from ``HVDESK_SMS_TOKEN`` first, for servers and tests.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, replace
from urllib.parse import urlparse

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from hvdesk import paths
from hvdesk.errors import HvdeskError, PermissionDenied, ValidationError
from hvdesk.messages import msg
from hvdesk.model import Branch, DbMeta
from hvdesk.notices.types import GATEWAY_KINDS, NoticeSettings
from hvdesk.security import keys, scope
from hvdesk.security.roles import Permission
from hvdesk.services import audit
from hvdesk.services.context import Actor

log = logging.getLogger(__name__)

META_PREFIX = "notice_settings."
_CHUNK = 400
ENV_TOKEN = "HVDESK_SMS_TOKEN"


def load_settings(session: Session) -> NoticeSettings:
    """The stored settings, or the defaults."""
    rows = session.execute(
        select(DbMeta.key, DbMeta.value).where(DbMeta.key.like(f"{META_PREFIX}%"))
    ).all()
    if not rows:
        return NoticeSettings()
    ordered = sorted(rows, key=lambda r: int(r[0][len(META_PREFIX):]))
    try:
        data = json.loads("".join(value for _key, value in ordered))
    except ValueError:
        log.warning("stored notice settings are unreadable; using the defaults")
        return NoticeSettings()
    defaults = NoticeSettings()
    return NoticeSettings(
        signature=str(data.get("signature") or defaults.signature),
        gateway=str(data.get("gateway") or defaults.gateway),
        outbox_dir=str(data.get("outbox_dir") or ""),
        http_url=str(data.get("http_url") or ""),
        extra_forbidden_words=tuple(str(w) for w in data.get("extra_forbidden_words") or ()),
    )


def normalise(settings: NoticeSettings) -> NoticeSettings:
    """Trimmed values, the signature in 【】, words de-duplicated; raises on a bad value."""
    name = settings.signature.strip().strip("【】").strip()
    if not 2 <= len(name) <= 20 or any(ch in name for ch in "【】"):
        raise ValidationError("signature", msg("notices.settings.signature_company_name",
                "the signature is the company name, 2 to 20 characters"))
    gateway = settings.gateway.strip().lower()
    if gateway not in GATEWAY_KINDS:
        raise ValidationError("gateway", msg("notices.settings.gateway_one_choices",
                "the gateway is one of {choices}",
                choices=', '.join(GATEWAY_KINDS)))
    url = settings.http_url.strip()
    if url:
        parsed = urlparse(url)
        local = parsed.hostname in {"127.0.0.1", "localhost", "::1"}
        if parsed.scheme != "https" and not (parsed.scheme == "http" and local):
            raise ValidationError("http_url", msg("notices.settings.gateway_url_must",
                    "the gateway URL must start with https://"))
        if not parsed.hostname:
            raise ValidationError("http_url", msg("notices.settings.gateway_url_host",
                    "the gateway URL has no host"))
    if gateway == "http" and not url:
        raise ValidationError("http_url", msg("notices.settings.http_gateway_needs",
                "the http gateway needs its URL"))
    if settings.outbox_dir.strip() and not paths.is_absolute_folder(settings.outbox_dir):
        # Relative to what? Each desk starts in another folder (issue 17.5).
        raise ValidationError("outbox_dir", msg("notices.settings.outbox_not_absolute",
                "the outbox folder must be a full path, a drive folder or a network share "
                "(\\\\server\\share\\folder)"))
    words = tuple(dict.fromkeys(w.strip() for w in settings.extra_forbidden_words if w.strip()))
    if any(len(w) > 30 for w in words):
        raise ValidationError("extra_forbidden_words", msg("notices.settings.forbidden_word_most",
                "a forbidden word is at most 30 characters"))
    return replace(
        settings,
        signature=f"【{name}】",
        gateway=gateway,
        # Unquoted ("Copy as path"); a network share stays a network share.
        outbox_dir=settings.outbox_dir.strip().strip('"').strip(),
        http_url=url,
        extra_forbidden_words=words,
    )


def save_settings(session: Session, actor: Actor, settings: NoticeSettings) -> None:
    """Validate and store (needs ``notice.send``; audited by field name)."""
    actor.require(Permission.NOTICE_SEND)
    # The settings are one for the whole database: with several branches they
    # are every branch's, so an admin's to change.
    if not scope.all_branches(actor) and (session.scalar(select(func.count(Branch.id))) or 0) > 1:
        raise PermissionDenied(
            msg("notices.settings.login_notice_settings",
                    "{login}: the notice settings apply to every branch of this database; ask "
                    "an admin to change them",
                    login=actor.login)
        )
    audit.bind_actor(session, actor)
    clean = normalise(settings)
    before = load_settings(session)
    blob = json.dumps(
        {**asdict(clean), "extra_forbidden_words": list(clean.extra_forbidden_words)},
        ensure_ascii=False,
        sort_keys=True,
    )
    session.execute(delete(DbMeta).where(DbMeta.key.like(f"{META_PREFIX}%")))
    for n, start in enumerate(range(0, len(blob), _CHUNK)):
        session.add(DbMeta(key=f"{META_PREFIX}{n}", value=blob[start : start + _CHUNK]))
    changed = sorted(k for k, v in asdict(clean).items() if asdict(before).get(k) != v)
    session.flush()
    audit.record(session, actor, "settings", "notice_settings", None, fields=changed)


# --- the http token ------------------------------------------------------------------


def _token_name(database_id: str) -> str:
    return f"sms-token:{database_id}"


def load_token(database_id: str) -> str | None:
    env = os.environ.get(ENV_TOKEN)
    if env:
        return env
    if not keys._keyring_usable():
        return None
    import keyring  # noqa: PLC0415 - a broken backend must not stop start-up (see keys.py)

    try:
        return keyring.get_password(keys.KEYRING_SERVICE, _token_name(database_id))
    except Exception as exc:  # a locked keyring is reported, not a crash
        log.warning("keyring look-up failed: %s", type(exc).__name__)
        return None


def store_token(actor: Actor, database_id: str, token: str) -> None:
    """Keep the gateway token in the OS keyring (refused when there is none)."""
    actor.require(Permission.NOTICE_SEND)
    if not keys._keyring_usable():
        raise HvdeskError(
            msg("notices.settings.system_keyring_keep",
                    "no system keyring to keep the SMS gateway token in: set {ENV_TOKEN} "
                    "instead",
                    ENV_TOKEN=ENV_TOKEN)
        )
    import keyring  # noqa: PLC0415

    try:
        keyring.set_password(keys.KEYRING_SERVICE, _token_name(database_id), token.strip())
    except Exception as exc:
        raise HvdeskError(msg("notices.settings.system_keyring_refused",
                "the system keyring refused the token ({error})",
                error=type(exc).__name__)) from exc
