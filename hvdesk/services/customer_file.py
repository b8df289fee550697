"""The customer file: everything a desk sees about one customer, and its few edits.

Read-only views are frozen dataclasses holding what the one rule
(:mod:`hvdesk.security.exposure`) shows the actor: numbers masked, and for
visitors and reviewers the name and addresses too; a visitor sees loan totals,
not each contract's amounts. The full ID number is decrypted here only to work
out age and sex and never leaves the module.
Every function restricts access to the actor's own branch (an admin sees all)
because ``hvdesk.services.customers`` checks roles but not branches.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from hvdesk import idcard
from hvdesk.errors import NotFound, PermissionDenied, ValidationError
from hvdesk.geo import gazetteer
from hvdesk.messages import msg
from hvdesk.model import (
    Customer,
    CustomerNote,
    Feedback,
    LoanAccount,
    Visit,
    VisitMember,
)
from hvdesk.security import exposure, pii
from hvdesk.security.crypto import FieldCipher
from hvdesk.security.roles import Permission
from hvdesk.security.scope import require_customer, require_customer_branch
from hvdesk.services import audit, customers, pg_access
from hvdesk.services.context import Actor
from hvdesk.services.customers import CustomerInput, CustomerView

NOTE_MAX_CHARS = 2000
DEFAULT_TIMEZONE = "Asia/Shanghai"


# --- what the file shows -----------------------------------------------------
@dataclass(frozen=True, slots=True)
class PersonalView:
    id: int
    branch_id: int
    branch_name: str
    name: str
    id_number_masked: str
    phone_masked: str
    #: From the ID number: the household registration's region at issue.
    region_code: str
    #: ``四川省成都市武侯区``; None when the code is well formed but unknown.
    region_name: str | None
    #: None where the ID number is not readable without a reason (a shared
    #: server's roles without the full view: the age needs the birth date).
    age: int | None
    sex: str  # "M" / "F"
    registered_address: str
    current_address: str | None
    do_not_visit: bool
    do_not_visit_reason: str | None
    version: int
    updated_at: dt.datetime
    updated_by: str | None


@dataclass(frozen=True, slots=True)
class LoanRow:
    id: int
    contract_no: str
    #: None where the list it was imported from did not say (see ``incomplete``).
    product: str | None
    principal: Decimal | None
    outstanding_balance: Decimal | None
    #: None where the actor sees loans as a summary (the file's ``loan_totals``).
    overdue_amount: Decimal | None
    days_past_due: int
    last_payment_date: dt.date | None
    #: False for a role that sees loans as a summary: the amounts above are withheld.
    amounts_shown: bool = True

    @property
    def incomplete(self) -> bool:
        if not self.amounts_shown:
            return self.product is None
        return self.product is None or self.principal is None or self.outstanding_balance is None


@dataclass(frozen=True, slots=True)
class LoanTotals:
    """What every role in scope sees of the loans: totals and the worst days past due."""

    #: The balances known; None when none is (imported lists may omit them).
    outstanding: Decimal | None
    overdue: Decimal
    days_past_due: int


@dataclass(frozen=True, slots=True)
class TeamMember:
    name: str
    employee_no: str
    is_lead: bool


@dataclass(frozen=True, slots=True)
class VisitRow:
    id: int
    #: Aware datetimes in the branch's local time.
    planned_start: dt.datetime
    planned_end: dt.datetime
    purpose: str
    status: str
    address: str
    team: tuple[TeamMember, ...]
    report_status: str | None
    report_outcome: str | None
    #: Status of the latest notice sent for the visit, and how many there were.
    notice_status: str | None
    notice_count: int


@dataclass(frozen=True, slots=True)
class FeedbackRow:
    id: int
    visit_id: int
    visit_start: dt.datetime
    received_at: dt.datetime
    channel: str
    satisfaction: int | None
    felt_respected: bool | None
    is_complaint: bool
    complaint_text: str | None
    follow_up: str | None


@dataclass(frozen=True, slots=True)
class NoteRow:
    id: int
    author_name: str
    author_login: str
    created_at: dt.datetime
    text: str


@dataclass(frozen=True, slots=True)
class Abilities:
    """What the actor may do from the file (the services check again)."""

    edit: bool
    reveal: bool
    reveal_needs_reason: bool
    add_note: bool


@dataclass(frozen=True, slots=True)
class CustomerFile:
    personal: PersonalView
    loans: tuple[LoanRow, ...]
    loan_totals: LoanTotals
    visits: tuple[VisitRow, ...]
    feedback: tuple[FeedbackRow, ...]
    notes: tuple[NoteRow, ...]
    timezone: str
    abilities: Abilities


# --- access ------------------------------------------------------------------
def _customer(session: Session, actor: Actor, customer_id: int) -> Customer:
    actor.require(Permission.CUSTOMER_VIEW)
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise NotFound(msg("rights.scope.customer_id_customer",
                "no customer with id {customer_id}",
                customer_id=customer_id))
    require_customer(session, actor, customer)
    return customer


def _require_branch(actor: Actor, branch_id: int) -> None:
    require_customer_branch(actor, branch_id)


def abilities(actor: Actor) -> Abilities:
    return Abilities(
        edit=actor.can(Permission.CUSTOMER_EDIT),
        reveal=exposure.may_reveal(actor),
        reveal_needs_reason=exposure.reveal_needs_reason(actor),
        add_note=actor.can(Permission.CUSTOMER_VIEW),
    )


# --- decoding ----------------------------------------------------------------
def region_name(code6: str) -> str | None:
    """The region's full name, from idcard's table of old codes once it has one."""
    decode = cast(Callable[[str], Any] | None, getattr(idcard, "decode_region", None))
    if decode is not None:
        found = decode(code6)
        return None if found is None else str(found.full)
    return gazetteer.full_name(code6)


def age_on(birth: dt.date, today: dt.date) -> int:
    before_birthday = (today.month, today.day) < (birth.month, birth.day)
    return today.year - birth.year - int(before_birthday)


def _zone(customer: Customer) -> ZoneInfo:
    return ZoneInfo(customer.branch.timezone or DEFAULT_TIMEZONE)


def _sex_from_last4(last4: str) -> str:
    # The 17th character (third of the last four) is odd for men.
    return "M" if int(last4[2]) % 2 else "F"


def _personal(
    session: Session, actor: Actor, customer: Customer, cipher: FieldCipher,
    today: dt.date | None
) -> PersonalView:
    today = today or dt.datetime.now(_zone(customer)).date()
    age: int | None = None
    if actor.can(Permission.PII_FULL_VIEW) or not pg_access.reveal_through_server(session):
        # Decrypted only for birth date and sex; the number itself goes no further.
        parsed = idcard.parse(cipher.decrypt(pii.CUSTOMER_ID.at(customer.id), customer.id_enc))
        age, sex = age_on(parsed.birth_date, today), parsed.sex
    else:
        sex = _sex_from_last4(customer.id_last4)
    return PersonalView(
        id=customer.id,
        branch_id=customer.branch_id,
        branch_name=customer.branch.name,
        name=exposure.name(actor, customer.name),
        id_number_masked=exposure.id_number(actor, customer.id_region, customer.id_last4),
        phone_masked=exposure.phone(actor, customer.phone_prefix, customer.phone_last4),
        region_code=customer.id_region,
        region_name=region_name(customer.id_region),
        age=age,
        sex=sex,
        registered_address=exposure.address(actor, customer.registered_address),
        current_address=exposure.optional_address(actor, customer.current_address),
        do_not_visit=customer.do_not_visit,
        do_not_visit_reason=customer.do_not_visit_reason,
        version=customer.version,
        updated_at=customer.updated_at.astimezone(_zone(customer)),
        updated_by=customer.updated_by.display_name if customer.updated_by else None,
    )


def _loan(loan: LoanAccount, in_full: bool) -> LoanRow:
    return LoanRow(
        id=loan.id,
        contract_no=loan.contract_no,
        product=loan.product,
        principal=loan.principal if in_full else None,
        outstanding_balance=loan.outstanding_balance if in_full else None,
        overdue_amount=loan.overdue_amount if in_full else None,
        days_past_due=loan.days_past_due,
        last_payment_date=loan.last_payment_date,
        amounts_shown=in_full,
    )


def _totals(loans: list[LoanAccount]) -> LoanTotals:
    known = [loan.outstanding_balance for loan in loans if loan.outstanding_balance is not None]
    return LoanTotals(
        outstanding=sum(known, Decimal(0)) if known else None,
        overdue=sum((loan.overdue_amount for loan in loans), Decimal(0)),
        days_past_due=max((loan.days_past_due for loan in loans), default=0),
    )


def _visit(actor: Actor, visit: Visit, zone: ZoneInfo) -> VisitRow:
    latest = visit.notices[-1] if visit.notices else None
    report = visit.report
    return VisitRow(
        id=visit.id,
        planned_start=visit.planned_start.astimezone(zone),
        planned_end=visit.planned_end.astimezone(zone),
        purpose=visit.purpose.value,
        status=visit.status.value,
        address=exposure.address(actor, visit.address),
        team=tuple(
            TeamMember(m.user.display_name, m.user.employee_no, m.is_lead)
            for m in sorted(visit.members, key=lambda m: (not m.is_lead, m.position))
        ),
        report_status=report.status.value if report else None,
        report_outcome=report.outcome.value if report and report.outcome else None,
        notice_status=latest.status.value if latest else None,
        notice_count=len(visit.notices),
    )


def _feedback(item: Feedback, zone: ZoneInfo) -> FeedbackRow:
    return FeedbackRow(
        id=item.id,
        visit_id=item.visit_id,
        visit_start=item.visit.planned_start.astimezone(zone),
        received_at=item.received_at.astimezone(zone),
        channel=item.channel,
        satisfaction=item.satisfaction,
        felt_respected=item.felt_respected,
        is_complaint=item.is_complaint,
        complaint_text=item.complaint_text,
        follow_up=item.follow_up,
    )


def _note(note: CustomerNote, zone: ZoneInfo) -> NoteRow:
    return NoteRow(
        id=note.id,
        author_name=note.author.display_name,
        author_login=note.author.login,
        created_at=note.created_at.astimezone(zone),
        text=note.text,
    )


def _notes(session: Session, customer_id: int, zone: ZoneInfo) -> tuple[NoteRow, ...]:
    rows = session.scalars(
        select(CustomerNote)
        .options(selectinload(CustomerNote.author))
        .where(CustomerNote.customer_id == customer_id)
        .order_by(CustomerNote.created_at, CustomerNote.id)
    )
    return tuple(_note(n, zone) for n in rows)


# --- reads -------------------------------------------------------------------
def load_personal(
    session: Session,
    cipher: FieldCipher,
    actor: Actor,
    customer_id: int,
    *,
    today: dt.date | None = None,
) -> PersonalView:
    """The overview part alone (what the edit form starts from)."""
    return _personal(session, actor, _customer(session, actor, customer_id), cipher, today)


def load_file(
    session: Session,
    cipher: FieldCipher,
    actor: Actor,
    customer_id: int,
    *,
    today: dt.date | None = None,
) -> CustomerFile:
    customer = _customer(session, actor, customer_id)
    zone = _zone(customer)
    loans = list(session.scalars(
        select(LoanAccount).where(LoanAccount.customer_id == customer_id).order_by(LoanAccount.id)
    ))
    in_full = exposure.loans_in_full(actor)
    visits = list(
        session.scalars(
            select(Visit)
            .options(
                selectinload(Visit.members).selectinload(VisitMember.user),
                selectinload(Visit.report),
                selectinload(Visit.notices),
                selectinload(Visit.feedback),
            )
            .where(Visit.customer_id == customer_id)
            .order_by(Visit.planned_start.desc(), Visit.id.desc())
        )
    )
    feedback = sorted(
        (f for v in visits for f in v.feedback), key=lambda f: (f.received_at, f.id), reverse=True
    )
    return CustomerFile(
        personal=_personal(session, actor, customer, cipher, today),
        loans=tuple(_loan(loan, in_full) for loan in loans),
        loan_totals=_totals(loans),
        visits=tuple(_visit(actor, v, zone) for v in visits),
        feedback=tuple(_feedback(f, zone) for f in feedback),
        notes=_notes(session, customer_id, zone),
        timezone=zone.key,
        abilities=abilities(actor),
    )


# --- writes ------------------------------------------------------------------
def add_note(session: Session, actor: Actor, customer_id: int, text: str) -> NoteRow:
    """Append an author-stamped note; notes are work records of every role."""
    customer = _customer(session, actor, customer_id)
    audit.bind_actor(session, actor)
    text = (text or "").strip()
    if not text:
        raise ValidationError("text", msg("services.customer_file.note_empty", "note is empty"))
    if len(text) > NOTE_MAX_CHARS:
        raise ValidationError("text", msg("services.customer_file.note_longer_than",
                "note is longer than {NOTE_MAX_CHARS} characters",
                NOTE_MAX_CHARS=NOTE_MAX_CHARS))
    if actor.user_id is None:
        raise PermissionDenied(msg("services.customer_file.note_needs_signed",
                "a note needs a signed-in author"))
    note = CustomerNote(customer_id=customer.id, author_id=actor.user_id, text=text)
    session.add(note)
    session.flush()
    return _note(note, _zone(customer))


def reveal(
    session: Session,
    cipher: FieldCipher,
    actor: Actor,
    customer_id: int,
    what: str,
    reason: str | None = None,
) -> str:
    """:func:`customers.reveal` within the actor's branch (audited there)."""
    _customer(session, actor, customer_id)
    return customers.reveal(session, cipher, actor, customer_id, what, reason)


def create_customer(
    session: Session,
    cipher: FieldCipher,
    actor: Actor,
    data: CustomerInput,
    branch_id: int | None = None,
) -> CustomerView:
    """A new customer in the actor's branch (an admin names the branch)."""
    target = branch_id if branch_id is not None else actor.branch_id
    if target is None:
        raise ValidationError("branch", msg("services.customer_file.choose_branch_customer",
                "choose the branch the customer belongs to"))
    _require_branch(actor, target)
    return customers.create_customer(session, cipher, actor, target, data)


def update_customer(
    session: Session,
    cipher: FieldCipher,
    actor: Actor,
    customer_id: int,
    expected_version: int,
    changes: Mapping[str, Any],
) -> CustomerView:
    """:func:`customers.update_customer` within the actor's branch; raises StaleEdit.

    Clearing "do not visit" needs a reason like setting it does; the customer
    keeps no reason once cleared, so that one goes into the audit trail.
    """
    customer = _customer(session, actor, customer_id)
    values = dict(changes)
    clearing = customer.do_not_visit and values.get("do_not_visit") is False
    reason = str(values.get("do_not_visit_reason") or "").strip()
    if clearing and not reason:
        raise ValidationError("do_not_visit_reason",
            msg("services.customer_file.give_reason_clearing",
                "give a reason for clearing 'do not visit'"))
    view = customers.update_customer(
        session, cipher, actor, customer_id, expected_version, values
    )
    if clearing:
        audit.record(session, actor, "do_not_visit", "customer", customer_id, to=False,
                     reason=reason)
    return view


def set_do_not_visit(
    session: Session,
    cipher: FieldCipher,
    actor: Actor,
    customer_id: int,
    expected_version: int,
    flag: bool,
    reason: str | None,
) -> CustomerView:
    """Set or clear "do not visit"; either way a reason is required.

    Setting keeps the reason on the customer; the reason for clearing goes
    into the audit trail beside the automatic record of the flag's change.
    """
    reason = (reason or "").strip() or None
    if reason is None:
        message = ("give a reason for 'do not visit'" if flag
                   else "give a reason for clearing 'do not visit'")
        raise ValidationError("do_not_visit_reason", message)
    return update_customer(
        session, cipher, actor, customer_id, expected_version,
        {"do_not_visit": flag, "do_not_visit_reason": reason},
    )


__all__ = [
    "Abilities",
    "CustomerFile",
    "FeedbackRow",
    "LoanRow",
    "NoteRow",
    "PersonalView",
    "TeamMember",
    "VisitRow",
    "abilities",
    "add_note",
    "age_on",
    "create_customer",
    "load_file",
    "load_personal",
    "region_name",
    "reveal",
    "set_do_not_visit",
    "update_customer",
]
