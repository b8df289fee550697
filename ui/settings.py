"""Typed user-interface settings, each declared once with its type and default.

Modelled on Electrum's ``ConfigVar``: a descriptor per setting on one class,
QSettings (an INI file in hvdesk's config directory) underneath. A
:class:`Settings` object is passed to the windows that need it; nothing
reaches for a global ``QSettings()``.
"""

from __future__ import annotations

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
        self, key: str, kind: type[T], default: T, choices: Sequence[T] | None = None
    ) -> None:
        self.key = key
        self.kind = kind
        self.default = default
        self.choices = tuple(choices) if choices is not None else None

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> Setting[T]: ...
    @overload
    def __get__(self, obj: Settings, owner: type | None = None) -> T: ...
    def __get__(self, obj: Settings | None, owner: type | None = None) -> Setting[T] | T:
        if obj is None:
            return self
        return self.decode(obj.raw(self.key))

    def __set__(self, obj: Settings, value: T) -> None:
        if not isinstance(value, self.kind):
            raise TypeError(f"setting {self.name} takes {self.kind.__name__}, not {value!r}")
        if self.choices is not None and value not in self.choices:
            raise ValueError(f"setting {self.name} must be one of {self.choices}, not {value!r}")
        obj.store(self.key, QByteArray(value) if isinstance(value, bytes) else value)

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
    last_import_dir = Setting("files/last_import_dir", str, "")
    last_export_dir = Setting("files/last_export_dir", str, "")
    last_pdf_dir = Setting("files/last_pdf_dir", str, "")
    pdf_preview_geometry = Setting("documents/preview_geometry", bytes, b"")

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else paths.config_dir() / INI_NAME
        self._qs = QSettings(str(self.path), QSettings.Format.IniFormat)

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
