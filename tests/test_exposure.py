"""The one masking rule (domain.md "Who sees what"), per role and medium."""

from __future__ import annotations

import pytest

from hvdesk.security import exposure
from hvdesk.security.exposure import Medium, Shown
from hvdesk.security.roles import Role
from hvdesk.services.context import Actor


def _actor(role: Role) -> Actor:
    return Actor(user_id=1, login=role.value, role=role, branch_id=1, desk="test")


@pytest.mark.parametrize("role", list(Role))
def test_names_full_in_scope_masked_on_posted_schedules(role: Role) -> None:
    actor = _actor(role)
    assert exposure.name(actor, "欧阳娜娜") == "欧阳娜娜"
    assert exposure.name(actor, "欧阳娜娜", Medium.POSTED) == "欧阳**"


@pytest.mark.parametrize(("role", "screen", "pack"), [
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
