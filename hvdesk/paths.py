"""Where hvdesk keeps its files on this machine.

``HVDESK_DATA_DIR`` / ``HVDESK_CONFIG_DIR`` override the platform defaults so
tests and portable installs never touch the user's real profile.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

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


def default_database_path() -> Path:
    return data_dir() / "hvdesk.db"
