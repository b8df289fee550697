"""The fields an import fills and the column headers that usually carry them.

Headers are matched whole after normalising (full-width to half-width, case,
spaces, underscores and a trailing unit such as ``(元)``), never by substring:
"逾期金额" must not catch an export's "合计逾期金额".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FieldSpec:
    key: str
    required: bool
    aliases: tuple[str, ...]


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("name", True, ("姓名", "客户姓名", "客户名称", "借款人", "借款人姓名", "name",
                             "customer name", "customer", "full name")),
    FieldSpec("id_number", True, ("身份证号", "身份证号码", "身份证", "证件号", "证件号码",
                                  "身份证件号码", "id number", "id no", "id", "id card",
                                  "idcard", "resident id")),
    FieldSpec("phone", True, ("手机号", "手机号码", "联系电话", "手机", "电话", "联系方式",
                              "移动电话", "phone", "mobile", "phone number", "mobile phone",
                              "mobile number")),
    FieldSpec("registered_address", True, ("户籍地址", "户籍地", "户籍所在地", "户口地址",
                                           "户口所在地", "registered address",
                                           "household address")),
    FieldSpec("current_address", False, ("现居住地址", "现住址", "居住地址", "现居地址",
                                         "现地址", "常住地址", "current address",
                                         "residential address", "address now")),
    FieldSpec("contract_no", False, ("合同号", "合同编号", "借款合同号", "贷款合同号",
                                     "合同", "contract no", "contract number", "contract")),
    FieldSpec("product", False, ("产品", "产品名称", "贷款产品", "product", "product name")),
    FieldSpec("principal", False, ("本金", "贷款本金", "借款本金", "合同金额", "贷款金额",
                                   "借款金额", "principal", "loan amount")),
    FieldSpec("outstanding_balance", False, ("剩余本金", "贷款余额", "未还本金", "在贷余额",
                                             "余额", "outstanding balance", "outstanding",
                                             "balance")),
    FieldSpec("overdue_amount", False, ("逾期金额", "逾期总额", "overdue amount", "overdue")),
    FieldSpec("days_past_due", False, ("逾期天数", "dpd", "days past due", "overdue days")),
    FieldSpec("last_payment_date", False, ("最近还款日期", "最近还款日", "最后还款日期",
                                           "最后还款日", "上次还款日期", "last payment date",
                                           "last payment", "last paid")),
)
FIELD_KEYS: tuple[str, ...] = tuple(f.key for f in FIELDS)
REQUIRED: frozenset[str] = frozenset(f.key for f in FIELDS if f.required)
LOAN_FIELDS: tuple[str, ...] = ("contract_no", "product", "principal", "outstanding_balance",
                                "overdue_amount", "days_past_due", "last_payment_date")

#: Column key -> index into a row of the file.
Mapping = dict[str, int]

_UNIT = re.compile(r"[(\[（【][^)\]）】]*[)\]）】]$")
_SEPARATORS = re.compile(r"[\s_\-.:：*]+")


def normalize_header(header: object) -> str:
    text = unicodedata.normalize("NFKC", "" if header is None else str(header)).strip().lower()
    text = _UNIT.sub("", text).strip()
    return _SEPARATORS.sub(" ", text).strip()


_ALIASES: dict[str, str] = {
    normalize_header(alias): spec.key
    for spec in FIELDS
    for alias in (*spec.aliases, spec.key)
}


def recognise(header: object) -> str | None:
    """The field a header names, or None."""
    return _ALIASES.get(normalize_header(header))


def guess_mapping(headers: Sequence[object]) -> Mapping:
    """Each recognised field -> the first column whose header names it."""
    mapping: Mapping = {}
    for index, header in enumerate(headers):
        key = recognise(header)
        if key is not None and key not in mapping:
            mapping[key] = index
    return mapping


def missing_required(mapping: Mapping) -> list[str]:
    return [key for key in FIELD_KEYS if key in REQUIRED and key not in mapping]
