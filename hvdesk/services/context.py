"""Who is acting: passed to every service that reads personal data or writes."""

from __future__ import annotations

import socket
from dataclasses import dataclass, field

from hvdesk.errors import PermissionDenied
from hvdesk.messages import msg
from hvdesk.security.roles import Permission, Role, has_permission


def this_desk() -> str:
    try:
        return socket.gethostname()[:100] or "unknown"
    except OSError:
        return "unknown"


@dataclass(frozen=True, slots=True)
class Actor:
    user_id: int | None
    login: str
    role: Role
    branch_id: int | None
    display_name: str = ""
    employee_no: str = ""
    branch_name: str = ""
    #: The branch's zone name ("" for head office): screens show times in it.
    timezone: str = ""
    desk: str = field(default_factory=this_desk)

    def can(self, permission: Permission) -> bool:
        return has_permission(self.role, permission)

    def require(self, permission: Permission) -> None:
        if not self.can(permission):
            raise PermissionDenied(
                msg("services.context.login_role_may",
                        "{login} ({role}) may not do this: needs {permission}",
                        login=self.login, role=self.role.value, permission=permission.value)
            )


#: Demo generation and migrations act as the system, not as a person.
SYSTEM = Actor(user_id=None, login="system", role=Role.ADMIN, branch_id=None, desk="system")
