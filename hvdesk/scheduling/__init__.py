"""Visit scheduling: rules, the service, routes, auto-plan and calendar exports.

No Qt here. The calendar UI calls :mod:`hvdesk.scheduling.service` (writes
and ``check_visit`` during drags, with a context from
:func:`hvdesk.scheduling.context.load_context`), :mod:`.dayroute` for the
travel between stops, and :mod:`.autoplan` for proposals.
"""

from hvdesk.scheduling.violations import SchedulingRefused, Violation

__all__ = ["SchedulingRefused", "Violation"]
