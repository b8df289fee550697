"""Where a desk keeps its ``hvdesk login`` token: the keyring, else an owner-only file.

One token per database (named by its id), like the data key in
:mod:`hvdesk.security.keys`; the database holds only the token's hash.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from hvdesk.paths import config_dir
from hvdesk.security.keys import KEYRING_SERVICE, _keyring_usable

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class StoredToken:
    login: str
    token: str


def token_file_path(database_id: str) -> Path:
    return config_dir() / "sessions" / f"{database_id}.json"


def _keyring_name(database_id: str) -> str:
    return f"session:{database_id}"


def _decode(text: str | None) -> StoredToken | None:
    if not text:
        return None
    try:
        data = json.loads(text)
        return StoredToken(login=str(data["login"]), token=str(data["token"]))
    except (ValueError, KeyError, TypeError):
        return None


def load(database_id: str) -> StoredToken | None:
    if _keyring_usable():
        import keyring  # noqa: PLC0415 - optional at run time, as for the data key

        try:
            found = _decode(keyring.get_password(KEYRING_SERVICE, _keyring_name(database_id)))
        except Exception as exc:  # a locked keyring: fall back to the file
            log.warning("keyring look-up failed: %s", type(exc).__name__)
            found = None
        if found is not None:
            return found
    path = token_file_path(database_id)
    if path.exists():
        return _decode(path.read_text(encoding="utf-8"))
    return None


def store(database_id: str, login: str, token: str) -> str:
    """Keep the token for this OS user; where it went (for the message)."""
    text = json.dumps({"login": login, "token": token})
    if _keyring_usable():
        import keyring  # noqa: PLC0415

        try:
            keyring.set_password(KEYRING_SERVICE, _keyring_name(database_id), text)
            return "the system keyring"
        except Exception as exc:
            log.warning("keyring store failed, using a file: %s", type(exc).__name__)
    path = token_file_path(database_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        path.parent.chmod(0o700)
    # Owner-only from creation on: the token is as good as the password until it expires.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    with contextlib.suppress(OSError):
        path.chmod(0o600)
    return str(path)


def forget(database_id: str) -> None:
    if _keyring_usable():
        import keyring  # noqa: PLC0415

        with contextlib.suppress(Exception):
            keyring.delete_password(KEYRING_SERVICE, _keyring_name(database_id))
    with contextlib.suppress(FileNotFoundError):
        token_file_path(database_id).unlink()
