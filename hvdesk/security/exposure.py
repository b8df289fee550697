"""Who sees what of a customer: the one rule, for every screen, paper and file.

Screens, PDFs, exports, the CLI and the map ask this module, never a role
check of their own. Which customers a role may see at all is the scope rule
(:mod:`hvdesk.security.scope`); this module says how much of each field it
sees of a customer in scope. The policy is domain.md's table "Who sees what"
(minimum necessary, PIPL art. 6), applied the same on screens, in PDFs, exports,
the CLI and the map:

============  =========  =========  ==========  ====================  =======
role          name       address    ID number   mobile                loans
============  =========  =========  ==========  ====================  =======
coordinator   full       full       masked *    full                  full
visitor       full       full       masked **   masked; full in his   summary
                                                team's printed pack
reviewer      full       full       masked **   masked                full
manager       full       full       masked *    masked                full
admin         full       full       masked *    masked                full
============  =========  =========  ==========  ====================  =======

\\* full on request, audited, no reason asked; \\*\\* full with a written reason,
audited (:func:`hvdesk.services.customers.reveal`). "Full" for a mobile number
means the number is shown where the caller has decrypted it (the customer file,
the pack); lists carry only the masked form (prefix and last four), so a list
read never decrypts.

Masked forms: a name keeps its surname (``欧阳**``, ``张*``); an address keeps its
province, city and district (``四川省成都市武侯区****``); a number keeps the
region and the last four (``510107********0034``, ``138****5678``). Where a
name is masked the customer's label carries the ID number's last four
(``刘** …0034``), so customers can be told apart.

Two media leave the app and are read by anyone passing, so they mask names and
addresses for every role beyond the table: posted schedules and calendar files
(a desk, a wall, a phone's lock screen), and messages that may end up in a log.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from hvdesk.security import masking
from hvdesk.security.roles import Permission, Role
from hvdesk.services.context import Actor


class Shown(enum.StrEnum):
    FULL = "full"
    MASKED = "masked"
    #: Loans: totals and days past due, no contract-level amounts.
    SUMMARY = "summary"


class Medium(enum.StrEnum):
    SCREEN = "screen"  # the app, the CLI, the map
    PACK = "pack"  # the printed briefing pack of the reader's own team
    DOCUMENT = "document"  # visit reports, customer exports: as on screen
    #: Schedules and calendar files: they go on a desk, a wall or a lock screen
    #: where anyone passing reads them, so names are masked for every role.
    POSTED = "posted"
    #: Error and conflict messages: they may be logged, so masked for every role.
    MESSAGE = "message"


class Reveal(enum.StrEnum):
    """How a role gets a full ID or mobile number on screen (always audited)."""

    ON_REQUEST = "on_request"
    WITH_REASON = "with_reason"


@dataclass(frozen=True, slots=True)
class Rule:
    name: Shown
    address: Shown
    id_number: Shown
    phone: Shown
    loans: Shown
    name_in_pack: Shown
    address_in_pack: Shown
    phone_in_pack: Shown
    reveal: Reveal


F, M, S = Shown.FULL, Shown.MASKED, Shown.SUMMARY
_FREE, _REASON = Reveal.ON_REQUEST, Reveal.WITH_REASON
RULES: dict[Role, Rule] = {
    Role.COORDINATOR: Rule(name=F, address=F, id_number=M, phone=F, loans=F,
                           name_in_pack=F, address_in_pack=F, phone_in_pack=F, reveal=_FREE),
    Role.VISITOR: Rule(name=F, address=F, id_number=M, phone=M, loans=S,
                       name_in_pack=F, address_in_pack=F, phone_in_pack=F, reveal=_REASON),
    Role.REVIEWER: Rule(name=F, address=F, id_number=M, phone=M, loans=F,
                        name_in_pack=F, address_in_pack=F, phone_in_pack=M, reveal=_REASON),
    Role.MANAGER: Rule(name=F, address=F, id_number=M, phone=M, loans=F,
                       name_in_pack=F, address_in_pack=F, phone_in_pack=M, reveal=_FREE),
    Role.ADMIN: Rule(name=F, address=F, id_number=M, phone=M, loans=F,
                     name_in_pack=F, address_in_pack=F, phone_in_pack=M, reveal=_FREE),
}


def rule(actor: Actor) -> Rule:
    return RULES[actor.role]


def _everyone_masked(medium: Medium) -> bool:
    return medium in (Medium.POSTED, Medium.MESSAGE)


def name_shown(actor: Actor, medium: Medium = Medium.SCREEN) -> Shown:
    if _everyone_masked(medium):
        return M
    r = rule(actor)
    return r.name_in_pack if medium is Medium.PACK else r.name


def address_shown(actor: Actor, medium: Medium = Medium.SCREEN) -> Shown:
    if _everyone_masked(medium):
        return M
    r = rule(actor)
    return r.address_in_pack if medium is Medium.PACK else r.address


def phone_shown(actor: Actor, medium: Medium = Medium.SCREEN) -> Shown:
    if _everyone_masked(medium):
        return M
    r = rule(actor)
    return r.phone_in_pack if medium is Medium.PACK else r.phone


def name(actor: Actor, full_name: str, medium: Medium = Medium.SCREEN) -> str:
    """The customer's name as ``actor`` sees it on ``medium``."""
    if name_shown(actor, medium) is F:
        return full_name
    return masking.mask_name(full_name)


def message_name(full_name: str) -> str:
    """A name in a rule's refusal or conflict message, whoever reads it (it may be logged)."""
    return masking.mask_name(full_name)


def label(actor: Actor, full_name: str, id_last4: str,
          medium: Medium = Medium.SCREEN) -> str:
    """The name, and where it is masked the ID number's last four to tell customers apart."""
    if name_shown(actor, medium) is F:
        return full_name
    return f"{masking.mask_name(full_name)} …{id_last4}"


def namer(actor: Actor, medium: Medium = Medium.SCREEN) -> masking.Masker:
    """``name`` for many rows: decided once, applied per row."""
    return masking.keep if name_shown(actor, medium) is F else masking.mask_name


def address(actor: Actor, text: str, medium: Medium = Medium.SCREEN) -> str:
    if address_shown(actor, medium) is F:
        return text
    return masking.mask_address(text)


def optional_address(actor: Actor, text: str | None, medium: Medium = Medium.SCREEN
                     ) -> str | None:
    return None if text is None else address(actor, text, medium)


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


def may_reveal(actor: Actor) -> bool:
    """Whether the actor may ask for a full ID or mobile number at all."""
    return actor.can(Permission.PII_FULL_VIEW) or actor.can(Permission.PII_FULL_VIEW_WITH_REASON)


def reveal_needs_reason(actor: Actor) -> bool:
    return rule(actor).reveal is Reveal.WITH_REASON
