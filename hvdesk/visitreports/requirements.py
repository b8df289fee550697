"""Which report fields each outcome requires, and the check run at submit.

A visitor who found nobody home has little to write: when and that nobody
answered. Meeting the customer is the visit the report exists for (seed 2.1,
3.3): household, income, ability and willingness to repay, the conduct
checklist and a recommendation.
"""

from __future__ import annotations

from hvdesk.model.enums import ReportOutcome
from hvdesk.visitreports.data import CONDUCT_ITEMS, ReportData

Out = ReportOutcome
_ALWAYS = frozenset({"outcome", "arrived_at", "left_at"})
_MET = frozenset({"people_present", "conduct", "recommendation"})
_REQUIRED: dict[ReportOutcome, frozenset[str]] = {
    Out.MET_CUSTOMER: _ALWAYS
    | _MET
    | {
        "household_size",
        "dependants",
        "housing",
        "income_sources",
        "attitude",
        "ability_to_repay",
        "willingness_to_repay",
    },
    Out.MET_FAMILY: _ALWAYS | _MET,
    Out.REFUSED: _ALWAYS | {"attitude", "conduct", "notes"},
    Out.NOBODY_HOME: _ALWAYS,
    Out.ADDRESS_INVALID: _ALWAYS | {"notes"},
    Out.MOVED_AWAY: _ALWAYS | {"notes"},
}

_MESSAGES = {
    "outcome": "choose the outcome of the visit",
    "arrived_at": "enter the arrival time",
    "left_at": "enter the time the team left",
    "people_present": "list who was present and their relation",
    "conduct": "answer every item of the conduct checklist",
    "recommendation": "give a recommendation",
    "household_size": "enter the household size",
    "dependants": "enter the number of dependants",
    "housing": "say whether the home is owned or rented",
    "income_sources": "list the income sources (enter 0 for none)",
    "attitude": "choose the customer's attitude",
    "ability_to_repay": "rate the ability to repay",
    "willingness_to_repay": "rate the willingness to repay",
    "notes": "describe what happened in the notes",
}


def required_fields(outcome: ReportOutcome) -> frozenset[str]:
    """Names of :class:`ReportData` fields that must be filled to submit."""
    return _REQUIRED[outcome]


def _missing(data: ReportData, name: str) -> bool:
    if name == "conduct":
        return any(item not in data.conduct for item in CONDUCT_ITEMS)
    value = getattr(data, name)
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, tuple):
        return not value
    return value is None


def field_errors(data: ReportData) -> dict[str, str]:
    """Every required field missing or inconsistent, field name -> message."""
    errors: dict[str, str] = {}
    needed = required_fields(data.outcome) if data.outcome else _ALWAYS
    for name in sorted(needed):
        if _missing(data, name):
            errors[name] = _MESSAGES[name]
    if data.arrived_at and data.left_at and data.left_at <= data.arrived_at:
        errors["left_at"] = "the team must leave after it arrived"
    if (data.promise_amount is None) != (data.promise_date is None):
        key = "promise_date" if data.promise_date is None else "promise_amount"
        errors[key] = "a promise to pay needs both an amount and a date"
    if data.promise_date and data.arrived_at and data.promise_date < data.arrived_at.date():
        errors["promise_date"] = "the promised date is before the visit"
    if any(not p.name.strip() or not p.relation.strip() for p in data.people_present):
        errors["people_present"] = "give each person's name and relation"
    return errors
