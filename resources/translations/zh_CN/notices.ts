<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>BatchSender</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Nothing to send: no draft or queued notice without wording problems.</source>
        <translation>没有可发送的通知：没有无措辞问题的草稿或排队通知。</translation>
    </message>
    <message>
        <source>{0} notices with wording problems are held back until their text is fixed.</source>
        <translation>{0} 条有措辞问题的通知暂不发送，修改文字后才能发送。</translation>
    </message>
    <message>
        <source>Send notices</source>
        <translation>发送通知</translation>
    </message>
    <message>
        <source>Send {0} notices to {1} customers?</source>
        <translation>向 {1} 位客户发送 {0} 条通知？</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Retry failed</source>
        <translation>重发失败通知</translation>
    </message>
    <message>
        <source>Send {0} failed notices to {1} customers again?</source>
        <translation>向 {1} 位客户重新发送 {0} 条失败的通知？</translation>
    </message>
    <message>
        <source>Each goes out under its first key: the gateway never delivers one twice.</source>
        <translation>每条通知沿用原来的编号重发：网关不会重复发送同一条。</translation>
    </message>
    <message>
        <source>Send again</source>
        <translation>重新发送</translation>
    </message>
    <message>
        <source>Sending {0} notices…</source>
        <translation>正在发送 {0} 条通知…</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Sending notices</source>
        <translation>发送通知</translation>
    </message>
    <message>
        <source>Stopping after the notices already handed to the gateway…</source>
        <translation>已交给网关的通知发完后停止…</translation>
    </message>
</context>
<context>
    <name>CalendarToolbar</name>
    <message>
        <source>Notices for selected visits</source>
        <translation>所选走访的通知</translation>
    </message>
    <message>
        <source>Open the SMS notices of the selected visits (click a visit, Ctrl+click for more; Ctrl+Shift+N)</source>
        <translation>打开所选走访的短信通知（单击选择走访，Ctrl+单击多选；Ctrl+Shift+N）</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Notices</source>
        <translation>短信通知</translation>
    </message>
</context>
<context>
    <name>NoticeMessages</name>
    <message>
        <source>the signature is the company name, 2 to 20 characters</source>
        <translation>签名应为公司名称，2 到 20 个字</translation>
    </message>
    <message>
        <source>the gateway is one of {0}</source>
        <translation>发送方式只能是 {0} 之一</translation>
    </message>
    <message>
        <source>the gateway URL must start with https://</source>
        <translation>网关地址必须以 https:// 开头</translation>
    </message>
    <message>
        <source>the gateway URL has no host</source>
        <translation>网关地址缺少主机名</translation>
    </message>
    <message>
        <source>the http gateway needs its URL</source>
        <translation>HTTP 网关需要填写地址</translation>
    </message>
    <message>
        <source>a forbidden word is at most 30 characters</source>
        <translation>每个禁用词最多 30 个字</translation>
    </message>
    <message>
        <source>no system keyring to keep the SMS gateway token in: set {0} instead</source>
        <translation>没有系统密钥环可保存短信网关令牌：请改为设置环境变量 {0}</translation>
    </message>
    <message>
        <source>the system keyring refused the token ({0})</source>
        <translation>系统密钥环拒绝保存令牌（{0}）</translation>
    </message>
    <message>
        <source>no outbox folder set: choose one in the notice settings</source>
        <translation>尚未设置发件文件夹：请在通知设置中选择</translation>
    </message>
    <message>
        <source>no gateway URL set: enter it in the notice settings</source>
        <translation>尚未设置网关地址：请在通知设置中填写</translation>
    </message>
    <message>
        <source>no token for the SMS gateway: store it in the notice settings</source>
        <translation>短信网关没有令牌：请在通知设置中保存</translation>
    </message>
    <message>
        <source>another desk is sending these notices right now; reload the notices</source>
        <translation>另一个工作台正在发送这些通知；请刷新通知列表</translation>
    </message>
    <message>
        <source>the send results could not be saved (the visits keep changing); send again: nothing goes out twice</source>
        <translation>发送结果未能保存（走访一直在变动）；请重新发送：不会重复发出</translation>
    </message>
    <message>
        <source>only a draft can be edited; this notice is {0}</source>
        <translation>只能编辑草稿；这条通知的状态为 {0}</translation>
    </message>
    <message>
        <source>the message is empty</source>
        <translation>短信内容为空</translation>
    </message>
    <message>
        <source>the message is longer than {0} characters</source>
        <translation>短信超过 {0} 个字</translation>
    </message>
    <message>
        <source>a {0} notice cannot be cancelled: it has gone out</source>
        <translation>状态为 {0} 的通知无法取消：它已发出</translation>
    </message>
    <message>
        <source>notice {0} was changed on another desk; reload the notices</source>
        <translation>通知 {0} 已被其他工作台修改；请刷新通知列表</translation>
    </message>
    <message>
        <source>cannot read {0}: {1}</source>
        <translation>无法读取 {0}：{1}</translation>
    </message>
    <message>
        <source>{0} needs the columns id and status</source>
        <translation>{0} 需要包含 id 和 status 两列</translation>
    </message>
    <message>
        <source>{0} is not valid JSON</source>
        <translation>{0} 不是有效的 JSON</translation>
    </message>
    <message>
        <source>{0} must hold a list of receipts</source>
        <translation>{0} 应包含回执列表</translation>
    </message>
    <message>
        <source>{0}, entry {1}: status must be delivered, failed or reply</source>
        <translation>{0} 第 {1} 条：status 必须是 delivered、failed 或 reply</translation>
    </message>
    <message>
        <source>{0}, entry {1}: bad time</source>
        <translation>{0} 第 {1} 条：时间格式错误</translation>
    </message>
</context>
<context>
    <name>NoticeModel</name>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>走访时间</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>长度</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>{0} · {1} SMS</source>
        <translation>{0} 字 · {1} 条</translation>
    </message>
</context>
<context>
    <name>NoticePreview</name>
    <message>
        <source>The customer asks for another time: move the visit.</source>
        <translation>客户要求改期：请改约走访。</translation>
    </message>
    <message>
        <source>The customer asked for another time: choose it, then send the new notice</source>
        <translation>客户要求改期：选定新时间，再发送新的通知</translation>
    </message>
    <message>
        <source>The carrier could not deliver it: send it again under the same key</source>
        <translation>运营商未能送达：以同一编号重新发送</translation>
    </message>
    <message>
        <source>Send again…</source>
        <translation>重新发送…</translation>
    </message>
    <message>
        <source>Not delivered: {0}. The visit is back to planned until a notice reaches the customer.</source>
        <translation>未送达：{0}。在通知送达客户之前，走访已退回“已计划”。</translation>
    </message>
    <message>
        <source>Move the visit…</source>
        <translation>改约走访…</translation>
    </message>
    <message>
        <source>Save text</source>
        <translation>保存文字</translation>
    </message>
    <message>
        <source>Save the edited text (Ctrl+S)</source>
        <translation>保存修改后的文字（Ctrl+S）</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>撤销修改</translation>
    </message>
    <message>
        <source>Cancel notice</source>
        <translation>取消通知</translation>
    </message>
    <message>
        <source>Reply handled</source>
        <translation>回复已处理</translation>
    </message>
    <message>
        <source>The customer was called back: take the notice off the list of replies</source>
        <translation>已回电客户：将这条通知移出待处理回复</translation>
    </message>
    <message>
        <source>Select a notice to read its full text.</source>
        <translation>选择一条通知以查看全文。</translation>
    </message>
    <message>
        <source>✓ Wording checks passed</source>
        <translation>✓ 措辞检查通过</translation>
    </message>
    <message>
        <source>visit {0}</source>
        <translation>走访 {0}</translation>
    </message>
    <message>
        <source>Sent {0}</source>
        <translation>发送于 {0}</translation>
    </message>
    <message>
        <source>Delivered {0}</source>
        <translation>送达于 {0}</translation>
    </message>
    <message>
        <source>Waits for the SMS hours; goes out with the next send.</source>
        <translation>等待短信发送时段；下次发送时发出。</translation>
    </message>
    <message>
        <source>Customer replied: “{0}”</source>
        <translation>客户回复：“{0}”</translation>
    </message>
    <message>
        <source>Needs a coordinator's attention.</source>
        <translation>需要协调员处理。</translation>
    </message>
    <message>
        <source>This text cannot be sent:</source>
        <translation>此文字不能发送：</translation>
    </message>
</context>
<context>
    <name>NoticeProblems</name>
    <message>
        <source>The message is empty.</source>
        <translation>短信内容为空。</translation>
    </message>
    <message>
        <source>The message must start with the company signature in 【】.</source>
        <translation>短信必须以【】中的公司签名开头。</translation>
    </message>
    <message>
        <source>Fill in or remove the placeholder(s): {0}.</source>
        <translation>请填写或删除占位符：{0}。</translation>
    </message>
    <message>
        <source>Remove the sum of money (“{0}”): a notice never states an amount.</source>
        <translation>请删除金额（“{0}”）：通知中不得出现金额。</translation>
    </message>
    <message>
        <source>Remove {0}: whoever reads the phone must not learn about a debt.</source>
        <translation>请删除“{0}”：看到手机的任何人都不应得知欠款情况。</translation>
    </message>
    <message>
        <source>Remove {0}: threatening wording is a red line.</source>
        <translation>请删除“{0}”：威胁性措辞属于红线。</translation>
    </message>
    <message>
        <source>The message is {0} characters ({1} parts); keep it to {2} parts ({3} characters).</source>
        <translation>短信共 {0} 字（{1} 条）；请控制在 {2} 条（{3} 字）以内。</translation>
    </message>
    <message>
        <source>the customer asked not to be contacted</source>
        <translation>客户要求不再联系</translation>
    </message>
    <message>
        <source>a {0} does not fit a {1} visit</source>
        <translation>“{1}”状态的走访不适用“{0}”</translation>
    </message>
    <message>
        <source>the visit has no team yet</source>
        <translation>该走访尚未安排小组</translation>
    </message>
    <message>
        <source>it failed before: retry it instead</source>
        <translation>此前发送失败：请使用“重发失败通知”</translation>
    </message>
    <message>
        <source>it is {0}</source>
        <translation>状态为 {0}</translation>
    </message>
    <message>
        <source>the visit is {0}: a {1} no longer fits</source>
        <translation>走访状态为 {0}：{1} 已不适用</translation>
    </message>
    <message>
        <source>wording: {0}</source>
        <translation>措辞问题：{0}</translation>
    </message>
    <message>
        <source>the visit time has passed</source>
        <translation>走访时间已过</translation>
    </message>
    <message>
        <source>less than {0} hours before the visit (lead time): call the customer instead</source>
        <translation>距走访不足 {0} 小时（提前通知时限）：请改为致电客户</translation>
    </message>
</context>
<context>
    <name>NoticeSettingsDialog</name>
    <message>
        <source>Notice settings</source>
        <translation>通知设置</translation>
    </message>
    <message>
        <source>Shared by every desk of this database. The HTTP token is kept in this computer's keyring, never in the database.</source>
        <translation>本数据库的所有工作台共用这些设置。HTTP 令牌保存在本机的系统密钥环中，不存入数据库。</translation>
    </message>
    <message>
        <source>Signature:</source>
        <translation>签名：</translation>
    </message>
    <message>
        <source>Gateway:</source>
        <translation>发送方式：</translation>
    </message>
    <message>
        <source>Outbox folder:</source>
        <translation>发件文件夹：</translation>
    </message>
    <message>
        <source>HTTP URL:</source>
        <translation>HTTP 地址：</translation>
    </message>
    <message>
        <source>HTTP token:</source>
        <translation>HTTP 令牌：</translation>
    </message>
    <message>
        <source>Forbidden words:</source>
        <translation>禁用词：</translation>
    </message>
    <message>
        <source>Outbox folder (files for the SMS platform)</source>
        <translation>发件文件夹（供短信平台读取的文件）</translation>
    </message>
    <message>
        <source>HTTP gateway</source>
        <translation>HTTP 网关</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>【Company name】</source>
        <translation>【公司名称】</translation>
    </message>
    <message>
        <source>Leave empty to keep the stored token</source>
        <translation>留空则保留已保存的令牌</translation>
    </message>
    <message>
        <source>Forbidden words: one per line, checked in every notice on top of the built-in rules (no debt amounts, no "overdue", no threats).</source>
        <translation>禁用词：每行一个，在内置规则（不得出现欠款金额、“逾期”字样及威胁性语言）之外对每条通知进行检查。</translation>
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
        <source>Outbox folder</source>
        <translation>发件文件夹</translation>
    </message>
</context>
<context>
    <name>NoticeTexts</name>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>已送达</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>发送失败</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Visit notice</source>
        <translation>走访通知</translation>
    </message>
    <message>
        <source>Rescheduled</source>
        <translation>改期通知</translation>
    </message>
    <message>
        <source>Cancellation</source>
        <translation>取消通知</translation>
    </message>
    <message>
        <source>Reminder</source>
        <translation>提醒</translation>
    </message>
    <message>
        <source>Feedback request</source>
        <translation>回访邀请</translation>
    </message>
    <message>
        <source>Notice {0}</source>
        <translation>通知 {0}</translation>
    </message>
    <message>
        <source>{0} chars · {1} SMS parts</source>
        <translation>{0} 字 · 计 {1} 条短信</translation>
    </message>
    <message>
        <source>Sent {0}, queued {1} (outside the SMS hours), failed {2}, skipped {3}.</source>
        <translation>已发送 {0} 条，排队 {1} 条（不在短信发送时段），失败 {2} 条，跳过 {3} 条。</translation>
    </message>
    <message>
        <source>Receipts imported: {0} delivered, {1} failed, {2} visits confirmed, {3} replies to look at, {4} unknown lines.</source>
        <translation>回执已导入：送达 {0} 条，失败 {1} 条，确认走访 {2} 次，待处理回复 {3} 条，无法识别 {4} 行。</translation>
    </message>
</context>
<context>
    <name>NoticesPage</name>
    <message>
        <source>SMS notices</source>
        <translation>短信通知</translation>
    </message>
    <message>
        <source>Show the whole day</source>
        <translation>显示当天全部</translation>
    </message>
    <message>
        <source>Visits on:</source>
        <translation>走访日期：</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <source>All notices</source>
        <translation>全部通知</translation>
    </message>
    <message>
        <source>Drafts</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>With wording problems</source>
        <translation>有措辞问题</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>已送达</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>发送失败</translation>
    </message>
    <message>
        <source>Replies to look at</source>
        <translation>待处理回复</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Read the notices again (F5)</source>
        <translation>重新读取通知（F5）</translation>
    </message>
    <message>
        <source>Prepare drafts</source>
        <translation>生成草稿</translation>
    </message>
    <message>
        <source>Write a draft notice for every visit that has none yet</source>
        <translation>为每个尚无通知的走访生成通知草稿</translation>
    </message>
    <message>
        <source>Send the drafts without problems (Ctrl+Enter)</source>
        <translation>发送没有问题的草稿（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Retry failed</source>
        <translation>重发失败通知</translation>
    </message>
    <message>
        <source>Import receipts…</source>
        <translation>导入回执…</translation>
    </message>
    <message>
        <source>Notice settings…</source>
        <translation>通知设置…</translation>
    </message>
    <message>
        <source>{0} visits chosen in the calendar</source>
        <translation>日历中选定的 {0} 次走访</translation>
    </message>
    <message>
        <source>Send these notices</source>
        <translation>发送这些通知</translation>
    </message>
    <message>
        <source>Visits on {0}</source>
        <translation>{0} 的走访</translation>
    </message>
    <message>
        <source>Send day's notices</source>
        <translation>发送当天通知</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>{0} notices · {1} ready to send · {2} with wording problems · {3} failed</source>
        <translation>共 {0} 条通知 · {1} 条可发送 · {2} 条有措辞问题 · {3} 条失败</translation>
    </message>
    <message>
        <source>{0} draft notices prepared.</source>
        <translation>已生成 {0} 条通知草稿。</translation>
    </message>
    <message>
        <source>Every visit already has its notice; nothing to prepare.</source>
        <translation>每个走访都已有通知，无需生成。</translation>
    </message>
    <message>
        <source>{0} visits got no notice:</source>
        <translation>{0} 次走访未生成通知：</translation>
    </message>
    <message>
        <source>Text saved.</source>
        <translation>文字已保存。</translation>
    </message>
    <message>
        <source>Cancel notice</source>
        <translation>取消通知</translation>
    </message>
    <message>
        <source>Cancel this notice? It will not be sent.</source>
        <translation>取消这条通知？它将不会被发送。</translation>
    </message>
    <message>
        <source>Save or revert the edited text first.</source>
        <translation>请先保存或撤销修改的文字。</translation>
    </message>
    <message>
        <source>Import receipts</source>
        <translation>导入回执</translation>
    </message>
    <message>
        <source>Receipts (*.csv *.json);;All files (*)</source>
        <translation>回执文件 (*.csv *.json);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>VisitDetailsDialog</name>
    <message>
        <source>Send SMS again…</source>
        <translation>重新发送短信…</translation>
    </message>
    <message>
        <source>SMS notice…</source>
        <translation>短信通知…</translation>
    </message>
</context>
<context>
    <name>RescheduleDialog</name>
    <message>
        <source>{0}: move the visit of {1}</source>
        <translation>{0}：改约 {1} 的走访</translation>
    </message>
    <message>
        <source>The customer replied “{0}” (another time, please). Choose the new time; a notice with it is drafted for you to send.</source>
        <translation>客户回复“{0}”（要求改期）。请选择新的时间；系统会起草含新时间的通知，由您发送。</translation>
    </message>
    <message>
        <source>New time:</source>
        <translation>新时间：</translation>
    </message>
    <message>
        <source>New day:</source>
        <translation>新日期：</translation>
    </message>
    <message>
        <source>Move visit</source>
        <translation>改约</translation>
    </message>
    <message>
        <source>Move the visit</source>
        <translation>改约走访</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>VisitMover</name>
    <message>
        <source>Visit moved to {0}. A notice with the new time waits among the drafts.</source>
        <translation>走访已改到 {0}。含新时间的通知已在草稿中待发送。</translation>
    </message>
</context>
</TS>
