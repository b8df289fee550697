<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CustomerListModel</name>
    <message>
        <source>Visit value</source>
        <translation>走访预期价值</translation>
    </message>
    <message>
        <source>planned</source>
        <translation>已排访</translation>
    </message>
    <message>
        <source>notified</source>
        <translation>已通知</translation>
    </message>
    <message>
        <source>confirmed</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>Registered district</source>
        <translation>户籍地区</translation>
    </message>
    <message>
        <source>Days past due</source>
        <translation>逾期天数</translation>
    </message>
    <message>
        <source>Overdue amount</source>
        <translation>逾期金额</translation>
    </message>
    <message>
        <source>Next visit</source>
        <translation>下次走访</translation>
    </message>
    <message>
        <source>Do not visit</source>
        <translation>勿访</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>更新时间</translation>
    </message>
</context>
<context>
    <name>CustomerListPage</name>
    <message>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <source>More than {0} customers</source>
        <translation>超过 {0} 位客户</translation>
    </message>
    <message>
        <source>{0} customers</source>
        <translation>共 {0} 位客户</translation>
    </message>
    <message>
        <source>Save current filter…</source>
        <translation>保存当前筛选…</translation>
    </message>
    <message>
        <source>Delete saved filter</source>
        <translation>删除已存筛选</translation>
    </message>
    <message>
        <source>Save filter</source>
        <translation>保存筛选</translation>
    </message>
    <message>
        <source>Name of the filter:</source>
        <translation>筛选名称：</translation>
    </message>
    <message>
        <source>Delete the saved filter “{0}”?</source>
        <translation>删除已保存的筛选“{0}”？</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>Name, pinyin initials, last 4 of phone or ID, contract no.</source>
        <translation>姓名、拼音首字母、手机或身份证后4位、合同号</translation>
    </message>
    <message>
        <source>Search customers (Ctrl+F)</source>
        <translation>搜索客户（Ctrl+F）</translation>
    </message>
    <message>
        <source>Any days past due</source>
        <translation>逾期天数不限</translation>
    </message>
    <message>
        <source>{0} days past due</source>
        <translation>逾期 {0} 天</translation>
    </message>
    <message>
        <source>Any next visit</source>
        <translation>下次走访不限</translation>
    </message>
    <message>
        <source>No visit planned</source>
        <translation>未排访</translation>
    </message>
    <message>
        <source>Visit planned</source>
        <translation>已排访</translation>
    </message>
    <message>
        <source>Customer notified</source>
        <translation>已通知客户</translation>
    </message>
    <message>
        <source>Visit confirmed</source>
        <translation>已确认走访</translation>
    </message>
    <message>
        <source>Visitable or not</source>
        <translation>勿访不限</translation>
    </message>
    <message>
        <source>Do not visit</source>
        <translation>勿访</translation>
    </message>
    <message>
        <source>Visitable</source>
        <translation>可走访</translation>
    </message>
    <message>
        <source>All provinces</source>
        <translation>全部省份</translation>
    </message>
    <message>
        <source>All cities</source>
        <translation>全部城市</translation>
    </message>
    <message>
        <source>All districts</source>
        <translation>全部区县</translation>
    </message>
    <message>
        <source>Saved filters</source>
        <translation>已存筛选</translation>
    </message>
</context>
<context>
    <name>CustomerCommands</name>
    <message>
        <source>&amp;New customer…</source>
        <translation>新建客户(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Open customer file</source>
        <translation>打开客户档案(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Import customers…</source>
        <translation>导入客户(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Export customers (masked)…</source>
        <translation>导出客户（脱敏）(&amp;E)…</translation>
    </message>
    <message>
        <source>Export customers with &amp;full data…</source>
        <translation>导出客户完整信息(&amp;F)…</translation>
    </message>
    <message>
        <source>Export customers</source>
        <translation>导出客户</translation>
    </message>
    <message>
        <source>No customers match the current filter.</source>
        <translation>没有符合当前筛选条件的客户。</translation>
    </message>
    <message numerus="yes">
        <source>Export %Ln customer(s) to a file outside hvdesk?</source>
        <translation>
            <numerusform>要将 %Ln 位客户导出到 hvdesk 之外的文件吗？</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln customer(s) to {0}</source>
        <translation>
            <numerusform>已导出 %Ln 位客户到 {0}</numerusform>
        </translation>
    </message>
</context>
</TS>
