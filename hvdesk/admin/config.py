"""Which database this desk uses, remembered in the user's config folder.

Written by the first-run setup; read by :func:`hvdesk.database.resolve_url`
after ``--db`` and ``HVDESK_DB_URL``, so the application and the CLI agree.
Only a URL without a password is ever stored: on a shared server each user
signs in with their own role.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from sqlalchemy.engine import make_url

from hvdesk import paths

FILE_NAME = "database.json"
ENV_URL = "HVDESK_DB_URL"


def config_path() -> Path:
    return paths.config_dir() / FILE_NAME


def remembered_url() -> str | None:
    """The URL setup stored, or None (no file, or one a person broke by hand)."""
    path = config_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    url = data.get("url") if isinstance(data, dict) else None
    return url if isinstance(url, str) and url else None


def remember(url: str) -> Path:
    """Store ``url`` (refusing one that carries a password) for the next start."""
    if make_url(url).password:
        raise ValueError("a database URL with a password is never stored")
    path = config_path()
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps({"url": url}, indent=2) + "\n", encoding="utf-8")
    os.replace(partial, path)
    return path


def forget() -> None:
    config_path().unlink(missing_ok=True)


def is_configured(explicit: str | None = None) -> bool:
    """True when a start knows its database without asking: ``--db``, the
    environment, a remembered choice, or the default file from before setup existed."""
    if explicit or os.environ.get(ENV_URL) or remembered_url():
        return True
    return paths.default_database_path().exists()
