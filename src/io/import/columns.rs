//! The columns each kind of import understands, by header name and the aliases platform exports use.

use super::{col, Column};

pub const MEMBER_COLUMNS: &[Column] = &[
    col("姓名", &["学生姓名", "用户名", "党员姓名"], true),
    col("性别", &[], false),
    col("民族", &[], false),
    col("出生日期", &["出生年月"], false),
    col("学历", &["文化程度"], false),
    col("人员类别", &[], false),
    col("党员类别", &["党籍状态"], true),
    col("入党日期", &["入党时间"], true),
    col("转正日期", &["转正时间"], false),
    col("党小组", &["所在党小组"], false),
    col("工作岗位", &["职务", "岗位", "工作岗位/职务"], false),
    col("联系电话", &["手机号", "手机号码", "电话"], false),
    col("身份证号", &["身份证号码", "公民身份号码"], false),
    col("转入日期", &["转入时间"], false),
    col("来源", &["转入来源", "从何处转入"], false),
    col("状态", &["党籍状态变化", "在册状态"], false),
    col("离开日期", &["转出日期", "转出时间"], false),
    col("去向", &["转往", "转出去向"], false),
];

pub const ACTIVITY_COLUMNS: &[Column] = &[
    col("日期", &["活动日期", "会议日期", "时间"], true),
    col("类型", &["活动类型", "会议类型"], true),
    col("主题", &["活动主题", "会议主题", "名称"], true),
    col("地点", &["活动地点", "会议地点"], false),
    col("形式", &[], false),
    col("主持人", &[], false),
    col("记录人", &[], false),
    col("主讲人", &["主讲", "主讲嘉宾", "主发言人"], false),
    col("列席", &["列席人员"], false),
    col("学时", &[], false),
    col("内容摘要", &["内容", "摘要"], false),
    col("议题", &["会议议题"], false),
    col("决议", &["决议事项", "表决事项"], false),
    col("选举", &["是否选举"], false),
    col("赞成", &["赞成票"], false),
    col("反对", &["反对票"], false),
    col("弃权", &["弃权票"], false),
    col("党小组", &[], false),
    col("出席", &["出席人员", "实到人员"], false),
    col("请假", &["请假人员"], false),
    col("缺席", &["缺席人员"], false),
];

pub const NAME: Column = col("姓名", &["学生姓名", "真实姓名", "党员姓名", "用户名"], true);
/// Say who a row means when members share a name.
pub const ID_NUMBER: Column = col("身份证号", &["身份证号码", "公民身份号码"], false);
pub const BIRTH_DATE: Column = col("出生日期", &["出生年月"], false);

pub const TASK_COLUMNS: &[Column] = &[
    col("任务名称", &["名称", "任务", "资源名称", "学习任务"], true),
    col("类别", &["分类", "任务类别"], false),
    col("发布日期", &["发布时间", "开始时间"], true),
    col("截止日期", &["截止时间", "结束时间"], false),
    col("学时", &[], false),
];

pub const RECORD_COLUMNS: &[Column] = &[
    NAME,
    ID_NUMBER,
    BIRTH_DATE,
    col("任务名称", &["任务", "资源名称", "学习任务", "课程名称"], true),
    col("完成日期", &["完成时间", "提交时间"], true),
    col("来源", &["平台", "学习平台"], false),
];

pub const DISCUSSION_COLUMNS: &[Column] = &[
    NAME,
    ID_NUMBER,
    BIRTH_DATE,
    col("日期", &["发帖时间", "发表时间", "时间"], true),
    col("类型", &["帖子类型"], true),
    col("主题", &["标题", "话题", "讨论主题"], true),
    col("内容", &["帖子内容", "正文", "回复内容"], false),
];

pub const REFLECTION_COLUMNS: &[Column] = &[
    NAME,
    ID_NUMBER,
    BIRTH_DATE,
    col("日期", &["提交时间", "提交日期", "时间"], true),
    col("标题", &["题目", "心得标题"], true),
    col("字数", &[], false),
    col("正文", &["内容", "心得内容", "全文"], false),
];

pub const QUIZ_COLUMNS: &[Column] = &[
    NAME,
    ID_NUMBER,
    BIRTH_DATE,
    col("日期", &["考试时间", "提交时间", "时间"], true),
    col("测验名称", &["测验", "考试名称", "试卷名称"], true),
    col("得分", &["成绩", "分数"], true),
];

pub const ADJUSTMENT_COLUMNS: &[Column] = &[
    NAME,
    ID_NUMBER,
    BIRTH_DATE,
    col("日期", &["时间"], true),
    col("分值", &["分数", "加减分", "积分"], true),
    col("事由", &["原因", "说明", "理由"], true),
];

/// Columns the exported workbook adds that are derived or managed in the app: an import reads past
/// them without a warning, so an exported sheet imports back cleanly.
pub const DERIVED_COLUMNS: &[&str] = &[
    "序号",
    "应到",
    "实到",
    "出席率",
    "会议有效性",
    "学时",
    "学习完成率",
    "积分",
    "积分名次",
    "先锋岗",
    "表彰",
    "评议得分",
    "建议等次",
    "是否逾期",
    "党小组",
    "应完成",
    "已完成",
    "按时",
    "逾期",
    "完成率",
    "按时完成率",
];

pub const HEART_TALK_COLUMNS: &[Column] = &[
    col("日期", &["谈话日期", "时间"], true),
    col("谈话人", &["谈话者"], true),
    col("谈话对象", &["谈话对象姓名", "对象"], true),
    col("主题", &["谈话主题", "内容"], false),
    col("后续事项", &["后续", "跟进事项"], false),
];

pub const AWARD_COLUMNS: &[Column] = &[
    NAME,
    ID_NUMBER,
    BIRTH_DATE,
    col("日期", &["表彰日期", "时间"], true),
    col("级别", &["表彰级别", "等级"], true),
    col("名称", &["表彰名称", "荣誉名称", "荣誉称号"], true),
];

pub const APPRAISAL_COLUMNS: &[Column] = &[
    NAME,
    ID_NUMBER,
    BIRTH_DATE,
    col("年度", &["评议年度", "年份"], false),
    col("自评等次", &["自评"], false),
    col("互评得分", &["互评"], false),
    col("测评得分", &["民主测评", "测评"], false),
    col("评定等次", &["等次", "组织评定"], false),
    col("备注", &[], false),
];

pub const RESOURCE_COLUMNS: &[Column] = &[
    col("标题", &["名称", "资料名称", "资源名称"], true),
    col("类型", &["资料类型", "资源类型"], false),
    col("模块", &["所属模块", "栏目"], false),
    col("日期", &["发布日期", "时间"], true),
    col("来源", &["出处"], false),
    col("链接", &["网址", "URL", "url"], false),
    col("摘要", &["简介", "内容摘要"], false),
    col("标签", &["关键词"], false),
    col("文件", &["文件路径", "附件"], false),
];
