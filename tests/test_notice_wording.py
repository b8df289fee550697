"""Every wording rule, broken once; carrier length; the templates pass their own rules."""

from __future__ import annotations

import datetime as dt

import pytest

from hvdesk.model import VisitPurpose
from hvdesk.notices import NoticeKind, NoticeSettings, check_wording
from hvdesk.notices import templates as tpl
from hvdesk.notices.wording import DISCLOSURE_WORDS, THREAT_WORDS, carrier_length, segments_for

GOOD = "【惠民消费金融】张先生您好！工作人员张伟（工号V0001）将于12月2日10:00拜访，改约请回复2。"


def codes(text: str, settings: NoticeSettings | None = None) -> set[str]:
    return {p.code for p in check_wording(text, settings).problems}


def test_a_clean_notice_passes():
    report = check_wording(GOOD)
    assert report.ok and report.problems == ()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("   ", "empty"),
        ("张先生您好，工作人员将于明天拜访。", "signature"),
        ("【惠】张先生您好", "signature"),  # a one-character name is no signature
        ("【惠民消费金融】{addressee}您好，工作人员将于明天拜访。", "placeholder"),
        ("【惠民消费金融】张先生您好，请准备好3,500元。", "amount"),
        ("【惠民消费金融】张先生您好，请准备 ¥ 200。", "amount"),
        ("【惠民消费金融】张先生您好，请准备￥200。", "amount"),
        ("【惠民消费金融】张先生您好，金额 RMB 88。", "amount"),
        ("【惠民消费金融】张先生您好，请准备2万。", "amount"),
        ("【惠民消费金融】张先生您好，您的账户已逾期。", "disclosure"),
        ("【惠民消费金融】张先生您好，关于您的欠款。", "disclosure"),
        ("【惠民消费金融】张先生您好，催收人员将上门。", "disclosure"),
        ("【惠民消费金融】张先生您好，不配合将起诉。", "threat"),
        ("【惠民消费金融】张先生您好，否则后果自负。", "threat"),
        ("【惠民消费金融】" + "请" * 400, "too_long"),
    ],
)
def test_each_rule_has_a_text_that_breaks_it(text, code):
    report = check_wording(text)
    assert code in {p.code for p in report.problems}
    problem = next(p for p in report.problems if p.code == code)
    assert problem.message.endswith(".")  # a whole sentence for the coordinator


@pytest.mark.parametrize("word", DISCLOSURE_WORDS)
def test_every_built_in_disclosure_word_is_caught(word):
    assert "disclosure" in codes(f"【惠民消费金融】张先生您好，{word}。")


@pytest.mark.parametrize("word", THREAT_WORDS)
def test_every_red_line_word_is_caught(word):
    assert "threat" in codes(f"【惠民消费金融】张先生您好，{word}。")


def test_extra_forbidden_words_come_from_the_settings():
    text = "【惠民消费金融】张先生您好，关于您的账户情况，工作人员将上门。"
    assert "disclosure" not in codes(text)
    settings = NoticeSettings(extra_forbidden_words=("账户",))
    report = check_wording(text, settings)
    assert [p.code for p in report.problems] == ["disclosure"]
    assert "账户" in report.problems[0].message


def test_all_problems_are_reported_together():
    got = codes("您的欠款500元已逾期，不还就起诉 {date}")
    assert got == {"signature", "placeholder", "amount", "disclosure", "threat"}


def test_phone_numbers_dates_and_team_sizes_are_not_amounts():
    text = "【惠民消费金融】请致电028-12345678或400-800-1234，一行2人12月2日14:30-16:00到访。"
    assert check_wording(text).ok


@pytest.mark.parametrize(
    ("chars", "segments"),
    [(0, 0), (1, 1), (70, 1), (71, 2), (134, 2), (135, 3), (201, 3), (202, 4)],
)
def test_segments_as_carriers_count(chars, segments):
    assert segments_for(chars) == segments
    report = check_wording("【惠民】" + "好" * (chars - 4)) if chars >= 4 else None
    if report is not None:
        assert (report.chars, report.segments) == (chars, segments)


def test_every_character_counts_one_and_an_emoji_two():
    assert carrier_length("【惠民】ab,。") == 8
    assert carrier_length("😀") == 2


PURPOSES = list(VisitPurpose)


@pytest.mark.parametrize("kind", list(NoticeKind))
@pytest.mark.parametrize("lang", tpl.LANGUAGES)
@pytest.mark.parametrize("purpose", PURPOSES)
def test_every_template_fills_in_and_passes_the_rules(kind, lang, purpose):
    fill = tpl.Fill(
        signature="【惠民消费金融】",
        addressee=tpl.addressee("欧阳娜娜", False, lang),
        start=dt.datetime(2026, 12, 3, 14, 30),
        end=dt.datetime(2026, 12, 3, 16, 0),
        address="四川省成都市武侯区测试路1号",
        lead="张伟",
        employee_no="V0001",
        team_size=2,
        hotline="028-12345678",
        purpose=purpose,
    )
    text = tpl.render(kind, fill, lang)
    report = check_wording(text)
    assert report.ok, report.problems
    assert "{" not in text and "欧阳" in text and "028-12345678" in text
    if kind is not NoticeKind.FEEDBACK and kind is not NoticeKind.CANCELLATION:
        assert "V0001" in text and "武侯区测试路1号" in text and "四川省" not in text


def test_addressee_and_short_address():
    assert tpl.addressee("张三", True) == "张先生"
    assert tpl.addressee("李四", False) == "李女士"
    assert tpl.addressee("王五", None) == "王先生/女士"
    assert tpl.short_address("四川省成都市武侯区测试路1号") == "武侯区测试路1号"
    assert tpl.short_address("北京市朝阳区建国路8号") == "朝阳区建国路8号"
    assert tpl.short_address("广西壮族自治区南宁市青秀区民族大道1号") == "青秀区民族大道1号"
