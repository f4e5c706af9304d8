"""Demo data of the campaigns app: each demo hospital's campaign for 2026, its leading group and
office, and a 责任分解表 written from the seeds' task lists (seed 000 (三), 001 三(一)–(十一),
004 总结2), each task linked to the standard items it serves (by item code), with deadlines from
February to November and statuses as they would stand on 2026-11-23 (``DEMO_TODAY``, in the
last phase 查漏补缺·迎检): about four tasks in five done and accepted, this month's records of
some recurring tasks awaiting review, two or three returned, a few recurring items with a month
missing, and a short tail of overdue tasks (``TAILS``).

Runs after ``chuangwen.org.demo`` and the standards demo; reads ``ctx.units``,
``ctx.departments``, ``ctx.people`` and ``ctx.users``, and leaves ``ctx.extra["campaigns"]``
(unit key -> Campaign), ``ctx.extra["tasks"]`` (every task created) and
``ctx.extra["task_notes"]`` (task id -> its note in ``TAILS``), which the evidence demo turns
into records. A unit without a usable standard gets no campaign (said on stdout)."""

from __future__ import annotations

from datetime import date

from django.db.models import Case, IntegerField, Value, When

from chuangwen.org.models import Person

from . import services
from .models import Phase, Task

DEMO_TODAY = date(2026, 11, 23)
MOB, IMP, REV = Phase.Kind.MOBILISE, Phase.Kind.IMPLEMENT, Phase.Kind.REVIEW
Rc = Task.Recurrence

# phase, title, requirements, department, co-departments, deliverable, recurrence, (month, day), item codes
# (of the hospital's own standard, hospital.yaml)
RMYY_TASKS = [
    (
        MOB,
        "修订年度创建工作方案及责任分解表",
        "对照市级文明单位测评体系，修订年度创建方案，逐项分解到科室、落实到人。",
        "院办",
        "党办、医务科",
        "创建方案、责任分解表（印发文件）",
        Rc.ONCE,
        (2, 28),
        ("2.2.2",),
    ),
    (
        MOB,
        "成立创建工作领导小组及办公室",
        "院长任组长，书记任副组长，领导小组下设办公室，明确职责分工。",
        "院办",
        "党办",
        "成立文件（带文号）",
        Rc.ONCE,
        (2, 20),
        ("2.2.1",),
    ),
    (
        MOB,
        "召开创建文明单位动员大会",
        "全院职工参加，传达上级文件精神，部署年度创建任务。",
        "党办",
        "院办",
        "会议通知、签到表、照片、会议纪要",
        Rc.ONCE,
        (3, 10),
        ("6.2.4",),
    ),
    (
        MOB,
        "制作创建宣传栏、发放创建宣传资料",
        "门诊大厅、住院部设置创建宣传栏，利用电子屏滚动播放创建标语。",
        "党办",
        "总务科、信息科",
        "宣传栏照片不少于2张",
        Rc.ONCE,
        (3, 31),
        ("6.2.1",),
    ),
    (
        MOB,
        "组织科主任、护士长学习创建测评体系",
        "逐条学习测评项目及台账要求，明确各科室责任。",
        "党办",
        "护理部",
        "学习记录、签到表",
        Rc.ONCE,
        (3, 20),
        ("1.1.1",),
    ),
    (
        IMP,
        "领导班子中心组理论学习",
        "中心组每月两次学习，每季撰写心得体会。",
        "党办",
        "",
        "学习记录、心得体会",
        Rc.TWICE_MONTHLY,
        (11, 30),
        ("1.1.2", "1.1.3"),
    ),
    (
        IMP,
        "领导班子民主生活会",
        "严格执行民主集中制，开展批评与自我批评。",
        "党办",
        "院办",
        "会议记录、整改清单",
        Rc.HALF_YEARLY,
        (11, 30),
        ("2.1.1",),
    ),
    (
        IMP,
        "落实党风廉政建设责任制",
        "按一级管一级原则签订责任书，认真遵守廉洁自律各项规定。",
        "党办",
        "院办",
        "责任书、廉政谈话记录",
        Rc.ONCE,
        (4, 30),
        ("2.1.2",),
    ),
    (
        IMP,
        "坚持“三会一课”制度",
        "支部党员大会、支委会、党小组会、党课按制度开展，做好记录。",
        "党办",
        "",
        "三会一课记录本",
        Rc.MONTHLY,
        (11, 30),
        ("1.2.1",),
    ),
    (
        IMP,
        "开展“五好党支部”创建活动",
        "制定活动方案，对照五好标准逐项落实。",
        "党办",
        "",
        "活动方案、总结",
        Rc.ONCE,
        (6, 30),
        ("1.2.2",),
    ),
    (
        IMP,
        "做好党员发展工作",
        "今年发展党员6—8名，严格履行发展程序。",
        "党办",
        "",
        "党员发展材料",
        Rc.ONCE,
        (10, 31),
        ("1.2.3",),
    ),
    (
        IMP,
        "院务公开",
        "全面推行院务公开，重大事项经职代会讨论决定。",
        "院办",
        "财务科",
        "公开栏照片、职代会决议",
        Rc.QUARTERLY,
        (11, 30),
        ("2.1.3",),
    ),
    (
        IMP,
        "召开职工代表大会",
        "落实职代会制度，审议院长工作报告和重大事项。",
        "院办",
        "党办",
        "会议材料、决议",
        Rc.YEARLY,
        (4, 30),
        ("2.1.3", "2.1.1"),
    ),
    (
        IMP,
        "医德医风专项整治",
        "成立整治工作领导小组，制定实施方案，召开动员大会。",
        "医务科",
        "护理部、党办",
        "实施方案、动员会照片",
        Rc.ONCE,
        (7, 31),
        ("3.1.3",),
    ),
    (
        IMP,
        "每月下发医德医风学习资料",
        "科室组织认真学习并记录。",
        "医务科",
        "",
        "学习资料、科室学习记录",
        Rc.MONTHLY,
        (11, 30),
        ("3.1.4",),
    ),
    (
        IMP,
        "召开行风评议会",
        "邀请党风政风监督员、人大代表、政协委员、社区代表参加，征求意见建议。",
        "院办",
        "医务科",
        "会议记录、意见整改清单",
        Rc.HALF_YEARLY,
        (11, 30),
        ("3.2.1",),
    ),
    (
        IMP,
        "每季服务满意度调查",
        "门诊、住院患者满意度调查，发放征求意见卡，限期整改。",
        "质控科",
        "护理部",
        "调查问卷统计表、整改报告",
        Rc.QUARTERLY,
        (11, 30),
        ("3.2.3",),
    ),
    (
        IMP,
        "每月召开公休座谈会",
        "各病区每月召开公休座谈会，听取患者意见。",
        "护理部",
        "内科、外科",
        "座谈会记录、照片",
        Rc.MONTHLY,
        (11, 30),
        ("3.2.2",),
    ),
    (
        IMP,
        "医德医风考评",
        "建立医德医风考评机制，实行晋升专业技术职务医德医风一票否决。",
        "医务科",
        "党办",
        "考评档案、一票否决记录",
        Rc.YEARLY,
        (11, 15),
        ("3.1.1", "3.1.2"),
    ),
    (
        IMP,
        "评选“最满意医生、护士、员工”",
        "全院开展评选，激发干部职工工作热情。",
        "党办",
        "医务科、护理部",
        "评选方案、结果公示",
        Rc.YEARLY,
        (10, 31),
        ("4.2.1",),
    ),
    (
        IMP,
        "开展文明科室、文明医生、文明护士活动",
        "有关部门制定工作方案，加强日常考核。",
        "党办",
        "医务科、护理部",
        "活动方案、考核记录",
        Rc.ONCE,
        (9, 30),
        ("4.2.3",),
    ),
    (
        IMP,
        "开设道德讲堂",
        "学习身边的模范，身边人说身边事，每季至少一期。",
        "党办",
        "",
        "道德讲堂签到表、照片、讲稿",
        Rc.QUARTERLY,
        (11, 30),
        ("4.3.1",),
    ),
    (
        IMP,
        "开展文明礼仪培训",
        "聘请文明礼仪讲师作专题报告，全院职工受训率100%。",
        "护理部",
        "党办",
        "培训通知、签到表、照片",
        Rc.ONCE,
        (5, 31),
        ("4.3.2",),
    ),
    (
        IMP,
        "设置“遵德守礼”提示牌",
        "院内公共区域设置提示牌，引导遵德守礼。",
        "总务科",
        "党办",
        "提示牌照片不少于3张",
        Rc.ONCE,
        (4, 30),
        ("5.2.2",),
    ),
    (
        IMP,
        "新进人员岗前培训",
        "树立“全心全意为患者服务”理念，开展职业道德教育。",
        "医务科",
        "护理部",
        "培训计划、考核记录",
        Rc.ONCE,
        (8, 31),
        ("4.3.2",),
    ),
    (
        IMP,
        "优化门诊服务流程",
        "门诊窗口提前15分钟到岗，合理排班，设导诊人员，解决排长队现象。",
        "医务科",
        "护理部、信息科",
        "流程图、排班表、照片",
        Rc.ONCE,
        (5, 31),
        ("4.1.1",),
    ),
    (
        IMP,
        "推行出院病人随访制度",
        "认真落实病人选医师制度，出院病人随访，给患者以持续关爱。",
        "护理部",
        "内科、外科",
        "随访记录",
        Rc.MONTHLY,
        (11, 30),
        ("4.1.3",),
    ),
    (
        IMP,
        "实施“无假日医院”",
        "加强节假日门诊技术力量，保障节假日医疗服务。",
        "医务科",
        "",
        "节假日排班表",
        Rc.ONCE,
        (10, 8),
        ("4.1.2",),
    ),
    (
        IMP,
        "改善就医环境",
        "候诊区增设候诊椅、饮水机，院区绿化亮化，绘制停车路线标志。",
        "总务科",
        "",
        "改造前后照片",
        Rc.ONCE,
        (8, 31),
        ("5.1.1", "5.1.3"),
    ),
    (
        IMP,
        "开展爱国卫生运动",
        "全院划分卫生区域，每个卫生员负责一个区域，定期检查评比。",
        "总务科",
        "感染性疾病科",
        "卫生区域划分表、检查记录",
        Rc.MONTHLY,
        (11, 30),
        ("5.1.2",),
    ),
    (
        IMP,
        "控烟工作",
        "院内全面禁烟，设置禁烟标识，成立控烟监督员队伍。",
        "总务科",
        "保卫科",
        "禁烟标识照片、巡查记录",
        Rc.MONTHLY,
        (11, 30),
        ("5.2.1",),
    ),
    (
        IMP,
        "健全值班巡逻制度",
        "严格落实社会治安综合治理措施，消除安全隐患。",
        "保卫科",
        "总务科",
        "值班巡逻记录",
        Rc.WEEKLY,
        (11, 30),
        ("5.3.3",),
    ),
    (
        IMP,
        "每月安全消防检查",
        "每月10号进行安全消防检查及各科室下班5分钟安全检查。",
        "保卫科",
        "总务科",
        "检查记录、隐患整改单",
        Rc.MONTHLY,
        (11, 30),
        ("5.3.1",),
    ),
    (
        IMP,
        "消防演练",
        "请消防大队来院进行灭火器械现场演练培训。",
        "保卫科",
        "护理部",
        "演练方案、照片、签到表",
        Rc.HALF_YEARLY,
        (11, 30),
        ("5.3.2",),
    ),
    (
        IMP,
        "突发事件应急处置预案",
        "健全矛盾纠纷化解机制，修订应急预案并组织演练。",
        "医务科",
        "保卫科、急诊科",
        "应急预案（带文号）、演练记录",
        Rc.ONCE,
        (6, 30),
        ("5.3.2",),
    ),
    (
        IMP,
        "食品卫生与防疫管理",
        "严格落实卫生防疫制度，加强职工食堂监督，杜绝食物中毒事故。",
        "总务科",
        "感染性疾病科",
        "检查记录",
        Rc.MONTHLY,
        (11, 30),
        ("5.1.2",),
    ),
    (
        IMP,
        "完善投诉处理机制",
        "投诉登记、处理、回复、归档，做到快速查阅。",
        "质控科",
        "医务科",
        "投诉登记台账",
        Rc.MONTHLY,
        (11, 30),
        ("3.3.1", "3.3.2"),
    ),
    (
        IMP,
        "建立健全量化考核机制",
        "将工作职责、医护质量、服务态度、业务指标量化考核到科室、到人头。",
        "质控科",
        "医务科、护理部、财务科",
        "考核细则、月度考核表",
        Rc.MONTHLY,
        (11, 30),
        ("2.2.4",),
    ),
    (
        IMP,
        "每月一次督查通报",
        "创建办每月督查，通报存在问题和整改情况。",
        "质控科",
        "院办",
        "督查通报",
        Rc.MONTHLY,
        (11, 30),
        ("2.2.3",),
    ),
    (
        IMP,
        "志愿服务活动",
        "组织党员志愿者参与社区独居、高龄老人结对关爱服务。",
        "党办",
        "护理部",
        "活动记录、照片、服务时长统计",
        Rc.MONTHLY,
        (11, 30),
        ("1.2.4",),
    ),
    (
        IMP,
        "健康快车进社区义诊",
        "组织大型义诊服务活动，开展健康宣教。",
        "医务科",
        "内科、外科、儿科",
        "义诊方案、照片、报道",
        Rc.QUARTERLY,
        (11, 30),
        ("6.1.1",),
    ),
    (
        IMP,
        "无偿献血",
        "根据献血办要求积极完成献血任务。",
        "检验科",
        "党办",
        "献血名单、证书复印件",
        Rc.YEARLY,
        (9, 30),
        ("6.1.3",),
    ),
    (
        IMP,
        "“一日捐”帮困送温暖",
        "每年两次开展“一日捐”活动。",
        "党办",
        "财务科",
        "捐款名单、收据",
        Rc.HALF_YEARLY,
        (11, 30),
        ("6.1.2",),
    ),
    (
        IMP,
        "结对帮扶乡镇卫生院",
        "开展对口支援、技术帮扶。",
        "医务科",
        "",
        "帮扶协议、工作记录",
        Rc.QUARTERLY,
        (11, 30),
        ("6.1.1",),
    ),
    (
        IMP,
        "庆“5·12”护士节职业礼仪展示",
        "组织护理人员职业礼仪展示活动。",
        "护理部",
        "",
        "活动方案、照片",
        Rc.ONCE,
        (5, 12),
        ("4.3.2",),
    ),
    (
        IMP,
        "“三八”“七一”“国庆”文体活动",
        "由工会牵头，利用节假日开展形式多样的文体活动。",
        "党办",
        "院办",
        "活动照片、报道",
        Rc.QUARTERLY,
        (10, 31),
        ("4.3.3",),
    ),
    (
        IMP,
        "凝练医院院训，加强医院文化建设",
        "提炼医院发展中的经验和闪光点，形成院训并向社会推介。",
        "院办",
        "党办",
        "院训、文化手册",
        Rc.ONCE,
        (9, 30),
        ("4.3.3",),
    ),
    (
        IMP,
        "推广普通话，开展朗诵比赛",
        "员工普通话普及率大于90%。",
        "党办",
        "",
        "比赛照片、获奖名单",
        Rc.ONCE,
        (9, 30),
        ("6.2.3",),
    ),
    (
        IMP,
        "创建“青年文明号”“巾帼建功示范岗”",
        "充分发挥工、青、妇组织作用。",
        "党办",
        "护理部",
        "申报材料、授牌照片",
        Rc.ONCE,
        (10, 31),
        ("4.2.2",),
    ),
    (
        IMP,
        "信访和政民互动接待处理",
        "认真做好群众来信来访接待处理。",
        "院办",
        "",
        "信访登记台账",
        Rc.MONTHLY,
        (11, 30),
        ("3.3.1",),
    ),
    (
        IMP,
        "创建工作网上申报",
        "按时完成文明单位网上申报系统填报。",
        "信息科",
        "院办",
        "申报截图",
        Rc.ONCE,
        (10, 15),
        ("6.2.2",),
    ),
    (
        IMP,
        "医院网站、公众号创建专栏",
        "开设创建专栏，每月更新创建动态。",
        "信息科",
        "党办",
        "专栏截图、信息发布记录",
        Rc.MONTHLY,
        (11, 30),
        ("6.2.2",),
    ),
    (
        IMP,
        "科室业务学习",
        "每月一次业务讲座，做好学习记录。",
        "医务科",
        "",
        "讲座通知、签到表",
        Rc.MONTHLY,
        (11, 30),
        ("1.1.4",),
    ),
    (
        IMP,
        "职工技能培训与岗位练兵",
        "开展技能培训、岗位练兵、现场演练竞赛。",
        "护理部",
        "医务科",
        "培训考核记录",
        Rc.QUARTERLY,
        (11, 30),
        ("4.2.2",),
    ),
    (
        IMP,
        "关爱职工",
        "组织全员妇女乳腺检查，分两批组织职工疗休养。",
        "院办",
        "党办",
        "体检名单、活动照片",
        Rc.ONCE,
        (8, 31),
        ("6.2.4",),
    ),
    (
        REV,
        "创建工作自查",
        "对照测评体系逐项自查，形成问题清单。",
        "质控科",
        "院办",
        "自查报告、问题清单",
        Rc.ONCE,
        (9, 15),
        ("2.2.3",),
    ),
    (
        REV,
        "问题整改与复查销号",
        "对自查和上级检查发现的问题限期整改、复查销号。",
        "质控科",
        "院办",
        "整改台账、复查记录",
        Rc.ONCE,
        (10, 31),
        ("2.2.3",),
    ),
    (
        REV,
        "台账资料整理归档",
        "按测评体系顺序整理全部台账资料，做到有据可查。",
        "院办",
        "党办、医务科、护理部",
        "台账目录、装订成册",
        Rc.ONCE,
        (11, 10),
        ("2.2.3",),
    ),
    (
        REV,
        "迎接市级文明单位测评",
        "做好迎检准备，安排汇报材料和现场路线。",
        "院办",
        "党办",
        "汇报材料",
        Rc.ONCE,
        (11, 30),
        ("6.2.4",),
    ),
    (
        REV,
        "撰写年度创建工作总结",
        "全面总结年度创建工作成效和不足。",
        "院办",
        "党办",
        "工作总结（带文号）",
        Rc.ONCE,
        (11, 30),
        ("2.2.2",),
    ),
]

# Every clinical department keeps the same study and service records (seed 000 方案2 三(一)).
CLINICAL_TASKS = [
    (
        IMP,
        "{dept}每月两次政治学习",
        "严格坚持每月两次班组政治学习，学有计划、有布置、有落实，认真记好台账。",
        "学习记录、签到表",
        Rc.TWICE_MONTHLY,
        (11, 30),
        ("1.1.1",),
    ),
    (
        IMP,
        "{dept}文明优质服务示范岗",
        "规范言行举止，推行首问负责制，挂牌上岗。",
        "示范岗照片、患者表扬信",
        Rc.ONCE,
        (6, 30),
        ("4.2.2",),
    ),
]
CLINICAL_DEPARTMENTS = (
    "内科 外科 骨科 儿科 妇产科 急诊科 重症医学科 中医科 康复科 "
    "眼耳鼻喉科 口腔科 感染性疾病科 检验科 放射科 药剂科 超声科"
).split()

# Smaller plans: the TCM hospital (county level) and the township health centre (seed 001),
# measured against the county's standard (item codes of general_county.yaml).
SMALL_TASKS = [
    (MOB, "制定创建工作规划", "院办", "创建规划（带文号）", Rc.ONCE, (3, 15), ("2.1.3", "2.3.2")),
    (MOB, "组建精神文明建设领导小组", "院办", "成立文件", Rc.ONCE, (2, 28), ("2.3.1",)),
    (MOB, "利用电视、网络、橱窗加大创建宣传", "院办", "宣传照片不少于2张", Rc.ONCE, (4, 15), ("1.2.1", "3.3.3")),
    (IMP, "每周五政治理论学习", "院办", "学习记录", Rc.WEEKLY, (11, 30), ("1.1.2", "1.2.3")),
    (IMP, "每月一次中心学习小组学习", "院办", "学习记录", Rc.MONTHLY, (11, 30), ("1.1.1", "1.1.3")),
    (IMP, "每月一次业务讲座", "医务科", "讲座签到表", Rc.MONTHLY, (11, 30), ("1.3.1",)),
    (IMP, "坚持“三会一课”制度", "党办", "三会一课记录", Rc.MONTHLY, (11, 30), ("2.2.2", "2.1.2")),
    (IMP, "评选“服务标兵”“优秀管理者”", "院办", "评选结果公示", Rc.YEARLY, (10, 31), ("3.1.2", "3.1.3")),
    (IMP, "学习《医德行为规范和实施细则》", "医务科", "学习记录", Rc.QUARTERLY, (11, 30), ("4.1.2",)),
    (IMP, "医德医风一票否决制", "医务科", "考评档案", Rc.YEARLY, (11, 15), ("4.1.1",)),
    (IMP, "开展文明科室、文明家庭、文明个人评选", "院办", "评选方案、结果", Rc.YEARLY, (10, 31), ("3.1.1",)),
    (IMP, "节假日文体活动", "院办", "活动照片", Rc.QUARTERLY, (10, 31), ("3.2.1", "3.2.2")),
    (IMP, "每季满意度调查", "医务科", "满意度统计表", Rc.QUARTERLY, (11, 30), ("4.3.1",)),
    (IMP, "环境净化、绿化、美化、亮化", "总务科", "环境照片", Rc.ONCE, (8, 31), ("5.1.1", "5.1.2")),
    (IMP, "综合治理目标责任书，创建“平安医院”", "总务科", "责任书、巡查记录", Rc.MONTHLY, (11, 30), ("5.3.1", "5.3.2")),
    (IMP, "每月一次督查通报", "院办", "督查通报", Rc.MONTHLY, (11, 30), ("5.1.3", "2.2.3")),
    (IMP, "每月开展志愿服务活动", "党办", "活动记录、照片", Rc.MONTHLY, (11, 30), ("6.1.2", "6.1.1")),
    (IMP, "义诊、健康讲座进社区", "医务科", "活动方案、照片", Rc.QUARTERLY, (11, 30), ("6.2.1", "3.2.3")),
    (IMP, "每月召开公休座谈会", "护理部", "座谈会记录、照片", Rc.MONTHLY, (11, 30), ("4.3.3",)),
    (IMP, "创建无烟医院，每月控烟巡查", "总务科", "巡查记录、照片", Rc.MONTHLY, (11, 30), ("5.2.1", "5.2.2")),
    (IMP, "组织职工无偿献血", "院办", "献血名单", Rc.YEARLY, (9, 30), ("6.2.2",)),
    (IMP, "宣传栏、电子屏每月更新", "院办", "宣传栏照片、报道截图", Rc.MONTHLY, (11, 30), ("3.3.1", "3.3.2")),
    (IMP, "量化考核到科室、到人头", "财务科", "月度考核表", Rc.MONTHLY, (11, 30), ("2.1.1",)),
    (REV, "对照标准自查整改", "院办", "自查报告、整改台账", Rc.ONCE, (9, 30), ("5.3.3", "6.3.1")),
    (REV, "台账资料整理归档", "院办", "台账目录", Rc.ONCE, (11, 10), ("2.2.3",)),
    (REV, "年度创建工作总结", "院办", "工作总结", Rc.ONCE, (11, 30), ("3.3.3",)),
]

S = Task.Status
# Where each plan stands on DEMO_TODAY, apart from "accepted" (every task not named here: done
# and accepted when its deadline has passed or it recurs, in progress otherwise). Values are
# (status, note): for a returned task — or an accepted one that was returned once first — the
# reviewer's reason; for a recurring task in progress, a day in the period it has no record for
# (its standard item is then only partly met). The evidence demo writes the records that make
# the evidence services arrive at these statuses.
TAILS = {
    "rmyy": {
        # overdue: mostly a few weeks, two older stragglers
        "台账资料整理归档": (S.IN_PROGRESS, None),
        "医德医风考评": (S.SUBMITTED, None),
        "问题整改与复查销号": (S.SUBMITTED, None),
        "创建“青年文明号”“巾帼建功示范岗”": (S.IN_PROGRESS, None),
        "评选“最满意医生、护士、员工”": (S.RETURNED, "评选结果未见公示材料，请补充公示照片及公示期满说明"),
        "做好党员发展工作": (S.IN_PROGRESS, None),
        "关爱职工": (S.PENDING, None),
        "康复科文明优质服务示范岗": (S.IN_PROGRESS, None),
        # due on 30 November: this month's records awaiting review, returned, or a month missing
        "领导班子中心组理论学习": (S.SUBMITTED, None),
        "信访和政民互动接待处理": (S.SUBMITTED, None),
        "急诊科每月两次政治学习": (S.SUBMITTED, None),
        "超声科每月两次政治学习": (S.SUBMITTED, None),
        "迎接市级文明单位测评": (S.SUBMITTED, None),
        "控烟工作": (S.RETURNED, "照片不清晰，请补充控烟标识和劝阻员现场照片"),
        "“一日捐”帮困送温暖": (S.RETURNED, "捐款名单缺少财务科签章，请补充后重新提交"),
        "撰写年度创建工作总结": (S.IN_PROGRESS, None),
        "坚持“三会一课”制度": (S.IN_PROGRESS, date(2026, 7, 1)),
        "每月召开公休座谈会": (S.IN_PROGRESS, date(2026, 8, 1)),
        "每季服务满意度调查": (S.IN_PROGRESS, date(2026, 5, 1)),
        "开设道德讲堂": (S.IN_PROGRESS, date(2026, 8, 1)),
        # accepted after a first return
        "改善就医环境": (S.ACCEPTED, "改造后照片不清晰，请补充候诊区、绿化带现场照片"),
    },
    "zyy": {
        "评选“服务标兵”“优秀管理者”": (S.SUBMITTED, None),
        "开展文明科室、文明家庭、文明个人评选": (S.PENDING, None),
        "节假日文体活动": (S.RETURNED, "活动照片少于3张，请补充国庆文艺汇演现场照片"),
        "每月一次中心学习小组学习": (S.SUBMITTED, None),
        "每季满意度调查": (S.IN_PROGRESS, date(2026, 5, 1)),
        "每月开展志愿服务活动": (S.IN_PROGRESS, date(2026, 7, 1)),
    },
    "wsy": {
        "对照标准自查整改": (S.RETURNED, "整改台账缺少复查销号记录，请补充后重新提交"),
        "台账资料整理归档": (S.IN_PROGRESS, None),
        "每月一次业务讲座": (S.SUBMITTED, None),
        "义诊、健康讲座进社区": (S.SUBMITTED, None),
        "每月一次督查通报": (S.IN_PROGRESS, date(2026, 9, 1)),
        "年度创建工作总结": (S.PENDING, None),
    },
}

CAMPAIGNS = {
    # unit key: (name, target level, number of tasks from SMALL_TASKS)
    "rmyy": ("2026年创建市级文明单位", "city", None),
    "zyy": ("2026年创建县级文明单位", "county", 24),
    "wsy": ("2026年创建市级文明单位", "city", 26),
}
LEADING = ("组长", "副组长", "成员", "成员", "成员", "成员", "成员")
LEADING_DEPARTMENTS = ("院办", "党办", "医务科", "护理部", "总务科", "质控科", "财务科")


def _standard_for(unit):
    """The unit's own standard first (an adapted one), else one an authority published for it."""
    own = Case(When(owner_unit=unit, then=Value(0)), default=Value(1), output_field=IntegerField())
    return services.standards_for_unit(unit).annotate(own=own).order_by("own", "-created_at").first()


def load(ctx) -> None:
    ctx.extra.setdefault("campaigns", {})
    user = ctx.users.get("chuangban")
    for key, (name, level, small) in CAMPAIGNS.items():
        unit = ctx.units.get(key)
        if unit is None:
            continue
        standard = _standard_for(unit)
        if standard is None:
            if ctx.stdout:
                ctx.stdout.write(f"{unit.name}：没有可用的测评体系，未创建创建周期。")
            continue
        owner = ctx.users.get(f"{key}_chuangban", user)
        campaign = services.campaign_create(
            unit=unit,
            name=name,
            year=2026,
            target_level=level,
            standard=standard,
            starts_on=date(2026, 2, 1),
            ends_on=date(2026, 11, 30),
            status="active",
            guiding_idea="以创建文明单位为动力，坚持以人为本、以病人为中心，以优质服务为重点，"
            "着力提高干部职工整体素质，推动医院可持续发展。",
            user=owner,
        )
        ctx.extra["campaigns"][key] = campaign
        _members(ctx, key, campaign, owner)
        rows = _rows_big() if small is None else _rows_small(small)
        _tasks(ctx, key, campaign, rows, owner)


def _department(ctx, key, name):
    return ctx.departments.get((key, name)) or ctx.departments.get((key, "院办"))


def _members(ctx, key, campaign, user) -> None:
    for order, (duty, dept_name) in enumerate(zip(LEADING, LEADING_DEPARTMENTS, strict=True), start=1):
        department = ctx.departments.get((key, dept_name))
        if department is None or department.head_id is None:
            continue
        services.campaign_member_add(
            campaign=campaign, group="leading", person=department.head, duty=duty, order=order, user=user
        )
    office = Person.objects.filter(unit=campaign.unit, department__name__in=("院办", "党办"), is_active=True)
    for order, (duty, person) in enumerate(
        zip(("主任", "副主任", "干事", "干事"), office.order_by("employee_no"), strict=False)
    ):
        services.campaign_member_add(
            campaign=campaign, group="office", person=person, duty=duty, order=order + 1, user=user
        )


def _rows_big():
    rows = [(p, t, d, dept, co, dl, rc, md, kw) for p, t, d, dept, co, dl, rc, md, kw in RMYY_TASKS]
    for dept in CLINICAL_DEPARTMENTS:
        for p, t, d, dl, rc, md, kw in CLINICAL_TASKS:
            rows.append((p, t.format(dept=dept), d, dept, "", dl, rc, md, kw))
    return rows


def _rows_small(n: int):
    return [(p, t, "", dept, "", dl, rc, md, kw) for p, t, dept, dl, rc, md, kw in SMALL_TASKS[:n]]


def _items_for(items, codes, i):
    """The task's items by code; on a standard without those codes (a test's), one item."""
    by_code = {it.code: it for it in items}
    found = [by_code[c] for c in codes if c in by_code]
    return found or ([items[i % len(items)]] if items else [])


def _status(key: str, title: str, deadline: date, recurrence: str) -> tuple[str, object]:
    """The task's status on DEMO_TODAY and its note (see ``TAILS``)."""
    if title in TAILS.get(key, {}):
        return TAILS[key][title]
    if deadline < DEMO_TODAY or recurrence != Rc.ONCE:
        return S.ACCEPTED, None
    return S.IN_PROGRESS, None


def _tasks(ctx, key, campaign, rows, user) -> None:
    phases = {p.kind: p for p in campaign.phases.all()}
    items = list(campaign.standard.items.order_by("order", "id"))
    notes = ctx.extra.setdefault("task_notes", {})
    for i, (kind, title, description, dept_name, co, deliverable, recurrence, (month, day), codes) in enumerate(rows):
        department = _department(ctx, key, dept_name)
        co_departments = [d for d in (_department(ctx, key, n) for n in co.split("、") if n) if d and d != department]
        deadline = date(2026, month, day)
        status, note = _status(key, title, deadline, recurrence)
        task = services.task_create(
            campaign=campaign,
            title=title,
            description=description,
            department=department,
            person=department.head,
            co_departments=list(dict.fromkeys(co_departments)),
            deadline=deadline,
            deliverable=deliverable,
            recurrence=recurrence,
            phase=phases.get(kind),
            items=_items_for(items, codes, i),
            status=status,
            user=user,
        )
        if note is not None:
            notes[task.pk] = note
        ctx.extra.setdefault("tasks", []).append(task)
