"""``hvdesk idcard NUMBER [--json]``."""

from __future__ import annotations

import json
from typing import Any

import pytest

from hvdesk.cli import main

KEYS = {"valid", "normalized", "region_code", "region_name", "birth_date", "sex", "error"}


def run_json(capsys: pytest.CaptureFixture[str], raw: str) -> tuple[int, dict[str, Any]]:
    code = main(["idcard", raw, "--json"])
    out, err = capsys.readouterr()
    assert err == ""
    assert out.count("\n") == 1  # one JSON object on one line
    return code, json.loads(out)


def test_valid_number_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, result = run_json(capsys, "11010519491231002x")
    assert code == 0
    assert set(result) == KEYS
    assert result == {
        "valid": True,
        "normalized": "11010519491231002X",
        "region_code": "110105",
        "region_name": "北京市朝阳区",
        "birth_date": "1949-12-31",
        "sex": "F",
        "error": None,
    }


def test_legacy_number_is_shown_in_its_18_character_form(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, result = run_json(capsys, "510124900307001")
    assert code == 0
    assert result["normalized"] == "510124199003070010"
    assert result["region_name"] == "四川省成都市郫县"
    assert (result["birth_date"], result["sex"]) == ("1990-03-07", "M")


def test_unknown_region_is_valid_with_a_null_name(capsys: pytest.CaptureFixture[str]) -> None:
    code, result = run_json(capsys, "519999199003070013")
    assert code == 0
    assert result["valid"] is True
    assert (result["region_code"], result["region_name"]) == ("519999", None)


@pytest.mark.parametrize(
    ("raw", "normalized", "error"),
    [
        ("110105194912310021", "110105194912310021", "check character should be X"),
        ("１１０１０５ 19990230 002x", "11010519990230002X", "no such date 1999-02-30"),
        ("1101051949", "1101051949", "ID number must have 18 characters, got 10"),
        ("991010199001010012", "991010199001010012", "no province with code 99"),
    ],
)
def test_invalid_number_as_json(capsys: pytest.CaptureFixture[str], raw: str, normalized: str,
                                error: str) -> None:
    code, result = run_json(capsys, raw)
    assert code == 1
    assert set(result) == KEYS
    assert result == {
        "valid": False,
        "normalized": normalized,
        "region_code": None,
        "region_name": None,
        "birth_date": None,
        "sex": None,
        "error": error,
    }


def test_human_readable(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["idcard", "510124 19900307 0010"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert "510124199003070010  valid" in out
    assert "四川省成都市郫县 (code since retired)" in out
    assert "1990-03-07" in out
    assert "male" in out


def test_human_readable_unknown_region(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["idcard", "519999199003070013"]) == 0
    assert "region unknown" in capsys.readouterr().out


def test_invalid_number_is_one_line_on_stderr(capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    assert main(["idcard", "110105194912310021"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    # Chinese by default (the users'); English with HVDESK_LANG=en.
    assert err == "hvdesk: error: 校验码应为 X\n"
    monkeypatch.setenv("HVDESK_LANG", "en")
    assert main(["idcard", "110105194912310021"]) == 1
    assert capsys.readouterr().err == "hvdesk: error: check character should be X\n"


def test_number_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["idcard"])
    assert exc.value.code == 2
    capsys.readouterr()
