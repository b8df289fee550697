"""Corrections the customer asked for: who asked, which fields changed, and why.

The edit goes through :func:`hvdesk.services.customers.update_customer` (its
validation, optimistic lock and field-level audit); this adds the request as
a row (``correction_request``) and an audit event naming the fields, never
the old or new values (they are personal data).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from hvdesk.errors import ValidationError
from hvdesk.messages import msg
from hvdesk.model import CorrectionRequest
from hvdesk.rights.scope import require_customer
from hvdesk.security.crypto import FieldCipher
from hvdesk.services import audit, customers
from hvdesk.services.context import Actor

REQUESTERS = ("customer", "representative", "staff")


def correct_customer(
    session: Session,
    cipher: FieldCipher,
    actor: Actor,
    customer_id: int,
    changes: dict[str, Any],
    *,
    requested_by: str,
    reason: str,
    expected_version: int | None = None,
) -> customers.CustomerView:
    """Apply ``changes`` as a correction request; ``expected_version`` as in update_customer."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError("reason", msg("rights.corrections.say_why_data",
                "say why the data is corrected"))
    if requested_by not in REQUESTERS:
        raise ValidationError("requested_by", msg("rights.corrections.requested_one_choices",
                "requested by one of {choices}",
                choices=', '.join(REQUESTERS)))
    if not changes:
        raise ValidationError("changes", msg("rights.corrections.nothing_correct",
                "nothing to correct"))
    customer = require_customer(session, actor, customer_id)
    version = customer.version if expected_version is None else expected_version
    view = customers.update_customer(session, cipher, actor, customer_id, version, changes)
    fields = sorted(changes)
    session.add(
        CorrectionRequest(
            customer_id=customer_id,
            requested_by=requested_by,
            fields=fields,
            reason=reason[:500],
            recorded_by_id=actor.user_id,
        )
    )
    audit.record(session, actor, "correction", "customer", customer_id, fields=fields,
                 requested_by=requested_by)
    session.flush()
    return view
