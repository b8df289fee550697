"""The customer's recorded consent: the only thing that lifts the quiet-hours rule.

A tick box and a reason of "x" used to lift it (issue 18). Now the desk records
how the customer agreed (:class:`~hvdesk.model.ConsentMethod`), when, and which
staff member took the agreement; the row is evidence (the database refuses to
change or delete it) and the visit points at it. The database also refuses a
visit in 22:00–08:00 whose consent does not cover its time (migration 0013), so
a raw INSERT cannot skip this module.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from hvdesk.errors import ValidationError
from hvdesk.messages import msg
from hvdesk.model import ConsentMethod, User, VisitConsent, utcnow
from hvdesk.scheduling.violations import Violation
from hvdesk.services.context import Actor

#: The rule a consent lifts.
QUIET_RULE = "night_hours"
#: Consent older than this is not taken as agreement to a visit planned now.
MAX_AGE = dt.timedelta(days=90)
#: Methods whose evidence can be found again only by its reference.
NEEDS_REFERENCE = {ConsentMethod.CALL_RECORDING: 3, ConsentMethod.SMS_REPLY: 1}


@dataclass(frozen=True, slots=True)
class ConsentInput:
    """What the desk records: how, when and who took the customer's agreement."""

    method: ConsentMethod | str
    given_at: dt.datetime
    taken_by_id: int
    #: The recording's id, the SMS reply's notice/gateway reference; a note in person.
    reference: str | None = None


@dataclass(frozen=True, slots=True)
class ConsentView:
    id: int
    method: ConsentMethod
    given_at: dt.datetime
    taken_by_id: int
    reference: str | None
    agreed_start: dt.datetime
    agreed_end: dt.datetime


def validate(
    session: Session,
    branch_id: int,
    consent: ConsentInput,
    start: dt.datetime,
    now: dt.datetime | None = None,
) -> tuple[ConsentMethod, str | None]:
    """The clean method and reference, or a ValidationError naming the field."""
    try:
        method = ConsentMethod(consent.method)
    except ValueError:
        choices = ", ".join(m.value for m in ConsentMethod)
        raise ValidationError("consent_method", msg("scheduling.consent.say_how_customer",
                "say how the customer agreed: {choices}",
                choices=choices)) from None
    reference = " ".join((consent.reference or "").split()) or None
    need = NEEDS_REFERENCE.get(method)
    if need is not None and len(reference or "") < need:
        if method is ConsentMethod.CALL_RECORDING:
            raise ValidationError("consent_reference", msg(
                "scheduling.consent.give_recording", "give the call recording's reference"))
        raise ValidationError("consent_reference", msg(
            "scheduling.consent.give_sms_reply",
            "give the SMS reply's reference (notice or gateway id)"))
    if reference is not None and len(reference) > 200:
        raise ValidationError("consent_reference",
            msg("scheduling.consent.reference_most_characters",
                "the reference is at most 200 characters"))
    given = consent.given_at
    if given.tzinfo is None:
        raise ValidationError("consent_given_at", msg("scheduling.consent.give_consent_time",
                "give the consent time with a time zone"))
    moment = now or utcnow()
    if given > moment or given > utcnow():
        raise ValidationError("consent_given_at", msg("scheduling.consent.consent_given_future",
                "the consent cannot be given in the future"))
    if given < moment - MAX_AGE:
        raise ValidationError("consent_given_at", msg("scheduling.consent.consent_older_than",
                "the consent is older than 90 days: ask again"))
    if given > start:
        raise ValidationError("consent_given_at", msg("scheduling.consent.consent_must_given",
                "the consent must be given before the visit"))
    taker = session.get(User, consent.taken_by_id)
    if taker is None or not taker.active:
        raise ValidationError("consent_taken_by", msg("scheduling.consent.name_active_staff",
                "name the active staff member who took it"))
    if taker.branch_id is not None and taker.branch_id != branch_id:
        raise ValidationError("consent_taken_by", msg("scheduling.consent.login_works_another",
                "{login} works for another branch",
                login=taker.login))
    return method, reference


def record(
    session: Session,
    actor: Actor,
    customer_id: int,
    branch_id: int,
    consent: ConsentInput,
    start: dt.datetime,
    end: dt.datetime,
    now: dt.datetime | None = None,
) -> VisitConsent:
    """Validate and add the evidence row (flushed, so the visit can point at it)."""
    method, reference = validate(session, branch_id, consent, start, now)
    row = VisitConsent(
        customer_id=customer_id,
        method=method,
        reference=reference,
        given_at=consent.given_at,
        taken_by_id=consent.taken_by_id,
        agreed_start=start,
        agreed_end=end,
        recorded_by_id=actor.user_id,
    )
    session.add(row)
    session.flush()
    return row


def covers(
    row: VisitConsent | None, customer_id: int, start: dt.datetime, end: dt.datetime
) -> bool:
    return (
        row is not None
        and row.customer_id == customer_id
        and row.agreed_start <= start
        and end <= row.agreed_end
    )


def split(found: list[Violation]) -> tuple[list[Violation], list[Violation]]:
    """(the quiet-hours violations a consent lifts, the others)."""
    quiet = [v for v in found if v.code == QUIET_RULE]
    return quiet, [v for v in found if v.code != QUIET_RULE]


def audit_detail(row: VisitConsent) -> dict[str, object]:
    """What the override event says about the evidence (no personal data)."""
    return {
        "id": row.id,
        "method": row.method.value,
        "given_at": row.given_at.isoformat(),
        "taken_by": row.taken_by_id,
        "has_reference": bool(row.reference),
    }


def view(row: VisitConsent) -> ConsentView:
    return ConsentView(
        id=row.id,
        method=row.method,
        given_at=row.given_at,
        taken_by_id=row.taken_by_id,
        reference=row.reference,
        agreed_start=row.agreed_start,
        agreed_end=row.agreed_end,
    )
