<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AdminPage</name>
    <message>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Branches</source>
        <translation>网点</translation>
    </message>
    <message>
        <source>Data key and backups</source>
        <translation>数据密钥与备份</translation>
    </message>
    <message>
        <source>SMS and costs</source>
        <translation>短信与成本</translation>
    </message>
</context>
<context>
    <name>AdminTab</name>
    <message>
        <source>Something went wrong ({0}).</source>
        <translation>操作失败（{0}）。</translation>
    </message>
</context>
<context>
    <name>BranchForm</name>
    <message>
        <source>New branch</source>
        <translation>新建网点</translation>
    </message>
    <message>
        <source>Branch {0}</source>
        <translation>网点 {0}</translation>
    </message>
    <message>
        <source>Code:</source>
        <translation>代码：</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>地址：</translation>
    </message>
    <message>
        <source>Hotline:</source>
        <translation>客服热线：</translation>
    </message>
    <message>
        <source>Visits from:</source>
        <translation>走访开始时间：</translation>
    </message>
    <message>
        <source>Visits until:</source>
        <translation>走访结束时间：</translation>
    </message>
    <message>
        <source>SMS from:</source>
        <translation>短信开始时间：</translation>
    </message>
    <message>
        <source>SMS until:</source>
        <translation>短信结束时间：</translation>
    </message>
</context>
<context>
    <name>BranchesTab</name>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Hotline</source>
        <translation>客服热线</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>走访时段</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>短信时段</translation>
    </message>
    <message>
        <source>The branches, their hotline and hours. The SMS signature is in the SMS gateway settings.</source>
        <translation>各网点及其客服热线和时段。短信签名在短信网关设置中。</translation>
    </message>
    <message>
        <source>Your branch (read-only).</source>
        <translation>您所在的网点（只读）。</translation>
    </message>
    <message>
        <source>New branch…</source>
        <translation>新建网点…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
</context>
<context>
    <name>KeysTab</name>
    <message>
        <source>The data key opens every customer&apos;s ID and phone number: hand it only to a desk of this branch, as a file, and keep the file safe.</source>
        <translation>数据密钥可解开所有客户的身份证号和手机号：只能以文件形式交给本网点的电脑，并妥善保管该文件。</translation>
    </message>
    <message>
        <source>Data key</source>
        <translation>数据密钥</translation>
    </message>
    <message>
        <source>Save the data key for another desk…</source>
        <translation>为另一台电脑保存数据密钥…</translation>
    </message>
    <message>
        <source>Read a data key from a file…</source>
        <translation>从文件读取数据密钥…</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>Back up now…</source>
        <translation>立即备份…</translation>
    </message>
    <message>
        <source>Restore a backup…</source>
        <translation>恢复备份…</translation>
    </message>
    <message>
        <source>Back up this computer&apos;s database once a day</source>
        <translation>每天备份一次这台电脑上的数据库</translation>
    </message>
    <message>
        <source>Keep the newest:</source>
        <translation>保留最新的：</translation>
    </message>
    <message>
        <source> backups</source>
        <translation> 份备份</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>文件夹：</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>A shared server is backed up on the server (pg_dump); &quot;Back up now&quot; runs pg_dump from here when it is installed.</source>
        <translation>共享服务器在服务器上备份（pg_dump）；若本机已安装 pg_dump，“立即备份”会在此运行它。</translation>
    </message>
    <message>
        <source>Last daily backup: {0}</source>
        <translation>最近一次每日备份：{0}</translation>
    </message>
    <message>
        <source>No daily backup yet: the first is taken a minute after signing in.</source>
        <translation>尚无每日备份：登录一分钟后将生成第一份。</translation>
    </message>
    <message>
        <source>Save the data key</source>
        <translation>保存数据密钥</translation>
    </message>
    <message>
        <source>The file will open every customer&apos;s ID and phone number of this database. Save it only for a desk of this branch; the export is recorded in the audit trail. Save it?</source>
        <translation>该文件可解开此数据库中所有客户的身份证号和手机号。只应为本网点的电脑保存；导出会记入审计日志。确定保存吗？</translation>
    </message>
    <message>
        <source>The data key was saved to {0}. Keep that file safe.</source>
        <translation>数据密钥已保存到 {0}。请妥善保管该文件。</translation>
    </message>
    <message>
        <source>The data key file</source>
        <translation>数据密钥文件</translation>
    </message>
    <message>
        <source>The data key was stored on this computer.</source>
        <translation>数据密钥已保存在这台电脑上。</translation>
    </message>
    <message>
        <source>Back up to</source>
        <translation>备份到</translation>
    </message>
    <message>
        <source>Backup written to {0}.</source>
        <translation>备份已写入 {0}。</translation>
    </message>
    <message>
        <source>Backup written to {0}: {1} customers, {2} visits.</source>
        <translation>备份已写入 {0}：{1} 位客户，{2} 次走访。</translation>
    </message>
    <message>
        <source>Restore a backup</source>
        <translation>恢复备份</translation>
    </message>
    <message>
        <source>The backup&apos;s data key file</source>
        <translation>该备份的数据密钥文件</translation>
    </message>
    <message>
        <source>This desk has no data key that opens the backup.</source>
        <translation>这台电脑没有能打开该备份的数据密钥。</translation>
    </message>
    <message>
        <source>That file holds no data key.</source>
        <translation>该文件中没有数据密钥。</translation>
    </message>
    <message>
        <source>The backup was restored.</source>
        <translation>备份已恢复。</translation>
    </message>
    <message>
        <source>Replace this computer&apos;s database with the backup ({0} customers, {1} visits)? The current database is kept beside it. Everyone is signed out.</source>
        <translation>用该备份（{0} 位客户，{1} 次走访）替换这台电脑上的数据库吗？当前数据库会保留在旁边。所有人将被登出。</translation>
    </message>
    <message>
        <source>Folder for the daily backups</source>
        <translation>每日备份的文件夹</translation>
    </message>
    <message>
        <source>The daily backup settings were saved.</source>
        <translation>每日备份设置已保存。</translation>
    </message>
</context>
<context>
    <name>PasswordForm</name>
    <message>
        <source>New password for {0}</source>
        <translation>{0} 的新密码</translation>
    </message>
    <message>
        <source>New password:</source>
        <translation>新密码：</translation>
    </message>
    <message>
        <source>Again:</source>
        <translation>再次输入：</translation>
    </message>
</context>
<context>
    <name>RoleForm</name>
    <message>
        <source>Role and branch of {0}</source>
        <translation>{0} 的角色和网点</translation>
    </message>
    <message>
        <source>Role:</source>
        <translation>角色：</translation>
    </message>
    <message>
        <source>Branch:</source>
        <translation>网点：</translation>
    </message>
</context>
<context>
    <name>SettingsTab</name>
    <message>
        <source>The SMS gateway (signature, outbox folder or HTTP gateway) is shared by every desk of this database; the cost defaults are the branch&apos;s.</source>
        <translation>短信网关（签名、发件文件夹或 HTTP 网关）由此数据库的所有电脑共用；成本默认值属于网点。</translation>
    </message>
    <message>
        <source>SMS gateway settings…</source>
        <translation>短信网关设置…</translation>
    </message>
    <message>
        <source>Cost defaults…</source>
        <translation>成本默认值…</translation>
    </message>
</context>
<context>
    <name>UserForm</name>
    <message>
        <source>New user</source>
        <translation>新建用户</translation>
    </message>
    <message>
        <source>User name:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <source>Full name:</source>
        <translation>姓名：</translation>
    </message>
    <message>
        <source>Employee number:</source>
        <translation>工号：</translation>
    </message>
    <message>
        <source>Role:</source>
        <translation>角色：</translation>
    </message>
    <message>
        <source>Branch:</source>
        <translation>网点：</translation>
    </message>
    <message>
        <source>First password:</source>
        <translation>初始密码：</translation>
    </message>
</context>
<context>
    <name>UsersTab</name>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Employee no.</source>
        <translation>工号</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Branch</source>
        <translation>网点</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Everyone who signs in. Only administrators change users.</source>
        <translation>所有可登录的人员。只有管理员可以修改用户。</translation>
    </message>
    <message>
        <source>The users of your branch (read-only).</source>
        <translation>您所在网点的用户（只读）。</translation>
    </message>
    <message>
        <source>New user…</source>
        <translation>新建用户…</translation>
    </message>
    <message>
        <source>Role and branch…</source>
        <translation>角色和网点…</translation>
    </message>
    <message>
        <source>Reset password…</source>
        <translation>重置密码…</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>active</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
</TS>
