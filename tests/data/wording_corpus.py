"""Notices that try to get past the wording rules, and notices that must pass.

Each attempt names the rule that must refuse it. The legitimate ones are the
kind a coordinator really sends: times, places, names, staff numbers, what to
have ready, how to move the visit — in Chinese and English, with numbers that
are dates, times, phone numbers and team sizes, never money.
"""

from __future__ import annotations

S = "【惠民消费金融】"
ZW = "\u200b"  # zero-width space
ZWJ = "\u200d"
SHY = "\u00ad"  # soft hyphen

BYPASS_ATTEMPTS: tuple[tuple[str, str], ...] = (
    # The three seen in the issue.
    (f"{S}借{ZW}款已逾{ZW}期…一千二百元", "disclosure"),
    (f"{S}Hello, your loan is overdue… 1200 yuan", "disclosure"),
    (f"{S}貸款已逾 期，請盡快還款CNY1200", "disclosure"),
    # Amounts in every spelling.
    (f"{S}张先生您好，请准备一千二百元。", "amount"),
    (f"{S}张先生您好，请准备壹仟贰佰圆。", "amount"),
    (f"{S}张先生您好，请准备三百块。", "amount"),
    (f"{S}张先生您好，请准备两万。", "amount"),
    (f"{S}张先生您好，请准备一 千 二 百 元。", "amount"),
    (f"{S}张先生您好，请准备CNY1200。", "amount"),
    (f"{S}张先生您好，请准备 cny 1200。", "amount"),
    (f"{S}张先生您好，请准备1.2k。", "amount"),
    (f"{S}张先生您好，请准备1.2K现金。", "amount"),
    (f"{S}张先生您好，请准备10w。", "amount"),
    (f"{S}张先生您好，请准备１２００元。", "amount"),  # full-width digits
    (f"{S}张先生您好，请准备1 200 元。", "amount"),
    (f"{S}张先生您好，请准备1{ZW}200元。", "amount"),
    (f"{S}Dear Mr Zhang, please have 1,200 yuan ready.", "amount"),
    (f"{S}Dear Mr Zhang, please have USD 300 ready.", "amount"),
    (f"{S}Dear Mr Zhang, please have $300 ready.", "amount"),
    (f"{S}Dear Mr Zhang, please have twelve hundred yuan ready.", "amount"),
    (f"{S}Dear Mr Zhang, please have two thousand dollars ready.", "amount"),
    (f"{S}张先生您好，请准备 yiqian erbai kuai。", "amount"),
    (f"{S}张先生您好，请准备人民币 500。", "amount"),
    (f"{S}张先生您好，请准备￥ 500。", "amount"),
    (f"{S}张先生您好，请准备 RMB500。", "amount"),
    # Disclosure words, hidden.
    (f"{S}张先生您好，您的账户已逾{ZWJ}期。", "disclosure"),
    (f"{S}张先生您好，您的账户已逾{SHY}期。", "disclosure"),
    (f"{S}张先生您好，您的账户已逾-期。", "disclosure"),
    (f"{S}张先生您好，您的账户已逾。期。", "disclosure"),
    (f"{S}张先生您好，您的账户已逾·期。", "disclosure"),
    (f"{S}張先生您好，您的欠款需處理。", "disclosure"),
    (f"{S}張先生您好，關於您的借貸。", "disclosure"),
    (f"{S}張先生您好，請盡快還錢。", "disclosure"),
    (f"{S}张先生您好，关于您的 yuqi 情况。", "disclosure"),
    (f"{S}张先生您好，关于您的 yu qi 情况。", "disclosure"),
    (f"{S}张先生您好，关于您的 yú qī 情况。", "disclosure"),
    (f"{S}张先生您好，关于您的 QianKuan。", "disclosure"),
    (f"{S}张先生您好，请尽快 huan kuan。", "disclosure"),
    (f"{S}张先生您好，cui shou 人员将上门。", "disclosure"),
    (f"{S}Dear Mr Zhang, your DEBT is due.", "disclosure"),
    (f"{S}Dear Mr Zhang, you owe us.", "disclosure"),
    (f"{S}Dear Mr Zhang, your account is in arrears.", "disclosure"),
    (f"{S}Dear Mr Zhang, please repay today.", "disclosure"),
    (f"{S}Dear Mr Zhang, our collection team will visit.", "disclosure"),
    (f"{S}Dear Mr Zhang, your installment is unpaid.", "disclosure"),
    (f"{S}Dear Mr Zhang, your l{ZW}oan is past due.", "disclosure"),
    (f"{S}Dear Mr Zhang, your ｌｏａｎ is late.", "disclosure"),  # full-width letters
    (f"{S}张先生您好，关于您的欠{ZW}钱问题。", "disclosure"),
    (f"{S}张先生您好，请处理您的帳單。", "disclosure"),
    # Threats, hidden.
    (f"{S}张先生您好，不配合将起{ZW}诉。", "threat"),
    (f"{S}张先生您好，不配合将起 诉。", "threat"),
    (f"{S}張先生您好，不配合將向法院申請。", "threat"),
    (f"{S}张先生您好，否则后果 自负。", "threat"),
    (f"{S}张先生您好，不配合将 qisu。", "threat"),
    (f"{S}张先生您好，我们会 bao jing。", "threat"),
    (f"{S}Dear Mr Zhang, we will sue you.", "threat"),
    (f"{S}Dear Mr Zhang, the police will come.", "threat"),
    (f"{S}Dear Mr Zhang, we will take legal action.", "threat"),
    (f"{S}Dear Mr Zhang, see you in court.", "threat"),
    (f"{S}张先生您好，我们将联系您的通讯 录。", "threat"),
    (f"{S}張先生您好，您將被列入黑名單。", "threat"),
    (f"{S}张先生您好，影响您的徵信。", "threat"),
)

LEGITIMATE: tuple[str, ...] = (
    f"{S}张先生您好！工作人员张伟（工号V0001）将于12月2日10:00拜访，改约请回复2。",
    f"{S}李女士您好，工作人员王芳（工号V0002）一行2人将于12月3日14:30-16:00到访，请备好本人身份证原件。",
    f"{S}刘先生您好，原定12月4日的拜访已改至12月5日9:30-11:00，回复1确认，回复2改约。",
    f"{S}陈女士您好，原定12月6日10:00的拜访已取消，给您带来不便敬请谅解。咨询请致电400-800-1234。",
    f"{S}赵先生您好，提醒您：工作人员明天（12月7日）15:00-16:30到访，请备好本人身份证原件。",
    f"{S}孙女士您好，感谢您12月1日接待我们的工作人员，请回复1-5为本次拜访评分（5为非常满意）。",
    f"{S}周先生您好，工作人员将于十二月二日上午十点拜访，请备好本人身份证原件及户口簿。",
    f"{S}吴女士您好，工作人员一行两人将于周三下午到访，改约请致电028-12345678。",
    f"{S}郑先生您好，工作人员将于12月9日到访，出示工作证，请留意。",
    f"{S}王先生您好，工作人员将于12月10日9:00-10:30拜访，地址：成都市武侯区人民南路四段1号。",
    f"{S}冯女士您好，工作人员将于12月11日到访，地址：北京市朝阳区建国路88号3单元502室。",
    f"{S}褚先生您好，改约请回复2或致电400-800-1234，我们将另行安排时间。",
    f"{S}卫女士您好，工作人员将于12月12日16:00到访，如不方便请回复2。",
    f"{S}蒋先生您好，工作人员将于下周一上午到访，届时出示工作证。",
    f"{S}沈女士您好，工作人员将于12月13日到访，请备好本人身份证原件。谢谢配合！",
    f"{S}韩先生您好，工作人员将于12月14日10:00-11:30到访，一行2人，请您在家。",
    f"{S}杨女士您好，工作人员将于12月15日到访，地址：上海市浦东新区世纪大道100号2号楼。",
    f"{S}朱先生您好，原定明天的拜访改为12月16日上午，回复1确认。",
    f"{S}秦女士您好，您的拜访时间为12月17日14:00，如需改约请回复2。",
    f"{S}尤先生您好，工作人员万一无法准时到达，会提前致电告知。",
    f"{S}许女士您好，工作人员将于12月18日到访，千万注意保管好个人信息，谨防诈骗。",
    f"{S}何先生您好，工作人员将于12月19日到访，工号V0123，可致电400-800-1234核实身份。",
    f"{S}吕女士您好，工作人员将于12月20日到访，请备好本人身份证原件。",
    f"{S}施先生您好，拜访已确认：12月21日9:00，一行两人。",
    f"{S}张先生您好，工作人员将于12月22日到访，地址为您登记的户籍地址。",
    f"{S}孔女士您好，工作人员将于12月23日11:00到访，请回复1确认。",
    f"{S}曹先生您好，感谢您的配合，祝您生活愉快！",
    f"{S}严女士您好，工作人员将于12月24日到访，请备好户口簿。",
    f"{S}华先生您好，工作人员将于12月25日到访，如有疑问请致电客服热线95588。",
    f"{S}金女士您好，工作人员将于12月26日13:30到访，改约请回复2。",
    f"{S}魏先生您好，工作人员将于12月27日到访，第1次拜访，请留意接听电话。",
    f"{S}陶女士您好，工作人员将于12月28日10:00到访，共2人。",
    f"{S}姜先生您好，工作人员将于1月2日到访，新年快乐！",
    f"{S}戚女士您好，工作人员将于1月3日到访，地址：广州市天河区体育西路3号。",
    f"{S}谢先生您好，工作人员将于1月4日9:00到访，请备好本人身份证原件。",
    f"{S}邹女士您好，工作人员将于1月5日到访，您可回复2改约。",
    f"{S}喻先生您好，工作人员将于1月6日到访，工号V0456。",
    f"{S}柏女士您好，工作人员将于1月7日到访，请在家等候。",
    f"{S}水先生您好，工作人员将于1月8日到访，请回复1确认或回复2改约。",
    f"{S}窦女士您好，工作人员将于1月9日14:00-15:00到访。",
    f"{S}Dear Mr Zhang, our staff Zhang Wei (staff no. V0001), a team of 2, plan to visit you "
    "at 1 Renmin Road on 2 December, 10:00-11:30, and will show their staff cards. "
    "Please have your ID card at hand. Reply 1 to confirm, 2 to change the time.",
    f"{S}Dear Ms Li, the visit planned for 3 December, 14:00 is cancelled. We apologise for "
    "the inconvenience. Questions: call 400-800-1234.",
    f"{S}Dear Mr Liu, thank you for meeting Wang Fang (staff no. V0002) on 1 December. "
    "Please reply 1-5 to rate the visit.",
    f"{S}Dear Mr Chen, a reminder: Li Qiang will visit you tomorrow, 4 December, 9:30-11:00.",
    f"{S}Dear Ms Zhao, your visit has moved to 5 December, 15:00. Reply 1 to confirm.",
    f"{S}Dear Mr Sun, please have your ID card and household register at hand.",
    f"{S}Dear Ms Zhou, our staff Wu Lei will visit you on 6 December; reply 2 to change.",
    f"{S}Dear Mr Wu, two colleagues will visit you on 7 December at 10:00.",
    f"{S}Dear Ms Zheng, a team of 2 will visit on 8 December, 16:00-17:00.",
    f"{S}Dear Mr Wang, our staff will visit you at Building 3, Unit 2, Room 502.",
    f"{S}Dear Ms Feng, thank you for your time today. Have a nice day!",
    f"{S}Dear Mr Bill Chu, the visit is confirmed for 9 December at 9:00.",
    f"{S}Dear Ms Wei, please call 028-12345678 to change the time.",
    f"{S}Dear Mr Jiang, the team will show their staff cards on arrival.",
    f"{S}Dear Ms Shen, the visit on 10 December is confirmed. Thank you.",
    f"{S}Dear Mr Han, our staff Yu Qing (staff no. V0777) will visit on 11 December.",
    f"{S}Dear Ms Yang, the visit at 20 Century Avenue on 12 December is at 14:30.",
    f"{S}Dear Mr Zhu, reply 2 to move the visit of 13 December.",
    f"{S}Dear Ms Qin, our staff will visit in the morning of 14 December.",
    f"{S}Dear Mr You, please keep your personal information safe and beware of fraud.",
)
