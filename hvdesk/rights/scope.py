"""Which customers an actor may act for, and the encrypted columns of the schema.

The ``isolation`` helper adds branch-scope rules to every service; until they
are merged, this one check stands in for them (swap :func:`require_customer`
for the shared rule then).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from hvdesk.errors import NotFound, PermissionDenied
from hvdesk.model import Customer
from hvdesk.security import pii
from hvdesk.security.crypto import FieldCipher
from hvdesk.services.context import Actor

#: (table, column) -> the cipher's field name. Every encrypted column in the schema:
#: the subject export decrypts them, retention overwrites them, the tests scan them.
ENCRYPTED: dict[tuple[str, str], str] = {
    ("customer", "id_enc"): pii.ID_FIELD,
    ("customer", "phone_enc"): pii.PHONE_FIELD,
    ("notice", "phone_enc"): pii.PHONE_FIELD,
}


def require_customer(session: Session, actor: Actor, customer_id: int) -> Customer:
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise NotFound(f"no customer with id {customer_id}")
    if actor.branch_id is not None and actor.branch_id != customer.branch_id:
        raise PermissionDenied(f"{actor.login} works for another branch")
    return customer


def decrypt(cipher: FieldCipher, table: str, column: str, blob: bytes) -> str:
    """One place to adapt when ciphertexts get bound to their table/column/row."""
    return cipher.decrypt(ENCRYPTED[(table, column)], blob)
