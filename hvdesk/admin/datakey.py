"""Handing the data key from one desk to another, as files (issue 17.2/17.3).

Exporting is an admin's (key.manage), asked for on purpose and audited: the
file opens every customer's ID and phone number. Importing on the admin page
is an admin's too; a desk's very first import is the setup's
(:func:`hvdesk.admin.setup.install_key`), checked against the database.
"""

from __future__ import annotations

import os
from pathlib import Path

from hvdesk.admin.setup import Problem, SetupProblem, read_key_file
from hvdesk.database import Database
from hvdesk.errors import KeyUnavailable
from hvdesk.security import owner_only
from hvdesk.security.crypto import decode_key, encode_key
from hvdesk.security.roles import Permission
from hvdesk.services import audit
from hvdesk.services.context import Actor

SUFFIX = ".hvdkey"


def export_key_file(db: Database, actor: Actor, path: Path) -> Path:
    """Write the data key to ``path`` (owner-only) for another desk; audited."""
    actor.require(Permission.KEY_MANAGE)
    text = encode_key(db.export_key())
    fd = owner_only.open_for_writing(path)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(text + "\n")
    with db.begin() as s:
        audit.record(s, actor, "export", "data_key", db.database_id(), file=path.name)
    return path


def import_key_text(db: Database, actor: Actor, text: str) -> str:
    """Keep a key for this desk after checking it fits the database; audited."""
    actor.require(Permission.KEY_MANAGE)
    try:
        key = decode_key(text)
    except KeyUnavailable as exc:
        raise SetupProblem(Problem.NOT_A_KEY) from exc
    try:
        where = db.set_key(key)
    except KeyUnavailable as exc:
        raise SetupProblem(Problem.WRONG_KEY) from exc
    with db.begin() as s:
        audit.record(s, actor, "import", "data_key", db.database_id())
    return where


def import_key_file(db: Database, actor: Actor, path: Path) -> str:
    actor.require(Permission.KEY_MANAGE)
    return import_key_text(db, actor, read_key_file(path))
