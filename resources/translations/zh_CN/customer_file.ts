<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>CustomerFeedbackModel</name>
    <message>
        <source>Received</source>
        <translation>收到时间</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>走访日期</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Satisfaction</source>
        <translation>满意度</translation>
    </message>
    <message>
        <source>Felt respected</source>
        <translation>感到被尊重</translation>
    </message>
    <message>
        <source>Complaint</source>
        <translation>投诉</translation>
    </message>
    <message>
        <source>What the customer said</source>
        <translation>客户反馈内容</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>跟进处理</translation>
    </message>
</context>
<context>
    <name>CustomerFileDialog</name>
    <message>
        <source>Something went wrong ({0}).</source>
        <translation>出现错误（{0}）。</translation>
    </message>
    <message>
        <source>Copy for the customer</source>
        <translation>客户信息副本</translation>
    </message>
    <message>
        <source>Copy for the customer…</source>
        <translation>客户信息副本…</translation>
    </message>
    <message>
        <source>Everything held about this customer, as a workbook (audited with your reason)</source>
        <translation>本机构持有的该客户全部信息，导出为工作簿（连同您填写的原因记入审计）</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Save the customer's copy</source>
        <translation>保存客户副本</translation>
    </message>
    <message>
        <source>Saved {0}: {1} rows.</source>
        <translation>已保存 {0}：共 {1} 行。</translation>
    </message>
    <message>
        <source>Why is the copy made (e.g. the customer's written request)?</source>
        <translation>为何制作副本（例如客户的书面申请）？</translation>
    </message>
    <message>
        <source>Customer file</source>
        <extracomment>Visits still ahead of the team (not done, dropped or moved).</extracomment>
        <translation>客户档案</translation>
    </message>
    <message>
        <source>Personal data</source>
        <translation>个人信息</translation>
    </message>
    <message>
        <source>Addresses</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Visiting</source>
        <translation>走访</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>姓名：</translation>
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
        <source>Age and sex:</source>
        <translation>年龄与性别：</translation>
    </message>
    <message>
        <source>Region (from the ID):</source>
        <translation>户籍地区（据身份证）：</translation>
    </message>
    <message>
        <source>Registered address:</source>
        <translation>户籍地址：</translation>
    </message>
    <message>
        <source>Current address:</source>
        <translation>现住址：</translation>
    </message>
    <message>
        <source>Do not visit:</source>
        <translation>勿访：</translation>
    </message>
    <message>
        <source>Show full</source>
        <translation>显示完整</translation>
    </message>
    <message>
        <source>Add note</source>
        <translation>添加备注</translation>
    </message>
    <message>
        <source>Next visit:</source>
        <translation>下次走访：</translation>
    </message>
    <message>
        <source>Last visit:</source>
        <translation>上次走访：</translation>
    </message>
    <message>
        <source>Write a note about this customer…</source>
        <translation>填写关于该客户的备注…</translation>
    </message>
    <message>
        <source>Ctrl+Enter adds the note. Notes are signed with your name and cannot be edited or deleted.</source>
        <translation>按 Ctrl+Enter 添加备注。备注署您的姓名，添加后不可修改或删除。</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>编辑(&amp;E)…</translation>
    </message>
    <message>
        <source>Edit the customer (Ctrl+E)</source>
        <translation>编辑客户信息（Ctrl+E）</translation>
    </message>
    <message>
        <source>&amp;Reload</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Customer file — {0}</source>
        <translation>客户档案 — {0}</translation>
    </message>
    <message>
        <source>Customer {0} · {1} · last changed {2} by {3}</source>
        <translation>客户编号 {0} · {1} · 最近修改：{2}，{3}</translation>
    </message>
    <message>
        <source>Shown</source>
        <translation>已显示</translation>
    </message>
    <message>
        <source>male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>female</source>
        <translation>女</translation>
    </message>
    <message>
        <source>{0} years, {1}</source>
        <translation>{0} 岁，{1}</translation>
    </message>
    <message>
        <source>Unknown region (code {0})</source>
        <translation>未知地区（代码 {0}）</translation>
    </message>
    <message>
        <source>Not recorded</source>
        <translation>未登记</translation>
    </message>
    <message>
        <source>Yes — {0}</source>
        <translation>是 — {0}</translation>
    </message>
    <message>
        <source>Allow visits…</source>
        <translation>恢复走访…</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Mark do not visit…</source>
        <translation>设为勿访…</translation>
    </message>
    <message>
        <source>Outstanding {0} · overdue {1} (CNY)</source>
        <translation>未还本金合计 {0} 元 · 逾期金额合计 {1} 元</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>概况</translation>
    </message>
    <message>
        <source>Loans ({0})</source>
        <translation>贷款（{0}）</translation>
    </message>
    <message>
        <source>Visits ({0})</source>
        <translation>走访（{0}）</translation>
    </message>
    <message>
        <source>Feedback ({0})</source>
        <translation>反馈与投诉（{0}）</translation>
    </message>
    <message>
        <source>Notes ({0})</source>
        <translation>备注（{0}）</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>{0} · {1} · {2}</source>
        <translation>{0} · {1} · {2}</translation>
    </message>
    <message>
        <source>Why do you need the full ID number?</source>
        <translation>为什么需要查看完整身份证号？</translation>
    </message>
    <message>
        <source>Why do you need the full mobile number?</source>
        <translation>为什么需要查看完整手机号？</translation>
    </message>
    <message>
        <source>Show full number</source>
        <translation>查看完整号码</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Why should nobody visit this customer?</source>
        <translation>为什么不应走访该客户？</translation>
    </message>
    <message>
        <source>Why may this customer be visited again?</source>
        <translation>为什么可以重新走访该客户？</translation>
    </message>
    <message>
        <source>Do not visit</source>
        <translation>勿访</translation>
    </message>
</context>
<context>
    <name>CustomerFileLabels</name>
    <message>
        <source>Pre-loan verification</source>
        <extracomment>Raw values for sorting (amounts and dates sort wrongly as formatted text).</extracomment>
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
        <translation>未到访</translation>
    </message>
    <message>
        <source>Rescheduled</source>
        <translation>已改期</translation>
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
        <source>Met the customer</source>
        <translation>见到本人</translation>
    </message>
    <message>
        <source>Met a family member</source>
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
        <translation>拒绝接待</translation>
    </message>
    <message>
        <source>Moved away</source>
        <translation>已搬离</translation>
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
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>短信</translation>
    </message>
    <message>
        <source>In person</source>
        <translation>当面</translation>
    </message>
    <message>
        <source>WeChat</source>
        <translation>微信</translation>
    </message>
    <message>
        <source>Letter</source>
        <translation>信函</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>CustomerFileMessages</name>
    <message>
        <source>name is empty</source>
        <extracomment>Messages of the customer services, with their variable parts as {0}, {1}... (keep in step with hvdesk/idcard.py, phone.py and services/customers.py).</extracomment>
        <translation>姓名为空</translation>
    </message>
    <message>
        <source>name is longer than 50 characters</source>
        <translation>姓名超过 50 个字符</translation>
    </message>
    <message>
        <source>registered address is empty</source>
        <translation>户籍地址为空</translation>
    </message>
    <message>
        <source>give a reason for &apos;do not visit&apos;</source>
        <translation>请填写“勿访”的原因</translation>
    </message>
    <message>
        <source>give a reason for clearing &apos;do not visit&apos;</source>
        <translation>请填写取消“勿访”的原因</translation>
    </message>
    <message>
        <source>a customer with this ID number already exists</source>
        <translation>已存在使用该身份证号的客户</translation>
    </message>
    <message>
        <source>say why you need the full number</source>
        <translation>请说明查看完整号码的原因</translation>
    </message>
    <message>
        <source>note is empty</source>
        <translation>备注为空</translation>
    </message>
    <message>
        <source>note is longer than {0} characters</source>
        <translation>备注超过 {0} 个字符</translation>
    </message>
    <message>
        <source>choose the branch the customer belongs to</source>
        <translation>请选择客户所属的支行</translation>
    </message>
    <message>
        <source>{0} may not open customers of another branch</source>
        <translation>{0} 无权查看其他支行的客户</translation>
    </message>
    <message>
        <source>{0} may open the customers of his own visits only: customer {1} is not on one of them</source>
        <translation>{0} 只能查看本人走访的客户：客户 {1} 不在其中</translation>
    </message>
    <message>
        <source>{0} may open the customers of reports to review only: customer {1} has no visit report</source>
        <translation>{0} 只能查看待审核报告的客户：客户 {1} 没有走访报告</translation>
    </message>
    <message>
        <source>ID number is empty</source>
        <translation>身份证号为空</translation>
    </message>
    <message>
        <source>a 15-digit ID number has digits only</source>
        <translation>15 位身份证号只能包含数字</translation>
    </message>
    <message>
        <source>ID number must have 18 characters, got {0}</source>
        <translation>身份证号应为 18 位，实际为 {0} 位</translation>
    </message>
    <message>
        <source>ID number has characters other than digits and a final X</source>
        <translation>身份证号只能包含数字，最后一位可以是 X</translation>
    </message>
    <message>
        <source>no province with code {0}</source>
        <translation>不存在代码为 {0} 的省份</translation>
    </message>
    <message>
        <source>no such date {0}</source>
        <translation>日期 {0} 不存在</translation>
    </message>
    <message>
        <source>birth date {0} is in the future</source>
        <translation>出生日期 {0} 晚于今天</translation>
    </message>
    <message>
        <source>birth year {0} is before 1900</source>
        <translation>出生年份 {0} 早于 1900 年</translation>
    </message>
    <message>
        <source>check character should be {0}</source>
        <translation>校验位应为 {0}</translation>
    </message>
    <message>
        <source>mobile number is empty</source>
        <translation>手机号为空</translation>
    </message>
    <message>
        <source>mobile number has characters other than digits</source>
        <translation>手机号只能包含数字</translation>
    </message>
    <message>
        <source>mobile number must have 11 digits, got {0}</source>
        <translation>手机号应为 11 位，实际为 {0} 位</translation>
    </message>
    <message>
        <source>mobile number must start with 13-19</source>
        <translation>手机号应以 13–19 开头</translation>
    </message>
    <message>
        <source>customer {0} ({1}) was changed by {2} after you opened it; reload it and apply your change again</source>
        <translation>客户 {0}（{1}）在您打开后已被 {2} 修改；请重新载入后再次应用您的修改</translation>
    </message>
    <message>
        <source>customer {0} was changed by someone else while you were editing; reload it and apply your change again</source>
        <translation>您编辑期间客户 {0} 已被他人修改；请重新载入后再次应用您的修改</translation>
    </message>
    <message>
        <source>name</source>
        <extracomment>Customer columns named in a stale-edit message; bookkeeping columns are left out.</extracomment>
        <translation>姓名</translation>
    </message>
    <message>
        <source>mobile</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>registered address</source>
        <translation>户籍地址</translation>
    </message>
    <message>
        <source>current address</source>
        <translation>现住址</translation>
    </message>
    <message>
        <source>do not visit</source>
        <translation>勿访</translation>
    </message>
    <message>
        <source>do-not-visit reason</source>
        <translation>勿访原因</translation>
    </message>
    <message>
        <source>location</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>{0}, who changed {1} at {2}</source>
        <translation>{0}（于 {2} 修改了{1}）</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>not a mainland China mobile number: foreign country code</source>
        <translation>不是中国大陆手机号：国家代码不是 +86</translation>
    </message>
    <message>
        <source>give one mobile number, not several</source>
        <translation>请只填写一个手机号</translation>
    </message>
    <message>
        <source>not a mobile number: landline?</source>
        <translation>不是手机号：可能是固定电话？</translation>
    </message>
    <message>
        <source>no mobile network uses the prefix {0}</source>
        <translation>没有运营商使用号段 {0}</translation>
    </message>
</context>
<context>
    <name>CustomerForm</name>
    <message>
        <source>• {0}: {1}</source>
        <translation>• {0}：{1}</translation>
    </message>
    <message>
        <source>Save the customer (Ctrl+S)</source>
        <translation>保存客户（Ctrl+S）</translation>
    </message>
    <message>
        <source>Save needs: {0}.</source>
        <translation>保存前还需填写：{0}。</translation>
    </message>
    <message>
        <source>Please correct these fields before saving:</source>
        <translation>请先更正以下字段再保存：</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>Something went wrong ({0}).</source>
        <translation>出现错误（{0}）。</translation>
    </message>
    <message>
        <source>Correction requested by the customer</source>
        <translation>客户申请更正</translation>
    </message>
    <message>
        <source>What the customer asked to correct, and why (recorded)</source>
        <translation>客户要求更正的内容及原因（将被记录）</translation>
    </message>
    <message>
        <source>New customer</source>
        <extracomment>Field-level styles kept with the form until the shared sheet has them. After a stale edit: the fields whose saved value differs from the input.</extracomment>
        <translation>新建客户</translation>
    </message>
    <message>
        <source>Edit customer</source>
        <translation>编辑客户</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>姓名(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;ID number:</source>
        <translation>身份证号(&amp;I)：</translation>
    </message>
    <message>
        <source>&amp;Mobile:</source>
        <translation>手机号(&amp;M)：</translation>
    </message>
    <message>
        <source>&amp;Registered address:</source>
        <translation>户籍地址(&amp;R)：</translation>
    </message>
    <message>
        <source>C&amp;urrent address:</source>
        <translation>现住址(&amp;U)：</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>原因：</translation>
    </message>
    <message>
        <source>&amp;Do not visit</source>
        <translation>勿访(&amp;D)</translation>
    </message>
    <message>
        <source>Full name as on the ID card</source>
        <translation>与身份证一致的姓名</translation>
    </message>
    <message>
        <source>18 characters; cannot be changed later</source>
        <translation>18 位；创建后不可修改</translation>
    </message>
    <message>
        <source>Address of the household registration</source>
        <translation>户口所在地的详细地址</translation>
    </message>
    <message>
        <source>Where the customer lives now, if different</source>
        <translation>客户目前居住地址（如与户籍地址不同）</translation>
    </message>
    <message>
        <source>Required when &apos;do not visit&apos; is set</source>
        <translation>勾选“勿访”时必填</translation>
    </message>
    <message>
        <source>11-digit mobile number</source>
        <translation>11 位手机号</translation>
    </message>
    <message>
        <source>Ctrl+S saves; Esc cancels.</source>
        <translation>Ctrl+S 保存；Esc 取消。</translation>
    </message>
    <message>
        <source>Leave empty to keep {0}</source>
        <translation>留空则保留 {0}</translation>
    </message>
    <message>
        <source>The ID number cannot be changed after creation. Ctrl+S saves; Esc cancels.</source>
        <translation>身份证号创建后不可修改。Ctrl+S 保存；Esc 取消。</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Required: why may this customer be visited again?</source>
        <translation>必填：为什么可以重新走访该客户？</translation>
    </message>
    <message>
        <source>Changed by a colleague; the field shows the saved value.</source>
        <translation>同事已修改此项；此处显示的是已保存的值。</translation>
    </message>
    <message>
        <source>Do not visit: {0}</source>
        <translation>勿访：{0}</translation>
    </message>
    <message>
        <source>set</source>
        <translation>已设置</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <source>Nothing was saved. Your input is kept; the marked fields differ from what is saved now. Save again to apply your input.</source>
        <translation>未保存任何内容。您的输入已保留；标出的字段与当前已保存的值不同。再次保存即可应用您的输入。</translation>
    </message>
    <message>
        <source>Saved meanwhile: {0}</source>
        <translation>他人已保存为：{0}</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <source>Discard changes?</source>
        <translation>放弃修改？</translation>
    </message>
    <message>
        <source>You have unsaved changes. Discard them?</source>
        <translation>有未保存的修改，是否放弃？</translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation>放弃(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Keep editing</source>
        <translation>继续编辑(&amp;K)</translation>
    </message>
</context>
<context>
    <name>CustomerLoanModel</name>
    <message>
        <source>Contract</source>
        <translation>合同号</translation>
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
        <source>Outstanding</source>
        <translation>未还余额</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>逾期金额</translation>
    </message>
    <message>
        <source>Days past due</source>
        <translation>逾期天数</translation>
    </message>
    <message>
        <source>Last payment</source>
        <translation>最近还款日</translation>
    </message>
</context>
<context>
    <name>CustomerNoteModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>作者</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>CustomerVisitModel</name>
    <message>
        <source>{0} (lead)</source>
        <translation>{0}（组长）</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>{0} ({1} notices)</source>
        <translation>{0}（共 {1} 条通知）</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>目的</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>走访小组</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>报告</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>短信通知</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
</context>
</TS>
