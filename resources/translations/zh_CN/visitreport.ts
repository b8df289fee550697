<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
    <context>
        <name>AttachmentBox</name>
        <message>
            <source>Photos</source>
            <translation>照片</translation>
        </message>
        <message>
            <source>Add photos…</source>
            <translation>添加照片…</translation>
        </message>
        <message>
            <source>Remove</source>
            <translation>移除</translation>
        </message>
        <message>
            <source>JPEG, PNG or WebP, at most {0} MB each and {1} per report. The SHA-256 hash proves the photo was not changed later.</source>
            <translation>支持 JPEG、PNG 或 WebP，每张不超过 {0} MB，每份报告最多 {1} 张。SHA-256 哈希值可证明照片事后未被改动。</translation>
        </message>
        <message>
            <source>Add photos</source>
            <translation>添加照片</translation>
        </message>
        <message>
            <source>Photos (*.jpg *.jpeg *.png *.webp)</source>
            <translation>照片 (*.jpg *.jpeg *.png *.webp)</translation>
        </message>
        <message>
            <source>{0}: cannot be read ({1})</source>
            <translation>{0}：无法读取（{1}）</translation>
        </message>
        <message>
            <source>{0}: {1} is over the limit of {2} MB</source>
            <translation>{0}：{1} 超过 {2} MB 的上限</translation>
        </message>
    </context>
    <context>
        <name>AttachmentModel</name>
        <message>
            <source>File</source>
            <translation>文件</translation>
        </message>
        <message>
            <source>Size</source>
            <translation>大小</translation>
        </message>
        <message>
            <source>SHA-256</source>
            <translation>SHA-256</translation>
        </message>
        <message>
            <source>Location (EXIF)</source>
            <translation>拍摄位置（EXIF）</translation>
        </message>
        <message>
            <source>Taken</source>
            <translation>拍摄时间</translation>
        </message>
    </context>
    <context>
        <name>HistoryDialog</name>
    <message>
        <source>Print this revision…</source>
        <translation>打印此版本…</translation>
    </message>
    <message>
        <source>Only an approved revision can be printed.</source>
        <translation>只有已批准的版本可以打印。</translation>
    </message>
        <message>
            <source>Report history</source>
            <translation>报告历史</translation>
        </message>
        <message>
            <source>Revisions and review steps</source>
            <translation>修订版本与审核记录</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>Revision {0} · {1}</source>
            <translation>第 {0} 版 · {1}</translation>
        </message>
        <message>
            <source>(current)</source>
            <translation>（当前）</translation>
        </message>
        <message>
            <source>Written by {0}</source>
            <translation>填写人：{0}</translation>
        </message>
        <message>
            <source>Reviewed by {0} on {1}</source>
            <translation>审核人：{0}，审核时间 {1}</translation>
        </message>
        <message>
            <source>Replaced on {0} because: {1}</source>
            <translation>于 {0} 被修订，原因：{1}</translation>
        </message>
        <message>
            <source>Steps</source>
            <translation>处理记录</translation>
        </message>
    </context>
    <context>
        <name>QueueModel</name>
        <message>
            <source>Waiting</source>
            <translation>等待时长</translation>
        </message>
        <message>
            <source>Customer</source>
            <translation>客户</translation>
        </message>
        <message>
            <source>Visit</source>
            <translation>走访</translation>
        </message>
        <message>
            <source>Outcome</source>
            <translation>走访结果</translation>
        </message>
        <message>
            <source>Written by</source>
            <translation>填写人</translation>
        </message>
        <message>
            <source>Revision</source>
            <translation>版本</translation>
        </message>
        <message>
            <source>resubmitted</source>
            <translation>重新提交</translation>
        </message>
        <message>
            <source>Checks</source>
            <translation>核查</translation>
        </message>
    </context>
    <context>
        <name>ReportFields</name>
        <message>
            <source>Name</source>
            <extracomment>The order errors are looked at (the first one gets the focus). Column titles of the row tables (marked here: lupdate cannot read them through a lambda).</extracomment>
            <translation>姓名</translation>
        </message>
        <message>
            <source>Relation</source>
            <translation>关系</translation>
        </message>
        <message>
            <source>Not party to the debt</source>
            <translation>非债务当事人</translation>
        </message>
        <message>
            <source>Source</source>
            <translation>来源</translation>
        </message>
        <message>
            <source>Monthly (CNY)</source>
            <translation>每月（元）</translation>
        </message>
        <message>
            <source>Lender</source>
            <translation>债权人</translation>
        </message>
        <message>
            <source>Amount (CNY)</source>
            <translation>金额（元）</translation>
        </message>
        <message>
            <source>Choose the outcome…</source>
            <extracomment>The outcome changed (the form re-marks the required fields).</extracomment>
            <translation>请选择走访结果…</translation>
        </message>
        <message>
            <source>Visit</source>
            <translation>走访</translation>
        </message>
        <message>
            <source>Household</source>
            <translation>家庭情况</translation>
        </message>
        <message>
            <source>Income, debts and assets</source>
            <translation>收入、负债与资产</translation>
        </message>
        <message>
            <source>The customer</source>
            <translation>客户情况</translation>
        </message>
        <message>
            <source>Promise to pay</source>
            <translation>还款承诺</translation>
        </message>
        <message>
            <source>Assessment</source>
            <translation>评估</translation>
        </message>
        <message>
            <source>Code of conduct</source>
            <translation>行为规范</translation>
        </message>
        <message>
            <source>Tick "not party to the debt" for everyone the debt must not be disclosed to.</source>
            <translation>对不得向其透露欠款情况的在场人员，请勾选“非债务当事人”。</translation>
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
            <source>1 — cannot repay</source>
            <translation>1 — 无力还款</translation>
        </message>
        <message>
            <source>5 — can repay in full</source>
            <translation>5 — 可全额还款</translation>
        </message>
        <message>
            <source>1 — unwilling</source>
            <translation>1 — 不愿还款</translation>
        </message>
        <message>
            <source>5 — fully willing</source>
            <translation>5 — 非常愿意</translation>
        </message>
        <message>
            <source>e.g. 1,200.00</source>
            <translation>例如 1,200.00</translation>
        </message>
        <message>
            <source>House, car, business, savings…</source>
            <translation>房产、车辆、经营、存款…</translation>
        </message>
        <message>
            <source>What should happen next: restructuring, payment plan, legal review…</source>
            <translation>下一步建议：重组、分期还款计划、法务审查…</translation>
        </message>
        <message>
            <source>Add</source>
            <translation>添加</translation>
        </message>
        <message>
            <source>Remove</source>
            <translation>移除</translation>
        </message>
        <message>
            <source>Total {0} CNY a month</source>
            <translation>合计每月 {0} 元</translation>
        </message>
        <message>
            <source>Type the time as HH:MM, e.g. 09:30.</source>
            <translation>请按 时:分 输入时间，例如 09:30。</translation>
        </message>
        <message>
            <source>Type the date as YYYY-MM-DD, e.g. 2026-12-15.</source>
            <translation>请按 年-月-日 输入日期，例如 2026-12-15。</translation>
        </message>
        <message>
            <source>Type amounts as numbers, e.g. 1,200.50.</source>
            <translation>请输入数字金额，例如 1,200.50。</translation>
        </message>
    </context>
    <context>
        <name>ReportForm</name>
        <message>
            <source>History…</source>
            <extracomment>Autosave waits this long after the last keystroke (a burst of typing is one save).</extracomment>
            <translation>历史…</translation>
        </message>
        <message>
            <source>Save draft</source>
            <translation>保存草稿</translation>
        </message>
        <message>
            <source>Ctrl+S; drafts also save themselves as you type</source>
            <translation>Ctrl+S；输入时草稿也会自动保存</translation>
        </message>
        <message>
            <source>Submit for review</source>
            <translation>提交审核</translation>
        </message>
        <message>
            <source>Ctrl+Enter</source>
            <translation>Ctrl+Enter</translation>
        </message>
        <message>
            <source>Comment for the author (required to return)</source>
            <translation>给填写人的意见（退回时必填）</translation>
        </message>
        <message>
            <source>Return…</source>
            <translation>退回…</translation>
        </message>
        <message>
            <source>Approve</source>
            <translation>批准</translation>
        </message>
        <message>
            <source>Amend…</source>
            <translation>修订…</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>Load their version</source>
            <translation>载入对方的版本</translation>
        </message>
        <message>
            <source>Show the report as saved on the other desk; your unsaved input here is dropped</source>
            <translation>显示另一台电脑上保存的报告；此处未保存的输入将被放弃</translation>
        </message>
        <message>
            <source>Visit report — {0}</source>
            <translation>走访报告 — {0}</translation>
        </message>
        <message>
            <source>Visit {0} · team {1} · written by {2}</source>
            <translation>走访时间 {0} · 小组 {1} · 填写人 {2}</translation>
        </message>
        <message>
            <source>{0} · revision {1}</source>
            <translation>{0} · 第 {1} 版</translation>
        </message>
        <message>
            <source>Returned by {0} on {1}: {2}</source>
            <translation>{0} 于 {1} 退回：{2}</translation>
        </message>
        <message>
            <source>Approved by {0} on {1}.</source>
            <translation>{0} 于 {1} 批准。</translation>
        </message>
        <message>
            <source>Comment: {0}</source>
            <translation>意见：{0}</translation>
        </message>
        <message>
            <source>You were on this visit or wrote the report: another reviewer must review it.</source>
            <translation>您参与了此次走访或填写了该报告，须由其他审核人审核（双人复核）。</translation>
        </message>
        <message>
            <source>Amending revision {0}: {1}</source>
            <translation>正在修订第 {0} 版：{1}</translation>
        </message>
        <message>
            <source>Unsaved changes — saving shortly…</source>
            <translation>有未保存的修改 — 即将自动保存…</translation>
        </message>
        <message>
            <source>Draft saved at {0}</source>
            <translation>草稿已于 {0} 保存</translation>
        </message>
        <message>
            <source>Drafts save themselves as you type.</source>
            <translation>输入时草稿会自动保存。</translation>
        </message>
        <message>
            <source>Some fields need attention: see the messages beside them.</source>
            <translation>部分字段需要处理，请查看字段旁的提示。</translation>
        </message>
        <message>
            <source>Return the report</source>
            <translation>退回报告</translation>
        </message>
        <message>
            <source>What must the author change?</source>
            <translation>填写人需要修改什么？</translation>
        </message>
        <message>
            <source>Amend the approved report</source>
            <translation>修订已批准的报告</translation>
        </message>
        <message>
            <source>Why must the approved report change? (kept in its history)</source>
            <translation>为什么要修改已批准的报告？（原因将保留在历史中）</translation>
        </message>
        <message>
            <source>OK</source>
            <translation>确定</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
    </context>
    <context>
        <name>ReportOpener</name>
        <message>
            <source>Visit report</source>
            <extracomment>Visits that never get a report: the details dialog shows no report button. (key, icon, build): the main window wraps each in its ``Section``.</extracomment>
            <translation>走访报告</translation>
        </message>
    </context>
    <context>
        <name>ReportSummary</name>
        <message>
            <source>Visit</source>
            <extracomment>The texts below go through ``_tr``; marked here so lupdate finds them.</extracomment>
            <translation>走访</translation>
        </message>
        <message>
            <source>not party to the debt</source>
            <translation>非债务当事人</translation>
        </message>
        <message>
            <source>Household and finances</source>
            <translation>家庭与财务</translation>
        </message>
        <message>
            <source>monthly</source>
            <translation>每月</translation>
        </message>
        <message>
            <source>The customer</source>
            <translation>客户情况</translation>
        </message>
        <message>
            <source>{0} CNY by {1}</source>
            <translation>{1} 前还款 {0} 元</translation>
        </message>
        <message>
            <source>Promise to pay</source>
            <translation>还款承诺</translation>
        </message>
        <message>
            <source>not answered</source>
            <translation>未回答</translation>
        </message>
        <message>
            <source>yes</source>
            <translation>是</translation>
        </message>
        <message>
            <source>no</source>
            <translation>否</translation>
        </message>
    </context>
    <context>
        <name>ReportsPage</name>
        <message>
            <source>Reports</source>
            <translation>走访报告</translation>
        </message>
        <message>
            <source>Write or open report…</source>
            <translation>填写或打开报告…</translation>
        </message>
        <message>
            <source>Reload</source>
            <translation>刷新</translation>
        </message>
        <message>
            <source>Visits of the last {0} days whose report is not started, still a draft, was returned or waits for review. Enter or double-click opens the report.</source>
            <translation>最近 {0} 天内报告尚未填写、仍为草稿、被退回或等待审核的走访。按回车或双击打开报告。</translation>
        </message>
        <message>
            <source>{0} visits need their report</source>
            <translation>{0} 次走访待填写报告</translation>
        </message>
        <message>
            <source>Every report is written. Thank you!</source>
            <translation>所有报告均已填写，谢谢！</translation>
        </message>
    </context>
    <context>
        <name>ReviewQueuePage</name>
    <message>
        <source>Approval undone.</source>
        <translation>已撤销批准。</translation>
    </message>
        <message>
            <source>Reviews</source>
            <extracomment>Opens a report's form (the main window's, so one form per report); None: own.</extracomment>
            <translation>报告审核</translation>
        </message>
        <message>
            <source>Comment for the author (needed to return)</source>
            <translation>给填写人的意见（退回时必填）</translation>
        </message>
        <message>
            <source>Return with comment</source>
            <translation>附意见退回</translation>
        </message>
        <message>
            <source>Ctrl+R</source>
            <translation>Ctrl+R</translation>
        </message>
        <message>
            <source>Approve</source>
            <translation>批准</translation>
        </message>
        <message>
            <source>Ctrl+Enter</source>
            <translation>Ctrl+Enter</translation>
        </message>
        <message>
            <source>Open report…</source>
            <translation>打开报告…</translation>
        </message>
        <message>
            <source>Reload</source>
            <translation>刷新</translation>
        </message>
        <message>
            <source>↑/↓ move through the queue · Ctrl+Enter approves · Ctrl+R returns with the comment · Enter opens the full report · F5 reloads</source>
            <translation>↑/↓ 在队列中移动 · Ctrl+Enter 批准 · Ctrl+R 附意见退回 · 回车打开完整报告 · F5 刷新</translation>
        </message>
        <message>
            <source>Customer file</source>
            <translation>客户档案</translation>
        </message>
        <message>
            <source>ID number:</source>
            <translation>身份证号：</translation>
        </message>
        <message>
            <source>Mobile:</source>
            <translation>手机号：</translation>
        </message>
        <message>
            <source>Registered address:</source>
            <translation>户籍地址：</translation>
        </message>
        <message>
            <source>Loans:</source>
            <translation>贷款：</translation>
        </message>
        <message>
            <source>Do not visit:</source>
            <translation>勿访：</translation>
        </message>
        <message>
            <source>Visit history</source>
            <translation>走访记录</translation>
        </message>
        <message>
            <source>No report is waiting for review.</source>
            <translation>没有待审核的报告。</translation>
        </message>
        <message>
            <source>{0} reports waiting · the oldest for {1}</source>
            <translation>{0} 份报告待审核 · 最早的已等待 {1}</translation>
        </message>
        <message>
            <source>Choose a report in the queue.</source>
            <translation>请在队列中选择一份报告。</translation>
        </message>
        <message>
            <source>{0} · visit {1} · by {2}</source>
            <translation>{0} · 走访时间 {1} · 填写人 {2}</translation>
        </message>
        <message>
            <source>{0} photos attached</source>
            <translation>附有 {0} 张照片</translation>
        </message>
        <message>
            <source>{0} loans · outstanding {1} · overdue {2} · {3} days past due</source>
            <translation>{0} 笔贷款 · 未还余额 {1} · 逾期金额 {2} · 逾期 {3} 天</translation>
        </message>
        <message>
            <source>Yes — {0}</source>
            <translation>是 — {0}</translation>
        </message>
        <message>
            <source>No</source>
            <translation>否</translation>
        </message>
        <message>
            <source>You were on this visit or wrote the report: another reviewer must review it.</source>
            <translation>您参与了此次走访或填写了该报告，须由其他审核人审核（双人复核）。</translation>
        </message>
        <message>
            <source>Write what the author must change, then return it.</source>
            <translation>请先写明填写人需要修改的内容，再退回。</translation>
        </message>
        <message>
            <source>Proof-of-visit checks</source>
            <translation>走访真实性核查</translation>
        </message>
    </context>
    <context>
        <name>VisitReportLabels</name>
    <message>
        <source>Approval undone</source>
        <translation>已撤销批准</translation>
    </message>
        <message>
            <source>Met the customer</source>
            <translation>见到客户本人</translation>
        </message>
        <message>
            <source>Met a family member</source>
            <translation>见到家庭成员</translation>
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
            <source>Refused to talk</source>
            <translation>拒绝沟通</translation>
        </message>
        <message>
            <source>Moved away</source>
            <translation>已搬离</translation>
        </message>
        <message>
            <source>Worried</source>
            <translation>担忧</translation>
        </message>
        <message>
            <source>Understanding</source>
            <translation>理解</translation>
        </message>
        <message>
            <source>Cooperative</source>
            <translation>配合</translation>
        </message>
        <message>
            <source>Hostile</source>
            <translation>抵触</translation>
        </message>
        <message>
            <source>Owned</source>
            <translation>自有住房</translation>
        </message>
        <message>
            <source>Rented</source>
            <translation>租住</translation>
        </message>
        <message>
            <source>Lives with family</source>
            <translation>与家人同住</translation>
        </message>
        <message>
            <source>Other</source>
            <translation>其他</translation>
        </message>
        <message>
            <source>Draft</source>
            <translation>草稿</translation>
        </message>
        <message>
            <source>Submitted</source>
            <translation>已提交</translation>
        </message>
        <message>
            <source>Approved</source>
            <translation>已批准</translation>
        </message>
        <message>
            <source>Returned</source>
            <translation>已退回</translation>
        </message>
        <message>
            <source>Two staff members on the visit</source>
            <translation>两名工作人员同行</translation>
        </message>
        <message>
            <source>Showed staff ID</source>
            <translation>出示工作证件</translation>
        </message>
        <message>
            <source>Explained the purpose of the visit</source>
            <translation>说明来访目的</translation>
        </message>
        <message>
            <source>Visited within the allowed hours</source>
            <translation>在允许时段内走访</translation>
        </message>
        <message>
            <source>Disclosed nothing about the debt to third parties</source>
            <translation>未向第三方透露借款信息</translation>
        </message>
        <message>
            <source>No threats, intimidation, insults or harassment</source>
            <translation>无威胁、恐吓、辱骂或骚扰</translation>
        </message>
        <message>
            <source>Did not pose as police, courts or other authorities</source>
            <translation>未冒充公检法等机关</translation>
        </message>
        <message>
            <source>Did not push the customer to borrow to repay</source>
            <translation>未诱导客户借新还旧</translation>
        </message>
        <message>
            <source>The visit was recorded (audio or video)</source>
            <translation>全程录音或录像</translation>
        </message>
        <message>
            <source>Created</source>
            <translation>创建</translation>
        </message>
        <message>
            <source>{0} d {1} h</source>
            <translation>{0} 天 {1} 小时</translation>
        </message>
        <message>
            <source>{0} h {1} min</source>
            <translation>{0} 小时 {1} 分</translation>
        </message>
        <message>
            <source>{0} min</source>
            <translation>{0} 分钟</translation>
        </message>
        <message>
            <source>Resubmitted</source>
            <translation>重新提交</translation>
        </message>
        <message>
            <source>Amended</source>
            <translation>修订</translation>
        </message>
        <message>
            <source>Outcome</source>
            <extracomment>The form's fields as named in error summaries and the revision history.</extracomment>
            <translation>走访结果</translation>
        </message>
        <message>
            <source>Arrived</source>
            <translation>到达时间</translation>
        </message>
        <message>
            <source>Left</source>
            <translation>离开时间</translation>
        </message>
        <message>
            <source>People present</source>
            <translation>在场人员</translation>
        </message>
        <message>
            <source>Household size</source>
            <translation>家庭人数</translation>
        </message>
        <message>
            <source>Dependants</source>
            <translation>供养人数</translation>
        </message>
        <message>
            <source>Housing</source>
            <translation>住房情况</translation>
        </message>
        <message>
            <source>Income sources</source>
            <translation>收入来源</translation>
        </message>
        <message>
            <source>Other debts</source>
            <translation>其他负债</translation>
        </message>
        <message>
            <source>Assets</source>
            <translation>资产</translation>
        </message>
        <message>
            <source>Attitude</source>
            <translation>客户态度</translation>
        </message>
        <message>
            <source>Ability to repay</source>
            <translation>还款能力</translation>
        </message>
        <message>
            <source>Willingness to repay</source>
            <translation>还款意愿</translation>
        </message>
        <message>
            <source>Customer's requests</source>
            <translation>客户诉求</translation>
        </message>
        <message>
            <source>Promised amount</source>
            <translation>承诺金额</translation>
        </message>
        <message>
            <source>Promised date</source>
            <translation>承诺日期</translation>
        </message>
        <message>
            <source>Recommendation</source>
            <translation>处理建议</translation>
        </message>
        <message>
            <source>Notes</source>
            <translation>备注</translation>
        </message>
        <message>
            <source>Conduct checklist</source>
            <translation>行为规范检查</translation>
        </message>
        <message>
            <source>Not started</source>
            <translation>未填写</translation>
        </message>
    </context>
    <context>
        <name>VisitReportMessages</name>
        <message>
            <source>choose the outcome of the visit</source>
            <extracomment>The core's refusals shown beside the fields (hvdesk/visitreports/requirements.py and convert.py; keep in step). Looked up in :func:`ui.visitreport.fields.ReportFields.show_errors`.</extracomment>
            <translation>请选择走访结果</translation>
        </message>
        <message>
            <source>enter the arrival time</source>
            <translation>请填写到达时间</translation>
        </message>
        <message>
            <source>enter the time the team left</source>
            <translation>请填写离开时间</translation>
        </message>
        <message>
            <source>list who was present and their relation</source>
            <translation>请列出在场人员及其关系</translation>
        </message>
        <message>
            <source>answer every item of the conduct checklist</source>
            <translation>请回答行为规范检查的每一项</translation>
        </message>
        <message>
            <source>give a recommendation</source>
            <translation>请填写处理建议</translation>
        </message>
        <message>
            <source>enter the household size</source>
            <translation>请填写家庭人数</translation>
        </message>
        <message>
            <source>enter the number of dependants</source>
            <translation>请填写供养人数</translation>
        </message>
        <message>
            <source>say whether the home is owned or rented</source>
            <translation>请说明住房是自有还是租住</translation>
        </message>
        <message>
            <source>list the income sources (enter 0 for none)</source>
            <translation>请列出收入来源（无收入请填 0）</translation>
        </message>
        <message>
            <source>choose the customer's attitude</source>
            <translation>请选择客户态度</translation>
        </message>
        <message>
            <source>rate the ability to repay</source>
            <translation>请评定还款能力</translation>
        </message>
        <message>
            <source>rate the willingness to repay</source>
            <translation>请评定还款意愿</translation>
        </message>
        <message>
            <source>describe what happened in the notes</source>
            <translation>请在备注中说明情况</translation>
        </message>
        <message>
            <source>the team must leave after it arrived</source>
            <translation>离开时间必须晚于到达时间</translation>
        </message>
        <message>
            <source>a promise to pay needs both an amount and a date</source>
            <translation>还款承诺须同时填写金额和日期</translation>
        </message>
        <message>
            <source>the promised date is before the visit</source>
            <translation>承诺日期早于走访日期</translation>
        </message>
        <message>
            <source>give each person's name and relation</source>
            <translation>请填写每位在场人员的姓名和关系</translation>
        </message>
        <message>
            <source>give an amount in yuan, e.g. 1200.00</source>
            <translation>请以元为单位填写金额，例如 1200.00</translation>
        </message>
        <message>
            <source>the amount must be more than zero</source>
            <translation>金额必须大于零</translation>
        </message>
        <message>
            <source>the amount may not be negative</source>
            <translation>金额不能为负数</translation>
        </message>
        <message>
            <source>choose a value from 1 to 5</source>
            <translation>请选择 1 到 5 之间的数值</translation>
        </message>
        <message>
            <source>a number of people may not be negative</source>
            <translation>人数不能为负数</translation>
        </message>
    </context>
    <context>
        <name>VisitsToReportModel</name>
        <message>
            <source>Visit</source>
            <translation>走访</translation>
        </message>
        <message>
            <source>Customer</source>
            <translation>客户</translation>
        </message>
        <message>
            <source>Team</source>
            <translation>小组</translation>
        </message>
        <message>
            <source>Report</source>
            <translation>报告</translation>
        </message>
        <message>
            <source>Reviewer's comment</source>
            <translation>审核意见</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>Reports</source>
            <translation>走访报告</translation>
        </message>
        <message>
            <source>Reviews</source>
            <translation>报告审核</translation>
        </message>
    </context>
    <context>
        <name>VisitDetailsDialog</name>
        <message>
            <source>Write report…</source>
            <translation>填写报告…</translation>
        </message>
        <message>
            <source>Open report…</source>
            <translation>打开报告…</translation>
        </message>
    </context>
<context>
    <name>ApprovalBox</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Approve the visit report of {0}?</source>
        <translation>批准 {0} 的走访报告？</translation>
    </message>
    <message>
        <source>Approve the report</source>
        <translation>批准报告</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>批准</translation>
    </message>
    <message>
        <source>An approved report is locked and can be printed; only an amendment changes it.</source>
        <translation>批准后报告即锁定并可打印，此后只能通过修订更改。</translation>
    </message>
</context>
<context>
    <name>DocumentActions</name>
    <message>
        <source>revision {0}</source>
        <translation>第 {0} 版</translation>
    </message>
</context>
<context>
    <name>UndoBar</name>
    <message>
        <source>Undo ({0} s)</source>
        <translation>撤销（{0} 秒）</translation>
    </message>
    <message>
        <source>Report approved.</source>
        <translation>报告已批准。</translation>
    </message>
</context>
<context>
    <name>TimeEdit</name>
    <message>
        <source>HH:MM</source>
        <translation>时:分</translation>
    </message>
</context>
</TS>
