"""The ranking: no protected attribute reaches it, reasons in Chinese, and the backtest holds."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import event

from hvdesk import demo
from hvdesk.model import User
from hvdesk.priorities import backtest, service
from hvdesk.priorities.features import FEATURE_NAMES, FEATURES, PROTECTED_COLUMNS
from hvdesk.services.auth import actor_for

TODAY = dt.date(2026, 12, 6)
_PROTECTED_WORDS = {"sex", "gender", "male", "female", "age", "birth", "born", "ethnic",
                    "ethnicity", "nation", "region", "id", "idcard", "adcode", "name"}


def _manager(db):
    with db.session() as s:
        user = s.query(User).filter_by(login="manager1").one()
        return actor_for(user)




def test_no_protected_attribute_reaches_the_features_or_the_model(db):
    demo.generate(db, customers=300, seed=2, today=TODAY)
    for name in FEATURE_NAMES:
        assert not set(name.split("_")) & _PROTECTED_WORDS, name
    statements: list[str] = []

    def watch(_conn, _cursor, statement, *_args):  # type: ignore[no-untyped-def]
        statements.append(statement.lower())

    event.listen(db.engine, "before_cursor_execute", watch)
    try:
        with db.session() as s:
            ranked = service.rank(s, _manager(db), day=TODAY)
            weights = service.weights(s, _manager(db), day=TODAY)
    finally:
        event.remove(db.engine, "before_cursor_execute", watch)
    assert ranked
    assert [w.name for w in weights.weights] == [n for n, _ in FEATURES]
    customer_reads = [st for st in statements if "from customer" in st]
    assert customer_reads
    for statement in customer_reads:
        for column in PROTECTED_COLUMNS:
            assert f"customer.{column}" not in statement, (column, statement)
    for p in ranked[:10]:
        assert p.score.reasons and all(r.text for r in p.score.reasons)
        assert any("逾期" in r.text or "距离网点" in r.text or "承诺" in r.text
                   or "还款" in r.text or "上门" in r.text or "先验" in r.text
                   for r in p.score.reasons)


def test_backtest_on_the_demo_beats_longest_overdue_first(db, tmp_path):
    demo.generate(db, customers=2000, seed=1, today=TODAY)
    with db.begin() as s:
        bt = backtest.run_backtest(s, _manager(db), TODAY - dt.timedelta(days=56),
                                   TODAY - dt.timedelta(days=1))
        backtest.write_xlsx(bt, tmp_path / "bt.xlsx", s, _manager(db))
    assert bt.truth_known
    ratio, rho = bt.ratio(), bt.rho
    print("\n".join(backtest.summary_lines(bt)))
    assert ratio is not None and ratio >= 1.3, ratio
    assert rho is not None and rho >= 0.5, rho
    assert bt.results["ranking"].visits == bt.results["visited"].visits
    assert (tmp_path / "bt.xlsx").stat().st_size > 0


def test_a_large_branch_fits_on_a_weighted_sample_that_ranks_alike(db, monkeypatch):
    """Issue 19: at a million customers the untreated look-backs were millions of rows
    (gigabytes, minutes) each time the calendar opened. Past TRAINING_CUSTOMERS the fit
    keeps every visit and a weighted sample of the look-backs: the ranking stays alike."""
    demo.generate(db, customers=2000, seed=1, today=TODAY)
    actor = _manager(db)
    with db.session() as s:
        full_history, full, _ = service.fitted(s, actor, day=TODAY)
        whole = service.rank(s, actor, day=TODAY)
        monkeypatch.setattr(service, "TRAINING_CUSTOMERS", 250)
        history, sampled, _ = service.fitted(s, actor, day=TODAY)
        ranked = service.rank(s, actor, day=TODAY)
    assert not full.fallback and not sampled.fallback
    assert sampled.visits == full.visits  # every visit is kept
    assert sampled.rows - sampled.visits < (full.rows - full.visits) / 2
    assert set(history.customers) <= set(full_history.customers)
    # The ranking of everyone still ranks everyone, and mostly in the same order.
    assert {p.score.customer_id for p in ranked} == {p.score.customer_id for p in whole}
    order = {p.score.customer_id: n for n, p in enumerate(whole)}
    ranks = [order[p.score.customer_id] for p in ranked]
    n = len(ranks)
    d2 = sum((i - r) ** 2 for i, r in enumerate(ranks))
    rho = 1 - 6 * d2 / (n * (n * n - 1))
    print(full.rows, sampled.rows, full.visit, sampled.visit, rho)
    assert rho > 0.9, rho
