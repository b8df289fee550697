"""Read demo tables back in a comparable form (decrypted, ordered by id).

Ciphertexts differ from run to run (random nonces, a key per database), so
"the same data" means the same after decryption. For tests and benches only:
the result holds clear personal numbers and must not be logged.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import undefer

from hvdesk.database import Database
from hvdesk.model import Customer, LoanAccount, User
from hvdesk.security import pii


def dump_customers(db: Database) -> list[tuple[Any, ...]]:
    cipher = db.cipher
    out: list[tuple[Any, ...]] = []
    with db.session() as s:
        for c in s.scalars(
            select(Customer)
            .options(undefer(Customer.id_enc), undefer(Customer.phone_enc))
            .order_by(Customer.id)
        ):
            out.append((
                c.id, c.branch_id, c.name,
                cipher.decrypt(pii.CUSTOMER_ID.at(c.id), c.id_enc), c.id_region, c.id_last4,
                cipher.decrypt(pii.CUSTOMER_PHONE.at(c.id), c.phone_enc), c.phone_prefix,
                c.phone_last4,
                c.registered_address, c.registered_adcode, c.current_address, c.current_adcode,
                c.latitude, c.longitude,
                c.location_precision.value if c.location_precision else None,
                c.location_source, c.do_not_visit, c.do_not_visit_reason,
                c.created_at, c.updated_at,
            ))
    return out


def dump_loans(db: Database) -> list[tuple[Any, ...]]:
    with db.session() as s:
        rows = s.execute(
            select(
                LoanAccount.id, LoanAccount.customer_id, LoanAccount.contract_no,
                LoanAccount.product, LoanAccount.principal, LoanAccount.outstanding_balance,
                LoanAccount.overdue_amount, LoanAccount.days_past_due,
                LoanAccount.last_payment_date, LoanAccount.opened_on,
            ).order_by(LoanAccount.id)
        )
        return [tuple(r) for r in rows]


def dump_users(db: Database) -> list[tuple[Any, ...]]:
    """Everything but the password hash (passwords are random on purpose)."""
    with db.session() as s:
        rows = s.execute(
            select(User.id, User.login, User.display_name, User.employee_no, User.role,
                   User.branch_id).order_by(User.id)
        )
        return [tuple(r) for r in rows]
