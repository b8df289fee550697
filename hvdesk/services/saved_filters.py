"""Saved filters: a user's named customer-list queries.

A filter is stored as the JSON form of :class:`CustomerQuery`, so a filter
saved by an older version still loads (unknown keys are ignored there).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from hvdesk.errors import NotFound, ValidationError
from hvdesk.messages import msg
from hvdesk.model import SavedFilter
from hvdesk.security.roles import Permission
from hvdesk.services import audit
from hvdesk.services.context import Actor
from hvdesk.services.customer_list import CustomerQuery


@dataclass(frozen=True, slots=True)
class SavedFilterView:
    id: int
    name: str
    query: CustomerQuery


def _user_id(actor: Actor) -> int:
    if actor.user_id is None:
        raise ValidationError("user", msg("services.saved_filters.saved_filters_belong",
                "saved filters belong to a signed-in user"))
    return actor.user_id


def list_filters(session: Session, actor: Actor) -> list[SavedFilterView]:
    user_id = _user_id(actor)
    rows = session.scalars(
        select(SavedFilter).where(SavedFilter.user_id == user_id).order_by(SavedFilter.name)
    )
    return [SavedFilterView(f.id, f.name, CustomerQuery.from_dict(f.definition)) for f in rows]


def save_filter(session: Session, actor: Actor, name: str, query: CustomerQuery) -> SavedFilterView:
    """Save under ``name``; a filter of the same name is replaced."""
    user_id = _user_id(actor)
    actor.require(Permission.CUSTOMER_VIEW)
    name = " ".join(name.split())
    if not name:
        raise ValidationError("name", msg("services.saved_filters.give_filter_name",
                "give the filter a name"))
    if len(name) > 100:
        raise ValidationError("name", msg("services.saved_filters.filter_name_most",
                "a filter name has at most 100 characters"))
    audit.bind_actor(session, actor)
    saved = session.scalar(
        select(SavedFilter).where(SavedFilter.user_id == user_id, SavedFilter.name == name)
    )
    if saved is None:
        saved = SavedFilter(user_id=user_id, name=name, definition=query.to_dict())
        session.add(saved)
    else:
        saved.definition = query.to_dict()
    session.flush()
    return SavedFilterView(saved.id, saved.name, query)


def delete_filter(session: Session, actor: Actor, filter_id: int) -> None:
    user_id = _user_id(actor)
    audit.bind_actor(session, actor)
    saved = session.get(SavedFilter, filter_id)
    # Someone else's filter is "not found", not "forbidden": it is none of our business.
    if saved is None or saved.user_id != user_id:
        raise NotFound(msg("services.saved_filters.saved_filter_filter",
                "no saved filter {filter_id}",
                filter_id=filter_id))
    session.delete(saved)
    session.flush()
