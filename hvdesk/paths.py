"""Where hvdesk keeps its files on this machine.

``HVDESK_DATA_DIR`` / ``HVDESK_CONFIG_DIR`` override the platform defaults so
tests and portable installs never touch the user's real profile.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath
from typing import TypeVar

import platformdirs

P = TypeVar("P", bound=PurePath)

APP_NAME = "hvdesk"
APP_AUTHOR = "hvdesk"


def data_dir() -> Path:
    override = os.environ.get("HVDESK_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    override = os.environ.get("HVDESK_CONFIG_DIR")
    path = (
        Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR))
    )
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_dir() -> Path:
    """Files the application can write again (written map pages): ``HVDESK_CACHE_DIR``,
    else beside an overridden data folder (tests, portable installs), else the platform's."""
    override = os.environ.get("HVDESK_CACHE_DIR")
    if override:
        path = Path(override)
    elif os.environ.get("HVDESK_DATA_DIR"):
        path = data_dir() / "cache"
    else:
        path = Path(platformdirs.user_cache_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database_path() -> Path:
    return data_dir() / "hvdesk.db"


def user_folder(text: str, flavour: type[P] = Path) -> P:  # type: ignore[assignment]
    r"""A folder a person typed or pasted, as a path of ``flavour`` (this machine's by default).

    Windows Explorer's "Copy as path" wraps it in quotes; a network share may come as
    ``\\server\share\folder`` or ``//server/share/folder`` (both UNC on Windows).
    Only pathlib joins it afterwards, so a UNC folder keeps its ``\\server\share\`` anchor.
    """
    cleaned = text.strip().strip('"').strip()
    if cleaned.startswith("~"):
        cleaned = str(Path(cleaned).expanduser())
    return flavour(cleaned)


def is_absolute_folder(text: str) -> bool:
    """Absolute on Windows (drive or UNC share) or on POSIX: the notice settings are shared
    by desks of either kind, so either form is a folder some desk can reach."""
    return any(user_folder(text, flavour).is_absolute()
               for flavour in (PureWindowsPath, PurePosixPath))
