"""The machinery of the walk-everything scope tests: calls, checks, the list of modules.

Every public function of the core that takes an ``actor`` is either called by
a walk (tests/test_scope_walk.py) or listed in EXEMPT with the reason it needs
no scope check of its own; :func:`uncovered` finds the ones that are neither.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

import hvdesk
from hvdesk.errors import HvdeskError, NotFound, PermissionDenied
from hvdesk.services.context import Actor

#: Packages of the core walked for functions taking an actor.
SKIP_PACKAGES = ("hvdesk.migrations", "hvdesk.cli", "hvdesk.demo", "hvdesk.__main__")

#: Public functions taking an actor that need no scope check of their own, and why.
EXEMPT: dict[str, str] = {
    "hvdesk.documents.common.require_print": "a check itself",
    "hvdesk.documents.common.require_branch": "a check itself (delegates to scope)",
    "hvdesk.documents.common.require_member": "a check itself",
    "hvdesk.documents.common.branch_of": "the actor's own branch",
    "hvdesk.documents.common.stamp": "formats an already loaded branch",
    "hvdesk.documents.common.led_visits": "a statement builder; callers scope it",
    "hvdesk.documents.common.record_generated": "writes the audit event of a checked print",
    "hvdesk.documents.common.record_output": "writes the audit event of a checked print",
    "hvdesk.importing.writer.audit_rows": "audit rows of an import already scoped",
    "hvdesk.importing.service.save_rejected": "writes the rows of the actor's own import file",
    "hvdesk.admin.backups.backup_now": "the whole database: settings.manage (admin) only",
    "hvdesk.admin.backups.check_restore": "the whole database: settings.manage (admin) only",
    "hvdesk.admin.backups.restore_now": "the whole database: settings.manage (admin) only",
    "hvdesk.admin.backups.set_daily": "the desk's own schedule: settings.manage, no data",
    "hvdesk.admin.datakey.export_key_file": "the database's one key: key.manage (admin) only",
    "hvdesk.admin.datakey.import_key_file": "the database's one key: key.manage (admin) only",
    "hvdesk.admin.datakey.import_key_text": "the database's one key: key.manage (admin) only",
    "hvdesk.admin.manage.may_manage_settings": "a check itself",
    "hvdesk.admin.manage.may_manage_users": "a check itself",
    "hvdesk.admin.manage.may_open": "a check itself",
    "hvdesk.admin.manage.may_view_branches": "a check itself",
    "hvdesk.admin.manage.may_view_users": "a check itself",
    "hvdesk.security.rotation.rotate_key": "the database's one key: key.manage (admin) only",
    "hvdesk.services.audit.anchor": "the whole chain's count and hash (audit.view), no rows",
    "hvdesk.services.audit.verify": "the whole chain (audit.view): names event ids, no data",
    "hvdesk.services.auth.unlock": "user.manage: admins, who manage every branch",
    "hvdesk.services.users.set_active": "user.manage: admins, who manage every branch",
    "hvdesk.services.pg_access.reveal_ciphertext": "the server checks the branch; its caller "
    "customers.reveal checks the team first",
    "hvdesk.services.sessions.start": "the actor's own login session",
    "hvdesk.rights.scope.require_customer": "a check itself (delegates to scope)",
    "hvdesk.rights.retention.candidates": "lists the actor's own branch only (an admin: all)",
    "hvdesk.rights.retention.run": "anonymises candidates() of the actor's own branch",
    "hvdesk.rights.retention.anonymise": "called by run() for its own branch's candidates",
    "hvdesk.scheduling.consent.record": "consent for a visit its caller's booking checks "
    "scoped; the staff member who took it must be of the visit's branch",
    "hvdesk.notices.followups.on_visit_changed": "hook on a visit its caller loaded with scope",
    "hvdesk.notices.settings.store_token": "the desk's own keyring, no branch data",
    "hvdesk.notices.views.require_branch": "a check itself (delegates to scope)",
    "hvdesk.notices.views.customer_display": "formats an already loaded customer",
    "hvdesk.notices.views.to_view": "formats an already loaded notice",
    "hvdesk.notices.views.views": "formats already loaded notices",
    "hvdesk.scheduling.guards.decide": "judges rule violations, no data",
    "hvdesk.scheduling.create_many.shown_name": "masks a name its caller read with scope",
    "hvdesk.scheduling.guards.record_override": "audit of a change load_for_change allowed",
    "hvdesk.scheduling.guards.require_branch": "a check itself (delegates to scope)",
    "hvdesk.services.audit.bind_actor": "tags the session with the actor",
    "hvdesk.services.audit.record": "writes an audit event",
    "hvdesk.services.auth.sign_out": "the actor's own session",
    "hvdesk.services.customer_file.abilities": "what the role may do, no data",
    "hvdesk.services.customer_list.sees_whole_branch": "what the role sees, no data",
    "hvdesk.mapping.query.labeller": "masks names by role, no data",
    "hvdesk.visitreports.access.require_branch": "a check itself (delegates to scope)",
    "hvdesk.visitreports.access.may_write": "a check itself",
    "hvdesk.visitreports.access.may_read": "a check itself",
    "hvdesk.visitreports.access.require_write": "a check itself",
    "hvdesk.visitreports.access.require_read": "a check itself",
    "hvdesk.visitreports.access.may_edit": "a check itself",
    "hvdesk.visitreports.access.require_edit": "a check itself",
    "hvdesk.visitreports.access.returned_to_team": "a check itself",
    "hvdesk.security.exposure.rule": "how much of a field a role sees (no data read)",
    "hvdesk.security.exposure.name": "formats a name its caller may show",
    "hvdesk.security.exposure.phone": "formats a number its caller may show",
    "hvdesk.security.exposure.phone_shown": "how much of a field a role sees (no data read)",
    "hvdesk.security.exposure.id_number": "formats a number its caller may show",
    "hvdesk.security.exposure.loans_in_full": "how much of a field a role sees (no data read)",
    "hvdesk.security.exposure.name_shown": "how much of a field a role sees (no data read)",
    "hvdesk.security.exposure.address_shown": "how much of a field a role sees (no data read)",
    "hvdesk.security.exposure.may_reveal": "what a role may ask for (no data read)",
    "hvdesk.security.exposure.reveal_needs_reason": "what a role may ask for (no data read)",
    "hvdesk.security.exposure.label": "formats a name its caller may show",
    "hvdesk.security.exposure.namer": "formats names its caller may show",
    "hvdesk.security.exposure.address": "formats an address its caller may show",
    "hvdesk.security.exposure.optional_address": "formats an address its caller may show",
    "hvdesk.visitreports.access.report_view": "formats a report its caller checked",
    "hvdesk.visitreports.dashboard_xlsx.export_dashboard_xlsx": "writes a Dashboard that "
    "dashboard() built for the actor",
    "hvdesk.priorities.backtest.write_xlsx": "writes a Backtest that run_backtest() built "
    "for the actor",
}


def actor_functions() -> set[str]:
    """Qualified names of every public core function with an ``actor`` parameter."""
    found = set()
    for info in pkgutil.walk_packages(hvdesk.__path__, "hvdesk."):
        if info.name.startswith(SKIP_PACKAGES):
            continue
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(obj):
                continue
            if obj.__module__ != module.__name__:
                continue
            if "actor" in inspect.signature(obj).parameters:
                found.add(f"{module.__name__}.{name}")
    return found


REFUSE = "refuse"
Check = Callable[[Any, Session], list[str]] | str


@dataclass(frozen=True)
class Call:
    """One call of a service: ``run(session)``; ``check`` REFUSE or a result check."""

    fn: Callable[..., Any]
    run: Callable[[Session], Any]
    check: Check = "blind"
    #: A file the call writes, checked for leaks like the result.
    path: Path | None = None

    @property
    def name(self) -> str:
        return f"{self.fn.__module__}.{self.fn.__name__}"


def text_of(path: Path) -> str:
    """What a written file says, xlsx unzipped (shared strings hold the cell text)."""
    if not path.exists():
        return ""
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as z:
            return "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    raw = path.read_bytes()
    text = raw.decode("utf-8", "replace")
    # Map pages carry names as JSON escapes.
    return text + text.encode("ascii", "ignore").decode("unicode_escape", "replace")


def run_call(  # noqa: PLR0911 - one return per way a call can fail
    session: Session, call: Call, leaked: Callable[[str], list[str]]
) -> str | None:
    """None if the call kept to the actor's scope, else what went wrong."""
    try:
        result = call.run(session)
    except (PermissionDenied, NotFound) as exc:
        found = leaked(str(exc))
        return f"refusal names {found}: {exc}" if found else None
    except HvdeskError as exc:
        if call.check == REFUSE:
            return f"refused for another reason ({type(exc).__name__}: {exc})"
        found = leaked(str(exc))
        return f"error names {found}: {exc}" if found else None
    except Exception as exc:
        return f"crashed: {type(exc).__name__}: {exc}"
    if call.check == REFUSE:
        return f"not refused; returned {str(result)[:200]}"
    found = leaked(repr(result) + (text_of(call.path) if call.path else ""))
    if found:
        return f"shows {found}"
    if callable(call.check):
        problems = call.check(result, session)
        if problems:
            return "; ".join(problems)
    return None


def walk(db: Any, actor: Actor, calls: list[Call], leaked: Callable[[str], list[str]]) -> list[str]:
    failures = []
    for call in calls:
        with db.session() as s:
            try:
                problem = run_call(s, call, leaked)
            finally:
                s.rollback()
        if problem:
            failures.append(f"{actor.login}: {call.name}: {problem}")
    return failures
