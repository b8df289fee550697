"""Export customers to ``.xlsx``: masked by the one rule (hvdesk.security.exposure), audited.

ID and mobile numbers are masked unless the actor may see them in full and
asks for it (``full=True``), which is audited as a full view of each
exported customer. Text a spreadsheet would run as a formula is neutralised.
The headers are the import's, so a full export re-imports as it is; the
loan summary columns use names the importer does not map on purpose.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from hvdesk.errors import NotFound, PermissionDenied
from hvdesk.importing.workbook import write_rows
from hvdesk.importing.writer import AUDIT, audit_rows
from hvdesk.messages import msg
from hvdesk.model import Branch, Customer, LoanAccount
from hvdesk.security import exposure, pii, scope
from hvdesk.security.crypto import FieldCipher
from hvdesk.security.exposure import Medium
from hvdesk.security.roles import Permission
from hvdesk.services import audit
from hvdesk.services.context import Actor

HEADERS = ("客户编号", "姓名", "身份证号", "手机号", "户籍地址", "现居住地址", "网点",
           "贷款笔数", "最长逾期天数", "合计逾期金额", "勿访", "勿访原因")
WIDTHS = (10, 12, 22, 16, 40, 40, 16, 10, 14, 16, 6, 30)
MONEY_FORMAT = "#,##0.00"
_CHUNK = 1000


def export_customers(
    session: Session,
    cipher: FieldCipher,
    actor: Actor,
    customer_ids: Iterable[int],
    path: Path,
    *,
    full: bool = False,
) -> int:
    """Write the given customers (those the actor may see) to ``path``; return the rows.

    A customer outside the actor's scope (hvdesk.security.scope) refuses the
    whole export: a list page passes only what it shows.
    """
    actor.require(Permission.DATA_EXPORT)
    if full:
        actor.require(Permission.PII_FULL_VIEW)
    audit.bind_actor(session, actor)
    ids = sorted(set(customer_ids))
    _require_scope(session, actor, ids)
    written: list[int] = []
    rows = _rows(session, cipher, actor, ids, full, written)
    count = write_rows(path, "customers", HEADERS, rows, widths=WIDTHS,
                       number_format={9: MONEY_FORMAT})
    if full and written:
        # Like customers.reveal, one event per customer whose numbers were shown.
        session.connection().execute(insert(AUDIT), audit_rows(
            actor, "view_full", "customer",
            ((cid, {"field": "id_number,phone", "via": "export", "file": path.name})
             for cid in written)))
    audit.record(session, actor, "export", "customer", None, rows=count, file=path.name,
                 full=full)
    session.flush()
    return count


def _require_scope(session: Session, actor: Actor, ids: Sequence[int]) -> None:
    outside = 0
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        seen = session.scalar(select(func.count()).select_from(Customer).where(
            Customer.id.in_(chunk), scope.customer_filter(actor)))
        outside += len(chunk) - (seen or 0)
    if outside:
        raise PermissionDenied(
            msg("exporting.login_may_export",
                    "{login} may not export {outside} of the chosen customers: they belong to "
                    "another branch or are not yours to see; export from your own customer list",
                    login=actor.login, outside=outside)
        )


def _rows(session: Session, cipher: FieldCipher, actor: Actor, ids: Sequence[int],
          full: bool, written: list[int]) -> Iterator[list[Any]]:
    loans = (
        select(LoanAccount.customer_id, func.count().label("n"))
        .group_by(LoanAccount.customer_id).subquery()
    )
    c = Customer.__table__.c
    for start in range(0, len(ids), _CHUNK):
        # Plain columns, not entities: nothing lands in the caller's identity map.
        query = (
            select(c.id, c.name, c.id_enc, c.id_region, c.id_last4, c.phone_enc,
                   c.phone_prefix, c.phone_last4, c.registered_address, c.current_address,
                   Branch.code, func.coalesce(loans.c.n, 0), c.days_past_due,
                   c.overdue_amount, c.do_not_visit, c.do_not_visit_reason)
            .join(Branch, Branch.id == c.branch_id)
            .outerjoin(loans, loans.c.customer_id == c.id)
            .where(c.id.in_(ids[start:start + _CHUNK]))
            .order_by(c.id)
        )
        for r in session.execute(query.where(scope.customer_filter(actor))):
            if full:
                id_text = cipher.decrypt(pii.CUSTOMER_ID.at(r.id), r.id_enc)
                phone_text = cipher.decrypt(pii.CUSTOMER_PHONE.at(r.id), r.phone_enc)
            else:
                id_text = exposure.id_number(actor, r.id_region, r.id_last4)
                phone_text = exposure.phone(actor, r.phone_prefix, r.phone_last4)
            written.append(r.id)
            yield [r.id, exposure.name(actor, r.name, Medium.DOCUMENT), id_text, phone_text,
                   exposure.address(actor, r.registered_address, Medium.DOCUMENT),
                   exposure.optional_address(actor, r.current_address, Medium.DOCUMENT),
                   r.code, int(r[11]), r.days_past_due, r.overdue_amount,
                   "是" if r.do_not_visit else "", r.do_not_visit_reason]


def branch_customer_ids(
    session: Session, actor: Actor, branch_code: str | None = None
) -> list[int]:
    """Every customer id of the actor's branch (an admin: of ``branch_code``, or all)."""
    actor.require(Permission.DATA_EXPORT)
    query = select(Customer.id).where(scope.customer_filter(actor)).order_by(Customer.id)
    if branch_code:
        branch_id = session.scalar(select(Branch.id).where(Branch.code == branch_code))
        if branch_id is None:
            raise NotFound(msg("exporting.branch_code_branch",
                    "no branch with code {branch_code}",
                    branch_code=branch_code))
        scope.require_branch(actor, branch_id, scope.what_record("branch", branch_code))
        query = query.where(Customer.branch_id == branch_id)
    return list(session.scalars(query))
