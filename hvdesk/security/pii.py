"""Column values for encrypted personal data, shared by services and bulk loaders.

Every ciphertext is bound to its row (see :mod:`hvdesk.security.crypto`), so
the row id must be known before a value is encrypted: the ORM and bulk
writers take ids from :func:`reserve_ids` and insert them explicitly.

A notice keeps a copy of its customer's phone ciphertext (drafting needs no
key), so ``notice.phone_enc`` is bound to the customer row the number belongs
to: ``CUSTOMER_PHONE.at(visit.customer_id)``. Moved to a notice of another
customer, it fails to decrypt.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, text

from hvdesk.security.crypto import FieldCipher, SealedColumn

ID_FIELD = "customer.id_number"
PHONE_FIELD = "customer.phone"

CUSTOMER_ID = SealedColumn("customer", "id_enc", ID_FIELD, "ID number")
CUSTOMER_PHONE = SealedColumn("customer", "phone_enc", PHONE_FIELD, "mobile number")


def id_columns(cipher: FieldCipher, customer_id: int, number: str) -> dict[str, Any]:
    """``number`` must already be normalised and valid."""
    return {
        "id_enc": cipher.encrypt(CUSTOMER_ID.at(customer_id), number),
        "id_bidx": cipher.blind_index(ID_FIELD, number),
        "id_region": number[:6],
        "id_last4": number[-4:],
    }


def phone_columns(cipher: FieldCipher, customer_id: int, number: str) -> dict[str, Any]:
    return {
        "phone_enc": cipher.encrypt(CUSTOMER_PHONE.at(customer_id), number),
        "phone_bidx": cipher.blind_index(PHONE_FIELD, number),
        "phone_prefix": number[:3],
        "phone_last4": number[-4:],
    }


def reserve_ids(conn: Connection, table: str, count: int) -> list[int]:
    """``count`` new primary keys of ``table`` for rows inserted in this transaction.

    PostgreSQL: from the column's sequence (safe with other desks inserting).
    SQLite: takes the write lock first, so nobody can insert between reading
    the largest id and our insert; the ids are what SQLite would have chosen.
    """
    if count <= 0:
        return []
    if conn.dialect.name == "postgresql":
        rows = conn.execute(
            text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) "
                 "FROM generate_series(1, :n) ORDER BY 1"),
            {"t": table, "n": count},
        ).scalars()
        return [int(r) for r in rows]
    # A write that changes nothing still makes this transaction the writer.
    conn.execute(text("UPDATE db_meta SET value = value WHERE 0 = 1"))
    top = conn.execute(text(f"SELECT COALESCE(MAX(id), 0) FROM {table}")).scalar_one()
    return list(range(int(top) + 1, int(top) + 1 + count))
