"""Who sees what of a customer: the one rule (domain.md, "Who sees what"), for every view.

Screens, PDFs, exports, the CLI and the map ask this module, never a role
check of their own. Which customers a role may see at all is the scope rule
(:mod:`hvdesk.security.scope`); this module says how much of each field it
sees of a customer in scope:

============  =============  ========================  ============================  =======
role          name, address  ID number                 mobile                        loans
============  =============  ========================  ============================  =======
coordinator   full           masked; full on request   full                          full
visitor       full           masked; full with reason  masked; full in his team pack summary
reviewer      full           masked; full with reason  masked                        full
manager       full           masked; full on request   masked                        full
admin         full           masked; full on request   masked                        full
============  =============  ========================  ============================  =======

"On request" and "with a reason" are the audited full-view paths
(:func:`hvdesk.services.customers.reveal`); the default view is masked.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from hvdesk.security import masking
from hvdesk.security.roles import Role
from hvdesk.services.context import Actor


class Shown(enum.StrEnum):
    FULL = "full"
    MASKED = "masked"
    #: Loans: totals and days past due, no contract-level amounts.
    SUMMARY = "summary"


class Medium(enum.StrEnum):
    SCREEN = "screen"  # the app, the CLI, the map
    PACK = "pack"  # the printed briefing pack of the reader's own team
    DOCUMENT = "document"  # visit reports and exports
    #: Schedules: they go on a desk or a wall where anyone passing reads them, so
    #: names are masked for every role (the pack has them in full).
    POSTED = "posted"


@dataclass(frozen=True, slots=True)
class Rule:
    #: The name and the addresses (domain.md puts them in one column).
    name_address: Shown
    id_number: Shown
    phone: Shown
    phone_in_pack: Shown
    loans: Shown


F, M, S = Shown.FULL, Shown.MASKED, Shown.SUMMARY
RULES: dict[Role, Rule] = {
    Role.COORDINATOR: Rule(name_address=F, id_number=M, phone=F, phone_in_pack=F, loans=F),
    Role.VISITOR: Rule(name_address=F, id_number=M, phone=M, phone_in_pack=F, loans=S),
    Role.REVIEWER: Rule(name_address=F, id_number=M, phone=M, phone_in_pack=M, loans=F),
    Role.MANAGER: Rule(name_address=F, id_number=M, phone=M, phone_in_pack=M, loans=F),
    Role.ADMIN: Rule(name_address=F, id_number=M, phone=M, phone_in_pack=M, loans=F),
}


def rule(actor: Actor) -> Rule:
    return RULES[actor.role]


def name(actor: Actor, full_name: str, medium: Medium = Medium.SCREEN) -> str:
    if medium is Medium.POSTED or rule(actor).name_address is not F:
        return masking.mask_name(full_name)
    return full_name


def phone_shown(actor: Actor, medium: Medium = Medium.SCREEN) -> Shown:
    r = rule(actor)
    return r.phone_in_pack if medium is Medium.PACK else r.phone


def phone(actor: Actor, prefix: str, last4: str, full: str | None = None,
          medium: Medium = Medium.SCREEN) -> str:
    """The mobile as ``actor`` sees it; ``full`` is the decrypted number, if the caller has it."""
    if full is not None and phone_shown(actor, medium) is F:
        return full
    return masking.mask_phone(prefix, last4)


def id_number(actor: Actor, region: str, last4: str) -> str:
    """Always masked by default: the full number only through the audited reveal."""
    return masking.mask_id_number(region, last4)


def loans_in_full(actor: Actor) -> bool:
    return rule(actor).loans is F
