"""One word per thing (docs/glossary.md): no synonym in translations, templates or PDFs."""

from __future__ import annotations

import re
from pathlib import Path

from hvdesk.scheduling.teams import team_name, team_title

ROOT = Path(__file__).resolve().parents[1]
#: A word the glossary replaced, and the one to use instead.
NOT_IN_GLOSSARY: dict[str, str] = {
    r"拜访": "走访",
    r"禁止走访|不予走访|不再上门": "勿访",
    r"禁访": "勿访 (a customer) or 夜间休息时段 (the night hours)",
    r"上门(?!走访)": "走访 (上门 only in 上门走访)",
    r"团队": "小组",
    r"外访员": "走访人员",
}


def _files() -> list[Path]:
    found = [*(ROOT / "resources" / "translations").rglob("*.ts"),
             *(p for p in (ROOT / "resources" / "templates").rglob("*") if p.is_file()),
             *(ROOT / "reports").rglob("*.py")]
    assert len(found) > 10
    return sorted(found)


def test_no_word_outside_the_glossary() -> None:
    problems = []
    for path in _files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for pattern, instead in NOT_IN_GLOSSARY.items():
                for match in re.finditer(pattern, line):
                    problems.append(f"{path.relative_to(ROOT)}:{number}: {match.group()!r} "
                                    f"— write {instead}")
    assert problems == []


def test_the_glossary_names_every_word_it_forbids() -> None:
    glossary = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    for word in ("走访", "勿访", "小组", "拜访", "禁止走访", "不予走访", "团队"):
        assert word in glossary


def test_a_team_is_named_after_its_lead_in_the_calendar_and_on_paper() -> None:
    assert team_name("张伟") == "张伟组"
    assert team_title(["张伟", "李娜"]) == "张伟组 · 李娜"  # a lane of the calendar
    schedules = (ROOT / "reports" / "schedules.py").read_text(encoding="utf-8")
    assert "team_name(" in schedules and "组\"" not in schedules and "}组" not in schedules
