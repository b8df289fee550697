"""``hvdesk key rotate``: every encrypted value under a new data key.

The rotation runs alone. On SQLite the rotating connection takes the file in
exclusive locking mode: it is refused while any other desk has the file open,
and no desk can open it until the rotation ends or stops. On PostgreSQL it is
refused while another session is connected to the database (checked before
and after the job is recorded); a desk that connects during the rotation
cannot unlock the key (``Database.cipher`` refuses while a rotation job is
pending), so nothing is written under the old key behind its back.

Order of durable steps, so that a kill anywhere leaves a state the next run
(or the next start) completes:

1. the new key is stored in the keystore under a *pending* name;
2. the job (new key's fingerprint, per-table progress) is written to
   ``db_meta``, with an audit event;
3. batches: each re-encrypts rows and advances the progress in one
   transaction, with new blind indexes (they are keyed too);
4. one transaction: the database's key fingerprint becomes the new key's,
   the job goes, an audit event;
5. the keystore: the new key replaces the old under the database's name and
   the pending entry goes. A kill between 4 and 5 is mended on the next
   unlock (``Database._finish_key_swap``).

Other desks then need the new key (``hvdesk key export`` / ``import``); the
old key opens nothing any more.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Connection, delete, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from hvdesk.database import META_KEY_FINGERPRINT, META_REENCRYPT, Database, make_engine
from hvdesk.errors import DatabaseError, HvdeskError, KeyUnavailable
from hvdesk.messages import msg
from hvdesk.model import DbMeta
from hvdesk.security import keys, reencrypt
from hvdesk.security.crypto import FieldCipher, new_master_key
from hvdesk.security.roles import Permission
from hvdesk.services import audit
from hvdesk.services.context import Actor

#: How long the rotation waits for a desk to let go of the SQLite file (ms).
_SQLITE_WAIT_MS = 1500


@dataclass(frozen=True)
class RotationOutcome:
    rewritten: int
    unreadable: int
    unreadable_named: tuple[str, ...]
    resumed: bool
    fingerprint: str


def rotate_key(db: Database, actor: Actor, *, batch: int = reencrypt.BATCH,
               progress: reencrypt.Progress | None = None) -> RotationOutcome:
    """Re-encrypt everything under a new key, or finish a rotation that was stopped."""
    actor.require(Permission.KEY_MANAGE)
    if os.environ.get(keys.ENV_KEY):
        raise HvdeskError(
            msg("security.rotation.env_key_set",
                    "{ENV_KEY} is set: a rotation keeps the new key in the keyring or key "
                    "file. Run it without {ENV_KEY} (store the key with 'hvdesk key import' "
                    "first), then give {ENV_KEY} the new key from 'hvdesk key export'",
                    ENV_KEY=keys.ENV_KEY)
        )
    db_id = db.database_id()
    if db_id is None:
        raise DatabaseError(msg("cli.session_cmds.database_set_up",
                "the database is not set up yet: run 'hvdesk db upgrade'"))
    db.reset_cipher()
    with db.session() as s:
        idle = s.get(DbMeta, META_REENCRYPT) is None
    if idle:
        _ = db.cipher  # checks the key fits; mends a swap a stopped rotation left undone
    with db.session() as s:
        pending = s.get(DbMeta, META_REENCRYPT)
        expected = s.get(DbMeta, META_KEY_FINGERPRINT)
        job = None if pending is None else reencrypt.Job.from_json(pending.value)
        expected_fp = None if expected is None else expected.value
    old = _old_cipher(db_id, expected_fp)
    resumed = job is not None and job.rotating
    new = _pending_cipher(db_id, job.target) if job is not None and job.rotating else None
    db.reset_cipher()
    db.engine.dispose()  # our own idle connections would count as another desk
    with _alone(db) as conn:
        if new is None:
            new = _new_pending_key(db_id, old)
            _start(conn, actor, db_id, old, new)
        @contextmanager
        def batch_tx() -> Iterator[Connection]:
            with conn.begin():
                yield conn

        final = reencrypt.run(batch_tx, reencrypt.Reader(old, new), batch=batch,
                              progress=progress)
        if final is None:
            raise HvdeskError(msg("security.rotation.rotation_job_disappeared",
                    "the rotation job disappeared from the database; run it again"))
        with conn.begin():
            reencrypt.finish_job(conn, final)
            _audit(conn, actor, "rotate", db_id, rewritten=final.rewritten,
                   unreadable=final.unreadable, unreadable_named=final.unreadable_named,
                   key=new.fingerprint[:8], resumed=resumed)
    keys.store_key(db_id, _pending_key(db_id))
    keys.delete_key(keys.pending_name(db_id))
    db.reset_cipher()
    return RotationOutcome(final.rewritten, final.unreadable, tuple(final.unreadable_named),
                           resumed, new.fingerprint)


def _old_cipher(db_id: str, expected: str | None) -> FieldCipher:
    cipher = FieldCipher.from_master_key(keys.require_key(db_id), legacy=True)
    if expected is not None and cipher.fingerprint != expected:
        raise KeyUnavailable(
            msg("security.rotation.data_key_desk",
                    "the data key on this desk does not fit this database: import the right "
                    "one with 'hvdesk key import' before rotating")
        )
    return cipher


def _pending_key(db_id: str) -> bytes:
    key = keys.load_stored_key(keys.pending_name(db_id))
    if key is None:
        raise KeyUnavailable(
            msg("security.rotation.new_key_interrupted",
                    "the new key of the interrupted rotation is not on this desk: finish the "
                    "rotation on the desk that started it")
        )
    return key


def _pending_cipher(db_id: str, target: str) -> FieldCipher:
    cipher = FieldCipher.from_master_key(_pending_key(db_id))
    if cipher.fingerprint != target:
        raise KeyUnavailable(
            msg("security.rotation.pending_key_desk",
                    "the pending key on this desk is not the one the interrupted rotation "
                    "uses: finish the rotation on the desk that started it")
        )
    return cipher


def _new_pending_key(db_id: str, old: FieldCipher) -> FieldCipher:
    while True:
        key = new_master_key()
        new = FieldCipher.from_master_key(key)
        if new.key_tag != old.key_tag:  # the tag tells the two keys' values apart
            break
    # Stored before any value uses it: a kill from here on loses no key.
    keys.store_key_locally(keys.pending_name(db_id), key)
    return new


def _start(conn: Connection, actor: Actor, db_id: str, old: FieldCipher,
           new: FieldCipher) -> None:
    with conn.begin():
        # Replaces a binding job of the old key, if any: the rotation binds everything too.
        reencrypt.lock_job(conn)
        reencrypt.save_job(conn, reencrypt.Job(target=new.fingerprint,
                                               rotated_from=old.fingerprint))
        _audit(conn, actor, "rotate_start", db_id, key=new.fingerprint[:8])
    if conn.dialect.name == "postgresql" and _other_sessions(conn):
        # Someone connected between the first check and the job: undo, refuse.
        with conn.begin():
            conn.execute(delete(reencrypt.META).where(reencrypt.META.c.key == META_REENCRYPT))
        keys.delete_key(keys.pending_name(db_id))
        raise _busy(conn)


def _audit(conn: Connection, actor: Actor, action: str, db_id: str, **detail: object) -> None:
    session = Session(bind=conn)
    try:
        audit.record(session, actor, action, "data_key", db_id, **detail)
        session.flush()
    finally:
        session.close()


@contextmanager
def _alone(db: Database) -> Iterator[Connection]:
    """A connection to the database that no other desk shares while it is open."""
    engine = make_engine(db.url)
    try:
        conn = engine.connect()
        try:
            if conn.dialect.name == "sqlite":
                _take_sqlite(conn)
            elif _other_sessions(conn):
                raise _busy(conn)
            yield conn
        finally:
            conn.close()
    finally:
        engine.dispose()


def _take_sqlite(conn: Connection) -> None:
    conn.exec_driver_sql(f"PRAGMA busy_timeout={_SQLITE_WAIT_MS}")
    conn.exec_driver_sql("PRAGMA locking_mode=EXCLUSIVE")
    conn.commit()
    try:
        with conn.begin():
            # The first write in exclusive mode takes the file; it stays ours until close.
            reencrypt.lock_job(conn)
    except OperationalError as exc:
        if "locked" in str(exc.orig):
            raise _busy(conn) from None
        raise


def _other_sessions(conn: Connection) -> int:
    with conn.begin():
        return int(conn.scalar(text(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND backend_type = 'client backend'")) or 0)


def _busy(conn: Connection) -> HvdeskError:
    if conn.dialect.name == "sqlite":
        return HvdeskError(
            msg("security.rotation.another_desk_database",
                    "another desk has this database open: close every other hvdesk window and "
                    "command using it, then run 'hvdesk key rotate' again"))
    return HvdeskError(
        msg("security.rotation.other_sessions_connected",
                "other sessions are connected to this database: close the other desks (see "
                "pg_stat_activity), then run 'hvdesk key rotate' again"))


__all__ = ["RotationOutcome", "rotate_key"]
