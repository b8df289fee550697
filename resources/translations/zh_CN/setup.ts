<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AdminPage</name>
    <message>
        <source>The first administrator</source>
        <translation>第一位管理员</translation>
    </message>
    <message>
        <source>The database has no users yet. The administrator adds everyone else on the Administration page.</source>
        <translation>数据库中还没有用户。其他人由管理员在“系统管理”页面添加。</translation>
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
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Password again:</source>
        <translation>再次输入密码：</translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <source>Ready</source>
        <translation>设置完成</translation>
    </message>
    <message>
        <source>Save the data key for another desk…</source>
        <translation>为另一台电脑保存数据密钥…</translation>
    </message>
    <message>
        <source>Another desk on this database needs the data key: save it to a file (a USB stick) and keep that file safe. Saving it is recorded in the audit trail.</source>
        <translation>使用此数据库的其他电脑需要数据密钥：请将其保存到文件（如U盘）并妥善保管该文件。保存操作会记入审计日志。</translation>
    </message>
</context>
<context>
    <name>KeyPage</name>
    <message>
        <source>The data key</source>
        <translation>数据密钥</translation>
    </message>
    <message>
        <source>Customers&apos; ID and phone numbers are encrypted with the database&apos;s data key. Paste the key your administrator gave you, or read the key file they exported.</source>
        <translation>客户的身份证号和手机号用数据库的数据密钥加密。请粘贴管理员给您的密钥，或读取管理员导出的密钥文件。</translation>
    </message>
    <message>
        <source>Use this key</source>
        <translation>使用此密钥</translation>
    </message>
    <message>
        <source>Read the key from a file…</source>
        <translation>从文件读取密钥…</translation>
    </message>
</context>
<context>
    <name>PlacePage</name>
    <message>
        <source>Where is the data of this branch kept?</source>
        <translation>本网点的数据存放在哪里？</translation>
    </message>
    <message>
        <source>On this computer (one desk)</source>
        <translation>在这台电脑上（单机使用）</translation>
    </message>
    <message>
        <source>On a shared server (several desks, PostgreSQL)</source>
        <translation>在共享服务器上（多台电脑，PostgreSQL）</translation>
    </message>
    <message>
        <source>Database file:</source>
        <translation>数据库文件：</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Fill a new database with a demo branch to try hvdesk</source>
        <translation>在新数据库中填入演示网点，用于试用 hvdesk</translation>
    </message>
    <message>
        <source>Server address:</source>
        <translation>服务器地址：</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>端口：</translation>
    </message>
    <message>
        <source>Database:</source>
        <translation>数据库：</translation>
    </message>
    <message>
        <source>Your user name:</source>
        <translation>您的用户名：</translation>
    </message>
    <message>
        <source>Your password:</source>
        <translation>您的密码：</translation>
    </message>
    <message>
        <source>for example 192.168.1.10</source>
        <translation>例如 192.168.1.10</translation>
    </message>
    <message>
        <source>Sign in as yourself. The first time, IT signs in with the server&apos;s own account to set the database up.</source>
        <translation>请用您自己的账号登录。首次使用时，由IT人员用服务器自身的账号登录以建立数据库。</translation>
    </message>
</context>
<context>
    <name>SetupDialog</name>
    <message>
        <source>Set up hvdesk</source>
        <translation>设置 hvdesk</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Choose another database</source>
        <translation>选择其他数据库</translation>
    </message>
    <message>
        <source>Set up / upgrade the database on the server</source>
        <translation>在服务器上建立/升级数据库</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Something went wrong ({0}).</source>
        <translation>操作失败（{0}）。</translation>
    </message>
    <message>
        <source>The server does not answer. Check the address and port, that this computer is on the office network, and that the server is running.</source>
        <translation>服务器没有响应。请检查地址和端口、这台电脑是否连接在办公网络上，以及服务器是否在运行。</translation>
    </message>
    <message>
        <source>The server has no database of that name. Check the name with IT.</source>
        <translation>服务器上没有这个名称的数据库。请向IT人员核对名称。</translation>
    </message>
    <message>
        <source>The server refused that user name and password (or the account is disabled).</source>
        <translation>服务器拒绝了该用户名和密码（或账号已停用）。</translation>
    </message>
    <message>
        <source>The database on the server was made by an older hvdesk and must be upgraded before desks use it. IT can do that here, signed in with the server&apos;s own account.</source>
        <translation>服务器上的数据库由旧版 hvdesk 创建，须先升级才能使用。IT人员可用服务器自身的账号在此登录并升级。</translation>
    </message>
    <message>
        <source>The database on the server is empty. IT sets it up here, signed in with the server&apos;s own account.</source>
        <translation>服务器上的数据库是空的。请IT人员用服务器自身的账号在此登录并建立数据库。</translation>
    </message>
    <message>
        <source>The database was made by a newer hvdesk. Install that version on this computer.</source>
        <translation>该数据库由更新版本的 hvdesk 创建。请在这台电脑上安装该版本。</translation>
    </message>
    <message>
        <source>That is not a data key. Paste the whole key, or choose the file the administrator saved.</source>
        <translation>这不是数据密钥。请粘贴完整的密钥，或选择管理员保存的文件。</translation>
    </message>
    <message>
        <source>That key does not open this database: it belongs to another database, or to the time before a key change. Ask the administrator for the current key.</source>
        <translation>该密钥无法打开此数据库：它属于另一个数据库，或是更换密钥之前的旧密钥。请向管理员索取当前密钥。</translation>
    </message>
    <message>
        <source>That is a folder, or a place where no file can be made. Name a database file.</source>
        <translation>这是一个文件夹，或无法在此创建文件。请指定一个数据库文件。</translation>
    </message>
    <message>
        <source>That file is not an hvdesk database.</source>
        <translation>该文件不是 hvdesk 数据库。</translation>
    </message>
    <message>
        <source>The database already has users: sign in with yours.</source>
        <translation>数据库中已有用户：请用您的账号登录。</translation>
    </message>
    <message>
        <source>Start hvdesk</source>
        <translation>启动 hvdesk</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Database file</source>
        <translation>数据库文件</translation>
    </message>
    <message>
        <source>A new data key was made for this new database and kept on this computer (in Windows Credential Manager where there is one). Other desks get it from the administrator.</source>
        <translation>已为这个新数据库生成新的数据密钥，并保存在这台电脑上（有 Windows 凭据管理器时保存在其中）。其他电脑向管理员获取。</translation>
    </message>
    <message>
        <source>This computer already holds the database&apos;s data key.</source>
        <translation>这台电脑已保存该数据库的数据密钥。</translation>
    </message>
    <message>
        <source>This computer does not hold the database&apos;s data key yet.</source>
        <translation>这台电脑还没有该数据库的数据密钥。</translation>
    </message>
    <message>
        <source>The data key this computer holds does not open this database (from before a key change?). Give the current one.</source>
        <translation>这台电脑保存的数据密钥无法打开此数据库（可能是更换密钥前的旧密钥）。请提供当前密钥。</translation>
    </message>
    <message>
        <source>The data key file</source>
        <translation>数据密钥文件</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <source>This desk will use {0}. Next you sign in.</source>
        <translation>这台电脑将使用 {0}。接下来请登录。</translation>
    </message>
    <message>
        <source>Demo users and their passwords (shown once; write them down):
{0}</source>
        <translation>演示用户及其密码（只显示这一次，请记下）：
{0}</translation>
    </message>
    <message>
        <source>Save the data key</source>
        <translation>保存数据密钥</translation>
    </message>
    <message>
        <source>The data key was saved to {0}. Keep that file safe.</source>
        <translation>数据密钥已保存到 {0}。请妥善保管该文件。</translation>
    </message>
</context>
</TS>
