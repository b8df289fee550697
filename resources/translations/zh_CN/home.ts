<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>OverviewPage</name>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Read again (F5)</source>
        <translation>重新读取（F5）</translation>
    </message>
    <message>
        <source>Visits today</source>
        <translation>今日走访</translation>
    </message>
    <message>
        <source>Visits tomorrow</source>
        <translation>明日走访</translation>
    </message>
    <message>
        <source>Reports waiting for review</source>
        <translation>待审核的走访报告</translation>
    </message>
    <message>
        <source>Notices not sent yet</source>
        <translation>尚未发送的通知</translation>
    </message>
    <message>
        <source>Notices that failed</source>
        <translation>发送失败的通知</translation>
    </message>
    <message>
        <source>Customers asking to move</source>
        <translation>客户要求改约</translation>
    </message>
    <message>
        <source>Reports returned</source>
        <translation>已退回的报告</translation>
    </message>
    <message>
        <source>Broken promises</source>
        <translation>未兑现的还款承诺</translation>
    </message>
    <message>
        <source>Open complaints</source>
        <translation>未结投诉</translation>
    </message>
    <message>
        <source>Reports to write</source>
        <translation>待写的走访报告</translation>
    </message>
    <message>
        <source>Good morning, {0}</source>
        <translation>早上好，{0}</translation>
    </message>
    <message>
        <source>Good afternoon, {0}</source>
        <translation>下午好，{0}</translation>
    </message>
    <message>
        <source>Good evening, {0}</source>
        <translation>晚上好，{0}</translation>
    </message>
    <message>
        <source>{0} · {1}</source>
        <translation>{0} · {1}</translation>
    </message>
    <message>
        <source>All branches</source>
        <translation>全部分支机构</translation>
    </message>
    <message>
        <source>{0} · first at {1}</source>
        <translation>{0} · 首个 {1}</translation>
    </message>
    <message>
        <source>{0} · {1} teams · first at {2}</source>
        <translation>{0} · {1} 个小组 · 首个 {2}</translation>
    </message>
    <message>
        <source>1 visit</source>
        <translation>1 次走访</translation>
    </message>
    <message>
        <source>{0} visits</source>
        <translation>{0} 次走访</translation>
    </message>
    <message>
        <source>You have no visit today.</source>
        <translation>您今天没有走访安排。</translation>
    </message>
    <message>
        <source>No visit is planned for today.</source>
        <translation>今天没有安排走访。</translation>
    </message>
    <message>
        <source>You have no visit tomorrow.</source>
        <translation>您明天没有走访安排。</translation>
    </message>
    <message>
        <source>No visit is planned for tomorrow yet.</source>
        <translation>明天还没有安排走访。</translation>
    </message>
    <message>
        <source>Open the calendar ›</source>
        <translation>打开走访日历 ›</translation>
    </message>
    <message>
        <source>replied “{0}”</source>
        <translation>回复“{0}”</translation>
    </message>
    <message>
        <source>draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>发送失败</translation>
    </message>
    <message>
        <source>Drafts and queued notices of visits ahead</source>
        <translation>待发出的草稿和排队通知</translation>
    </message>
    <message>
        <source>The carrier could not deliver them</source>
        <translation>运营商未能送达</translation>
    </message>
    <message>
        <source>Replied “2”: call back and move the visit</source>
        <translation>回复“2”：请回电并改约走访时间</translation>
    </message>
    <message>
        <source>Every visit ahead has its notice sent.</source>
        <translation>即将进行的走访都已发送通知。</translation>
    </message>
    <message>
        <source>No notice failed.</source>
        <translation>没有发送失败的通知。</translation>
    </message>
    <message>
        <source>No customer asked to move a visit.</source>
        <translation>没有客户要求改约。</translation>
    </message>
    <message>
        <source>Open the notices ›</source>
        <translation>打开短信通知 ›</translation>
    </message>
    <message>
        <source>Oldest submitted {0}</source>
        <translation>最早提交于 {0}</translation>
    </message>
    <message>
        <source>Submitted by the teams</source>
        <translation>各小组提交的报告</translation>
    </message>
    <message>
        <source>No report is waiting for review.</source>
        <translation>没有待审核的报告。</translation>
    </message>
    <message>
        <source>Open the review queue ›</source>
        <translation>打开审核队列 ›</translation>
    </message>
    <message>
        <source>Returned to you to correct</source>
        <translation>退回给您修改</translation>
    </message>
    <message>
        <source>Returned by a reviewer, waiting for the author</source>
        <translation>审核人已退回，等待撰写人修改</translation>
    </message>
    <message>
        <source>No report is returned.</source>
        <translation>没有被退回的报告。</translation>
    </message>
    <message>
        <source>Open the reports ›</source>
        <translation>打开走访报告 ›</translation>
    </message>
    <message>
        <source>Visits done whose report is missing or a draft</source>
        <translation>已完成但报告未写或仍为草稿的走访</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>未开始</translation>
    </message>
    <message>
        <source>Every report is written. Thank you!</source>
        <translation>报告都已写完，谢谢！</translation>
    </message>
    <message>
        <source>Due date passed, nothing paid</source>
        <translation>已过承诺日期，尚未还款</translation>
    </message>
    <message>
        <source>No promise is broken.</source>
        <translation>没有未兑现的还款承诺。</translation>
    </message>
    <message>
        <source>Open the promises ›</source>
        <translation>打开还款承诺 ›</translation>
    </message>
    <message>
        <source>The oldest is past its due date</source>
        <translation>最早的一件已超过处理期限</translation>
    </message>
    <message>
        <source>To answer by their due date</source>
        <translation>请在处理期限前答复</translation>
    </message>
    <message>
        <source>No complaint is open.</source>
        <translation>没有未结投诉。</translation>
    </message>
    <message>
        <source>Open the complaints ›</source>
        <translation>打开投诉 ›</translation>
    </message>
</context>
</TS>
