"""Importing customers and loans from .xlsx and .csv files (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from hvdesk import importing
from hvdesk.database import Database
from hvdesk.errors import PermissionDenied, ValidationError
from hvdesk.importing.cleaning import clean_amount, clean_date, clean_days, clean_name
from hvdesk.model import AuditEvent, Customer, LoanAccount
from hvdesk.security import pii
from hvdesk.services import customers
from hvdesk.services.context import Actor
from hvdesk.services.customers import CustomerInput
from tests.data.importfiles import HEADERS, id_number, mobile, row, write_csv, write_xlsx
from tests.factories import Org, make_org

TODAY = dt.date(2026, 1, 15)


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in text)


def x_index() -> int:
    """A counter whose ID number ends in X (to test the lowercase x)."""
    return next(i for i in range(100, 300) if id_number(i).endswith("X"))


def mixed_rows() -> list[list[object]]:
    """Spreadsheet rows 2..11: three valid, one blank, five broken, one repeat."""
    ix = x_index()
    return [
        row(1),                                                    # 2 valid
        row(ix, name="  欧阳  娜娜 ", phone="+86 139-0000-" + mobile(ix)[-4:],
            id_number=" " + full_width(id_number(ix)[:-1]) + "x ",
            principal="¥12,345.60", outstanding_balance="12,000.5",
            overdue_amount="1,200", days_past_due="35", last_payment_date="2025/3/5"),  # 3
        [None] * len(HEADERS),                                     # 4 blank
        row(4, id_number=id_number(4)[:-1] + ("0" if id_number(4)[-1] != "0" else "1")),  # 5
        row(5, phone=None),                                        # 6 phone missing
        row(6, days_past_due=-3, last_payment_date="2025-02-30"),  # 7 two problems
        row(7, id_number=id_number(1)),                            # 8 repeats row 2
        row(8, registered_address="   "),                          # 9 address missing
        row(9, principal=80000, outstanding_balance=60000.5, overdue_amount=0,
            days_past_due=0, last_payment_date=dt.datetime(2025, 12, 1)),  # 10 real cells
        row(10, contract_no=None),                                 # 11 loan without contract
    ]


def run_import(db: Database, actor: Actor, path: Path, **kw: object) -> importing.ImportResult:
    # The reasons in English (the core's default is Chinese; see test_reasons_in_chinese).
    kw.setdefault("language", "en")
    with db.begin() as s:
        return importing.import_customers(s, db.cipher, actor, path, today=TODAY, **kw)


def count(db: Database, model: type) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


@pytest.fixture
def org(db: Database) -> Org:
    return make_org(db)


def test_mixed_workbook_imports_exactly_the_valid_rows(db: Database, org: Org,
                                                       tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "客户.xlsx", mixed_rows())
    result = run_import(db, org.actors["coord1"], path)
    assert result.summary.line() == "imported 3, updated 0, unchanged 0, rejected 6"
    reasons = {r.row: r.reason for r in result.rejected}
    assert set(reasons) == {5, 6, 7, 8, 9, 11}
    assert reasons[5].startswith("身份证号码: check character should be")
    assert reasons[6] == "手机号码: mobile number is empty"
    assert "逾期天数: must not be negative" in reasons[7]
    assert "最近还款日期: no such date 2025-02-30" in reasons[7]
    assert reasons[8] == "身份证号码: the same ID number as row 2"
    assert reasons[9] == "户籍地址: registered address is empty"
    assert reasons[11] == "合同编号: loan values given without a contract number"
    assert {f for r in result.rejected for f in r.fields} >= {"id_number", "phone"}

    ix = x_index()
    with db.session() as s:
        rows = {c.name: c for c in s.scalars(select(Customer))}
        assert set(rows) == {row(1)[0], "欧阳娜娜", row(9)[0]}
        messy = rows["欧阳娜娜"]
        assert db.cipher.decrypt(pii.CUSTOMER_PHONE.at(messy.id), messy.phone_enc) == mobile(ix)
        assert db.cipher.decrypt(pii.CUSTOMER_ID.at(messy.id), messy.id_enc) == id_number(ix)
        assert messy.id_last4.endswith("X")
        assert messy.branch_id == org.branch_id
        assert messy.days_past_due == 35 and messy.overdue_amount == Decimal("1200.00")
        loan = s.scalars(select(LoanAccount).where(LoanAccount.customer_id == messy.id)).one()
        assert loan.principal == Decimal("12345.60")
        assert loan.outstanding_balance == Decimal("12000.50")
        assert loan.last_payment_date == dt.date(2025, 3, 5)
        real = s.scalars(select(LoanAccount).where(
            LoanAccount.customer_id == rows[row(9)[0]].id)).one()
        assert real.last_payment_date == dt.date(2025, 12, 1)
        assert real.outstanding_balance == Decimal("60000.50")
        events = list(s.scalars(select(AuditEvent).where(AuditEvent.action == "import")))
        assert len(events) == 1
        assert events[0].detail == {"file": "客户.xlsx", "imported": 3, "updated": 0,
                                    "unchanged": 0, "rejected": 6}
        creates = s.scalars(select(AuditEvent.entity_id).where(
            AuditEvent.action == "create", AuditEvent.entity == "customer")).all()
        assert sorted(creates) == sorted(str(c.id) for c in rows.values())
        assert s.scalar(select(func.count()).where(
            AuditEvent.action == "create", AuditEvent.entity == "loan_account")) == 3


def test_same_file_again_changes_nothing_and_a_new_phone_updates(
    db: Database, org: Org, tmp_path: Path
) -> None:
    actor = org.actors["coord1"]
    path = write_xlsx(tmp_path / "a.xlsx", mixed_rows())
    run_import(db, actor, path)
    again = run_import(db, actor, path)
    assert again.summary.line() == "imported 0, updated 0, unchanged 3, rejected 6"
    assert count(db, Customer) == 3

    changed = write_xlsx(tmp_path / "b.xlsx", [row(1, phone="13811112222"), mixed_rows()[8]])
    with db.session() as s:
        before = s.scalars(select(Customer).where(Customer.name == row(1)[0])).one()
    result = run_import(db, actor, changed)
    assert result.summary.line() == "imported 0, updated 1, unchanged 1, rejected 0"
    with db.session() as s:
        after = s.get(Customer, before.id)
        assert after is not None
        assert db.cipher.decrypt(pii.CUSTOMER_PHONE.at(after.id), after.phone_enc) == "13811112222"
        assert after.version == before.version + 1
        update = s.scalars(select(AuditEvent).where(
            AuditEvent.action == "update", AuditEvent.entity_id == str(before.id))).one()
        assert "phone_bidx" in update.detail["fields"]
        assert "name" not in update.detail["fields"]


def test_loan_changes_update_the_account_and_the_customer_summary(
    db: Database, org: Org, tmp_path: Path
) -> None:
    actor = org.actors["coord1"]
    run_import(db, actor, write_xlsx(tmp_path / "a.xlsx", [row(1)]))
    second = row(1, contract_no="HT-NEW-1", days_past_due=90, overdue_amount="5,000.00")
    result = run_import(db, actor, write_xlsx(tmp_path / "b.xlsx", [second]))
    assert result.summary.line() == "imported 0, updated 1, unchanged 0, rejected 0"
    third = row(1, days_past_due=0, overdue_amount="0")  # the first contract is paid up
    result = run_import(db, actor, write_xlsx(tmp_path / "c.xlsx", [third]))
    assert result.summary.updated == 1
    with db.session() as s:
        c = s.scalars(select(Customer)).one()
        assert len(c.loans) == 2
        assert c.days_past_due == 90
        assert c.overdue_amount == Decimal("5000.00")


def test_contract_of_another_customer_refused_new_contract_without_amounts_kept(
    db: Database, org: Org, tmp_path: Path
) -> None:
    actor = org.actors["coord1"]
    run_import(db, actor, write_xlsx(tmp_path / "a.xlsx", [row(1)]))
    rows = [row(2, contract_no=row(1)[5]), row(3, principal=None)]
    result = run_import(db, actor, write_xlsx(tmp_path / "b.xlsx", rows))
    assert [r.reason for r in result.rejected] == [
        "合同编号: this contract number belongs to another customer",
    ]
    assert count(db, Customer) == 2
    with db.session() as s:
        loan = s.scalars(select(LoanAccount).where(LoanAccount.contract_no == row(3)[5])).one()
        assert loan.principal is None and loan.incomplete


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_in_each_encoding(db: Database, org: Org, tmp_path: Path, encoding: str) -> None:
    path = write_csv(tmp_path / "c.csv", [row(1), [""] * len(HEADERS), row(2, name="张 三")],
                     encoding=encoding)
    with importing.open_table(path) as table:
        assert table.encoding == encoding
        assert table.headers[0] == "客户姓名"
    result = run_import(db, org.actors["coord1"], path)
    assert result.summary.line() == "imported 2, updated 0, unchanged 0, rejected 0"
    with db.session() as s:
        assert sorted(s.scalars(select(Customer.name))) == sorted([row(1)[0], "张三"])


def test_english_headers_and_a_sheet_chosen_by_name(db: Database, org: Org,
                                                    tmp_path: Path) -> None:
    headers = ["Name", "ID_Number", "Phone", "Registered address"]
    path = write_xlsx(tmp_path / "e.xlsx", [row(1)[:4]], headers=headers)
    with importing.open_table(path) as table:
        assert importing.guess_mapping(table.headers) == {
            "name": 0, "id_number": 1, "phone": 2, "registered_address": 3}
        assert table.sheets == ["客户"]
    result = run_import(db, org.actors["coord1"], path, sheet="客户")
    assert result.summary.imported == 1
    with pytest.raises(ValidationError, match="no sheet named"):
        run_import(db, org.actors["coord1"], path, sheet="Sheet9")


def test_a_missing_required_column_refuses_the_file(db: Database, org: Org,
                                                    tmp_path: Path) -> None:
    path = write_csv(tmp_path / "m.csv", [row(1)[:2]], headers=["姓名", "身份证号"])
    with pytest.raises(ValidationError, match="no column for phone, registered_address"):
        run_import(db, org.actors["coord1"], path)


def test_dry_run_changes_nothing(db: Database, org: Org, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", mixed_rows())
    events = count(db, AuditEvent)
    with db.session() as s:
        result = importing.import_customers(s, db.cipher, org.actors["coord1"], path,
                                            dry_run=True, today=TODAY)
        s.rollback()
    assert result.summary.line() == "imported 3, updated 0, unchanged 0, rejected 6"
    assert count(db, Customer) == 0
    assert count(db, AuditEvent) == events


def test_error_workbook_reimports_after_fixing(db: Database, org: Org, tmp_path: Path) -> None:
    actor = org.actors["coord1"]
    path = write_xlsx(tmp_path / "a.xlsx", mixed_rows())
    result = run_import(db, actor, path)
    errors = tmp_path / "errors.xlsx"
    assert importing.write_error_workbook(errors, result.headers, result.rejected) == 6
    book = load_workbook(errors)
    sheet = book.active
    header = [c.value for c in sheet[1]]
    assert header == [*HEADERS, importing.REASON_HEADER]
    data = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]
    assert [r[-1] for r in data] == [r.reason for r in result.rejected]
    # The user fixes each row (and drops the repeat of row 2) and imports the file again.
    fixed = [row(4), row(5), row(6), row(8), row(10)]
    for target, values in zip((2, 3, 4, 6, 7), fixed, strict=True):
        for col, value in enumerate(values, start=1):
            sheet.cell(target, col, value)
    sheet.delete_rows(5)
    book.save(errors)
    again = run_import(db, actor, errors)
    assert again.summary.line() == "imported 5, updated 0, unchanged 0, rejected 0"
    assert count(db, Customer) == 8


def test_visitors_may_not_import_and_admins_name_the_branch(
    db: Database, org: Org, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", [row(1)])
    with pytest.raises(PermissionDenied):
        run_import(db, org.actors["visitor1"], path)
    with pytest.raises(PermissionDenied):
        run_import(db, org.actors["manager1"], path)
    with pytest.raises(ValidationError, match="--branch"):
        run_import(db, org.actors["admin"], path)
    with pytest.raises(PermissionDenied, match="own branch"):
        run_import(db, org.actors["coord1"], path, branch_code="XX99")
    assert run_import(db, org.actors["admin"], path, branch_code="CD01").summary.imported == 1


def test_a_customer_of_another_branch_is_refused(db: Database, org: Org,
                                                 tmp_path: Path) -> None:
    from hvdesk.model import Branch  # noqa: PLC0415
    from hvdesk.services import audit  # noqa: PLC0415

    admin = org.actors["admin"]
    with db.begin() as s:
        audit.bind_actor(s, admin)
        other = Branch(code="BJ01", name="北京", address="北京市", hotline="010-1")
        s.add(other)
        s.flush()
        customers.create_customer(s, db.cipher, admin, other.id, CustomerInput(
            name="赵六", id_number=id_number(1), phone=mobile(1), registered_address="北京市"))
    result = run_import(db, org.actors["coord1"], write_xlsx(tmp_path / "a.xlsx", [row(1)]))
    assert [r.reason for r in result.rejected] == [
        "身份证号码: this customer belongs to another branch"]


def test_cancel_leaves_nothing(db: Database, org: Org, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "big.csv", (row(i) for i in range(5000)))
    seen: list[str] = []

    def progress(stage: str, done: int, total: int) -> None:
        seen.append(stage)

    with pytest.raises(importing.ImportCancelled):
        run_import(db, org.actors["coord1"], path, progress=progress,
                   cancelled=lambda: seen.count("writing") > 1)
    assert count(db, Customer) == 0
    assert count(db, LoanAccount) == 0


def test_preview_outcomes_mask_numbers(db: Database, org: Org, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", mixed_rows())
    with db.session() as s:
        result = importing.import_customers(s, db.cipher, org.actors["coord1"], path,
                                            dry_run=True, outcome_limit=4, today=TODAY)
    assert [(o.row, o.outcome) for o in result.outcomes] == [
        (2, "new"), (3, "new"), (5, "rejected"), (6, "rejected")]
    first = result.outcomes[0]
    assert first.id_masked == id_number(1)[:6] + "********" + id_number(1)[-4:]
    assert first.phone_masked == "139****0001"


def test_header_recognition() -> None:
    headers = ["序号", " 客户姓名 ", "身份证号码", "联系电话", "户籍地址", "现居住地址",
               "合同号", "逾期金额（元）", "逾期天数", "合计逾期金额", "ID_NUMBER"]
    mapping = importing.guess_mapping(headers)
    assert mapping == {"name": 1, "id_number": 2, "phone": 3, "registered_address": 4,
                       "current_address": 5, "contract_no": 6, "overdue_amount": 7,
                       "days_past_due": 8}
    assert importing.recognise("Mobile Phone") == "phone"
    assert importing.recognise("现住址") == "current_address"


@pytest.mark.parametrize(("raw", "expected"), [
    ("12,345.60", Decimal("12345.60")), ("¥12,345.60", Decimal("12345.60")),
    ("￥１２３", Decimal("123.00")), (12345.6, Decimal("12345.60")), ("100元", Decimal("100.00")),
    (0, Decimal("0.00")),
])
def test_amounts(raw: object, expected: Decimal) -> None:
    assert clean_amount("principal", raw) == expected


@pytest.mark.parametrize(("raw", "message"), [
    ("-5", "must not be negative"), ("abc", "not an amount"), ("1e400", "is too large"),
    (True, "not an amount"),
])
def test_bad_amounts(raw: object, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        clean_amount("principal", raw)


@pytest.mark.parametrize("raw", ["2024-03-05", "2024/3/5", "20240305", "2024.3.5",
                                 "2024年3月5日", dt.datetime(2024, 3, 5, 0, 0),
                                 dt.date(2024, 3, 5), 45356, 20240305, "2024-03-05 00:00:00"])
def test_dates(raw: object) -> None:
    assert clean_date("last_payment_date", raw, today=TODAY) == dt.date(2024, 3, 5)


@pytest.mark.parametrize(("raw", "message"), [
    ("2024-13-01", "no such date"), ("2027-01-01", "in the future"), ("yesterday", "not a date"),
])
def test_bad_dates(raw: object, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        clean_date("last_payment_date", raw, today=TODAY)


def test_days_and_names() -> None:
    assert clean_days("days_past_due", "３０天") == 30
    assert clean_days("days_past_due", 12.0) == 12
    with pytest.raises(ValidationError, match="whole number"):
        clean_days("days_past_due", 1.5)
    assert clean_name(" 张　三 ") == "张三"
    assert clean_name("John  Smith") == "John Smith"
    assert clean_name("买买提·艾力") == "买买提·艾力"


def test_workbook_cells_dates_formulas_and_sheets(tmp_path: Path) -> None:
    from openpyxl import Workbook  # noqa: PLC0415

    book = Workbook()
    sheet = book.active
    sheet.title = "名单"
    book.create_sheet("空白")
    sheet.append(["姓名", "最近还款日期", "逾期金额", "公式", None])
    sheet.append(["张三", dt.date(2024, 3, 5), 12345.6, "=1+2"])
    sheet["B2"].number_format = "yyyy/m/d"
    sheet.append([None, None, None, None])
    sheet.append(["李四", dt.datetime(2024, 3, 5, 10, 30), 7, None])
    sheet.cell(6, 1, "王五")
    book.save(tmp_path / "n.xlsx")
    with importing.open_table(tmp_path / "n.xlsx") as table:
        assert table.headers == ["姓名", "最近还款日期", "逾期金额", "公式"]
        assert table.sheets == ["名单", "空白"]
        rows = list(table.rows())
    assert rows == [
        (2, ("张三", dt.date(2024, 3, 5), 12345.6, None)),
        (3, (None, None, None, None)),
        (4, ("李四", dt.datetime(2024, 3, 5, 10, 30), 7, None)),
        (6, ("王五", None, None, None)),
    ]
    with pytest.raises(ValidationError, match="no header row"):
        importing.open_table(tmp_path / "n.xlsx", sheet="空白")
    (tmp_path / "bad.xlsx").write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(ValidationError, match=r"cannot read bad\.xlsx as a workbook"):
        importing.open_table(tmp_path / "bad.xlsx")
    with pytest.raises(ValidationError, match=r"cannot import \.pdf files"):
        importing.open_table(tmp_path / "x.pdf")


def test_import_agrees_with_refresh_loan_summary(db: Database, org: Org, tmp_path: Path) -> None:
    actor = org.actors["coord1"]
    run_import(db, actor, write_xlsx(tmp_path / "a.xlsx", [row(1), row(2)]))
    run_import(db, actor, write_xlsx(tmp_path / "b.xlsx", [
        row(1, contract_no="HT-X", days_past_due=12, overdue_amount="99.5"),
        row(2, days_past_due=0, overdue_amount=0)]))
    with db.begin() as s:
        stored = {c.id: (c.days_past_due, c.overdue_amount) for c in s.scalars(select(Customer))}
        audit_bind = org.actors["coord1"]
        from hvdesk.services import audit  # noqa: PLC0415

        audit.bind_actor(s, audit_bind)
        for cid in stored:
            customers.refresh_loan_summary(s, cid)
        again = {c.id: (c.days_past_due, c.overdue_amount) for c in s.scalars(select(Customer))}
        assert not s.dirty or all(not s.is_modified(o) for o in s.dirty)
    assert again == stored
    assert sorted(stored.values()) == [(0, Decimal("0.00")), (35, Decimal("1299.50"))]


COLLECTIONS_HEADERS = ["客户姓名", "身份证号码", "手机号码", "户籍地址", "合同编号", "逾期天数",
                       "逾期金额(元)"]


def collections_row(i: int, **overrides: object) -> list[object]:
    full = dict(zip(HEADERS, row(i, **overrides), strict=True))
    return [full[h] for h in COLLECTIONS_HEADERS]


def test_collections_list_without_product_or_principal_columns(
    db: Database, org: Org, tmp_path: Path
) -> None:
    """Issue 16: name, ID, mobile, address, contract, days past due and overdue amount
    only: the valid customers are imported, their contracts stored as incomplete."""
    rows = [collections_row(1), collections_row(2), collections_row(3, phone="12345")]
    path = write_xlsx(tmp_path / "催收名单.xlsx", rows, headers=COLLECTIONS_HEADERS)
    result = run_import(db, org.actors["coord1"], path)
    assert result.summary.line() == "imported 2, updated 0, unchanged 0, rejected 1"
    with db.session() as s:
        loans = s.scalars(select(LoanAccount).order_by(LoanAccount.contract_no)).all()
        assert [loan.contract_no for loan in loans] == [row(1)[5], row(2)[5]]
        assert all(loan.incomplete and loan.product is None for loan in loans)
        assert loans[0].overdue_amount == Decimal("1200.00") and loans[0].days_past_due == 35


def test_imported_customers_are_placed_on_the_map(db: Database, org: Org,
                                                  tmp_path: Path) -> None:
    """The offline chain runs at import: the district of the registered address."""
    actor = org.actors["coord1"]
    run_import(db, actor, write_xlsx(tmp_path / "a.xlsx", [row(1)]))
    with db.session() as s:
        c = s.scalars(select(Customer)).one()
        assert c.location_precision is not None and c.location_precision.value == "district"
        assert c.location_source == "gazetteer:address"
        assert c.latitude == pytest.approx(30.64, abs=0.05)
        assert c.longitude == pytest.approx(104.04, abs=0.05)
    moved = row(1, registered_address="北京市朝阳区建国路1号")
    run_import(db, actor, write_xlsx(tmp_path / "b.xlsx", [moved]))
    with db.session() as s:
        c = s.scalars(select(Customer)).one()
        assert c.latitude == pytest.approx(39.92, abs=0.1)
