<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>CustomerExport</name>
    <message>
        <source>Export customers</source>
        <translation>导出客户</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>The export failed: {0}</source>
        <translation>导出失败：{0}</translation>
    </message>
</context>
<context>
    <name>ImportFilePage</name>
    <message>
        <source>Choose the file</source>
        <translation>选择文件</translation>
    </message>
    <message>
        <source>An Excel workbook (.xlsx) or a CSV file; the first non-empty row holds the column headers.</source>
        <translation>Excel 工作簿（.xlsx）或 CSV 文件；第一个非空行为列标题。</translation>
    </message>
    <message>
        <source>Path of an .xlsx or .csv file</source>
        <translation>.xlsx 或 .csv 文件的路径</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Detect automatically</source>
        <translation>自动识别</translation>
    </message>
    <message>
        <source>UTF-8</source>
        <translation>UTF-8</translation>
    </message>
    <message>
        <source>UTF-8 with BOM</source>
        <translation>UTF-8（带 BOM）</translation>
    </message>
    <message>
        <source>GB18030 / GBK (Chinese Excel)</source>
        <translation>GB18030 / GBK（中文版 Excel）</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <source>Sheet:</source>
        <translation>工作表：</translation>
    </message>
    <message>
        <source>Encoding:</source>
        <translation>编码：</translation>
    </message>
    <message>
        <source>Import into branch:</source>
        <translation>导入到网点：</translation>
    </message>
    <message>
        <source>Choose a file to import</source>
        <translation>选择要导入的文件</translation>
    </message>
    <message>
        <source>Spreadsheets (*.xlsx *.csv);;All files (*)</source>
        <translation>表格文件 (*.xlsx *.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>{0} columns, about {1} rows; text encoding {2}.</source>
        <translation>{0} 列，约 {1} 行；文本编码 {2}。</translation>
    </message>
    <message>
        <source>{0} columns, about {1} rows on sheet “{2}”.</source>
        <translation>{0} 列，约 {1} 行，工作表“{2}”。</translation>
    </message>
    <message>
        <source>{0} columns on sheet “{1}”.</source>
        <translation>{0} 列，工作表“{1}”。</translation>
    </message>
</context>
<context>
    <name>ImportMappingPage</name>
    <message>
        <source>Match the columns</source>
        <translation>匹配列</translation>
    </message>
    <message>
        <source>Choose the column that holds each field. Fields marked * are required; columns left unmatched are not imported.</source>
        <translation>为每个字段选择对应的列。带 * 的字段为必填；未匹配的列不会导入。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Resident ID number</source>
        <translation>身份证号码</translation>
    </message>
    <message>
        <source>Mobile number</source>
        <translation>手机号码</translation>
    </message>
    <message>
        <source>Registered address</source>
        <translation>户籍地址</translation>
    </message>
    <message>
        <source>Current address</source>
        <translation>现居住地址</translation>
    </message>
    <message>
        <source>Contract no.</source>
        <translation>合同编号</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <source>Principal</source>
        <translation>本金</translation>
    </message>
    <message>
        <source>Outstanding balance</source>
        <translation>剩余本金</translation>
    </message>
    <message>
        <source>Overdue amount</source>
        <translation>逾期金额</translation>
    </message>
    <message>
        <source>Days past due</source>
        <translation>逾期天数</translation>
    </message>
    <message>
        <source>Last payment date</source>
        <translation>最近还款日期</translation>
    </message>
    <message>
        <source>— not imported —</source>
        <translation>— 不导入 —</translation>
    </message>
    <message>
        <source>(column {0})</source>
        <translation>（第 {0} 列）</translation>
    </message>
    <message>
        <source>Still to match: {0}.</source>
        <translation>尚未匹配：{0}。</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>“{0}” and “{1}” use the same column.</source>
        <translation>“{0}”和“{1}”使用了同一列。</translation>
    </message>
    <message>
        <source>e.g. {0}</source>
        <translation>例：{0}</translation>
    </message>
</context>
<context>
    <name>ImportPreviewModel</name>
    <message>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
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
        <source>Mobile</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>new</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>update</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>无变化</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>拒绝</translation>
    </message>
</context>
<context>
    <name>ImportPreviewPage</name>
    <message>
        <source>Check the rows</source>
        <translation>检查数据行</translation>
    </message>
    <message>
        <source>Every row is checked against the database; nothing is saved yet. The table shows the first {0} rows.</source>
        <translation>每一行都已与数据库核对，但尚未保存任何内容。表格显示前 {0} 行。</translation>
    </message>
    <message>
        <source>Checking rows…</source>
        <translation>正在检查数据行…</translation>
    </message>
    <message>
        <source>{0} rows: {1} new, {2} to update, {3} unchanged, {4} rejected.</source>
        <translation>共 {0} 行：新增 {1}，更新 {2}，无变化 {3}，拒绝 {4}。</translation>
    </message>
    <message>
        <source>The file could not be checked: {0}</source>
        <translation>无法检查该文件：{0}</translation>
    </message>
</context>
<context>
    <name>ImportRunPage</name>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>All rows are saved together at the end: cancel, and nothing is changed.</source>
        <translation>所有行在最后一并保存：取消则不会做任何更改。</translation>
    </message>
    <message>
        <source>Cancel import</source>
        <translation>取消导入</translation>
    </message>
    <message>
        <source>Save rejected rows…</source>
        <translation>保存被拒绝的行…</translation>
    </message>
    <message>
        <source>Reading the file…</source>
        <translation>正在读取文件…</translation>
    </message>
    <message>
        <source>Saving customers…</source>
        <translation>正在保存客户…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>完成。</translation>
    </message>
    <message>
        <source>Imported {0}, updated {1}, unchanged {2}, rejected {3}.</source>
        <translation>新增 {0}，更新 {1}，无变化 {2}，拒绝 {3}。</translation>
    </message>
    <message>
        <source>Import cancelled: nothing was changed.</source>
        <translation>已取消导入：未做任何更改。</translation>
    </message>
    <message>
        <source>The import failed and nothing was changed: {0}</source>
        <translation>导入失败，未做任何更改：{0}</translation>
    </message>
    <message>
        <source>The import failed and nothing was changed.</source>
        <translation>导入失败，未做任何更改。</translation>
    </message>
    <message>
        <source>Save rejected rows</source>
        <translation>保存被拒绝的行</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Rejected rows saved to {0}.</source>
        <translation>被拒绝的行已保存到 {0}。</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>Import customers</source>
        <extracomment>The folder of the last chosen file, for the caller to remember.</extracomment>
        <translation>导入客户</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
</context>
</TS>
