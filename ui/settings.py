"""Typed user-interface settings, each declared once with its type and default.

Modelled on Electrum's ``ConfigVar``: a descriptor per setting on one class,
QSettings (an INI file in hvdesk's config directory) underneath. A
:class:`Settings` object is passed to the windows that need it; nothing
reaches for a global ``QSettings()``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Generic, TypeVar, cast, overload

from PySide6.QtCore import QByteArray, QSettings

from hvdesk import paths
from hvdesk.services.auth import POLICY

T = TypeVar("T")

INI_NAME = "ui.ini"


class Setting(Generic[T]):
    """One setting: key in the INI file, Python type, default, optional closed set."""

    def __init__(
        self, key: str, kind: type[T], default: T, choices: Sequence[T] | None = None,
        *, per_user: bool = False,
    ) -> None:
        self.key = key
        self.kind = kind
        self.default = default
        self.choices = tuple(choices) if choices is not None else None
        #: Kept per signed-in user (several people share one Windows desk, issue 17.5):
        #: read under ``users/<login>/`` first, then the desk-wide key as a starting point.
        self.per_user = per_user

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> Setting[T]: ...
    @overload
    def __get__(self, obj: Settings, owner: type | None = None) -> T: ...
    def __get__(self, obj: Settings | None, owner: type | None = None) -> Setting[T] | T:
        if obj is None:
            return self
        if self.per_user and obj.user:
            mine = obj.raw(obj.user_key(self.key))
            if mine is not None:
                return self.decode(mine)
        return self.decode(obj.raw(self.key))

    def __set__(self, obj: Settings, value: T) -> None:
        if not isinstance(value, self.kind):
            raise TypeError(f"setting {self.name} takes {self.kind.__name__}, not {value!r}")
        if self.choices is not None and value not in self.choices:
            raise ValueError(f"setting {self.name} must be one of {self.choices}, not {value!r}")
        key = obj.user_key(self.key) if self.per_user and obj.user else self.key
        obj.store(key, QByteArray(value) if isinstance(value, bytes) else value)

    def decode(self, raw: Any) -> T:
        """The stored value as ``kind``; anything unreadable (hand-edited file) is the default."""
        value: Any
        if raw is None:
            return self.default
        if self.kind is bytes:
            value = bytes(raw.data()) if isinstance(raw, QByteArray) else None
        elif self.kind is bool:
            # INI files hold text: "true"/"false".
            value = raw if isinstance(raw, bool) else str(raw).lower() in {"true", "1", "yes"}
        elif self.kind is int:
            try:
                value = int(raw)
            except (TypeError, ValueError):
                value = None
        else:
            value = raw if isinstance(raw, str) else None
        if value is None or (self.choices is not None and value not in self.choices):
            return self.default
        return cast(T, value)


class Settings:
    """The user's interface preferences and remembered window state."""

    LANGUAGES = ("zh_CN", "en")

    language = Setting("ui/language", str, "zh_CN", choices=LANGUAGES)
    window_geometry = Setting("window/geometry", bytes, b"")
    window_state = Setting("window/state", bytes, b"")
    last_section = Setting("window/last_section", str, "")
    last_login = Setting("signin/last_login", str, "")
    #: Minutes without keyboard or mouse before the window locks (issue 14).
    idle_lock_minutes = Setting("signin/idle_lock_minutes", int, POLICY.idle_lock_minutes)
    last_import_dir = Setting("files/last_import_dir", str, "", per_user=True)
    last_export_dir = Setting("files/last_export_dir", str, "", per_user=True)
    last_pdf_dir = Setting("files/last_pdf_dir", str, "", per_user=True)
    pdf_preview_geometry = Setting("documents/preview_geometry", bytes, b"")

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else paths.config_dir() / INI_NAME
        self._qs = QSettings(str(self.path), QSettings.Format.IniFormat)
        #: The signed-in user's login, set by the main window: per-user settings follow it.
        self.user = ""

    def user_key(self, key: str) -> str:
        return f"users/{self.user}/{key}"

    def raw(self, key: str) -> Any:
        return self._qs.value(key)

    def store(self, key: str, value: Any) -> None:
        self._qs.setValue(key, value)
        # Written at once: a crash or a second Settings on the same file sees it.
        self._qs.sync()

    def reset(self, setting: Setting[Any]) -> None:
        self._qs.remove(setting.key)
        self._qs.sync()

    @classmethod
    def declared(cls) -> list[Setting[Any]]:
        return [v for v in vars(cls).values() if isinstance(v, Setting)]

    def user_window(self, login: str) -> UserWindow:
        """``login``'s window: several people share one desk (issue 16.9)."""
        return UserWindow(self, login)


class UserWindow:
    """One user's window size and position, toolbar state and last section.

    Kept under ``users/<login>/window/`` in the same INI file; a user with nothing of
    their own yet starts from what the desk remembered before (the shared keys).
    """

    _KEYS = ("geometry", "state", "last_section")

    def __init__(self, settings: Settings, login: str) -> None:
        self._settings = settings
        safe = login if re.fullmatch(r"[A-Za-z0-9_.-]{1,60}", login) else (
            "x" + login.encode("utf-8").hex())
        prefix = f"users/{safe}/window/"
        self._own: dict[str, Setting[Any]] = {
            "geometry": Setting(prefix + "geometry", bytes, b""),
            "state": Setting(prefix + "state", bytes, b""),
            "last_section": Setting(prefix + "last_section", str, ""),
        }
        self._shared: dict[str, Setting[Any]] = {
            "geometry": Settings.window_geometry, "state": Settings.window_state,
            "last_section": Settings.last_section,
        }

    def _get(self, name: str) -> Any:
        own = self._own[name]
        raw = self._settings.raw(own.key)
        setting = own if raw is not None else self._shared[name]
        return setting.decode(raw if raw is not None else self._settings.raw(setting.key))

    def _set(self, name: str, value: Any) -> None:
        stored = QByteArray(value) if isinstance(value, bytes) else value
        self._settings.store(self._own[name].key, stored)

    @property
    def geometry(self) -> bytes:
        return cast(bytes, self._get("geometry"))

    @geometry.setter
    def geometry(self, value: bytes) -> None:
        self._set("geometry", value)

    @property
    def state(self) -> bytes:
        return cast(bytes, self._get("state"))

    @state.setter
    def state(self, value: bytes) -> None:
        self._set("state", value)

    @property
    def last_section(self) -> str:
        return cast(str, self._get("last_section"))

    @last_section.setter
    def last_section(self, value: str) -> None:
        self._set("last_section", value)
