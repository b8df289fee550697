"""The one masking rule (domain.md "Who sees what"), per role and medium."""

from __future__ import annotations

import pytest

from hvdesk.security import exposure
from hvdesk.security.exposure import Medium, Shown
from hvdesk.security.roles import Permission, Role
from hvdesk.services.context import Actor


def _actor(role: Role) -> Actor:
    return Actor(user_id=1, login=role.value, role=role, branch_id=1, desk="test")


#: domain.md: every role sees the names and addresses of the customers in its scope.
FULL_NAMES = set(Role)


@pytest.mark.parametrize("role", list(Role))
def test_names_per_role_and_medium(role: Role) -> None:
    actor = _actor(role)
    screen = "欧阳娜娜" if role in FULL_NAMES else "欧阳**"
    assert exposure.name(actor, "欧阳娜娜") == screen
    assert exposure.name(actor, "欧阳娜娜", Medium.DOCUMENT) == screen
    assert exposure.name(actor, "欧阳娜娜", Medium.PACK) == "欧阳娜娜"
    assert exposure.name(actor, "欧阳娜娜", Medium.POSTED) == "欧阳**"
    assert exposure.name(actor, "欧阳娜娜", Medium.MESSAGE) == "欧阳**"


@pytest.mark.parametrize("role", list(Role))
def test_label_tells_masked_customers_apart(role: Role) -> None:
    label = exposure.label(_actor(role), "刘德华", "0034")
    assert label == ("刘德华" if role in FULL_NAMES else "刘** …0034")


@pytest.mark.parametrize("role", list(Role))
def test_addresses_per_role(role: Role) -> None:
    actor = _actor(role)
    full = "四川省成都市武侯区科华北路12号3单元"
    masked = "四川省成都市武侯区****"
    assert exposure.address(actor, full) == (full if role in FULL_NAMES else masked)
    assert exposure.address(actor, full, Medium.PACK) == full
    assert exposure.address(actor, full, Medium.POSTED) == masked


@pytest.mark.parametrize("role", list(Role))
def test_reveal_path_follows_the_permissions(role: Role) -> None:
    actor = _actor(role)
    assert exposure.may_reveal(actor)
    assert exposure.reveal_needs_reason(actor) is not actor.can(Permission.PII_FULL_VIEW)


@pytest.mark.parametrize(("role", "screen", "pack"), [
    # domain.md: the coordinator sees the mobile in full where it was decrypted (screens
    # carry only the masked form until the one audited click); the visitor in his pack.
    (Role.COORDINATOR, "13912345678", "13912345678"),
    (Role.VISITOR, "139****5678", "13912345678"),
    (Role.REVIEWER, "139****5678", "139****5678"),
    (Role.MANAGER, "139****5678", "139****5678"),
    (Role.ADMIN, "139****5678", "139****5678"),
])
def test_mobile_per_role_and_medium(role: Role, screen: str, pack: str) -> None:
    actor = _actor(role)
    assert exposure.phone(actor, "139", "5678", full="13912345678") == screen
    assert exposure.phone(actor, "139", "5678", full="13912345678", medium=Medium.PACK) == pack
    # Without the decrypted number nothing can be shown in full.
    assert exposure.phone(actor, "139", "5678") == "139****5678"


@pytest.mark.parametrize("role", list(Role))
def test_id_number_masked_by_default_for_everyone(role: Role) -> None:
    assert exposure.id_number(_actor(role), "510107", "0034") == "510107********0034"


def test_loans_summary_only_for_visitors() -> None:
    assert [r for r in Role if not exposure.loans_in_full(_actor(r))] == [Role.VISITOR]
    assert exposure.rule(_actor(Role.VISITOR)).loans is Shown.SUMMARY
