"""ReportData <-> the VisitReport row and the JSON kept in revision snapshots."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from hvdesk.errors import ValidationError
from hvdesk.messages import msg
from hvdesk.model import VisitReport
from hvdesk.model.enums import Attitude, Housing, ReportOutcome
from hvdesk.visitreports import conduct as checklist
from hvdesk.visitreports.data import (
    CONDUCT_ITEMS,
    IncomeSource,
    OtherDebt,
    PersonPresent,
    ReportData,
)

CENT = Decimal("0.01")


def _text(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def _money(value: Decimal, field: str, *, positive: bool = False) -> Decimal:
    try:
        amount = Decimal(value).quantize(CENT)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError(field, msg("visitreports.convert.give_amount_yuan",
                "give an amount in yuan, e.g. 1200.00")) from None
    if amount < 0 or (positive and amount == 0):
        raise ValidationError(
            field,
            "the amount must be more than zero" if positive else "the amount may not be negative",
        )
    return amount


def _scale(value: int | None, field: str) -> int | None:
    if value is not None and not 1 <= value <= 5:
        raise ValidationError(field, msg("visitreports.convert.choose_value_from",
                "choose a value from 1 to 5"))
    return value


def _count(value: int | None, field: str) -> int | None:
    if value is not None and value < 0:
        raise ValidationError(field, msg("visitreports.convert.number_people_may",
                "a number of people may not be negative"))
    return value


def _aware(value: dt.datetime | None, field: str) -> dt.datetime | None:
    if value is not None and value.tzinfo is None:
        raise ValidationError(field, msg("visitreports.convert.give_time_time",
                "give the time with a time zone"))
    return value


def check_values(data: ReportData) -> None:
    """Refuse values no draft may hold (the database would refuse them too)."""
    _aware(data.arrived_at, "arrived_at")
    _aware(data.left_at, "left_at")
    _scale(data.ability_to_repay, "ability_to_repay")
    _scale(data.willingness_to_repay, "willingness_to_repay")
    _count(data.household_size, "household_size")
    _count(data.dependants, "dependants")
    for src in data.income_sources:
        _money(src.monthly, "income_sources")
    for debt in data.other_debts:
        _money(debt.amount, "other_debts")
        if debt.monthly is not None:
            _money(debt.monthly, "other_debts")
    if data.promise_amount is not None:
        _money(data.promise_amount, "promise_amount", positive=True)
    unknown = set(data.conduct) - set(CONDUCT_ITEMS)
    if unknown:
        raise ValidationError("conduct", msg("visitreports.convert.unknown_checklist_items",
                "unknown checklist items: {choices}",
                choices=', '.join(sorted(unknown))))


def to_json(data: ReportData) -> dict[str, Any]:
    """Every field as JSON-able values (revision snapshots)."""
    return {
        "outcome": data.outcome.value if data.outcome else None,
        "arrived_at": data.arrived_at.isoformat() if data.arrived_at else None,
        "left_at": data.left_at.isoformat() if data.left_at else None,
        "people_present": people_json(data.people_present),
        "household_size": data.household_size,
        "dependants": data.dependants,
        "housing": data.housing.value if data.housing else None,
        "income_sources": income_json(data.income_sources),
        "other_debts": debts_json(data.other_debts),
        "assets": data.assets,
        "attitude": data.attitude.value if data.attitude else None,
        "ability_to_repay": data.ability_to_repay,
        "willingness_to_repay": data.willingness_to_repay,
        "customer_requests": data.customer_requests,
        "promise_amount": str(data.promise_amount) if data.promise_amount is not None else None,
        "promise_date": data.promise_date.isoformat() if data.promise_date else None,
        "recommendation": data.recommendation,
        "notes": data.notes,
        "conduct": dict(data.conduct),
    }


def from_json(raw: dict[str, Any]) -> ReportData:
    def when(key: str) -> dt.datetime | None:
        value = raw.get(key)
        return dt.datetime.fromisoformat(value) if value else None

    promise_date = raw.get("promise_date")
    promise_amount = raw.get("promise_amount")
    return ReportData(
        outcome=ReportOutcome(raw["outcome"]) if raw.get("outcome") else None,
        arrived_at=when("arrived_at"),
        left_at=when("left_at"),
        people_present=people_from(raw.get("people_present") or []),
        household_size=raw.get("household_size"),
        dependants=raw.get("dependants"),
        housing=Housing(raw["housing"]) if raw.get("housing") else None,
        income_sources=income_from(raw.get("income_sources") or []),
        other_debts=debts_from(raw.get("other_debts") or []),
        assets=raw.get("assets") or "",
        attitude=Attitude(raw["attitude"]) if raw.get("attitude") else None,
        ability_to_repay=raw.get("ability_to_repay"),
        willingness_to_repay=raw.get("willingness_to_repay"),
        customer_requests=raw.get("customer_requests") or "",
        promise_amount=Decimal(promise_amount) if promise_amount is not None else None,
        promise_date=dt.date.fromisoformat(promise_date) if promise_date else None,
        recommendation=raw.get("recommendation") or "",
        notes=raw.get("notes") or "",
        conduct=checklist.answers(raw.get("conduct")),
    )


def people_json(people: tuple[PersonPresent, ...]) -> list[dict[str, Any]]:
    return [
        {"name": p.name.strip(), "relation": p.relation.strip(), "party_to_debt": p.party_to_debt}
        for p in people
        if p.name.strip() or p.relation.strip()
    ]


def people_from(rows: list[dict[str, Any]]) -> tuple[PersonPresent, ...]:
    return tuple(
        PersonPresent(
            str(r.get("name", "")), str(r.get("relation", "")), bool(r.get("party_to_debt", False))
        )
        for r in rows
    )


def income_json(items: tuple[IncomeSource, ...]) -> list[dict[str, Any]]:
    return [
        {"source": i.source.strip(), "monthly": str(_money(i.monthly, "income_sources"))}
        for i in items
    ]


def income_from(rows: list[dict[str, Any]]) -> tuple[IncomeSource, ...]:
    return tuple(IncomeSource(str(r.get("source", "")), Decimal(r["monthly"])) for r in rows)


def debts_json(items: tuple[OtherDebt, ...]) -> list[dict[str, Any]]:
    return [
        {
            "lender": d.lender.strip(),
            "amount": str(_money(d.amount, "other_debts")),
            "monthly": str(_money(d.monthly, "other_debts")) if d.monthly is not None else None,
        }
        for d in items
    ]


def debts_from(rows: list[dict[str, Any]]) -> tuple[OtherDebt, ...]:
    return tuple(
        OtherDebt(
            # Demo rows name the kind of debt instead of the lender.
            str(r.get("lender") or r.get("kind") or ""),
            Decimal(r["amount"]),
            Decimal(r["monthly"]) if r.get("monthly") is not None else None,
        )
        for r in rows
    )


def apply(report: VisitReport, data: ReportData) -> None:
    """Write the form into the row (values already checked)."""
    report.outcome = data.outcome
    report.arrived_at = data.arrived_at
    report.left_at = data.left_at
    report.people = people_json(data.people_present)
    # The readable column keeps names and relations only, flagged for the briefing pack.
    summary = "; ".join(
        f"{p['name']} ({p['relation']}{'' if p['party_to_debt'] else ', 不涉债'})"
        for p in report.people
    )
    report.people_present = summary[:300] or None
    report.household_size = data.household_size
    report.dependants = data.dependants
    report.housing = data.housing
    report.income_sources = income_json(data.income_sources)
    report.other_debts = debts_json(data.other_debts)
    report.assets = _text(data.assets)
    report.attitude = data.attitude
    report.ability_to_repay = data.ability_to_repay
    report.willingness_to_repay = data.willingness_to_repay
    report.customer_requests = _text(data.customer_requests)
    report.promise_amount = (
        _money(data.promise_amount, "promise_amount") if data.promise_amount is not None else None
    )
    report.promise_date = data.promise_date
    report.recommendation = _text(data.recommendation)
    report.findings = _text(data.notes)
    report.conduct_checklist = {k: bool(v) for k, v in data.conduct.items()}


def read(report: VisitReport) -> ReportData:
    return ReportData(
        outcome=report.outcome,
        arrived_at=report.arrived_at,
        left_at=report.left_at,
        people_present=people_from(report.people or []),
        household_size=report.household_size,
        dependants=report.dependants,
        housing=report.housing,
        income_sources=income_from(report.income_sources or []),
        other_debts=debts_from(report.other_debts or []),
        assets=report.assets or "",
        attitude=report.attitude,
        ability_to_repay=report.ability_to_repay,
        willingness_to_repay=report.willingness_to_repay,
        customer_requests=report.customer_requests or "",
        promise_amount=report.promise_amount,
        promise_date=report.promise_date,
        recommendation=report.recommendation or "",
        notes=report.findings or "",
        conduct=checklist.answers(report.conduct_checklist),
    )
