"""Core messages are codes with parameters, put into words at the edge (issue 16).

Every ``msg(code, english, **params)`` in the core has a Chinese wording in
``hvdesk.messages.ZH`` with the same placeholders, every code means one thing
(one English wording), and nothing in ZH is left over.
"""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from hvdesk import messages
from hvdesk.errors import ValidationError
from hvdesk.idcard import parse
from hvdesk.messages import msg, render
from hvdesk.model.enums import NoticeStatus, ReportStatus, VisitStatus
from hvdesk.priorities.service import _branch
from hvdesk.security.roles import Permission, Role
from hvdesk.services.context import Actor

ROOT = Path(__file__).resolve().parents[1]


def _calls() -> list[tuple[str, str, str]]:
    """(code, English wording, where) of every msg(...) call in the core."""
    found = []
    for path in sorted((ROOT / "hvdesk").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == "msg" and len(node.args) >= 2):
                code, en = (ast.literal_eval(a) for a in node.args[:2])
                found.append((code, en, f"{path.relative_to(ROOT)}:{node.lineno}"))
    return found


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_code_has_chinese_with_the_same_parameters() -> None:
    calls = _calls()
    assert len(calls) > 30
    problems = []
    for code, en, where in calls:
        zh = messages.ZH.get(code)
        if zh is None:
            problems.append(f"{where}: {code} has no Chinese wording")
        elif _fields(zh) != _fields(en):
            problems.append(f"{where}: {code} parameters differ: {en!r} / {zh!r}")
    assert problems == []


def test_a_code_means_one_thing_and_none_is_left_over() -> None:
    wording: dict[str, set[str]] = {}
    for code, en, _ in _calls():
        wording.setdefault(code, set()).add(en)
    assert {c: w for c, w in wording.items() if len(w) > 1} == {}
    assert set(messages.ZH) - set(wording) == set()


@pytest.mark.parametrize(("language", "expected"), [
    ("zh_CN", "校验码应为 X"), ("en", "check character should be X"),
    ("en_US", "check character should be X")])
def test_rendered_in_the_language_asked(language: str, expected: str) -> None:
    message = msg("idcard.check", "check character should be {expected}", expected="X")
    assert render(message, language) == expected
    assert str(message) == "check character should be X"  # logs and tests: English


def test_an_error_carries_its_message_to_the_edge() -> None:
    with pytest.raises(ValidationError) as caught:
        parse("11010519491231002Y")
    assert render(caught.value, "zh_CN") == "身份证号只能是数字，末位可为 X"
    assert str(caught.value) == "ID number has characters other than digits and a final X"
    assert render(ValueError("plain"), "zh_CN") == "plain"


def test_identifiers_in_parameters_are_put_into_words() -> None:
    assert set(messages.TERMS["role"]) == {r.value for r in Role}
    assert set(messages.TERMS["permission"]) == {p.value for p in Permission}
    statuses = {s.value for e in (VisitStatus, NoticeStatus, ReportStatus) for s in e}
    assert statuses <= set(messages.TERMS["status"])
    refused = msg("services.context.login_role_may", "{login} ({role}) may not do this: "
                  "needs {permission}", login="visitor1", role=Role.VISITOR.value,
                  permission=Permission.PRINT.value)
    assert render(refused, "zh_CN") == "visitor1（走访人员）无权执行此操作：需要“打印”权限"
    assert render(refused, "en") == "visitor1 (visitor) may not do this: needs print"


def test_service_errors_reach_the_user_in_chinese() -> None:
    admin = Actor(user_id=1, login="admin", role=Role.ADMIN, branch_id=None, desk="d")
    with pytest.raises(ValidationError) as caught:
        _branch(admin, None)
    assert render(caught.value, "zh_CN") == "请指定要查看优先级的网点"
    assert str(caught.value) == "name the branch whose priorities to show"
