<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AutoPlanDialog</name>
    <message>
        <source>Best expected value per hour first</source>
        <translation>按每小时预期价值优先安排</translation>
    </message>
    <message>
        <source>Fill each team's day with the visits expected to change most, travel included (the reasons are in the unscheduled list); untick for the longest overdue first.</source>
        <translation>按预期效果（含路程）为每个小组的一天安排走访，理由见待排客户列表；取消勾选则按逾期最久优先。</translation>
    </message>
    <message>
        <source>Order:</source>
        <translation>排序：</translation>
    </message>
    <message>
        <source>Auto-plan</source>
        <translation>自动排访</translation>
    </message>
    <message>
        <source>Propose visits</source>
        <translation>生成走访建议</translation>
    </message>
    <message>
        <source>Visits for {0} customers are proposed per team, respecting every rule; nothing is saved until you accept the proposal.</source>
        <translation>将按小组为 {0} 位客户建议走访安排，遵守全部规则；在您接受建议之前不会保存任何内容。</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>开始日期：</translation>
    </message>
    <message>
        <source>To:</source>
        <translation>结束日期：</translation>
    </message>
    <message>
        <source>Propose</source>
        <translation>生成建议</translation>
    </message>
</context>
<context>
    <name>CalendarCanvas</name>
    <message>
        <source>No visits on this rest day: click to open it</source>
        <translation>休息日无走访：点击展开</translation>
    </message>
    <message>
        <source>{0} visits</source>
        <translation>{0} 次走访</translation>
    </message>
    <message>
        <source>Travel from the previous stop: {0} min, {1} km</source>
        <translation>距上一站路程：{0} 分钟，{1} 公里</translation>
    </message>
</context>
<context>
    <name>CalendarEditor</name>
    <message>
        <source>Change the length of the visit with {0}</source>
        <translation>调整{0}的走访时长</translation>
    </message>
    <message>
        <source>Give the visit with {0} to another team</source>
        <translation>将{0}的走访改派给其他小组</translation>
    </message>
    <message>
        <source>Move the visit with {0}</source>
        <translation>移动{0}的走访</translation>
    </message>
    <message>
        <source>The visit no longer exists.</source>
        <translation>该走访已不存在。</translation>
    </message>
    <message>
        <source>The visit was not moved:</source>
        <translation>走访未能移动：</translation>
    </message>
    <message>
        <source>Override</source>
        <translation>例外放行</translation>
    </message>
    <message>
        <source>This breaks rules that may be overridden with a reason:</source>
        <translation>此操作违反以下可凭理由放行的规则：</translation>
    </message>
    <message>
        <source>Reason (audited):</source>
        <translation>理由（将记入审计日志）：</translation>
    </message>
    <message>
        <source>Drop the customers onto a team's column (the day view, or a team's lane in the week view).</source>
        <translation>请将客户拖放到某个小组的列上（日视图中的小组列，或周视图中小组所在的泳道）。</translation>
    </message>
    <message>
        <source>Visits planned: {0}.</source>
        <translation>已排定走访：{0} 次。</translation>
    </message>
    <message>
        <source>The visit with {0} was cancelled.</source>
        <translation>{0}的走访已取消。</translation>
    </message>
    <message>
        <source>The route was not saved:</source>
        <translation>路线未能保存：</translation>
    </message>
    <message>
        <source>The {0} stops of {1} are numbered in route order.</source>
        <translation>已按路线顺序为{1}的 {0} 个站点编号。</translation>
    </message>
    <message>
        <source>Proposed visits accepted: {0}.</source>
        <translation>已接受建议走访：{0} 次。</translation>
    </message>
    <message>
        <source>Not planned: {0}</source>
        <translation>未能排定：{0}</translation>
    </message>
</context>
<context>
    <name>CalendarPage</name>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在载入…</translation>
    </message>
    <message>
        <source>{0} visits</source>
        <translation>{0} 次走访</translation>
    </message>
    <message>
        <source>Planning…</source>
        <translation>正在生成建议…</translation>
    </message>
    <message>
        <source>{0} visits proposed: nothing is saved until you accept them.</source>
        <translation>已建议 {0} 次走访：接受之前不会保存。</translation>
    </message>
    <message>
        <source>Calendar (*.ics)</source>
        <translation>日历文件 (*.ics)</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>{0} visits written to {1}</source>
        <translation>已将 {0} 次走访写入 {1}</translation>
    </message>
</context>
<context>
    <name>CalendarPaint</name>
    <message>
        <source>{0} min · {1} km</source>
        <translation>{0} 分钟 · {1} 公里</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>排路线</translation>
    </message>
</context>
<context>
    <name>CalendarTexts</name>
    <message>
        <source>Planned</source>
        <translation>已计划</translation>
    </message>
    <message>
        <source>Notified</source>
        <translation>已通知</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>No-show</source>
        <translation>未见到客户</translation>
    </message>
    <message>
        <source>Rescheduled</source>
        <translation>已改期</translation>
    </message>
    <message>
        <source>Pre-loan check</source>
        <translation>贷前核实</translation>
    </message>
    <message>
        <source>Post-loan review</source>
        <translation>贷后回访</translation>
    </message>
    <message>
        <source>Overdue follow-up</source>
        <translation>逾期跟进</translation>
    </message>
    <message>
        <source>Customer care</source>
        <translation>客户关怀</translation>
    </message>
    <message>
        <source>SMS draft</source>
        <translation>短信草稿</translation>
    </message>
    <message>
        <source>SMS queued</source>
        <translation>短信排队中</translation>
    </message>
    <message>
        <source>SMS sent</source>
        <translation>短信已发送</translation>
    </message>
    <message>
        <source>SMS delivered</source>
        <translation>短信已送达</translation>
    </message>
    <message>
        <source>SMS failed</source>
        <translation>短信发送失败</translation>
    </message>
    <message>
        <source>SMS cancelled</source>
        <translation>短信已取消</translation>
    </message>
    <message>
        <source>New Year's Day</source>
        <translation>元旦</translation>
    </message>
    <message>
        <source>Spring Festival</source>
        <translation>春节</translation>
    </message>
    <message>
        <source>Spring Festival Eve</source>
        <translation>除夕</translation>
    </message>
    <message>
        <source>Tomb-sweeping Day</source>
        <translation>清明节</translation>
    </message>
    <message>
        <source>Labour Day</source>
        <translation>劳动节</translation>
    </message>
    <message>
        <source>Dragon Boat Festival</source>
        <translation>端午节</translation>
    </message>
    <message>
        <source>National Day</source>
        <translation>国庆节</translation>
    </message>
    <message>
        <source>Mid-autumn Festival</source>
        <translation>中秋节</translation>
    </message>
    <message>
        <source>Victory Day (2015)</source>
        <translation>抗战胜利纪念日</translation>
    </message>
</context>
<context>
    <name>CalendarToolbar</name>
    <message>
        <source>Calendar</source>
        <translation>走访日历</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>上一页</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一页</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>周</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月</translation>
    </message>
    <message>
        <source>Teams</source>
        <translation>按小组</translation>
    </message>
    <message>
        <source>Visitors</source>
        <translation>按走访人员</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Calendar file (.ics)…</source>
        <translation>日历文件 (.ics)…</translation>
    </message>
    <message>
        <source>Schedule workbook (.xlsx)…</source>
        <translation>排程表 (.xlsx)…</translation>
    </message>
    <message>
        <source>Reload (F5)</source>
        <translation>重新载入 (F5)</translation>
    </message>
    <message>
        <source>dddd, MMMM d, yyyy</source>
        <translation>yyyy年M月d日 dddd</translation>
    </message>
    <message>
        <source>MMM d</source>
        <translation>M月d日</translation>
    </message>
    <message>
        <source>MMM d, yyyy</source>
        <translation>yyyy年M月d日</translation>
    </message>
    <message>
        <source>MMMM yyyy</source>
        <translation>yyyy年M月</translation>
    </message>
    <message>
        <source>All teams</source>
        <translation>全部小组</translation>
    </message>
    <message>
        <source>All visitors</source>
        <translation>全部走访人员</translation>
    </message>
</context>
<context>
    <name>CalendarViolations</name>
    <message>
        <source>The visit must end after it starts ({start}–{end}).</source>
        <translation>走访结束时间必须晚于开始时间（{start}–{end}）。</translation>
    </message>
    <message>
        <source>The visit {start}–{end} falls in the quiet hours 22:00–08:00 local time; only the customer's recorded agreement allows a visit then.</source>
        <translation>走访时间 {start}–{end} 落在当地时间 22:00–08:00 的夜间休息时段；只有记录在案的客户同意才允许在此时段走访。</translation>
    </message>
    <message>
        <source>The visit {start}–{end} is outside the branch's visiting hours {window_start}–{window_end}.</source>
        <translation>走访时间 {start}–{end} 超出本网点的走访时段 {window_start}–{window_end}。</translation>
    </message>
    <message>
        <source>{date} is a public holiday ({holiday}); no visits unless overridden.</source>
        <translation>{date} 是法定节假日（{holiday}）；除非例外放行，否则不安排走访。</translation>
    </message>
    <message>
        <source>The customer is marked 'do not visit': {reason}.</source>
        <translation>该客户已标记为“勿访”：{reason}。</translation>
    </message>
    <message>
        <source>The customer belongs to another branch.</source>
        <translation>该客户属于其他网点。</translation>
    </message>
    <message>
        <source>A home visit needs at least {minimum} active visitors of the branch; this team has {count}.</source>
        <translation>上门走访至少需要本网点 {minimum} 名在岗走访人员；该小组只有 {count} 名。</translation>
    </message>
    <message>
        <source>{visitor} is not a field visitor.</source>
        <translation>{visitor} 不是外访人员。</translation>
    </message>
    <message>
        <source>{visitor}'s account is disabled.</source>
        <translation>{visitor} 的账号已停用。</translation>
    </message>
    <message>
        <source>{visitor} belongs to another branch.</source>
        <translation>{visitor} 属于其他网点。</translation>
    </message>
    <message>
        <source>{visitor} is on leave from {leave_start} to {leave_end}.</source>
        <translation>{visitor} 在 {leave_start} 至 {leave_end} 期间休假。</translation>
    </message>
    <message>
        <source>{visitor}: already in visit {other} from {other_start} to {other_end}.</source>
        <translation>{visitor}：{other_start} 至 {other_end} 已有走访 {other}。</translation>
    </message>
    <message>
        <source>{visitor}: booked for the same time by another desk a moment ago; reload the calendar.</source>
        <translation>{visitor}：刚刚已被其他坐席安排在同一时间；请重新载入日历。</translation>
    </message>
    <message>
        <source>{visitor}: about {needed} minutes are needed to travel {km} km between visit {other} and this one, but there are only {gap} minutes.</source>
        <translation>{visitor}：走访 {other} 与本次走访相距 {km} 公里，路上约需 {needed} 分钟，但间隔只有 {gap} 分钟。</translation>
    </message>
    <message>
        <source>The customer would get {count} visits within 30 days (around {date}); the branch allows {maximum}.</source>
        <translation>该客户在 30 天内（{date} 前后）将被走访 {count} 次；本网点最多允许 {maximum} 次。</translation>
    </message>
    <message>
        <source>The visit starts in {hours} hours; the SMS notice must go out at least {lead} hours before the visit.</source>
        <translation>走访将在 {hours} 小时后开始；短信通知须在走访前至少 {lead} 小时发出。</translation>
    </message>
    <message>
        <source>The visit cannot be completed before its visit report is submitted (report: {report}).</source>
        <translation>走访报告提交之前不能将走访标记为完成（报告：{report}）。</translation>
    </message>
    <message>
        <source>A {status} visit cannot be {action}.</source>
        <translation>状态为“{status}”的走访不能执行“{action}”。</translation>
    </message>
    <message>
        <source>No team of two active visitors is available.</source>
        <translation>没有由两名在岗走访人员组成的小组可用。</translation>
    </message>
    <message>
        <source>No free slot for a team in the date range.</source>
        <translation>所选日期范围内没有小组有空闲时段。</translation>
    </message>
</context>
<context>
    <name>DueModel</name>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>District</source>
        <translation>区县</translation>
    </message>
    <message>
        <source>DPD</source>
        <translation>逾期天数</translation>
    </message>
    <message>
        <source>Days past due</source>
        <translation>逾期天数（DPD）</translation>
    </message>
    <message>
        <source>Amount overdue</source>
        <translation>逾期未还金额</translation>
    </message>
    <message>
        <source>Last visit: {0}</source>
        <translation>上次走访：{0}</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>逾期金额</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>预期价值</translation>
    </message>
    <message>
        <source>Expected value of a visit: what it is expected to recover, less its cost</source>
        <translation>走访的预期价值：预计带来的回款减去走访成本</translation>
    </message>
</context>
<context>
    <name>MonthView</name>
    <message>
        <source>visits</source>
        <translation>次走访</translation>
    </message>
</context>
<context>
    <name>ProposalPanel</name>
    <message>
        <source>Proposed visits</source>
        <translation>建议的走访</translation>
    </message>
    <message>
        <source>Accept all</source>
        <translation>全部接受</translation>
    </message>
    <message>
        <source>Accept checked</source>
        <translation>接受勾选项</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>放弃</translation>
    </message>
    <message>
        <source>{0} visits proposed</source>
        <translation>共建议 {0} 次走访</translation>
    </message>
    <message>
        <source>Not placed:</source>
        <translation>未能安排：</translation>
    </message>
</context>
<context>
    <name>UnscheduledPane</name>
    <message>
        <source>Due a visit</source>
        <translation>待走访客户</translation>
    </message>
    <message>
        <source>Filter by name or district</source>
        <translation>按姓名或区县筛选</translation>
    </message>
    <message>
        <source>No visit in the last</source>
        <translation>最近未走访</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>Auto-plan selected…</source>
        <translation>自动排访所选客户…</translation>
    </message>
    <message>
        <source>Propose visits for the selected customers (all shown if none is selected)</source>
        <translation>为所选客户生成走访建议（未选择时为列表中全部客户）</translation>
    </message>
    <message>
        <source>{0} customers</source>
        <translation>{0} 位客户</translation>
    </message>
</context>
<context>
    <name>VisitDetailsDialog</name>
    <message>
        <source>Visit</source>
        <translation>走访</translation>
    </message>
    <message>
        <source>Time:</source>
        <translation>时间：</translation>
    </message>
    <message>
        <source>Team:</source>
        <translation>小组：</translation>
    </message>
    <message>
        <source>Purpose:</source>
        <translation>目的：</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <source>Notice:</source>
        <translation>通知：</translation>
    </message>
    <message>
        <source>No SMS yet</source>
        <translation>尚未发送短信</translation>
    </message>
    <message>
        <source>Reason for cancelling (required)</source>
        <translation>取消原因（必填）</translation>
    </message>
    <message>
        <source>Cancel visit</source>
        <translation>取消走访</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Customer file…</source>
        <translation>客户档案…</translation>
    </message>
</context>
<context>
    <name>OverrideDialog</name>
    <message>
        <source>Call recording</source>
        <translation>通话录音</translation>
    </message>
    <message>
        <source>How</source>
        <translation>同意方式</translation>
    </message>
    <message>
        <source>In person</source>
        <translation>当面同意</translation>
    </message>
    <message>
        <source>Override</source>
        <translation>例外放行</translation>
    </message>
    <message>
        <source>Reason (audited):</source>
        <translation>原因（记入审计）：</translation>
    </message>
    <message>
        <source>Reason for the other rules (audited)</source>
        <translation>其他规则的放行原因（记入审计）</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>凭证编号</translation>
    </message>
    <message>
        <source>SMS reply</source>
        <translation>短信回复</translation>
    </message>
    <message>
        <source>Taken by</source>
        <translation>记录人</translation>
    </message>
    <message>
        <source>The customer's consent to a visit in the quiet hours</source>
        <translation>客户同意在休息时段走访</translation>
    </message>
    <message>
        <source>This visit breaks:</source>
        <translation>此次走访违反：</translation>
    </message>
    <message>
        <source>When</source>
        <translation>同意时间</translation>
    </message>
    <message>
        <source>recording id, or the reply's notice id</source>
        <translation>录音编号，或客户回复所属短信的编号</translation>
    </message>
</context>
<context>
    <name>BlockMenu</name>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Move to another day or time…</source>
        <translation>改到其他日期或时间…</translation>
    </message>
    <message>
        <source>Cancel visit…</source>
        <translation>取消走访…</translation>
    </message>
    <message>
        <source>SMS notices</source>
        <translation>短信通知</translation>
    </message>
    <message>
        <source>Visit report…</source>
        <translation>走访报告…</translation>
    </message>
    <message>
        <source>Customer file…</source>
        <translation>客户档案…</translation>
    </message>
    <message>
        <source>Open report…</source>
        <translation>打开报告…</translation>
    </message>
    <message>
        <source>Write report…</source>
        <translation>填写报告…</translation>
    </message>
</context>
<context>
    <name>CancelDialog</name>
    <message>
        <source>Cancel visit</source>
        <translation>取消走访</translation>
    </message>
    <message>
        <source>Cancel the visit with {0}?</source>
        <translation>确定取消与{0}的走访吗？</translation>
    </message>
    <message>
        <source>Reason for cancelling (required)</source>
        <translation>取消原因（必填）</translation>
    </message>
    <message>
        <source>Keep the visit</source>
        <translation>保留走访</translation>
    </message>
</context>
<context>
    <name>MoveDialog</name>
    <message>
        <source>Move visit</source>
        <translation>调整走访时间</translation>
    </message>
    <message>
        <source>Move the visit with {0}</source>
        <translation>调整{0}的走访时间</translation>
    </message>
    <message>
        <source>Now: {0}</source>
        <translation>当前：{0}</translation>
    </message>
    <message>
        <source>Day:</source>
        <translation>日期：</translation>
    </message>
    <message>
        <source>Start:</source>
        <translation>开始时间：</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>调整</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
</TS>
