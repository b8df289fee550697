"""Builders of customer import files: valid ID and mobile numbers, xlsx and csv.

Numbers are made up from a counter: the region is Chengdu Wuhou (510107),
the birth date walks forward from 1960 and the sequence is the counter, so
every ``i`` gives a different, valid resident ID number.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from hvdesk.idcard import check_character

HEADERS = ["客户姓名", "身份证号码", "手机号码", "户籍地址", "现住址", "合同编号", "产品",
           "贷款本金", "剩余本金", "逾期金额(元)", "逾期天数", "最近还款日期"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"


def id_number(i: int) -> str:
    birth = dt.date(1960, 1, 1) + dt.timedelta(days=i // 1000)
    first17 = f"510107{birth:%Y%m%d}{i % 1000:03d}"
    return first17 + check_character(first17)


def mobile(i: int) -> str:
    return f"139{i:08d}"


def name(i: int) -> str:
    return SURNAMES[i % len(SURNAMES)] + GIVEN[(i // 7) % len(GIVEN)] + GIVEN[(i // 3) % 20]


def row(i: int, **overrides: Any) -> list[Any]:
    """One valid row in HEADERS order; ``overrides`` by field key."""
    values: dict[str, Any] = {
        "name": name(i), "id_number": id_number(i), "phone": mobile(i),
        "registered_address": f"四川省成都市武侯区人民南路{i % 300 + 1}号",
        "current_address": f"四川省成都市锦江区春熙路{i % 90 + 1}号",
        "contract_no": f"HT{i:08d}", "product": "消费贷",
        "principal": "50000.00", "outstanding_balance": "32000.50",
        "overdue_amount": "1200.00", "days_past_due": 35, "last_payment_date": "2025-03-05",
    }
    values.update(overrides)
    keys = ["name", "id_number", "phone", "registered_address", "current_address",
            "contract_no", "product", "principal", "outstanding_balance", "overdue_amount",
            "days_past_due", "last_payment_date"]
    return [values[k] for k in keys]


def write_xlsx(path: Path, rows: Iterable[Sequence[Any]], headers: Sequence[str] = HEADERS,
               ) -> Path:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("客户")
    sheet.append(list(headers))
    for r in rows:
        sheet.append(list(r))
    book.save(path)
    return path


def write_csv(path: Path, rows: Iterable[Sequence[Any]], encoding: str = "utf-8",
              headers: Sequence[str] = HEADERS) -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(headers)
        writer.writerows(rows)
    return path


def big_rows(n: int, start: int = 0) -> Iterable[list[Any]]:
    return (row(i) for i in range(start, start + n))
