<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About hvdesk</source>
        <translation>关于 hvdesk</translation>
    </message>
    <message>
        <source>Version {0} · Qt {1} · PySide6 {2}</source>
        <translation>版本 {0} · Qt {1} · PySide6 {2}</translation>
    </message>
    <message>
        <source>Plans home visits for consumer-finance branch offices: customers, visit schedules, notices, visit reports and their review.</source>
        <translation>为消费金融分支机构安排上门走访：客户、走访计划、通知、走访报告及其审核。</translation>
    </message>
    <message>
        <source>Database: {0}</source>
        <translation>数据库：{0}</translation>
    </message>
    <message>
        <source>Proprietary software, licensed for use by the branch offices only.</source>
        <translation>专有软件，仅授权各分支机构使用。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <source>Audit trail</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>The most recent {0} events, in branch time ({1}).</source>
        <translation>最近 {0} 条记录，时间为分支机构当地时间（{1}）。</translation>
    </message>
    <message>
        <source>Filter by user, action, record or desk</source>
        <translation>按用户、操作、记录或工作站筛选</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
</context>
<context>
    <name>AuditTableModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Desk</source>
        <translation>工作站</translation>
    </message>
</context>
<context>
    <name>Bootstrap</name>
    <message>
        <source>The database was upgraded for this version of hvdesk. A copy of the old file was kept at {0}</source>
        <translation>数据库已升级以适配此版本的 hvdesk，旧文件的副本保存在 {0}</translation>
    </message>
    <message>
        <source>hvdesk cannot start</source>
        <translation>hvdesk 无法启动</translation>
    </message>
    <message>
        <source>The database could not be opened.</source>
        <translation>无法打开数据库。</translation>
    </message>
</context>
<context>
    <name>ConnectionBanner</name>
    <message>
        <source>Reconnecting…</source>
        <translation>正在重新连接…</translation>
    </message>
    <message>
        <source>The connection to the server was lost. hvdesk keeps retrying; what you are typing stays as it is and can be saved once this message goes.</source>
        <translation>与服务器的连接已断开，hvdesk 正在不断重试；您正在输入的内容会原样保留，此提示消失后即可保存。</translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation>立即重试</translation>
    </message>
</context>
<context>
    <name>CoreMessages</name>
    <message>
        <source>mobile number</source>
        <translation>手机号码</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号码</translation>
    </message>
    <message>
        <source>The stored {0} does not belong to this customer (customer {1}): it may have been copied or tampered with.</source>
        <translation>存储的{0}不属于该客户（客户 {1}），可能被复制或篡改。</translation>
    </message>
    <message>
        <source>wrong user name or password, or the account is disabled</source>
        <translation>用户名或密码错误，或账户已停用。</translation>
    </message>
    <message>
        <source>Too many wrong passwords: this login is locked until {0}.</source>
        <translation>密码错误次数过多：此账户已锁定至 {0}。</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>hvdesk is locked</source>
        <translation>hvdesk 已锁定</translation>
    </message>
    <message>
        <source>The window was locked after a while without use. {0} ({1}): enter your password to continue, or sign out.</source>
        <translation>窗口因一段时间未使用已锁定。{0}（{1}）：请输入密码继续，或退出登录。</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Administration</source>
        <translation>系统管理</translation>
    </message>
    <message>
        <source>hvdesk — {0}</source>
        <translation>hvdesk — {0}</translation>
    </message>
    <message>
        <source>head office</source>
        <translation>总部</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Sign out</source>
        <translation>退出登录(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>首选项(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Full screen</source>
        <translation>全屏(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About hvdesk</source>
        <translation>关于 hvdesk(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 Qt(&amp;Q)</translation>
    </message>
    <message>
        <source>Database: {0}</source>
        <translation>数据库：{0}</translation>
    </message>
    <message>
        <source>Signed in: {0} ({1}) · {2}</source>
        <translation>当前用户：{0}（{1}）· {2}</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>首页</translation>
    </message>
    <message>
        <source>Audit trail</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Map</source>
        <translation>地图</translation>
    </message>
    <message>
        <source>Calendar</source>
        <translation>走访日历</translation>
    </message>
    <message numerus="yes">
        <source>%n customer(s) selected on the map; they are selected in the customer list too</source>
        <translation>
            <numerusform>地图上选中了 %n 位客户；客户列表中也已选中</numerusform>
        </translation>
    </message>
    <message>
        <source>Visit priorities: &amp;weights…</source>
        <translation>走访优先级：模型权重(&amp;W)…</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>The new language applies to every open window at once. A locked window asks for your password again.</source>
        <translation>新语言会立即应用到所有已打开的窗口。窗口锁定后需要重新输入密码。</translation>
    </message>
    <message>
        <source>Lock &amp;after idle for:</source>
        <translation>空闲多久后锁定(&amp;A)：</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
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
    <name>Roles</name>
    <message>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>Coordinator</source>
        <translation>协调员</translation>
    </message>
    <message>
        <source>Field visitor</source>
        <translation>走访人员</translation>
    </message>
    <message>
        <source>Reviewer</source>
        <translation>审核员</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>经理</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Signing in failed ({0}).</source>
        <translation>登录失败（{0}）。</translation>
    </message>
    <message>
        <source>Sign in to hvdesk</source>
        <translation>登录 hvdesk</translation>
    </message>
    <message>
        <source>Home-visit planning desk</source>
        <translation>上门走访计划工作台</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>for example coord1</source>
        <translation>例如 coord1</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Database: {0}</source>
        <translation>数据库：{0}</translation>
    </message>
    <message>
        <source>Enter your user name.</source>
        <translation>请输入用户名。</translation>
    </message>
</context>
</TS>
