"""Which database this desk uses, remembered in the user's config folder.

Written by the first-run setup; read by :func:`hvdesk.database.resolve_url`
after ``--db`` and ``HVDESK_DB_URL``, so the application and the CLI agree.
Only a URL without a password is ever stored: on a shared server each user
signs in with their own role.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from hvdesk import paths

FILE_NAME = "database.json"
ENV_URL = "HVDESK_DB_URL"


def config_path() -> Path:
    return paths.config_dir() / FILE_NAME


def _read() -> dict[str, Any]:
    try:
        data = json.loads(config_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write(data: dict[str, Any]) -> Path:
    path = config_path()
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    os.replace(partial, path)
    return path


def remembered_url() -> str | None:
    """The URL setup stored, or None (no file, or one a person broke by hand)."""
    url = _read().get("url")
    return url if isinstance(url, str) and url else None


def remember(url: str) -> Path:
    """Store ``url`` (refusing one that carries a password) for the next start."""
    if make_url(url).password:
        raise ValueError("a database URL with a password is never stored")
    return _write({**_read(), "url": url})


@dataclass(frozen=True, slots=True)
class DailyBackup:
    """The scheduled backup of a local database: on, how many to keep, where."""

    enabled: bool = True
    keep: int = 14
    #: None: "backups" in the user data folder.
    folder: str | None = None

    def target(self) -> Path:
        return Path(self.folder) if self.folder else paths.data_dir() / "backups"


def daily_backup() -> DailyBackup:
    raw = _read().get("daily_backup")
    if not isinstance(raw, dict):
        return DailyBackup()
    keep = raw.get("keep")
    folder = raw.get("folder")
    return DailyBackup(enabled=raw.get("enabled") is not False,
                       keep=keep if isinstance(keep, int) and keep > 0 else 14,
                       folder=folder if isinstance(folder, str) and folder else None)


def store_daily_backup(value: DailyBackup) -> None:
    _write({**_read(), "daily_backup": {"enabled": value.enabled, "keep": value.keep,
                                        "folder": value.folder}})


def forget() -> None:
    """Forget the database (the next start asks again); other choices stay."""
    data = _read()
    data.pop("url", None)
    _write(data)


def is_configured(explicit: str | None = None) -> bool:
    """True when a start knows its database without asking: ``--db``, the
    environment, a remembered choice, or the default file from before setup existed."""
    if explicit or os.environ.get(ENV_URL):
        return True
    remembered = remembered_url()
    if remembered:
        # A local file that is gone (a moved folder, an unplugged drive) is not
        # silently replaced by a new empty database: the setup asks again.
        local = remembered_file(remembered)
        return local is None or local.exists()
    return paths.default_database_path().exists()


def remembered_file(url: str | None = None) -> Path | None:
    """The local database file of ``url`` (default: the remembered one), else None."""
    url = url if url is not None else remembered_url()
    if not url:
        return None
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database \
            or parsed.database == ":memory:":
        return None
    return Path(parsed.database)
