"""Messages from the core as codes with parameters, put into words at the edge.

The core raises ``ValidationError(field, msg("idcard.check", "check character
should be {expected}", expected="X"))``: a code, the English wording (what
``str()`` gives: logs, tests) and the parameters. The Qt shell and the CLI
render it in the user's language with :func:`render` — Simplified Chinese by
default, English second (issue 16: import rejections and CLI errors were
English in a Chinese app). The Chinese wording lives in :data:`ZH`, one entry
per code; tests/test_messages.py checks every code the core uses has one with
the same parameters.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

DEFAULT_LANGUAGE = "zh_CN"
#: The CLI's language: ``en`` for English, anything else (or unset) Chinese.
ENV_LANGUAGE = "HVDESK_LANG"


@dataclass(frozen=True, slots=True)
class Msg:
    code: str
    en: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.en.format(**self.params)

    def render(self, language: str = DEFAULT_LANGUAGE) -> str:
        if is_english(language):
            return str(self)
        template = ZH.get(self.code)
        return template.format(**self.params) if template else str(self)


def msg(code: str, en: str, /, **params: Any) -> Msg:
    return Msg(code, en, params)


def is_english(language: str) -> bool:
    return language.lower().startswith("en")


def cli_language() -> str:
    return os.environ.get(ENV_LANGUAGE) or DEFAULT_LANGUAGE


def render(value: object, language: str = DEFAULT_LANGUAGE) -> str:
    """A message, an exception carrying one, or plain text, in ``language``."""
    if isinstance(value, Msg):
        return value.render(language)
    if isinstance(value, BaseException) and value.args and isinstance(value.args[0], Msg):
        return value.args[0].render(language)
    return str(value)


ZH: dict[str, str] = {
    # The command line (hvdesk/cli)
    "cli.gui_elsewhere": "桌面程序请用 'hvdesk' 命令启动（或 'python -m ui.launch'）；"
                         "'python -m hvdesk' 只运行其他命令",
    # ID numbers (hvdesk/idcard.py)
    "idcard.empty": "身份证号为空",
    "idcard.old_digits": "15 位身份证号只能是数字",
    "idcard.length": "身份证号应为 18 位，实际 {count} 位",
    "idcard.characters": "身份证号只能是数字，末位可为 X",
    "idcard.no_such_date": "出生日期不存在：{year:04d}-{month:02d}-{day:02d}",
    "idcard.future_birth": "出生日期 {birth} 在今天之后",
    "idcard.too_old": "出生年份 {year} 早于 1900 年",
    "idcard.province": "不存在代码为 {code} 的省份",
    "idcard.check": "校验码应为 {expected}",
    # Mobile numbers (hvdesk/phone.py)
    "phone.empty": "手机号为空",
    "phone.foreign": "不是中国大陆手机号：境外国家代码",
    "phone.several": "只填一个手机号，不要填多个",
    "phone.characters": "手机号只能是数字",
    "phone.landline": "不是手机号：可能是座机",
    "phone.length": "手机号应为 11 位，实际 {count} 位",
    "phone.start": "手机号应以 13–19 开头",
    "phone.prefix": "没有运营商使用号段 {prefix}",
    # Cells of an import (hvdesk/importing/cleaning.py)
    "cell.name_empty": "姓名为空",
    "cell.too_long": "超过 {limit} 个字符",
    "cell.not_amount": "不是金额",
    "cell.negative": "不能为负数",
    "cell.too_large": "数值过大",
    "cell.not_days": "不是整数天数",
    "cell.days_too_many": "超过 100 年",
    "cell.date_future": "{day} 在今天之后",
    "cell.date_too_old": "{day} 过于久远",
    "cell.no_such_date": "日期不存在：{year:04d}-{month:02d}-{day:02d}",
    "cell.not_date": "不是日期（请写成 2024-03-05、2024/3/5 或 20240305）",
    "cell.address_empty": "户籍地址为空",
    "cell.id_as_number": "身份证号被存成了数字，末几位已丢失：请把该列设为文本格式后重新填写",
    # Rows of an import (hvdesk/importing/service.py)
    "import.loan_without_contract": "填写了贷款信息但没有合同编号",
    "import.repeated_id": "与第 {row} 行的身份证号相同",
    "import.repeated_contract": "与第 {row} 行的合同编号相同",
    "import.contract_of_another": "该合同编号属于另一位客户",
    "import.no_branch": "请指定导入到哪个网点（--branch 网点代码）",
    "import.unknown_branch": "没有代码为 {code!r} 的网点",
    "import.own_branch_only": "{login} 只能导入到自己的网点（{own}）",
    "import.missing_columns": "缺少以下列：{columns}",
    "import.raced": "导入期间另一台电脑新增了其中部分客户或合同：本次未导入任何数据，请重新导入",
    "import.other_branch": "该客户属于另一个网点",
    # Import files (hvdesk/importing/reader.py)
    "file.kind": "不能导入 {suffix} 文件：请使用 .xlsx 或 .csv",
    "file.missing": "文件不存在：{name}",
    "file.no_header": "文件没有表头行（文件为空）",
    "file.unreadable": "无法读取 {name}：{reason}",
    "file.csv_line": "{name} 第 {line} 行：{reason}",
    "file.not_workbook": "无法把 {name} 作为工作簿读取：{reason}",
    "file.no_sheet_named": "工作簿中没有名为 {sheet} 的工作表",
    "file.no_sheets": "{name} 中没有工作表",
}
