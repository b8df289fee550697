"""A report's contents as read-only rich text (review queue, revision history)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from html import escape

from PySide6.QtCore import QCoreApplication

from hvdesk.visitreports import CONDUCT_ITEMS, ReportData
from ui.labels import QT_TRANSLATE_NOOP
from ui.visitreport import labels

CSS = """
<style>
h3 { font-size: 11pt; margin: 10px 0 4px 0; color: #111827; }
td { padding: 2px 10px 2px 0; vertical-align: top; }
td.k { color: #6b7280; white-space: nowrap; }
.warn { color: #b42318; }
</style>
"""


#: The texts below go through ``_tr``; marked here so lupdate finds them.
_TEXTS = (
    QT_TRANSLATE_NOOP("ReportSummary", "Visit"),
    QT_TRANSLATE_NOOP("ReportSummary", "not party to the debt"),
    QT_TRANSLATE_NOOP("ReportSummary", "Household and finances"),
    QT_TRANSLATE_NOOP("ReportSummary", "monthly"),
    QT_TRANSLATE_NOOP("ReportSummary", "The customer"),
    QT_TRANSLATE_NOOP("ReportSummary", "{0} CNY by {1}"),
    QT_TRANSLATE_NOOP("ReportSummary", "Promise to pay"),
    QT_TRANSLATE_NOOP("ReportSummary", "not answered"),
    QT_TRANSLATE_NOOP("ReportSummary", "yes"),
    QT_TRANSLATE_NOOP("ReportSummary", "no"),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReportSummary", text)


def _rows(pairs: Iterable[tuple[str, str]]) -> str:
    cells = "".join(f"<tr><td class='k'>{escape(k)}</td><td>{v}</td></tr>" for k, v in pairs)
    return f"<table>{cells}</table>"


def _field(key: str) -> str:
    return labels.name(labels.FIELDS, key)


def _text(value: str) -> str:
    return escape(value).replace("\n", "<br>") if value.strip() else labels.DASH


def _time(value: dt.datetime | None, zone: dt.tzinfo) -> str:
    return labels.DASH if value is None else value.astimezone(zone).strftime("%H:%M")


def _number(value: int | None) -> str:
    return labels.DASH if value is None else str(value)


def report_html(data: ReportData, zone: dt.tzinfo) -> str:
    parts = [CSS]
    parts.append(f"<h3>{escape(_tr('Visit'))}</h3>")
    parts.append(_rows([
        (_field("outcome"), escape(labels.name(labels.OUTCOMES, data.outcome))),
        (_field("arrived_at"), _time(data.arrived_at, zone)),
        (_field("left_at"), _time(data.left_at, zone)),
    ]))
    parts.append(f"<h3>{escape(_field('people_present'))}</h3>")
    if data.people_present:
        people = []
        for p in data.people_present:
            line = f"{escape(p.name)} ({escape(p.relation)})"
            if not p.party_to_debt:
                line += f" <span class='warn'>{escape(_tr('not party to the debt'))}</span>"
            people.append(line)
        parts.append("<br>".join(people))
    else:
        parts.append(labels.DASH)
    parts.append(f"<h3>{escape(_tr('Household and finances'))}</h3>")
    incomes = "<br>".join(f"{escape(i.source)}: {labels.money(i.monthly)}"
                          for i in data.income_sources) or labels.DASH
    debts = "<br>".join(
        f"{escape(d.lender)}: {labels.money(d.amount)}"
        + (f" ({escape(_tr('monthly'))} {labels.money(d.monthly)})" if d.monthly else "")
        for d in data.other_debts) or labels.DASH
    parts.append(_rows([
        (_field("household_size"), _number(data.household_size)),
        (_field("dependants"), _number(data.dependants)),
        (_field("housing"), escape(labels.name(labels.HOUSING, data.housing))),
        (_field("income_sources"), incomes),
        (_field("other_debts"), debts),
        (_field("assets"), _text(data.assets)),
    ]))
    parts.append(f"<h3>{escape(_tr('The customer'))}</h3>")
    promise = labels.DASH
    if data.promise_amount is not None:
        day = data.promise_date.isoformat() if data.promise_date else labels.DASH
        promise = escape(_tr("{0} CNY by {1}").format(labels.money(data.promise_amount), day))
    parts.append(_rows([
        (_field("attitude"), escape(labels.name(labels.ATTITUDES, data.attitude))),
        (_field("ability_to_repay"), _number(data.ability_to_repay) + " / 5"),
        (_field("willingness_to_repay"), _number(data.willingness_to_repay) + " / 5"),
        (_field("customer_requests"), _text(data.customer_requests)),
        (_tr("Promise to pay"), promise),
        (_field("recommendation"), _text(data.recommendation)),
        (_field("notes"), _text(data.notes)),
    ]))
    parts.append(f"<h3>{escape(_field('conduct'))}</h3>")
    answers = []
    for key in CONDUCT_ITEMS:
        answer = data.conduct.get(key)
        if answer is None:
            mark = escape(_tr("not answered"))
        elif answer:
            mark = "✔ " + escape(_tr("yes"))
        else:
            mark = f"<span class='warn'>✘ {escape(_tr('no'))}</span>"
        answers.append((labels.name(labels.CONDUCT, key), mark))
    parts.append(_rows(answers))
    return "".join(parts)
