"""Customer records: create, edit with optimistic locking, masked and full views."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from hvdesk import idcard, phone
from hvdesk.errors import NotFound, StaleEdit, ValidationError
from hvdesk.messages import msg
from hvdesk.model import AuditEvent, Customer, LoanAccount, User
from hvdesk.names import name_initials
from hvdesk.security import exposure, pii
from hvdesk.security.crypto import FieldCipher
from hvdesk.security.exposure import Medium
from hvdesk.security.pg_grants import reads_audit
from hvdesk.security.roles import Permission
from hvdesk.security.scope import require_customer, require_customer_branch
from hvdesk.services import audit, pg_access
from hvdesk.services.context import Actor


@dataclass(frozen=True, slots=True)
class CustomerInput:
    name: str
    id_number: str
    phone: str
    registered_address: str
    current_address: str | None = None
    do_not_visit: bool = False
    do_not_visit_reason: str | None = None


@dataclass(frozen=True, slots=True)
class CustomerView:
    """What a widget may show, by the one rule (:mod:`hvdesk.security.exposure`);
    version for the next edit."""

    id: int
    name: str
    id_number_masked: str
    phone_masked: str
    registered_address: str
    current_address: str | None
    do_not_visit: bool
    do_not_visit_reason: str | None
    version: int
    updated_at: dt.datetime


EDITABLE = frozenset(
    {"name", "phone", "registered_address", "current_address", "do_not_visit",
     "do_not_visit_reason"}
)


def _view(c: Customer, actor: Actor) -> CustomerView:
    return CustomerView(
        id=c.id,
        name=exposure.name(actor, c.name),
        id_number_masked=exposure.id_number(actor, c.id_region, c.id_last4),
        phone_masked=exposure.phone(actor, c.phone_prefix, c.phone_last4),
        registered_address=exposure.address(actor, c.registered_address),
        current_address=exposure.optional_address(actor, c.current_address),
        do_not_visit=c.do_not_visit,
        do_not_visit_reason=c.do_not_visit_reason,
        version=c.version,
        updated_at=c.updated_at,
    )


def _clean_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError("name", msg("services.customers.name_empty", "name is empty"))
    if len(name) > 50:
        raise ValidationError("name", msg("services.customers.name_longer_than",
                "name is longer than 50 characters"))
    return name


def _clean_address(field: str, value: str | None, *, required: bool) -> str | None:
    text = " ".join((value or "").split())
    if not text:
        if required:
            raise ValidationError(field, msg("services.customers.registered_address_empty",
                    "registered address is empty"))
        return None
    return text


def _dnv_reason(flag: bool, reason: str | None) -> str | None:
    reason = (reason or "").strip() or None
    if flag and not reason:
        raise ValidationError("do_not_visit_reason", msg("services.customers.give_reason_do",
                "give a reason for 'do not visit'"))
    return reason if flag else None


def create_customer(
    session: Session, cipher: FieldCipher, actor: Actor, branch_id: int, data: CustomerInput
) -> CustomerView:
    actor.require(Permission.CUSTOMER_EDIT)
    require_customer_branch(actor, branch_id)
    audit.bind_actor(session, actor)
    number = idcard.parse(data.id_number).number
    mobile = phone.parse(data.phone)
    bidx = cipher.blind_index(pii.ID_FIELD, number)
    if session.scalar(select(Customer.id).where(Customer.id_bidx == bidx)) is not None:
        raise ValidationError("id_number", msg("services.customers.customer_id_number",
                "a customer with this ID number already exists"))
    name = _clean_name(data.name)
    # The ciphertexts are bound to the row: its id is chosen before the insert.
    (customer_id,) = pii.reserve_ids(session.connection(), Customer.__tablename__, 1)
    customer = Customer(
        id=customer_id,
        branch_id=branch_id,
        name=name,
        name_initials=name_initials(name),
        registered_address=_clean_address("registered_address", data.registered_address,
                                          required=True),
        current_address=_clean_address("current_address", data.current_address, required=False),
        do_not_visit=data.do_not_visit,
        do_not_visit_reason=_dnv_reason(data.do_not_visit, data.do_not_visit_reason),
        updated_by_id=actor.user_id,
        **pii.id_columns(cipher, customer_id, number),
        **pii.phone_columns(cipher, customer_id, mobile),
    )
    session.add(customer)
    session.flush()
    return _view(customer, actor)


def get_customer(session: Session, actor: Actor, customer_id: int) -> CustomerView:
    actor.require(Permission.CUSTOMER_VIEW)
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise NotFound(msg("rights.scope.customer_id_customer",
                "no customer with id {customer_id}",
                customer_id=customer_id))
    require_customer(session, actor, customer)
    return _view(customer, actor)


def _last_change_by(session: Session, actor: Actor, customer: Customer) -> str:
    if not reads_audit(actor.role) and pg_access.server_enforced(session):
        # The server keeps the trail from this role (a SELECT would abort the
        # transaction): name who saved last from the row itself.
        login = session.scalar(select(User.login).where(User.id == customer.updated_by_id))
        when = customer.updated_at.strftime("%Y-%m-%d %H:%M UTC")
        return f"{login} (at {when})" if login else "another desk"
    customer_id = customer.id
    event = session.scalar(
        select(AuditEvent)
        .where(AuditEvent.entity == "customer", AuditEvent.entity_id == str(customer_id))
        .where(AuditEvent.action.in_(("update", "status")))
        .order_by(AuditEvent.id.desc())
        .limit(1)
    )
    if event is None:
        return "another desk"
    changed = ", ".join(event.detail.get("fields", [])) or "the record"
    when = event.at.strftime("%Y-%m-%d %H:%M UTC")
    return f"{event.actor_login} (changed {changed} at {when})"


def update_customer(
    session: Session,
    cipher: FieldCipher,
    actor: Actor,
    customer_id: int,
    expected_version: int,
    changes: dict[str, Any],
) -> CustomerView:
    """Apply ``changes`` if nobody saved the customer since ``expected_version``.

    A stale edit raises :class:`StaleEdit` naming who changed what; the
    caller's session is left for rollback, so nothing is half-written.
    """
    actor.require(Permission.CUSTOMER_EDIT)
    audit.bind_actor(session, actor)
    unknown = set(changes) - EDITABLE
    if unknown:
        raise ValidationError(sorted(unknown)[0], msg("services.customers.edit_choices",
                "cannot edit {choices}",
                choices=', '.join(sorted(unknown))))
    if session.get_bind().dialect.name == "postgresql":
        # The row first, the audit trail after: the trail's chain lock is taken by the
        # flush's first audit row, and a booking holds the customer's row (as here now)
        # before it writes the trail. Locking in the other order deadlocked (soak).
        session.execute(select(Customer.id).where(Customer.id == customer_id)
                        .with_for_update(key_share=True))
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise NotFound(msg("rights.scope.customer_id_customer",
                "no customer with id {customer_id}",
                customer_id=customer_id))
    require_customer(session, actor, customer)
    if customer.version != expected_version:
        raise StaleEdit(_stale_message(session, actor, customer))
    values = dict(changes)
    if "name" in values:
        customer.name = _clean_name(values["name"])
        customer.name_initials = name_initials(customer.name)
    if "phone" in values:
        mobile = phone.parse(values["phone"])
        for key, val in pii.phone_columns(cipher, customer.id, mobile).items():
            setattr(customer, key, val)
    if "registered_address" in values:
        customer.registered_address = _clean_address(  # type: ignore[assignment]
            "registered_address", values["registered_address"], required=True
        )
    if "current_address" in values:
        customer.current_address = _clean_address(
            "current_address", values["current_address"], required=False
        )
    if "do_not_visit" in values or "do_not_visit_reason" in values:
        flag = bool(values.get("do_not_visit", customer.do_not_visit))
        reason = values.get("do_not_visit_reason", customer.do_not_visit_reason)
        customer.do_not_visit = flag
        customer.do_not_visit_reason = _dnv_reason(flag, reason)
    customer.updated_by_id = actor.user_id
    try:
        session.flush()
    except StaleDataError:
        # The row changed between our read and our UPDATE (another desk won).
        raise StaleEdit(
            msg("services.customers.customer_customer_id",
                    "customer {customer_id} was changed by someone else while you were "
                    "editing; reload it and apply your change again",
                    customer_id=customer_id)
        ) from None
    return _view(customer, actor)


def refresh_loan_summary(session: Session, customer_id: int) -> None:
    """Recompute the customer's worst days past due and total overdue from the loans."""
    worst, total = session.execute(
        select(func.coalesce(func.max(LoanAccount.days_past_due), 0),
               func.coalesce(func.sum(LoanAccount.overdue_amount), 0))
        .where(LoanAccount.customer_id == customer_id)
    ).one()
    customer = session.get(Customer, customer_id)
    if customer is not None:
        customer.days_past_due = int(worst)
        customer.overdue_amount = total


def _stale_message(session: Session, actor: Actor, customer: Customer) -> str:
    return (
        f"customer {customer.id} ({exposure.name(actor, customer.name, Medium.MESSAGE)}) "
        "was changed by "
        f"{_last_change_by(session, actor, customer)} after you opened it; reload it and apply "
        "your change again"
    )


def reveal(
    session: Session,
    cipher: FieldCipher,
    actor: Actor,
    customer_id: int,
    what: str,
    reason: str | None = None,
) -> str:
    """The full ID or phone number, for a role allowed to see it; always audited."""
    if what not in {"id_number", "phone"}:
        raise ValidationError("what", msg("services.customers.reveal_id_number",
                "can reveal 'id_number' or 'phone' only"))
    reason = (reason or "").strip() or None
    if not actor.can(Permission.PII_FULL_VIEW):
        actor.require(Permission.PII_FULL_VIEW_WITH_REASON)
        if reason is None:
            raise ValidationError("reason", msg("services.customers.say_why_you",
                    "say why you need the full number"))
    binding = (pii.CUSTOMER_ID if what == "id_number" else pii.CUSTOMER_PHONE).at(customer_id)
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise NotFound(msg("rights.scope.customer_id_customer",
                "no customer with id {customer_id}",
                customer_id=customer_id))
    # The server's function keeps branches apart; the team rule (a visitor's
    # own visits' customers) is checked here on every database.
    require_customer(session, actor, customer)
    if reason is not None and not actor.can(Permission.PII_FULL_VIEW) and (
        pg_access.reveal_through_server(session)
    ):
        # No SELECT on the ciphertexts here: the server's function checks,
        # audits and hands out the one value.
        return cipher.decrypt(
            binding, pg_access.reveal_ciphertext(session, actor, customer_id, what, reason)
        )
    audit.record(session, actor, "view_full", "customer", customer_id, field=what, reason=reason)
    if what == "id_number":
        return cipher.decrypt(pii.CUSTOMER_ID.at(customer.id), customer.id_enc)
    return cipher.decrypt(pii.CUSTOMER_PHONE.at(customer.id), customer.phone_enc)


__all__ = [
    "CustomerInput",
    "CustomerView",
    "create_customer",
    "get_customer",
    "reveal",
    "update_customer",
]
