"""The Chinese wording of every message code (:mod:`hvdesk.messages`), and of the
identifiers messages take as parameters (roles, permissions, statuses).

One entry per code, with the same placeholders as the English wording
(tests/test_messages.py checks both ways). Words follow docs/glossary.md.
"""

from __future__ import annotations

ZH: dict[str, str] = {
    # Administration (hvdesk/admin)
    "admin.user_name_needed": "请填写用户姓名",
    "admin.user_employee_no_needed": "请填写用户工号",
    "admin.no_user": "没有名为 {login!r} 的用户",
    "admin.own_admin_rights": "不能取消自己的管理员权限",
    "admin.role_needs_branch": "除管理员外，每个角色都须属于一个网点",
    "admin.no_branch_code": "没有代码为 {code!r} 的网点",
    "admin.may_not_see_branches": "{login}（{role}）无权查看网点",
    "admin.branch_field_needed": "请填写网点的{branch_field}",
    "admin.branch_field_too_long": "网点的{branch_field}超过 {limit} 个字符",
    "admin.unknown_zone": "未知时区 {zone!r}",
    "admin.window_ends_before_start": "时段的结束时间须晚于开始时间",
    "admin.branch_code_taken": "网点代码 {code!r} 已被使用",
    "admin.no_branch_id": "没有 ID 为 {id} 的网点",
    "admin.branch_stale": "网点 {code} 已被他人修改，请重新载入",
    "admin.restore_local_only":
        "此处只能恢复本机数据库；共享服务器请在服务器上用"
        " 'pg_restore --clean --dbname=DB FILE' 恢复",
    "admin.keep_one_backup": "每日备份至少保留一份",
    "admin.admin_name_needed": "请填写管理员姓名",
    "admin.admin_employee_no_needed": "请填写管理员工号",
    # The database, its key, backups and scope (hvdesk/database.py, backup.py, security/)
    "backup.desk_data_key":
        "本机没有该备份所属数据库的数据密钥：请用 --key-file 指定管理员导出的密钥文件（'hvdesk ke"
        "y export'）",
    "backup.data_key_does": "该数据密钥打不开这份备份（它属于另一个数据库，或属于更换密钥之前）",
    "backup.daily_backup_failed": "每日备份失败：{exc}",
    "backup.data_key_does2": "该数据密钥无法解密备份中的数据",
    "database.unsupported_database_parsed":
        "不支持的数据库 {parsed!r}：请使用 sqlite:/// 或 postgresql+psycopg://",
    "database.database_url_url": "不是数据库 URL：{url!r}",
    "database.postgresql_url_names": "PostgreSQL URL 中没有数据库名",
    "database.data_key_found":
        "为此数据库找到的数据密钥与之不符（是另一个数据库的密钥，或更换前的密钥？）：请用 'hvdesk"
        " key import' 导入正确的密钥",
    "database.data_key_rotation":
        "数据密钥更换被中断：请用 'hvdesk key rotate' 完成（由管理员执行，且没有其他电脑连接）",
    "database.key_does_belong": "该密钥不属于此数据库",
    "database.open_database_self": "无法打开数据库（{self}）：{reason}",
    "database.folder_database_url":
        "数据库 {url} 所在的文件夹不存在（{folder}）：请先创建，或指定其他文件",
    "demo.generator.database_already_data": "数据库中已有数据；演示数据只写入空数据库",
    "demo.generator.number_customers_negative": "客户数量不能为负数",
    "exporting.login_may_export":
        "{login} 不能导出所选客户中的 {outside} 位：他们属于其他网点或您无权查看；请从您自己的客"
        "户列表导出",
    "exporting.branch_code_branch": "没有代码为 {branch_code} 的网点",
    "geo.geocode.latitude_longitude_out": "纬度或经度超出范围",
    "geo.geocode.point_outside_china": "该点在中国境外",
    "scope.this_branch": "该网点",
    "scope.this_record": "该记录",
    "scope.record": "{kind} {ident}",
    "security.crypto.data_key_must": "数据密钥必须是 {KEY_BYTES} 字节，实际为 {count_key} 字节",
    "security.crypto.data_key_valid": "数据密钥不是有效的 base64 文本",
    "security.crypto.stored_binding_encrypted":
        "存储的{binding}是用另一个数据密钥加密的：数据密钥与此数据库不符",
    "security.crypto.decrypt_stored_binding":
        "无法解密存储的{binding}：数据密钥与此数据库不符，或该值已被改动",
    "security.keys.data_key_database":
        "没有数据库 {database_id} 的数据密钥：请设置 {ENV_KEY}，或用 'hvdesk key import' 导入同事"
        "用 'hvdesk key export' 导出的密钥",
    "security.pg_setup.init_server_shared":
        "init-server 用于共享的 PostgreSQL；SQLite 由操作系统账户保护",
    "security.pg_setup.init_server_needs": "init-server 需要数据库所有者的 URL，而不是用户的登录",
    "security.rotation.other_sessions_connected":
        "还有其他会话连接着此数据库：请关闭其他电脑上的程序（见 pg_stat_activity），然后重新运行 "
        "'hvdesk key rotate'",
    "security.rotation.env_key_set":
        "已设置 {ENV_KEY}：更换密钥时新密钥保存在密钥环或密钥文件中。请在不设置 {ENV_KEY} 的情况"
        "下运行（先用 'hvdesk key import' 保存密钥），然后把 'hvdesk key export' 导出的新密钥设为"
        " {ENV_KEY}",
    "security.rotation.data_key_desk":
        "本机的数据密钥与此数据库不符：更换前请先用 'hvdesk key import' 导入正确的密钥",
    "security.rotation.new_key_interrupted":
        "被中断的密钥更换所用的新密钥不在本机：请在开始更换的那台电脑上完成",
    "security.rotation.pending_key_desk":
        "本机待用的密钥不是被中断的更换所用的密钥：请在开始更换的那台电脑上完成",
    "security.rotation.another_desk_database":
        "另一台电脑正打开着此数据库：请关闭所有使用它的 hvdesk 窗口和命令，然后重新运行 'hvdesk k"
        "ey rotate'",
    "security.rotation.rotation_job_disappeared": "密钥更换任务已从数据库中消失；请重新运行",
    "security.scope.login_role_belongs": "{login}（{role}）不属于任何网点：请管理员设置",
    "security.scope.login_works_another":
        "{login} 属于其他网点：{what}不归您查看；请联系该网点的协调员",
    "security.scope.login_may_open": "{login} 只能打开本人的走访：走访 {id} 属于其他小组",
    "security.scope.login_belongs_branch": "{login} 不属于任何网点：无权安排",
    "security.scope.login_may_open2": "{login} 不能打开其他网点的客户",
    "security.scope.login_may_open3": "{login} 只能打开待审核报告的客户：客户 {id} 没有走访报告",
    "security.scope.login_may_open4": "{login} 只能打开本人走访的客户：客户 {id} 不在其中",
    # The command line (hvdesk/cli)
    "cli.interrupted": "hvdesk：已中断",
    "cli.database_error": "hvdesk：数据库错误：{reason}",
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
    # The command line (hvdesk/cli)
    "cli.admin_cmds.init_server_shared":
        "init-server 用于共享的 PostgreSQL 数据库；SQLite 文件由操作系统账户保护（见 README）",
    "cli.admin_cmds.database_current_schema":
        "数据库结构不是当前版本：请先用所有者的 URL 运行 'hvdesk db upgrade'",
    "cli.admin_cmds.audit_chain_broken": "审计链已断开：{problem}",
    "cli.admin_cmds.two_passwords_differ": "两次输入的密码不一致",
    "cli.admin_cmds.first_user_database": "数据库的第一个用户必须是管理员（--role admin）",
    "cli.admin_cmds.app_password_password": "这不是 {password_of!r} 的应用密码",
    "cli.admin_cmds.anchor_value_r": "--anchor {value!r}：既不是 COUNT:HASH，也不是可读取的文件",
    "cli.admin_cmds.anchor_value_file": "--anchor {value}：文件中没有 COUNT:HASH 行",
    "cli.backup_cmds.restore_puts_back":
        "restore 只恢复本地数据库；共享服务器请在服务器上用 'pg_restore --clean --dbname=DB FILE'"
        " 恢复",
    "cli.backup_cmds.restored_confirm_yes": "未恢复：请用 --yes 确认（当前数据库会保留在旁边）",
    "cli.backup_cmds.desk_data_key":
        "本机没有该备份所属数据库的数据密钥：请用 --key-file 指定管理员导出的密钥（'hvdesk key ex"
        "port'）",
    "cli.backup_cmds.daily_backup_local":
        "每日备份只用于本地数据库；共享服务器在服务器上备份（pg_dump）",
    "cli.common.command_acts_user":
        "此命令需以某个用户身份执行：用 --as USER（或 HVDESK_USER）指定用户并提供密码，或先用 'hv"
        "desk login' 登录",
    "cli.common.database_db_current":
        "数据库（{db}）结构不是当前版本：请先运行 'hvdesk db upgrade'",
    "cli.common.upgrading_database_needs": "升级此数据库需要管理员：用 --as USER 指定",
    "cli.common.password_stdin_standard": "--password-stdin：标准输入为空",
    "cli.common.shared_database_takes":
        "共享数据库要求每个用户自行登录：用 --as USER（或 HVDESK_USER）指定用户",
    "cli.common.login_needs_login":
        "--as {login} 需要 {login} 的密码：在提示处输入、用 --password-stdin 管道传入、设置 {ENV_"
        "PASSWORD}（自动化），或使用 'hvdesk login'",
    "cli.data_cmds.db_already_holds":
        "{db} 已有非演示数据；演示数据只写入空数据库：请用 --db sqlite:///路径/demo.db 指定新数据"
        "库",
    "cli.map_cmd.route_of": "，{day} 的路线",
    "cli.map_cmd.wrote_cells":
        "已写入 {html}（{cells} 个网格计数{routes}：客户超过 {limit:,} 位，无法逐个绘制；"
        "请用 --region、--dpd 或 --search 缩小范围以查看每位客户；资源在 {assets}/）",
    "cli.map_cmd.wrote": "已写入 {html}（{points} 位客户{routes}；资源在 {assets}/）",
    # The map's legend and controls (hvdesk/cli/map_cmd.py legend())
    "map.title": "客户",
    "map.state_none": "未安排走访",
    "map.state_planned": "已安排走访",
    "map.state_notified": "已通知",
    "map.state_visited": "已走访",
    "map.state_do_not_visit": "勿访",
    "map.approx": "大致位置（区县中心）",
    "map.ring": "深色外圈：逾期天数（越粗越久）",
    "map.cells": "带数字的圆圈：该区域的客户数（橙色：逾期客户占比）",
    "map.hint": "Shift + 拖动：框选区域",
    "map.dpd": "逾期天数",
    "map.customers": "客户",
    "map.route": "当天路线",
    "map.boundaries": "行政区界",
    "map.drag": "拖到客户住址",
    "cli.map_cmd.team_needs_date": "--team 需要同时指定 --date（要绘制路线的日期）",
    "cli.rights_cmds.set_wants_field": "--set 的格式是 字段=值，而不是 {item!r}",
    "cli.session_cmds.name_user_hvdesk": "请指定用户：hvdesk login 用户名",
    "cli.session_cmds.database_set_up": "数据库尚未初始化：请运行 'hvdesk db upgrade'",
    # Documents (hvdesk/documents)
    "documents.briefing.no_visits_team": "{day} 用户 {lead_id} 带队的小组没有走访",
    "documents.briefing.no_visits": "{day} 没有任何小组的走访",
    "documents.briefing.user_id_lead": "没有 ID 为 {lead_id} 的用户",
    "documents.briefing.user_login_employee": "没有登录名或工号为 {text!r} 的用户",
    "documents.common.login_may_print":
        "{login} 只能打印本人参与的走访简报；走访 {id} 属于其他小组",
    "documents.common.unknown_document_kind": "未知的文档类型 {kind!r}",
    "documents.common.unknown_output_action": "未知的输出方式 {action!r}",
    "documents.schedules.login_may_print":
        "{login} 只能打印本人所在小组的周计划：该周没有由 {login2} 带队、且其参与的走访",
    "documents.visit_report.visit_id_visit": "没有 ID 为 {visit_id} 的走访",
    "documents.visit_report.visit_visit_id": "走访 {visit_id} 还没有报告",
    # Import files and runs (hvdesk/importing)
    "importing.guard.name_value_larger": "{name} 大小为 {value}，超过本次导入允许的 {value2}",
    "importing.guard.name_sheet_claims": "{name}：工作表声明的范围无效（{value}）",
    "importing.guard.name_sheet_claims2":
        "{name}：工作表声称延伸到单元格 {value}，超出 Excel 的上限（XFD1048576）——文件已损坏或被"
        "恶意构造",
    "importing.guard.name_sheet_columns":
        "{name}：工作表有 {columns} 列（到 {value}）；导入最多接受 {columns2} 列——请删除空列后重"
        "新保存",
    "importing.guard.name_sheet_rows": "{name}：工作表有 {rows} 行；本次导入最多接受 {rows2} 行",
    "importing.guard.name_table_texts": "{name}：其文本表解压后为 {value}，超过 {value2}",
    "importing.guard.name_table_texts2":
        "{name}：其文本表声称有 {value:,} 条，超过 {shared_strings:,} 条",
    "importing.guard.name_text_file": "{name} 不是文本文件（含有二进制数据）",
    "importing.guard.name_zip_file":
        "{name} 是 zip 文件（可能是 .xlsx），不是文本：请改正文件扩展名",
    "importing.guard.name_text_file2": "{name} 不是文本文件（含有 NUL 字符）",
    "importing.guard.read_name_strerror": "无法读取 {name}：{strerror}",
    "importing.guard.workbook_damaged_filename": "工作簿已损坏（{filename}：{exc}）",
    "importing.guard.read_name_workbook":
        "无法把 {name} 作为工作簿读取：它不是 zip 文件，而每个 .xlsx 都是",
    "importing.guard.name_holds_count": "{name} 含有 {count_infos} 个部件：不是工作簿",
    "importing.guard.name_unpacks_value": "{name} 解压后为 {value}，超过本次导入允许的 {value2}",
    "importing.guard.name_enc_text": "{name} 不是 {enc} 编码的文本：请另存为 UTF-8（或选择其编码）",
    "importing.guard.name_part_filename":
        "{name}：部件 {filename} 从 {value2} 解压为 {value}——按压缩炸弹拒绝",
    "importing.writer.another_desk_changed":
        "导入期间另一台电脑修改了其中部分记录（共 {value} 条）；本次未导入任何数据，请重新导入",
    # Notices (hvdesk/notices)
    "notices.receipts.name_needs_columns": "{name} 需要 id 和 status 两列",
    "notices.receipts.name_must_hold": "{name} 必须是回执列表",
    "notices.receipts.name_entry_line":
        "{name} 第 {line} 条：status 必须是 delivered、failed 或 reply",
    "notices.receipts.name_receipts_csv": "{name} 不是回执 CSV 文件：{exc}",
    "notices.receipts.name_valid_json": "{name} 不是有效的 JSON",
    "notices.receipts.name_json_nested": "{name}：JSON 嵌套过深，不是回执",
    "notices.receipts.name_entry_line2": "{name} 第 {line} 条：时间无效",
    "notices.sending.unknown_sms_gateway": "未知的短信网关 {gateway!r}",
    "notices.sending.give_sending_time": "发送时间须带时区",
    "notices.sending.outbox_folder_set": "未设置发件文件夹：请在通知设置中选择",
    "notices.sending.gateway_url_set": "未设置网关地址：请在通知设置中填写",
    "notices.sending.token_sms_gateway": "没有短信网关令牌：请在通知设置中保存",
    "notices.sending.another_desk_sending": "另一台电脑正在发送这些通知；请重新加载通知",
    "notices.sending.notice_id_nid": "没有 ID 为 {nid} 的通知",
    "notices.sending.send_results_could":
        "发送结果未能保存（走访仍在变动）；请再次发送：不会重复发出",
    "notices.service.draft_edited_notice": "只能编辑草稿；该通知的状态是 {status}",
    "notices.service.message_empty": "短信内容为空",
    "notices.service.message_longer_than": "短信内容超过 {MAX_TEXT} 个字符",
    "notices.service.status_notice_cancelled": "{status}的通知已发出，不能取消",
    "notices.service.visit_id_vid": "没有 ID 为 {vid} 的走访",
    "notices.service.notice_notice_id": "通知 {notice_id} 已在另一台电脑上被修改；请重新加载通知",
    "notices.settings.signature_company_name": "签名是公司名称，2 到 20 个字符",
    "notices.settings.gateway_one_choices": "网关只能是以下之一：{choices}",
    "notices.settings.http_gateway_needs": "http 网关需要填写地址",
    "notices.settings.outbox_not_absolute":
        "发件箱文件夹须为完整路径、驱动器上的文件夹或网络共享（\\\\服务器\\共享\\文件夹）",
    "notices.settings.forbidden_word_most": "禁用词最多 30 个字符",
    "notices.settings.login_notice_settings":
        "{login}：通知设置适用于本数据库的所有网点；请联系管理员修改",
    "notices.settings.system_keyring_keep":
        "系统没有可保存短信网关令牌的密钥环：请改为设置 {ENV_TOKEN}",
    "notices.settings.gateway_url_must": "网关地址必须以 https:// 开头",
    "notices.settings.gateway_url_host": "网关地址缺少主机名",
    "notices.settings.system_keyring_refused": "系统密钥环拒绝保存令牌（{error}）",
    "notices.views.notice_id_notice": "没有 ID 为 {notice_id} 的通知",
    # Visit priorities (hvdesk/priorities)
    "priorities.backtest.end_date_before": "结束日期早于开始日期",
    "priorities.backtest.replay_most_year": "回测最长一年",
    "priorities.service.login_role_may": "{login}（{role}）无权查看走访优先级",
    "priorities.service.name_branch_whose": "请指定要查看优先级的网点",
    # Data subjects' rights (hvdesk/rights)
    "rights.corrections.say_why_data": "请说明更正数据的原因",
    "rights.corrections.requested_one_choices": "申请人只能是以下之一：{choices}",
    "rights.corrections.nothing_correct": "没有需要更正的内容",
    "rights.export.say_why_copy": "请说明制作副本的原因（例如客户本人申请）",
    "rights.scope.customer_id_customer": "没有 ID 为 {customer_id} 的客户",
    # Scheduling (hvdesk/scheduling)
    "scheduling.autoplan.login_works_another":
        "{login} 属于其他网点：所选客户中有 {value} 位不归您安排；请从您自己的列表中选择",
    "scheduling.autoplan.visits_days_need": "走访数和天数必须为正数",
    "scheduling.consent.give_recording": "请填写通话录音的编号",
    "scheduling.consent.give_sms_reply": "请填写短信回复的编号（通知编号或网关编号）",
    "scheduling.consent.reference_most_characters": "凭证编号最多 200 个字符",
    "scheduling.consent.give_consent_time": "同意时间须带时区",
    "scheduling.consent.consent_given_future": "同意时间不能在将来",
    "scheduling.consent.consent_older_than": "客户同意已超过 90 天：请重新征得同意",
    "scheduling.consent.consent_must_given": "客户须在走访之前同意",
    "scheduling.consent.name_active_staff": "请指定记录同意的在岗员工",
    "scheduling.consent.login_works_another": "{login} 属于其他网点",
    "scheduling.consent.say_how_customer": "请说明客户如何表示同意：{choices}",
    "scheduling.context.branch_id_branch": "没有 ID 为 {branch_id} 的网点",
    "scheduling.context.user_id_value": "没有 ID 为 {value} 的用户",
    "scheduling.context.customer_id_value": "没有 ID 为 {value} 的客户",
    "scheduling.dayroute.login_may_open": "{login} 只能打开本人当天的路线",
    "scheduling.dayroute.visits_user_user": "用户 {user_id} 没有走访",
    "scheduling.dayroute.visit_vid_status": "走访 {vid} 的状态是{status}",
    "scheduling.guards.login_role_may":
        "{login}（{role}）无权越过排程规则（{choices}）：需要“{permission}”权限",
    "scheduling.guards.login_team_visit": "{login} 不在走访 {visit_id} 的小组中",
    "scheduling.guards.visit_visit_id":
        "走访 {visit_id} 在您加载后已在另一台电脑上被修改；请重新加载日历",
    "scheduling.guards.give_times_time": "时间须带时区",
    "scheduling.guards.visit_changed_another": "该走访已在另一台电脑上被修改；请重新加载日历",
    "scheduling.guards.visit_visit_id2": "走访 {visit_id} 已在另一台电脑上被修改；请重新加载日历",
    "scheduling.leave.user_id_user": "没有 ID 为 {user_id} 的用户",
    "scheduling.leave.give_reason_leave": "请填写请假原因",
    "scheduling.leave.leave_ends_before": "请假结束时间早于开始时间",
    "scheduling.leave.leave_id_leave": "没有 ID 为 {leave_id} 的请假记录",
    "scheduling.listing.login_role_may":
        "{login}（{role}）只能导出本人的走访：请把自己指定为小组（导出他人的需要“{permission}”权"
        "限）",
    "scheduling.listing.user_named_login": "没有名为 {login!r} 的用户",
    "scheduling.service.say_why_visit": "请说明取消走访的原因",
    "scheduling.service.use_status_action": "请使用“{status}”操作，而不是 set_status",
    "scheduling.service.login_role_may":
        "{login}（{role}）无权在夜间休息时段安排走访：需要“{permission}”权限",
    "scheduling.service.visit_quiet_hours":
        "在夜间休息时段走访须记录客户同意：方式（短信回复、通话录音、当面）、时间和记录人",
    # Customers, users, sign-in (hvdesk/services)
    "services.auth.user_login_r": "用户 {login!r} 已停用",
    "services.connect.database_version_s":
        "数据库结构与本版本不符：请 IT 人员用所有者的 URL 运行 'hvdesk db upgrade'",
    "services.context.login_role_may": "{login}（{role}）无权执行此操作：需要“{permission}”权限",
    "services.customer_file.note_empty": "备注为空",
    "services.customer_file.note_longer_than": "备注超过 {NOTE_MAX_CHARS} 个字符",
    "services.customer_file.note_needs_signed": "备注需要已登录的作者",
    "services.customer_file.choose_branch_customer": "请选择客户所属的网点",
    "services.customer_file.give_reason_clearing": "请填写取消“勿访”的原因",
    "services.customer_list.page_holds_max": "每页 1 到 {MAX_PAGE} 行",
    "services.customer_list.page_after_before": "只能从游标之后或之前翻页，不能同时",
    "services.customer_list.offset_negative": "偏移量不能为负数",
    "services.customers.name_empty": "姓名为空",
    "services.customers.name_longer_than": "姓名超过 50 个字符",
    "services.customers.give_reason_do": "请填写“勿访”的原因",
    "services.customers.customer_id_number": "已有相同身份证号的客户",
    "services.customers.edit_choices": "不能编辑 {choices}",
    "services.customers.reveal_id_number": "只能查看完整的身份证号或手机号",
    "services.customers.registered_address_empty": "户籍地址为空",
    "services.customers.customer_customer_id":
        "客户 {customer_id} 在您编辑期间已被他人修改；请重新加载后再次修改",
    "services.customers.say_why_you": "请说明需要查看完整号码的原因",
    "services.list_query.region_digit_code": "地区是 2、4 或 6 位的代码前缀",
    "services.saved_filters.saved_filters_belong": "保存的筛选属于已登录的用户",
    "services.saved_filters.give_filter_name": "请为筛选命名",
    "services.saved_filters.filter_name_most": "筛选名称最多 100 个字符",
    "services.saved_filters.saved_filter_filter": "没有保存的筛选 {filter_id}",
    "services.sessions.sign_first": "请先登录",
    "services.users.password_needs_least": "密码至少需要 {MIN_PASSWORD} 个字符",
    "services.users.login_must_ascii": "登录名只能是不含空格的英文字母或数字",
    "services.users.login_login_r": "登录名 {login!r} 已被使用",
    "services.users.employee_number_employee": "工号 {employee_no!r} 已被使用",
    "services.users.you_disable_your": "不能停用自己的账户",
    "services.users.every_role_but": "除管理员外，每个角色都属于一个网点",
    "services.users.branch_code_branch": "没有代码为 {branch_code!r} 的网点",
    # Visit reports, feedback, promises (hvdesk/visitreports)
    "visitreports.access.report_id_returned": "报告 {id} 已退回给其小组：由小组成员修改",
    "visitreports.access.login_role_may":
        "{login}（{role}）无权填写走访报告：需要“{permission}”权限",
    "visitreports.access.login_may_read": "{login} 无权阅读走访 {id} 的报告",
    "visitreports.access.visit_report_id": "没有 ID 为 {report_id} 的走访报告",
    "visitreports.access.report_report_id":
        "报告 {report_id} 在您打开后已在另一台电脑上保存；请重新加载",
    "visitreports.access.login_team_visit": "{login} 不在走访 {id} 的小组中",
    "visitreports.access.report_report_id2": "报告 {report_id} 已在另一台电脑上保存；请重新加载",
    "visitreports.attachments.name_empty": "{name} 是空文件",
    "visitreports.attachments.name_larger_than": "{name} 超过 {value} MB；请发送较小的照片",
    "visitreports.attachments.name_jpeg_png": "{name}：只接受 JPEG、PNG 或 WebP 照片",
    "visitreports.attachments.report_holds_most": "每份报告最多 {MAX_PER_REPORT} 张照片",
    "visitreports.attachments.name_already_attached": "{name} 已经添加过",
    "visitreports.attachments.attachment_id_attachment": "没有 ID 为 {attachment_id} 的附件",
    "visitreports.attachments.attachment_attachment_id": "附件 {attachment_id} 与其哈希值不符",
    "visitreports.attachments.name_photo_read": "{name} 不是可读取的照片",
    "visitreports.attachments.name_claims_width":
        "{name} 声称有 {width}×{height} 像素；照片最多 {value} 百万像素",
    "visitreports.convert.choose_value_from": "请选择 1 到 5 之间的值",
    "visitreports.convert.number_people_may": "人数不能为负数",
    "visitreports.convert.give_time_time": "时间须带时区",
    "visitreports.convert.unknown_checklist_items": "未知的检查项：{choices}",
    "visitreports.convert.give_amount_yuan": "请填写以元为单位的金额，例如 1200.00",
    "visitreports.costs.login_role_may": "{login}（{role}）无权查看走访费用",
    "visitreports.costs.may_negative": "不能为负数",
    "visitreports.costs.give_number": "请填写数字",
    "visitreports.costs.login_may_set": "{login} 只能设置网点的默认值",
    "visitreports.dashboard.group_week_team": "只能按周、小组或网点分组",
    "visitreports.dashboard.period_ends_before": "期间的结束早于开始",
    "visitreports.dashboard.choose_period_most": "请选择最长三年的期间",
    "visitreports.feedback.login_role_may":
        "{login}（{role}）无权处理投诉：需要“{permission}”权限或是该投诉的负责人",
    "visitreports.feedback.login_role_may2": "{login}（{role}）无权记录客户反馈",
    "visitreports.feedback.channel_must_one": "渠道只能是以下之一：{choices}",
    "visitreports.feedback.satisfaction_from": "满意度为 1 到 5",
    "visitreports.feedback.visit_visit_id":
        "走访 {visit_id} 的状态是{status}：反馈只针对已完成的走访",
    "visitreports.feedback.answer_empty": "回复为空",
    "visitreports.feedback.name_who_owns": "请指定投诉负责人",
    "visitreports.feedback.complaint_owner_active": "投诉负责人不是在用的用户",
    "visitreports.feedback.complaint_owner_works": "投诉负责人属于其他网点",
    "visitreports.feedback.due_date_past": "截止日期已过",
    "visitreports.feedback.complaint_case_id": "没有 ID 为 {case_id} 的投诉",
    "visitreports.feedback.complaint_case_id2": "投诉 {case_id} 已在另一台电脑上被修改；请重新加载",
    "visitreports.feedback.complaint_case_id3": "投诉 {case_id} 已经是{status}",
    "visitreports.feedback.write_how_complaint": "请写明投诉如何处理",
    "visitreports.feedback.upheld_complaint_stops": "只有成立的投诉才能停止走访",
    "visitreports.feedback.login_may_mark": "{login} 无权把客户标记为勿访",
    "visitreports.promises.repayment_reference_already": "还款 {reference} 已经登记",
    "visitreports.promises.repayment_must_more": "还款金额必须大于零",
    "visitreports.promises.amount_value": "不是金额：{value}",
    "visitreports.promises.date_value": "不是日期：{value}",
    "visitreports.service.say_what_must": "退回报告前请说明需要修改什么",
    "visitreports.service.say_why_approved": "请说明修订已批准报告的原因",
    "visitreports.service.login_visit_visit":
        "{login} 参加了走访 {visit_id}：须由另一位审核员审核其报告（四眼原则）",
    "visitreports.service.login_wrote_report":
        "{login} 撰写了报告 {report_id}：须由另一位审核员审核（四眼原则）",
}

_STATUS = {
    # Visits
    "planned": "已计划", "notified": "已通知", "confirmed": "已确认", "in_progress": "进行中",
    "completed": "已完成", "cancelled": "已取消", "no_show": "未见到客户", "rescheduled": "已改期",
    # Notices and reports
    "draft": "草稿", "queued": "待发送", "sent": "已发送", "delivered": "已送达",
    "failed": "发送失败",
    "submitted": "已提交", "approved": "已批准", "returned": "已退回",
    # Complaints
    "open": "处理中", "resolved": "已办结", "upheld": "成立", "rejected": "不成立",
}
#: Identifiers a message takes as parameters, in Chinese, by parameter name.
TERMS: dict[str, dict[str, str]] = {
    "branch_field": {"code": "代码", "name": "名称", "address": "地址", "hotline": "服务电话"},
    "role": {"admin": "管理员", "coordinator": "协调员", "visitor": "走访人员",
             "reviewer": "审核员", "manager": "经理"},
    "permission": {
        "customer.view": "查看客户", "customer.edit": "编辑客户",
        "pii.full_view": "查看完整个人信息",
        "pii.full_view_with_reason": "说明原因后查看完整个人信息",
        "visit.schedule": "安排走访", "notice.send": "发送通知",
        "report.write": "填写走访报告", "report.review": "审核走访报告",
        "dashboard.view": "查看管理看板", "rule.override": "越过排程规则",
        "user.manage": "管理用户",
        "settings.manage": "管理设置", "key.manage": "管理数据密钥", "data.import": "导入数据",
        "data.export": "导出数据", "print": "打印", "audit.view": "查看审计日志",
    },
    "status": _STATUS,
    "kind": {"customer": "客户", "visit": "走访", "user": "用户", "branch": "网点"},
}
