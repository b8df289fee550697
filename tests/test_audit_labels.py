"""Every action and record kind the core writes to the trail has a name on the audit page.

The code is read, not run: every ``audit.record(session, actor, ACTION, ENTITY, …)``
with a literal (or a choice between literals), the helpers that pass an action
on (``_audit`` of the key rotation, ``_event`` of the visit reports, which
records ``report.<step>``), and the rows recorded on flush (``create``,
``update``, ``status``, ``delete`` of every audited table).
"""

from __future__ import annotations

import ast
from pathlib import Path

from hvdesk.model import Base
from ui.pages.audit_labels import AUDIT_ACTIONS, RECORD_KINDS

ROOT = Path(__file__).resolve().parents[1]
#: Rows the flush listener never records (hvdesk/services/audit.py _UNAUDITED).
UNAUDITED = {"audit_event", "audit_chain_lock", "db_meta"}
#: Calls whose action is not a literal, and where the literals come from instead.
PASSED_ON = {
    ("hvdesk/services/audit.py", "action"),  # the flush listener: create/update/status/delete
    ("hvdesk/security/rotation.py", "action"),  # _audit(conn, actor, "rotate…", …)
    ("hvdesk/visitreports/service.py", "f'report.{action}'"),  # _event(…, "approved")
}


def _literals(node: ast.expr) -> list[str] | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _literals(node.body), _literals(node.orelse)
        if body is not None and orelse is not None:
            return body + orelse
    return None


def _written() -> tuple[set[str], set[str], list[str]]:
    actions = {"create", "update", "status", "delete"}
    entities = {t for t in Base.metadata.tables if t not in UNAUDITED}
    unknown = []
    for path in sorted((ROOT / "hvdesk").rglob("*.py")):
        where = path.relative_to(ROOT).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            owner = getattr(func.value, "id", "") if isinstance(func, ast.Attribute) else ""
            if name == "record" and owner != "consents" and len(node.args) >= 4:
                found = _literals(node.args[2])
                if found is None:
                    if (where, ast.unparse(node.args[2])) not in PASSED_ON:
                        unknown.append(f"{where}:{node.lineno} {ast.unparse(node.args[2])}")
                else:
                    actions.update(found)
                entities.update(_literals(node.args[3]) or [])
            elif name == "_audit" and where == "hvdesk/security/rotation.py":
                actions.update(_literals(node.args[2]) or [])
            elif name == "_event" and where == "hvdesk/visitreports/service.py":
                actions.update(f"report.{step}" for step in _literals(node.args[3]) or [])
    return actions, entities, unknown


def test_every_action_written_has_a_label() -> None:
    actions, _entities, unknown = _written()
    assert unknown == [], "audit actions this test cannot read; name them in PASSED_ON"
    assert {"sign_out", "report.approved", "generate", "view", "rotate"} <= actions
    assert sorted(actions - set(AUDIT_ACTIONS)) == []


def test_every_record_kind_written_has_a_label() -> None:
    _actions, entities, _unknown = _written()
    assert {"promise_to_pay", "visit", "document", "data_key"} <= entities
    assert sorted(entities - set(RECORD_KINDS)) == []
