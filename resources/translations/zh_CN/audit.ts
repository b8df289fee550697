<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AuditActions</name>
    <message>
        <source>Signed in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Signed out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>Wrong password</source>
        <translation>密码错误</translation>
    </message>
    <message>
        <source>Sign-in locked</source>
        <translation>登录已锁定</translation>
    </message>
    <message>
        <source>Sign-in refused (locked)</source>
        <translation>拒绝登录（已锁定）</translation>
    </message>
    <message>
        <source>Sign-in unlocked</source>
        <translation>解除登录锁定</translation>
    </message>
    <message>
        <source>Command-line session started</source>
        <translation>开始命令行会话</translation>
    </message>
    <message>
        <source>Command-line session ended</source>
        <translation>结束命令行会话</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>修改</translation>
    </message>
    <message>
        <source>Status changed</source>
        <translation>状态变更</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Viewed</source>
        <translation>查看</translation>
    </message>
    <message>
        <source>Viewed full personal data</source>
        <translation>查看完整个人信息</translation>
    </message>
    <message>
        <source>Exported</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Printed</source>
        <translation>打印</translation>
    </message>
    <message>
        <source>Document generated</source>
        <translation>生成文档</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Personal data handed to the customer</source>
        <translation>向客户提供其个人信息</translation>
    </message>
    <message>
        <source>Personal data corrected</source>
        <translation>更正个人信息</translation>
    </message>
    <message>
        <source>Anonymised</source>
        <translation>匿名化</translation>
    </message>
    <message>
        <source>Retention clean-up run</source>
        <translation>执行保存期限清理</translation>
    </message>
    <message>
        <source>Retention clean-up tried (no change)</source>
        <translation>试运行保存期限清理（未改动）</translation>
    </message>
    <message>
        <source>Do-not-visit changed</source>
        <translation>勿访设置变更</translation>
    </message>
    <message>
        <source>Scheduling rule overridden</source>
        <translation>越过排程规则</translation>
    </message>
    <message>
        <source>Addresses placed on the map</source>
        <translation>地址定位到地图</translation>
    </message>
    <message>
        <source>Visit priorities recalculated</source>
        <translation>重新计算走访优先级</translation>
    </message>
    <message>
        <source>Priority model back-tested</source>
        <translation>回测优先级模型</translation>
    </message>
    <message>
        <source>Notices sent</source>
        <translation>发送通知</translation>
    </message>
    <message>
        <source>Notice cancelled</source>
        <translation>取消通知</translation>
    </message>
    <message>
        <source>Notice followed up</source>
        <translation>跟进通知</translation>
    </message>
    <message>
        <source>Delivery receipts imported</source>
        <translation>导入送达回执</translation>
    </message>
    <message>
        <source>Settings changed</source>
        <translation>修改设置</translation>
    </message>
    <message>
        <source>Report started</source>
        <translation>开始填写报告</translation>
    </message>
    <message>
        <source>Report submitted</source>
        <translation>提交报告</translation>
    </message>
    <message>
        <source>Report resubmitted</source>
        <translation>重新提交报告</translation>
    </message>
    <message>
        <source>Report returned</source>
        <translation>退回报告</translation>
    </message>
    <message>
        <source>Report approved</source>
        <translation>批准报告</translation>
    </message>
    <message>
        <source>Report amended</source>
        <translation>修订报告</translation>
    </message>
    <message>
        <source>Complaint registered</source>
        <translation>登记投诉</translation>
    </message>
    <message>
        <source>Complaint resolved</source>
        <translation>办结投诉</translation>
    </message>
    <message>
        <source>Demo data generated</source>
        <translation>生成演示数据</translation>
    </message>
    <message>
        <source>Backed up</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>Restored from a backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <source>Data key bound</source>
        <translation>绑定数据密钥</translation>
    </message>
    <message>
        <source>Data key change started</source>
        <translation>开始更换数据密钥</translation>
    </message>
    <message>
        <source>Data key changed</source>
        <translation>更换数据密钥</translation>
    </message>
    <message>
        <source>Audit trail verified</source>
        <translation>校验审计日志</translation>
    </message>
    <message>
        <source>Audit trail anchored</source>
        <translation>锚定审计日志</translation>
    </message>
    <message>
        <source>Report approval undone</source>
        <translation>撤销批准报告</translation>
    </message>
    <message>
        <source>Password reset</source>
        <translation>重置密码</translation>
    </message>
</context>
<context>
    <name>RecordKinds</name>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Branch</source>
        <translation>网点</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Customer note</source>
        <translation>客户备注</translation>
    </message>
    <message>
        <source>Customer search key</source>
        <translation>客户检索键</translation>
    </message>
    <message>
        <source>Correction request</source>
        <translation>更正申请</translation>
    </message>
    <message>
        <source>Loan account</source>
        <translation>贷款账户</translation>
    </message>
    <message>
        <source>Repayment</source>
        <translation>还款</translation>
    </message>
    <message>
        <source>Promise to pay</source>
        <translation>还款承诺</translation>
    </message>
    <message>
        <source>Complaint</source>
        <translation>投诉</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>走访</translation>
    </message>
    <message>
        <source>Visit member</source>
        <translation>走访成员</translation>
    </message>
    <message>
        <source>Visitor booking</source>
        <translation>走访人员预约</translation>
    </message>
    <message>
        <source>Visit consent</source>
        <translation>走访同意</translation>
    </message>
    <message>
        <source>Visit flag</source>
        <translation>走访标记</translation>
    </message>
    <message>
        <source>Visitor leave</source>
        <translation>走访人员请假</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>通知</translation>
    </message>
    <message>
        <source>Notice settings</source>
        <translation>通知设置</translation>
    </message>
    <message>
        <source>Visit report</source>
        <translation>走访报告</translation>
    </message>
    <message>
        <source>Report step</source>
        <translation>报告步骤</translation>
    </message>
    <message>
        <source>Report revision</source>
        <translation>报告版本</translation>
    </message>
    <message>
        <source>Report attachment</source>
        <translation>报告附件</translation>
    </message>
    <message>
        <source>Feedback</source>
        <translation>反馈</translation>
    </message>
    <message>
        <source>Visit cost</source>
        <translation>走访费用</translation>
    </message>
    <message>
        <source>Cost setting</source>
        <translation>费用设置</translation>
    </message>
    <message>
        <source>Saved filter</source>
        <translation>保存的筛选</translation>
    </message>
    <message>
        <source>Geocoding cache</source>
        <translation>地址定位缓存</translation>
    </message>
    <message>
        <source>Change log</source>
        <translation>变更记录</translation>
    </message>
    <message>
        <source>Command-line session</source>
        <translation>命令行会话</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>管理看板</translation>
    </message>
    <message>
        <source>Data key</source>
        <translation>数据密钥</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>文档</translation>
    </message>
    <message>
        <source>Rejected import rows</source>
        <translation>导入被拒行</translation>
    </message>
    <message>
        <source>Visit priorities</source>
        <translation>走访优先级</translation>
    </message>
    <message>
        <source>Priority back-test</source>
        <translation>优先级回测</translation>
    </message>
    <message>
        <source>Audit trail</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>Daily backup</source>
        <translation>每日备份</translation>
    </message>
    <message>
        <source>Map counts</source>
        <translation>地图统计</translation>
    </message>
</context>
<context>
    <name>AuditActors</name>
    <message>
        <source>System</source>
        <translation>系统</translation>
    </message>
</context>
</TS>
