"""The administration page's users and branches (issue 17.3).

Admins change (``user.manage``, ``settings.manage``); managers read their own
branch (``audit.view`` / ``dashboard.view``). Every change goes through the
session's actor, so the audit trail records it (ORM flush events), plus an
explicit event where the row change alone would not say what happened.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from hvdesk.errors import NotFound, PermissionDenied, StaleEdit, ValidationError
from hvdesk.messages import msg
from hvdesk.model import Branch, User
from hvdesk.security import scope
from hvdesk.security.roles import Permission, Role
from hvdesk.services import audit, pg_access, users
from hvdesk.services.context import Actor
from hvdesk.services.users import UserRow


# --- who may do what (the page hides what these refuse) ----------------------------
def may_view_users(actor: Actor) -> bool:
    return actor.can(Permission.USER_MANAGE) or actor.can(Permission.AUDIT_VIEW)


def may_manage_users(actor: Actor) -> bool:
    return actor.can(Permission.USER_MANAGE)


def may_view_branches(actor: Actor) -> bool:
    return actor.can(Permission.SETTINGS_MANAGE) or actor.can(Permission.DASHBOARD_VIEW)


def may_manage_settings(actor: Actor) -> bool:
    return actor.can(Permission.SETTINGS_MANAGE)


def may_open(actor: Actor) -> bool:
    """The Administration section exists for this role."""
    return may_view_users(actor) or may_view_branches(actor) or actor.can(Permission.KEY_MANAGE)


# --- users --------------------------------------------------------------------------
def user_rows(session: Session, actor: Actor) -> list[UserRow]:
    """Every user an admin manages; a manager's own branch (read-only)."""
    return users.list_users(session, actor)


def create_user(session: Session, actor: Actor, *, login: str, display_name: str,
                employee_no: str, role: Role, branch_code: str | None,
                password: str) -> UserRow:
    actor.require(Permission.USER_MANAGE)
    if not display_name.strip():
        raise ValidationError("display_name", msg("admin.user_name_needed", "give the user's name"))
    if not employee_no.strip():
        raise ValidationError("employee_no", msg("admin.user_employee_no_needed",
                                                  "give the user's employee number"))
    return users.add_user(session, actor, login=login, display_name=display_name,
                          employee_no=employee_no, role=role,
                          branch_code=None if role is Role.ADMIN else branch_code,
                          password=password)


def _user(session: Session, login: str) -> User:
    user = session.scalar(select(User).where(User.login == login))
    if user is None:
        raise NotFound(msg("admin.no_user", "no user named {login!r}", login=login))
    return user


def reset_password(session: Session, actor: Actor, login: str, password: str) -> None:
    """An admin sets someone's password (they change it at their desk later)."""
    actor.require(Permission.USER_MANAGE)
    users.set_password(session, actor, login, password)
    audit.record(session, actor, "reset_password", "app_user", _user(session, login).id)


def set_active(session: Session, actor: Actor, login: str, active: bool) -> None:
    actor.require(Permission.USER_MANAGE)
    users.set_active(session, actor, login, active)


def set_role(session: Session, actor: Actor, login: str, role: Role,
             branch_code: str | None) -> None:
    """Change what a user may do and where; nobody takes their own admin rights away."""
    actor.require(Permission.USER_MANAGE)
    audit.bind_actor(session, actor)
    user = _user(session, login)
    if login == actor.login and role is not Role.ADMIN:
        raise ValidationError("role", msg("admin.own_admin_rights",
                                           "you cannot take your own admin rights away"))
    branch_id = None
    if role is not Role.ADMIN:
        if not branch_code:
            raise ValidationError("branch", msg("admin.role_needs_branch",
                                                 "every role but admin belongs to a branch"))
        branch_id = session.scalar(select(Branch.id).where(Branch.code == branch_code))
        if branch_id is None:
            raise NotFound(msg("admin.no_branch_code", "no branch with code {code!r}",
                               code=branch_code))
    user.role = role
    user.branch_id = branch_id
    # On a shared server the login role joins the new role's group.
    pg_access.sync_login(session, user.id)


# --- branches -------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class BranchRow:
    id: int | None
    code: str
    name: str
    address: str
    hotline: str
    timezone: str = "Asia/Shanghai"
    visit_window_start: dt.time = dt.time(8, 0)
    visit_window_end: dt.time = dt.time(20, 0)
    sms_window_start: dt.time = dt.time(8, 0)
    sms_window_end: dt.time = dt.time(21, 0)
    version: int = 0


def _row(b: Branch) -> BranchRow:
    return BranchRow(b.id, b.code, b.name, b.address, b.hotline, b.timezone,
                     b.visit_window_start, b.visit_window_end, b.sms_window_start,
                     b.sms_window_end, b.version)


def branch_rows(session: Session, actor: Actor) -> list[BranchRow]:
    if not may_view_branches(actor):
        raise PermissionDenied(msg("admin.may_not_see_branches",
                                    "{login} ({role}) may not see the branches",
                                    login=actor.login, role=actor.role.value))
    found = session.scalars(select(Branch).where(scope.branch_filter(actor, Branch.id))
                            .order_by(Branch.code))
    return [_row(b) for b in found]


def _check(value: BranchRow) -> None:
    for name, text, limit in (("code", value.code, 20), ("name", value.name, 100),
                              ("address", value.address, 300), ("hotline", value.hotline, 30)):
        if not text.strip():
            raise ValidationError(name, msg("admin.branch_field_needed",
                                             "the branch's {branch_field} is needed",
                                             branch_field=name))
        if len(text.strip()) > limit:
            raise ValidationError(name, msg(
                "admin.branch_field_too_long",
                "the branch's {branch_field} is longer than {limit} characters",
                branch_field=name, limit=limit))
    try:
        ZoneInfo(value.timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError("timezone", msg("admin.unknown_zone", "unknown time zone {zone!r}",
                                               zone=value.timezone)) from exc
    for name, start, end in (("visit_window", value.visit_window_start, value.visit_window_end),
                             ("sms_window", value.sms_window_start, value.sms_window_end)):
        if start >= end:
            raise ValidationError(name, msg("admin.window_ends_before_start",
                                             "the window must end after it starts"))


def save_branch(session: Session, actor: Actor, value: BranchRow) -> BranchRow:
    """Create (``id`` None) or change a branch: name, address, hotline, hours."""
    actor.require(Permission.SETTINGS_MANAGE)
    audit.bind_actor(session, actor)
    _check(value)
    code = value.code.strip()
    clash = session.scalar(select(Branch.id).where(Branch.code == code))
    if clash is not None and clash != value.id:
        raise ValidationError("code", msg("admin.branch_code_taken",
                                          "branch code {code!r} is taken", code=code))
    if value.id is None:
        branch = Branch(code=code)
        session.add(branch)
    else:
        found = session.get(Branch, value.id)
        if found is None:
            raise NotFound(msg("admin.no_branch_id", "no branch with id {id}", id=value.id))
        if found.version != value.version:
            raise StaleEdit(msg("admin.branch_stale",
                                 "branch {code} was changed by someone else; reload it",
                                 code=found.code))
        branch = found
        branch.code = code
    branch.name = value.name.strip()
    branch.address = value.address.strip()
    branch.hotline = value.hotline.strip()
    branch.timezone = value.timezone
    branch.visit_window_start, branch.visit_window_end = (value.visit_window_start,
                                                          value.visit_window_end)
    branch.sms_window_start, branch.sms_window_end = (value.sms_window_start,
                                                      value.sms_window_end)
    session.flush()
    return _row(branch)
