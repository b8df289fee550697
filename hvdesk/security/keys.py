"""Where a database's data key lives: never in the database itself.

Look-up order: ``HVDESK_KEY`` (base64, for servers and CI), the OS keyring
(Windows Credential Manager, macOS Keychain, Secret Service), then a key file
in the user config directory readable by its owner only (for a Linux server
with no keyring). Each database has its own key, named by the database's id.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from pathlib import Path

from hvdesk.errors import KeyUnavailable
from hvdesk.messages import msg
from hvdesk.paths import config_dir
from hvdesk.security.crypto import decode_key, encode_key

log = logging.getLogger(__name__)

KEYRING_SERVICE = "hvdesk"
ENV_KEY = "HVDESK_KEY"


def _no_keyring_reachable() -> bool:
    """True when no keyring backend can work here, known without importing keyring.

    keyring finds its backends by loading every plugin (its macOS module even
    runs the C compiler to look for a library on Linux): about 0.1 s of every
    CLI command's start (issue 19). On Linux and BSD the bundled backends
    (Secret Service, KWallet) talk over the session D-Bus, found only through
    DBUS_SESSION_BUS_ADDRESS; without it, and with no backend chosen by
    configuration or a third-party ``keyrings.*`` plugin, none can work.
    Once keyring is imported (a test or an embedding set a backend), it decides.
    """
    if sys.platform in {"win32", "darwin"} or "keyring" in sys.modules:
        return False
    if os.environ.get("DBUS_SESSION_BUS_ADDRESS") or os.environ.get("PYTHON_KEYRING_BACKEND"):
        return False
    config_home = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    if (Path(config_home) / "python_keyring" / "keyringrc.cfg").exists():
        return False
    import importlib.util  # noqa: PLC0415

    return importlib.util.find_spec("keyrings") is None


def _keyring_usable() -> bool:
    if os.environ.get("HVDESK_KEYRING", "").lower() in {"0", "off", "no", "false"}:
        return False
    if _no_keyring_reachable():
        return False
    try:
        import keyring  # noqa: PLC0415 - optional at run time: a broken backend must not stop start-up
        from keyring.backends import fail  # noqa: PLC0415

        backend = keyring.get_keyring()
    except Exception:  # keyring backends raise anything from dbus/jeepney on import
        return False
    if isinstance(backend, fail.Keyring):
        return False
    priority = getattr(backend, "priority", 0)
    return bool(priority and priority > 0)


def key_file_path(database_id: str) -> Path:
    return config_dir() / "keys" / f"{database_id}.key"


def _keyring_name(database_id: str) -> str:
    return f"database:{database_id}"


def load_key(database_id: str) -> bytes | None:
    env = os.environ.get(ENV_KEY)
    if env:
        return decode_key(env)
    if _keyring_usable():
        import keyring  # noqa: PLC0415

        try:
            stored = keyring.get_password(KEYRING_SERVICE, _keyring_name(database_id))
        except Exception as exc:  # a locked or broken keyring is reported, not a crash
            log.warning("keyring look-up failed: %s", type(exc).__name__)
            stored = None
        if stored:
            return decode_key(stored)
    path = key_file_path(database_id)
    if path.exists():
        return decode_key(path.read_text(encoding="ascii"))
    return None


def store_key(database_id: str, key: bytes) -> str:
    """Keep ``key`` for this user and say where (for messages and the README)."""
    if os.environ.get(ENV_KEY):
        return f"environment variable {ENV_KEY}"
    return store_key_locally(database_id, key)


def _write_key_file(name: str, key: bytes) -> str:
    path = key_file_path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Create with owner-only permissions from the start so the key is never
    # briefly world-readable. On Windows the profile directory ACL already
    # limits access to the user; chmod there only toggles read-only.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(encode_key(key))
    with contextlib.suppress(OSError):
        path.chmod(0o600)
    return str(path)


def pending_name(database_id: str) -> str:
    """Where ``hvdesk key rotate`` keeps the new key until every value is re-encrypted."""
    return f"{database_id}.pending"


def load_stored_key(name: str) -> bytes | None:
    """The key kept in the keyring or key file under ``name``, ignoring ``HVDESK_KEY``."""
    if _keyring_usable():
        import keyring  # noqa: PLC0415

        try:
            stored = keyring.get_password(KEYRING_SERVICE, _keyring_name(name))
        except Exception as exc:
            log.warning("keyring look-up failed: %s", type(exc).__name__)
            stored = None
        if stored:
            return decode_key(stored)
    path = key_file_path(name)
    if path.exists():
        return decode_key(path.read_text(encoding="ascii"))
    return None


def store_key_locally(name: str, key: bytes) -> str:
    """Like :func:`store_key` but never skipped for ``HVDESK_KEY`` (a rotation's new key)."""
    if _keyring_usable():
        import keyring  # noqa: PLC0415

        try:
            keyring.set_password(KEYRING_SERVICE, _keyring_name(name), encode_key(key))
            return "the system keyring"
        except Exception as exc:
            log.warning("keyring store failed, using a key file: %s", type(exc).__name__)
    return _write_key_file(name, key)


def delete_key(name: str) -> None:
    """Forget the key kept under ``name`` (keyring entry and key file)."""
    if _keyring_usable():
        import keyring  # noqa: PLC0415

        with contextlib.suppress(Exception):  # absent entries raise PasswordDeleteError
            keyring.delete_password(KEYRING_SERVICE, _keyring_name(name))
    key_file_path(name).unlink(missing_ok=True)


def require_key(database_id: str) -> bytes:
    key = load_key(database_id)
    if key is None:
        raise KeyUnavailable(
            msg("security.keys.data_key_database",
                    "no data key for database {database_id}: set {ENV_KEY}, or import the key "
                    "a colleague exported with 'hvdesk key export' using 'hvdesk key import'",
                    database_id=database_id, ENV_KEY=ENV_KEY)
        )
    return key
