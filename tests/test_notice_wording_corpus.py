"""The wording rules hold against text written to get past them (issue 18).

Every bypass attempt is refused and the refusal names the rule it breaks;
every legitimate notice passes untouched.
"""

from __future__ import annotations

import pytest

from hvdesk.notices import check_wording
from hvdesk.notices.normalise import fold
from tests.data.wording_corpus import BYPASS_ATTEMPTS, LEGITIMATE


def test_the_corpus_is_big_enough_to_mean_something():
    assert len(BYPASS_ATTEMPTS) >= 60
    assert len(LEGITIMATE) >= 60
    assert len({text for text, _ in BYPASS_ATTEMPTS}) == len(BYPASS_ATTEMPTS)


@pytest.mark.parametrize(("text", "rule"), BYPASS_ATTEMPTS)
def test_every_bypass_attempt_is_refused_by_its_rule(text, rule):
    report = check_wording(text)
    assert not report.ok
    assert rule in {p.code for p in report.problems}, [p.message for p in report.problems]


@pytest.mark.parametrize("text", LEGITIMATE)
def test_every_legitimate_notice_passes(text):
    report = check_wording(text)
    assert report.problems == (), [p.message for p in report.problems]


def test_the_three_messages_from_the_issue_name_every_rule_they_break():
    zw = "\u200b"
    first = {p.code for p in check_wording(f"【惠民】借{zw}款已逾{zw}期…一千二百元").problems}
    assert {"disclosure", "amount"} <= first
    hello = check_wording("【惠民】Hello, your loan is overdue… 1200 yuan")
    second = {p.code for p in hello.problems}
    assert {"disclosure", "amount"} <= second
    third = check_wording("【惠民】貸款已逾 期，請盡快還款CNY1200")
    assert {"disclosure", "amount"} <= {p.code for p in third.problems}
    disclosure = next(p for p in third.problems if p.code == "disclosure")
    # The message names the words as the list has them, so the coordinator
    # can find what to remove.
    assert "逾期" in disclosure.message


def test_folding_keeps_what_the_reader_sees():
    folded = fold("貸\u200b款 ＡＢＣ１２")
    assert folded.plain == "贷款 abc12"
    assert folded.compact == "贷款abc12"
    assert folded.tight == "贷款abc12"


def test_length_is_counted_on_the_text_as_sent_not_the_folded_one():
    text = "【惠民消费金融】您好" + "\u200b" * 10
    report = check_wording(text)
    assert report.chars == len("【惠民消费金融】您好") + 10
