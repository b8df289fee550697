<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ChartCard</name>
    <message>
        <source>Chart</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>表格</translation>
    </message>
    <message>
        <source>The exact figures behind the chart; Ctrl+C copies them</source>
        <translation>图表背后的精确数字；按 Ctrl+C 复制</translation>
    </message>
    <message>
        <source>Nothing in this period</source>
        <translation>本期间没有数据</translation>
    </message>
</context>
<context>
    <name>ComplaintsModel</name>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>立案日期</translation>
    </message>
    <message>
        <source>Complaint</source>
        <translation>投诉内容</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>处理期限</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Overdue: the case was due to be resolved by {0}</source>
        <translation>已逾期：本案应于 {0} 前处理完毕</translation>
    </message>
    <message>
        <source>{0} (overdue)</source>
        <translation>{0}（已逾期）</translation>
    </message>
    <message>
        <source>{0} · do not visit</source>
        <translation>{0} · 勿访</translation>
    </message>
</context>
<context>
    <name>ComplaintsTab</name>
    <message>
        <source>Show resolved cases</source>
        <translation>显示已结案件</translation>
    </message>
    <message>
        <source>Resolve…</source>
        <translation>结案…</translation>
    </message>
    <message>
        <source>{0} open cases</source>
        <translation>{0} 件未结投诉</translation>
    </message>
    <message>
        <source>{0}, {1} overdue</source>
        <translation>{0}，其中 {1} 件逾期</translation>
    </message>
</context>
<context>
    <name>CostDefaultsDialog</name>
    <message>
        <source>Cost defaults</source>
        <translation>成本默认值</translation>
    </message>
    <message>
        <source>Used for visits whose costs nobody entered, and to prefill the form.</source>
        <translation>用于未录入成本的走访，并预填成本表单。</translation>
    </message>
    <message>
        <source>Transport per km:</source>
        <translation>每公里交通费：</translation>
    </message>
    <message>
        <source>Staff cost per hour:</source>
        <translation>每小时人工成本：</translation>
    </message>
    <message>
        <source>Other expenses per visit:</source>
        <translation>每次走访其他费用：</translation>
    </message>
    <message>
        <source>Extra hours per person:</source>
        <translation>每人附加工时：</translation>
    </message>
    <message>
        <source> h</source>
        <translation> 小时</translation>
    </message>
    <message>
        <source>Travel and paperwork added to each visit's length</source>
        <translation>在每次走访时长之外另计的路途和文书时间</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>CostsDialog</name>
    <message>
        <source>Visit costs</source>
        <translation>走访成本</translation>
    </message>
    <message>
        <source>Costs of the visit to {0}</source>
        <translation>走访 {0} 的成本</translation>
    </message>
    <message>
        <source>Not saved yet: the figures are the branch defaults and the day's route.</source>
        <translation>尚未保存：以下数字来自网点默认值和当天路线。</translation>
    </message>
    <message>
        <source>Distance:</source>
        <translation>里程：</translation>
    </message>
    <message>
        <source>Transport:</source>
        <translation>交通费：</translation>
    </message>
    <message>
        <source>Staff hours:</source>
        <translation>人工工时：</translation>
    </message>
    <message>
        <source>Other expenses:</source>
        <translation>其他费用：</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>备注：</translation>
    </message>
    <message>
        <source>Total:</source>
        <translation>合计：</translation>
    </message>
    <message>
        <source> km</source>
        <translation> 公里</translation>
    </message>
    <message>
        <source> h</source>
        <translation> 小时</translation>
    </message>
    <message>
        <source>¥{0} per km unless typed in</source>
        <translation>除非手动填写，按每公里 ¥{0} 计算</translation>
    </message>
    <message>
        <source>Person-hours of the whole team</source>
        <translation>整个小组的人工工时</translation>
    </message>
    <message>
        <source>Tolls, parking, a taxi… (optional)</source>
        <translation>过路费、停车费、出租车…（选填）</translation>
    </message>
    <message>
        <source>Defaults…</source>
        <translation>默认值…</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>¥{0} (staff ¥{1} at ¥{2} per hour)</source>
        <translation>¥{0}（人工 ¥{1}，每小时 ¥{2}）</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>Dashboard</source>
        <translation>管理看板</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Read the figures again (F5)</source>
        <translation>重新读取数据（F5）</translation>
    </message>
    <message>
        <source>Export .xlsx…</source>
        <translation>导出 .xlsx…</translation>
    </message>
    <message>
        <source>Write the figures on screen to an Excel workbook</source>
        <translation>将屏幕上的数字写入 Excel 工作簿</translation>
    </message>
    <message>
        <source>Cost defaults…</source>
        <translation>成本默认值…</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>期间：</translation>
    </message>
    <message>
        <source>Group by:</source>
        <translation>分组：</translation>
    </message>
    <message>
        <source>Figures</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Complaints</source>
        <translation>投诉</translation>
    </message>
    <message>
        <source>Promises to pay</source>
        <translation>还款承诺</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>走访</translation>
    </message>
    <message>
        <source>Met the customer</source>
        <translation>见到客户</translation>
    </message>
    <message>
        <source>Reports awaiting review</source>
        <translation>待审核报告</translation>
    </message>
    <message>
        <source>Promises kept</source>
        <translation>承诺履约率</translation>
    </message>
    <message>
        <source>Cost per visit (¥)</source>
        <translation>每次走访成本（¥）</translation>
    </message>
    <message>
        <source>Mean satisfaction (1–5)</source>
        <translation>平均满意度（1–5）</translation>
    </message>
    <message>
        <source>Last 4 weeks</source>
        <translation>最近 4 周</translation>
    </message>
    <message>
        <source>Last 8 weeks</source>
        <translation>最近 8 周</translation>
    </message>
    <message>
        <source>Last 13 weeks</source>
        <translation>最近 13 周</translation>
    </message>
    <message>
        <source>Last 26 weeks</source>
        <translation>最近 26 周</translation>
    </message>
    <message>
        <source>Last 52 weeks</source>
        <translation>最近 52 周</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>周</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>小组</translation>
    </message>
    <message>
        <source>Branch</source>
        <translation>网点</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>All branches</source>
        <translation>全部网点</translation>
    </message>
    <message>
        <source>{0} · {1} to {2}</source>
        <translation>{0} · {1} 至 {2}</translation>
    </message>
    <message>
        <source>As of {0}</source>
        <translation>截至 {0}</translation>
    </message>
    <message>
        <source>Export dashboard</source>
        <translation>导出管理看板</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Dashboard written to {0}</source>
        <translation>管理看板已写入 {0}</translation>
    </message>
    <message>
        <source>Could not write the file: {0}</source>
        <translation>无法写入文件：{0}</translation>
    </message>
    <message>
        <source>Reports with proof-of-visit flags</source>
        <translation>有核查标记的报告</translation>
    </message>
</context>
<context>
    <name>DashboardTexts</name>
    <message>
        <source>Met customer</source>
        <translation>见到客户</translation>
    </message>
    <message>
        <source>Met family member</source>
        <translation>见到家属</translation>
    </message>
    <message>
        <source>Nobody home</source>
        <translation>无人在家</translation>
    </message>
    <message>
        <source>Address invalid</source>
        <translation>地址无效</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>拒绝沟通</translation>
    </message>
    <message>
        <source>Moved away</source>
        <translation>已搬离</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>待到期</translation>
    </message>
    <message>
        <source>Kept</source>
        <translation>已履约</translation>
    </message>
    <message>
        <source>Partly kept</source>
        <translation>部分履约</translation>
    </message>
    <message>
        <source>Broken</source>
        <translation>已违约</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>处理中</translation>
    </message>
    <message>
        <source>Upheld</source>
        <translation>投诉成立</translation>
    </message>
    <message>
        <source>Not upheld</source>
        <translation>投诉不成立</translation>
    </message>
    <message>
        <source>Phone call</source>
        <translation>电话回访</translation>
    </message>
    <message>
        <source>SMS reply</source>
        <translation>短信回复</translation>
    </message>
</context>
<context>
    <name>DueModel</name>
    <message>
        <source>Unpaid</source>
        <translation>未还金额</translation>
    </message>
    <message>
        <source>Promised and not yet paid</source>
        <translation>已承诺但尚未归还的金额</translation>
    </message>
</context>
<context>
    <name>FeedbackDialog</name>
    <message>
        <source>Customer feedback</source>
        <translation>客户反馈</translation>
    </message>
    <message>
        <source>Feedback from {0}</source>
        <translation>{0} 的反馈</translation>
    </message>
    <message>
        <source>Visit of {0}</source>
        <translation>走访时间 {0}</translation>
    </message>
    <message>
        <source>{0} feedback already recorded for this visit; saving adds another.</source>
        <translation>本次走访已有 {0} 条反馈；保存将再添加一条。</translation>
    </message>
    <message>
        <source>Channel:</source>
        <translation>渠道：</translation>
    </message>
    <message>
        <source>SMS reply:</source>
        <translation>短信回复：</translation>
    </message>
    <message>
        <source>Satisfaction:</source>
        <translation>满意度：</translation>
    </message>
    <message>
        <source>Felt respected:</source>
        <translation>感到被尊重：</translation>
    </message>
    <message>
        <source>Comment:</source>
        <translation>意见：</translation>
    </message>
    <message>
        <source>Paste the reply, e.g. 5 是 很好</source>
        <translation>粘贴客户回复，例如 5 是 很好</translation>
    </message>
    <message>
        <source>Read reply</source>
        <translation>读取回复</translation>
    </message>
    <message>
        <source>1 very dissatisfied · 5 very satisfied</source>
        <translation>1 非常不满意 · 5 非常满意</translation>
    </message>
    <message>
        <source>Not asked</source>
        <translation>未询问</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>What the customer said (optional)</source>
        <translation>客户的原话（选填）</translation>
    </message>
    <message>
        <source>This is a complaint</source>
        <translation>这是一起投诉</translation>
    </message>
    <message>
        <source>Complaint case</source>
        <translation>投诉案件</translation>
    </message>
    <message>
        <source>Complaint:</source>
        <translation>投诉内容：</translation>
    </message>
    <message>
        <source>Owner:</source>
        <translation>负责人：</translation>
    </message>
    <message>
        <source>Due:</source>
        <translation>处理期限：</translation>
    </message>
    <message>
        <source>What the customer complains about</source>
        <translation>客户投诉的内容</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Write what the customer complains about.</source>
        <translation>请填写客户投诉的内容。</translation>
    </message>
</context>
<context>
    <name>FigureBuilder</name>
    <message>
        <source>Week</source>
        <translation>周</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>小组</translation>
    </message>
    <message>
        <source>Branch</source>
        <translation>网点</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>走访数</translation>
    </message>
    <message>
        <source>Visits by status</source>
        <translation>走访状态</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>报告数</translation>
    </message>
    <message>
        <source>Visit outcomes</source>
        <translation>走访结果</translation>
    </message>
    <message>
        <source>From the visit reports of the period</source>
        <translation>来自本期间已提交的走访报告</translation>
    </message>
    <message>
        <source>Under 1 day</source>
        <translation>不足 1 天</translation>
    </message>
    <message>
        <source>1–3 days</source>
        <translation>1–3 天</translation>
    </message>
    <message>
        <source>3–7 days</source>
        <translation>3–7 天</translation>
    </message>
    <message>
        <source>7 days or more</source>
        <translation>7 天及以上</translation>
    </message>
    <message>
        <source>Awaiting review</source>
        <translation>待审核</translation>
    </message>
    <message>
        <source>Oldest (days)</source>
        <translation>最久（天）</translation>
    </message>
    <message>
        <source>Reports awaiting review</source>
        <translation>待审核报告</translation>
    </message>
    <message>
        <source>By how long they have waited</source>
        <translation>按等待时长</translation>
    </message>
    <message>
        <source>Promises kept</source>
        <translation>履约承诺</translation>
    </message>
    <message>
        <source>Promises due</source>
        <translation>已到期承诺</translation>
    </message>
    <message>
        <source>Kept</source>
        <translation>已履约</translation>
    </message>
    <message>
        <source>Kept rate</source>
        <translation>履约率</translation>
    </message>
    <message>
        <source>Promise-kept rate</source>
        <translation>承诺履约率</translation>
    </message>
    <message>
        <source>Promises to pay whose date has passed, kept in full</source>
        <translation>已到期的还款承诺中全额履约的比例</translation>
    </message>
    <message>
        <source>Per visit</source>
        <translation>每次走访</translation>
    </message>
    <message>
        <source>Per successful contact</source>
        <translation>每次成功接触</translation>
    </message>
    <message>
        <source>Costed visits</source>
        <translation>计费走访</translation>
    </message>
    <message>
        <source>Total cost</source>
        <translation>总成本</translation>
    </message>
    <message>
        <source>Successful contacts</source>
        <translation>成功接触</translation>
    </message>
    <message>
        <source>Per contact</source>
        <translation>每次接触</translation>
    </message>
    <message>
        <source>Cost per visit (¥)</source>
        <translation>每次走访成本（¥）</translation>
    </message>
    <message>
        <source>A successful contact is a visit where the customer or family was met</source>
        <translation>成功接触指见到客户本人或家属的走访</translation>
    </message>
    <message>
        <source>Mean satisfaction (1–5)</source>
        <translation>平均满意度（1–5）</translation>
    </message>
    <message>
        <source>Complaints</source>
        <translation>投诉</translation>
    </message>
    <message>
        <source>Feedback</source>
        <translation>反馈数</translation>
    </message>
    <message>
        <source>Mean satisfaction</source>
        <translation>平均满意度</translation>
    </message>
    <message>
        <source>Satisfaction and complaints</source>
        <translation>满意度与投诉</translation>
    </message>
    <message>
        <source>Post-visit feedback; complaints on the right axis</source>
        <translation>走访后反馈；投诉数见右侧坐标轴</translation>
    </message>
    <message>
        <source>Post-visit feedback; complaints on the top axis</source>
        <translation>走访后反馈；投诉数见上方坐标轴</translation>
    </message>
</context>
<context>
    <name>FollowUps</name>
    <message>
        <source>Promised ¥{0} by {1}; ¥{2} paid. Due a follow-up visit.</source>
        <translation>承诺于 {1} 前还款 ¥{0}，已还 ¥{2}。需要跟进走访。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Dashboard</source>
        <translation>管理看板</translation>
    </message>
</context>
<context>
    <name>PromisesModel</name>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Promised on</source>
        <translation>承诺日期</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>承诺金额</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>到期日</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>已还金额</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>PromisesTab</name>
    <message>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <source>All promises</source>
        <translation>全部承诺</translation>
    </message>
    <message>
        <source>Record repayment…</source>
        <translation>登记还款…</translation>
    </message>
    <message>
        <source>Import repayments…</source>
        <translation>导入还款…</translation>
    </message>
    <message>
        <source>A .csv or .xlsx with the columns contract_no, amount, paid_on and optionally reference</source>
        <translation>含 contract_no、amount、paid_on 列（可选 reference 列）的 .csv 或 .xlsx 文件</translation>
    </message>
    <message numerus="yes">
        <source>%n promise(s)</source>
        <translation>
            <numerusform>%n 条承诺</numerusform>
        </translation>
    </message>
    <message>
        <source>Import repayments</source>
        <translation>导入还款</translation>
    </message>
    <message>
        <source>Repayment files (*.csv *.xlsx)</source>
        <translation>还款文件 (*.csv *.xlsx)</translation>
    </message>
    <message>
        <source>{0} rows read: {1} repayments added, {2} already known, {3} refused.</source>
        <translation>读取 {0} 行：新增还款 {1} 笔，已存在 {2} 笔，拒绝 {3} 行。</translation>
    </message>
    <message>
        <source>row {0}: {1}</source>
        <translation>第 {0} 行：{1}</translation>
    </message>
</context>
<context>
    <name>RepaymentDialog</name>
    <message>
        <source>Record repayment</source>
        <translation>登记还款</translation>
    </message>
    <message>
        <source>Repayment by {0}</source>
        <translation>{0} 的还款</translation>
    </message>
    <message>
        <source>Promised ¥{0} by {1}; ¥{2} paid so far.</source>
        <translation>承诺于 {1} 前还款 ¥{0}；目前已还 ¥{2}。</translation>
    </message>
    <message>
        <source>Amount:</source>
        <translation>金额：</translation>
    </message>
    <message>
        <source>Paid on:</source>
        <translation>还款日期：</translation>
    </message>
    <message>
        <source>Reference:</source>
        <translation>流水号：</translation>
    </message>
    <message>
        <source>Bank or receipt reference (optional)</source>
        <translation>银行流水号或收据号（选填）</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>登记</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>ResolveComplaintDialog</name>
    <message>
        <source>Resolve complaint</source>
        <translation>投诉结案</translation>
    </message>
    <message>
        <source>Complaint from {0}</source>
        <translation>{0} 的投诉</translation>
    </message>
    <message>
        <source>Owner {0} · due {1}</source>
        <translation>负责人 {0} · 期限 {1}</translation>
    </message>
    <message>
        <source>Finding:</source>
        <translation>结论：</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>说明：</translation>
    </message>
    <message>
        <source>Customer:</source>
        <translation>客户：</translation>
    </message>
    <message>
        <source>Upheld</source>
        <translation>投诉成立</translation>
    </message>
    <message>
        <source>Not upheld</source>
        <translation>投诉不成立</translation>
    </message>
    <message>
        <source>What was found and what was done (required)</source>
        <translation>调查结果和处理措施（必填）</translation>
    </message>
    <message>
        <source>Mark the customer do-not-visit</source>
        <translation>将客户标记为勿访</translation>
    </message>
    <message>
        <source>No visit can be planned for the customer until the mark is removed.</source>
        <translation>取消标记之前，不能为该客户安排走访。</translation>
    </message>
    <message>
        <source>Resolve</source>
        <translation>结案</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Do not visit</source>
        <translation>勿访</translation>
    </message>
    <message>
        <source>Mark {0} do-not-visit?</source>
        <translation>将 {0} 标记为勿访？</translation>
    </message>
    <message>
        <source>Planned visits must then be cancelled and no new visit can be planned. The change is recorded in the audit trail.</source>
        <translation>已计划的走访需要取消，且不能再安排新的走访。此更改将记入审计日志。</translation>
    </message>
    <message>
        <source>Mark do-not-visit</source>
        <translation>标记为勿访</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
</context>
<context>
    <name>UnscheduledPane</name>
    <message>
        <source>Broken promises ({0})</source>
        <translation>违约承诺（{0}）</translation>
    </message>
    <message>
        <source>Customers who broke a promise to pay: due a follow-up visit</source>
        <translation>未履行还款承诺的客户：需要跟进走访</translation>
    </message>
</context>
<context>
    <name>VisitDetailsDialog</name>
    <message>
        <source>Record feedback…</source>
        <translation>登记反馈…</translation>
    </message>
    <message>
        <source>The customer's answers to the post-visit survey (completed visits)</source>
        <translation>客户对走访后回访的答复（仅限已完成的走访）</translation>
    </message>
    <message>
        <source>Costs…</source>
        <translation>成本…</translation>
    </message>
</context>
</TS>
