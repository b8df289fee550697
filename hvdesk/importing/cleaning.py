"""Turn one row's cells into clean values, or say which field is wrong and why.

Cosmetic mess is cleaned (stray and full-width spaces, full-width digits,
``+86`` and dashes, a lowercase x, thousands separators and currency signs,
the quote our own error workbooks put before a leading ``=``); anything that
changes the meaning is refused with the field and a reason.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import partial

from hvdesk import idcard, phone
from hvdesk.errors import ValidationError
from hvdesk.importing.fields import LOAN_FIELDS, Mapping
from hvdesk.importing.reader import Cell
from hvdesk.messages import Msg, msg

MAX_AMOUNT = Decimal("999999999999.99")
NOT_AMOUNT = msg("cell.not_amount", "not an amount")
NEGATIVE = msg("cell.negative", "must not be negative")
NOT_DAYS = msg("cell.not_days", "not a whole number of days")
CENT = Decimal("0.01")
#: Excel's day 0 (its 1900 leap-year bug makes serials count from here).
EXCEL_EPOCH = dt.date(1899, 12, 30)
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}·]) (?=[{_CJK}·])")
_CURRENCY = re.compile(r"^(rmb|cny|¥|￥)|(元|rmb|cny)$", re.IGNORECASE)
_DATE_PATTERNS = (
    re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日?"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)
_LENGTHS = {"name": 50, "registered_address": 300, "current_address": 300,
            "contract_no": 40, "product": 50}


@dataclass(slots=True)
class Problem:
    field: str
    message: str | Msg


@dataclass(slots=True)
class CleanRow:
    """A row that passed every check that needs no database."""

    row: int
    name: str
    id_number: str
    phone: str
    registered_address: str
    current_address: str | None
    #: Loan values present in the row (absent = keep what is stored).
    loan: dict[str, object]


def text(value: Cell) -> str:
    """A cell as tidy text: NFKC (full-width to half-width), whitespace collapsed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    raw = value if isinstance(value, str) else str(value)
    # is_normalized is a quick scan; most cells need no normalising at all.
    if not raw.isascii() and not unicodedata.is_normalized("NFKC", raw):
        raw = unicodedata.normalize("NFKC", raw)
    out = " ".join(raw.split())
    # Our own error workbooks neutralise formulas with a leading quote.
    if len(out) > 1 and out[0] == "'" and out[1] in "=+-@":
        out = out[1:]
    return out


def clean_name(value: Cell) -> str:
    name = _CJK_GAP.sub("", text(value))
    if not name:
        raise ValidationError("name", msg("cell.name_empty", "name is empty"))
    return _limit("name", name)


def _limit(field: str, value: str) -> str:
    if len(value) > _LENGTHS[field]:
        raise ValidationError(field, msg("cell.too_long", "longer than {limit} characters",
                                         limit=_LENGTHS[field]))
    return value


def clean_id(value: Cell) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool) and abs(value) >= 1e15:
        raise ValidationError(
            "id_number", msg("cell.id_as_number", "the ID number was stored as a number and "
                             "lost its last digits; format the column as text and enter it "
                             "again"))
    return idcard.parse(text(value)).number


def clean_phone(value: Cell) -> str:
    return phone.parse(text(value))


def clean_amount(field: str, value: Cell) -> Decimal:
    if isinstance(value, bool):
        raise ValidationError(field, NOT_AMOUNT)
    if isinstance(value, int | float | Decimal):
        amount = Decimal(str(value))
    else:
        raw = text(value).replace(",", "").replace(" ", "")
        raw = _CURRENCY.sub("", raw).strip()
        try:
            amount = Decimal(raw)
        except InvalidOperation:
            raise ValidationError(field, NOT_AMOUNT) from None
    if not amount.is_finite():
        raise ValidationError(field, NOT_AMOUNT)
    if amount < 0:
        raise ValidationError(field, NEGATIVE)
    if amount > MAX_AMOUNT:
        raise ValidationError(field, msg("cell.too_large", "is too large"))
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def clean_days(field: str, value: Cell) -> int:
    if isinstance(value, bool):
        raise ValidationError(field, NOT_DAYS)
    if isinstance(value, float):
        if not value.is_integer():
            raise ValidationError(field, NOT_DAYS)
        value = int(value)
    raw = str(value) if isinstance(value, int) else text(value).removesuffix("天").strip()
    try:
        days = int(raw)
    except ValueError:
        raise ValidationError(field, NOT_DAYS) from None
    if days < 0:
        raise ValidationError(field, NEGATIVE)
    if days > 36500:
        raise ValidationError(field, msg("cell.days_too_many", "is more than 100 years"))
    return days


def clean_date(field: str, value: Cell, *, today: dt.date | None = None) -> dt.date:
    today = today or dt.date.today()
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, int | float) and not isinstance(value, bool) and \
            1 <= value < 100000:
        # A date cell that reached us as its Excel serial number.
        day = EXCEL_EPOCH + dt.timedelta(days=int(value))
    else:
        day = _date_from_text(field, text(value))
    if day > today:
        raise ValidationError(field, msg("cell.date_future", "{day} is in the future",
                                         day=day.isoformat()))
    if day.year < 1950:
        raise ValidationError(field, msg("cell.date_too_old", "{day} is too far in the past",
                                         day=day.isoformat()))
    return day


def _date_from_text(field: str, raw: str) -> dt.date:
    raw = raw.split(" ", maxsplit=1)[0]
    for pattern in _DATE_PATTERNS:
        match = pattern.fullmatch(raw)
        if match:
            y, m, d = (int(g) for g in match.groups())
            try:
                return dt.date(y, m, d)
            except ValueError:
                raise ValidationError(field, msg(
                    "cell.no_such_date", "no such date {year:04d}-{month:02d}-{day:02d}",
                    year=y, month=m, day=d)) from None
    raise ValidationError(field, msg(
        "cell.not_date", "not a date (use 2024-03-05, 2024/3/5 or 20240305)"))


def _optional_text(field: str, value: Cell) -> str | None:
    out = text(value)
    return _limit(field, out) if out else None


def _loan_value(key: str, value: Cell, today: dt.date | None) -> object:
    if key == "contract_no":
        return _limit(key, text(value).replace(" ", ""))
    if key == "product":
        return _limit(key, text(value))
    if key == "days_past_due":
        return clean_days(key, value)
    if key == "last_payment_date":
        return clean_date(key, value, today=today)
    return clean_amount(key, value)


@dataclass(slots=True)
class RowCheck:
    """The row cleaned (if it passed), its problems, and the keys that identify it.

    The keys are kept even for a refused row so that a later row repeating
    them is still reported as a repeat.
    """

    clean: CleanRow | None
    problems: list[Problem]
    id_number: str | None
    contract_no: str | None


def clean_row(
    row: int, cells: tuple[Cell, ...], mapping: Mapping, *, today: dt.date | None = None
) -> RowCheck:
    """Every problem of the row (not only the first), so one fix-up pass is enough."""
    problems: list[Problem] = []

    def cell(key: str) -> Cell:
        index = mapping.get(key)
        return None if index is None or index >= len(cells) else cells[index]

    def attempt(key: str, fn: Callable[[], object]) -> object:
        try:
            return fn()
        except ValidationError as exc:
            problems.append(Problem(key, exc.args[0] if exc.args else str(exc)))
            return None

    name = attempt("name", lambda: clean_name(cell("name")))
    number = attempt("id_number", lambda: clean_id(cell("id_number")))
    mobile = attempt("phone", lambda: clean_phone(cell("phone")))
    registered = attempt("registered_address",
                         lambda: _required_address(cell("registered_address")))
    current = attempt("current_address",
                      lambda: _optional_text("current_address", cell("current_address")))
    loan: dict[str, object] = {}
    for key in LOAN_FIELDS:
        raw = cell(key)
        if raw is None or (isinstance(raw, str) and (not raw or raw.isspace())):
            continue
        value = attempt(key, partial(_loan_value, key, raw, today))
        if value is not None:
            loan[key] = value
    if loan and "contract_no" not in loan and not any(p.field == "contract_no" for p in problems):
        problems.append(Problem("contract_no", msg(
            "import.loan_without_contract", "loan values given without a contract number")))
    id_number = number if isinstance(number, str) else None
    contract = loan.get("contract_no")
    contract_no = contract if isinstance(contract, str) else None
    if problems:
        return RowCheck(None, problems, id_number, contract_no)
    clean = CleanRow(row, str(name), str(number), str(mobile), str(registered),
                     current if isinstance(current, str) else None, loan)
    return RowCheck(clean, [], id_number, contract_no)


def _required_address(raw: Cell) -> str:
    value = text(raw)
    if not value:
        raise ValidationError("registered_address",
                              msg("cell.address_empty", "registered address is empty"))
    return _limit("registered_address", value)
