//! Kinds and statuses: each an enum stored as a stable text code and labelled in Chinese through the
//! one table its `labelled!` declaration writes. Import accepts the label, an alias or the code.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use serde::{Deserialize, Serialize};

macro_rules! labelled {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $code:literal, $label:literal $(| $alias:literal)*;)+ }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }

            /// Chinese label, alias or code, as a spreadsheet or a form would give it.
            pub fn parse(text: &str) -> Option<Self> {
                let t = text.trim();
                match t {
                    $($label $(| $alias)* => Some($name::$variant),)+
                    _ => Self::from_code(t),
                }
            }

            /// Every stored code, for checking a ledger's columns against this one source.
            pub fn codes() -> Vec<&'static str> {
                Self::ALL.iter().map(|v| v.code()).collect()
            }

            pub fn labels() -> Vec<Label> {
                Self::ALL.iter().map(|v| Label { code: v.code(), label: v.label() }).collect()
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Self::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("未知的代码：{s}")))
            }
        }

        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.code()))
            }
        }

        impl FromSql for $name {
            fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
                let s = v.as_str()?;
                Self::from_code(s).ok_or_else(|| FromSqlError::Other(format!("unknown code {s}").into()))
            }
        }
    };
}

#[derive(Debug, Clone, Serialize)]
pub struct Label {
    pub code: &'static str,
    pub label: &'static str,
}

labelled!(
    /// Kinds of organisational life (domain.md); one activity may have several.
    ActivityKind {
        GeneralMeeting = "general_meeting", "党员大会" | "支部党员大会";
        CommitteeMeeting = "committee_meeting", "支委会" | "支部委员会" | "支委会议";
        GroupMeeting = "group_meeting", "党小组会" | "党小组会议";
        PartyLecture = "party_lecture", "党课";
        ThemeDay = "theme_day", "主题党日" | "主题党日活动";
        LifeMeeting = "life_meeting", "组织生活会";
        Appraisal = "appraisal", "民主评议党员" | "民主评议";
        HeartTalk = "heart_talk", "谈心谈话";
        MicroLecture = "micro_lecture", "微党课";
        Salon = "salon", "主题沙龙" | "沙龙";
        Seminar = "seminar", "专题讨论";
        TheoryStudy = "theory_study", "理论学习" | "集中学习";
        Volunteer = "volunteer", "志愿服务";
        Other = "other", "其他";
    }
);

impl ActivityKind {
    /// An activity's kinds from SQL's `group_concat(kind)` (NULL when it has none), in kind order.
    pub fn from_codes(codes: Option<&str>) -> Vec<ActivityKind> {
        let mut kinds: Vec<ActivityKind> = codes
            .unwrap_or_default()
            .split(',')
            .filter_map(ActivityKind::from_code)
            .collect();
        kinds.sort();
        kinds
    }
}

labelled!(
    AttendanceStatus {
        Present = "present", "出席" | "出" | "到";
        Leave = "leave", "请假" | "假";
        Absent = "absent", "缺席" | "缺";
        Observer = "observer", "列席";
    }
);

labelled!(
    MemberStatus {
        Active = "active", "在册";
        Transferred = "transferred", "转出";
        Suspended = "suspended", "停止党籍";
        Expelled = "expelled", "出党";
        Deceased = "deceased", "去世" | "死亡";
    }
);

labelled!(
    /// How a period on a branch's roll began.
    Arrival {
        Joined = "joined", "入党";
        TransferredIn = "transferred_in", "转入";
    }
);

labelled!(
    Membership {
        Full = "full", "正式党员" | "正式";
        Probationary = "probationary", "预备党员" | "预备";
    }
);

labelled!(
    PersonCategory {
        Staff = "staff", "在职教职工" | "教职工" | "在职";
        Student = "student", "学生";
        Retired = "retired", "离退休" | "离退休教职工" | "退休";
        Other = "other", "其他";
    }
);

labelled!(
    Gender {
        Male = "male", "男";
        Female = "female", "女";
    }
);

labelled!(
    MeetingForm {
        Offline = "offline", "线下";
        Online = "online", "线上";
        Hybrid = "hybrid", "线上线下结合" | "线上+线下";
    }
);

labelled!(
    CommitteeRole {
        Secretary = "secretary", "书记" | "支部书记";
        DeputySecretary = "deputy_secretary", "副书记" | "支部副书记";
        Organization = "organization", "组织委员";
        Propaganda = "propaganda", "宣传委员";
        Discipline = "discipline", "纪检委员";
        Youth = "youth", "青年委员";
        Member = "committee_member", "支部委员" | "委员";
    }
);

labelled!(
    StudySource {
        Offline = "offline", "线下";
        Xuexitong = "xuexitong", "学习通" | "超星" | "超星学习通";
        Xuexiqiangguo = "xuexiqiangguo", "学习强国";
        Other = "other", "其他";
    }
);

labelled!(
    DiscussionKind {
        Post = "post", "发帖" | "主题帖";
        Reply = "reply", "回帖" | "回复";
    }
);

labelled!(
    PioneerRating {
        Excellent = "excellent", "优秀";
        Qualified = "qualified", "合格";
        Unqualified = "unqualified", "不合格";
    }
);

labelled!(
    /// The points rules of domain.md; values and caps are the secretary's, per rule set.
    PointRule {
        Attend = "attend", "出席组织生活";
        Leave = "leave", "请假";
        Absent = "absent", "无故缺席";
        LectureSpeaker = "lecture_speaker", "主讲微党课/党课";
        SalonSpeaker = "salon_speaker", "沙龙/讨论主发言";
        StudyOnTime = "study_on_time", "按时完成学习任务";
        StudyLate = "study_late", "逾期完成学习任务";
        Discussion = "discussion", "讨论发帖/回帖";
        Reflection = "reflection", "心得体会";
        Quiz = "quiz", "测验（每 10 分）";
        PioneerExcellent = "pioneer_excellent", "先锋示范岗评定优秀";
        PioneerQualified = "pioneer_qualified", "先锋示范岗评定合格";
        AwardSchool = "award_school", "表彰（校级）";
        AwardCity = "award_city", "表彰（市级）";
        AwardProvince = "award_province", "表彰（省级）";
        AwardNational = "award_national", "表彰（国家级）";
        NewsItem = "news_item", "资讯轮值采集一条";
    }
);

labelled!(
    /// A 民主评议 grade.
    AppraisalGrade {
        Excellent = "excellent", "优秀";
        Qualified = "qualified", "合格";
        Basic = "basic", "基本合格";
        Unqualified = "unqualified", "不合格";
    }
);

labelled!(
    /// What a search hit is: the kinds of record the search index holds.
    RecordKind {
        Activity = "activity", "组织生活";
        Task = "task", "学习任务";
        Reflection = "reflection", "心得体会";
        Discussion = "discussion", "讨论";
        Resource = "resource", "园地资料";
        Attachment = "attachment", "活动附件";
        Announcement = "announcement", "通知公告";
        Poll = "poll", "投票";
        News = "news", "资讯轮值";
    }
);

labelled!(
    /// What a 园地 resource is.
    ResourceKind {
        Article = "article", "文章" | "推文" | "新闻";
        Video = "video", "视频" | "微视频";
        Document = "document", "文档" | "政策文件" | "课件" | "文件";
        Image = "image", "图片" | "照片";
        Link = "link", "链接" | "网址";
    }
);

labelled!(
    /// How often a configurable item of the 组织生活 calendar is due.
    Cadence {
        Month = "month", "每月" | "月";
        Quarter = "quarter", "每季度" | "季度";
        Year = "year", "每年" | "年";
    }
);

labelled!(
    /// The level of a 表彰.
    AwardLevel {
        School = "school", "校级" | "学校" | "校";
        City = "city", "市级" | "市" | "地市级";
        Province = "province", "省级" | "省" | "自治区级";
        National = "national", "国家级" | "国家" | "全国";
    }
);

impl AwardLevel {
    /// The points rule a 表彰 of this level scores by.
    pub fn rule(self) -> PointRule {
        match self {
            AwardLevel::School => PointRule::AwardSchool,
            AwardLevel::City => PointRule::AwardCity,
            AwardLevel::Province => PointRule::AwardProvince,
            AwardLevel::National => PointRule::AwardNational,
        }
    }
}

/// Every label table, for the UI.
#[derive(Debug, Serialize)]
pub struct Labels {
    pub activity_kinds: Vec<Label>,
    pub attendance: Vec<Label>,
    pub member_status: Vec<Label>,
    pub membership: Vec<Label>,
    pub category: Vec<Label>,
    pub gender: Vec<Label>,
    pub form: Vec<Label>,
    pub committee_roles: Vec<Label>,
    pub study_sources: Vec<Label>,
    pub discussion_kinds: Vec<Label>,
    pub pioneer_ratings: Vec<Label>,
    pub point_rules: Vec<Label>,
    pub award_levels: Vec<Label>,
    pub appraisal_grades: Vec<Label>,
    pub cadences: Vec<Label>,
    pub resource_kinds: Vec<Label>,
    pub record_kinds: Vec<Label>,
}

pub fn all() -> Labels {
    Labels {
        activity_kinds: ActivityKind::labels(),
        attendance: AttendanceStatus::labels(),
        member_status: MemberStatus::labels(),
        membership: Membership::labels(),
        category: PersonCategory::labels(),
        gender: Gender::labels(),
        form: MeetingForm::labels(),
        committee_roles: CommitteeRole::labels(),
        study_sources: StudySource::labels(),
        discussion_kinds: DiscussionKind::labels(),
        pioneer_ratings: PioneerRating::labels(),
        point_rules: PointRule::labels(),
        award_levels: AwardLevel::labels(),
        appraisal_grades: AppraisalGrade::labels(),
        cadences: Cadence::labels(),
        resource_kinds: ResourceKind::labels(),
        record_kinds: RecordKind::labels(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_aliases_and_codes_parse_back() {
        for k in ActivityKind::ALL {
            assert_eq!(ActivityKind::parse(k.label()), Some(*k));
            assert_eq!(ActivityKind::parse(k.code()), Some(*k));
        }
        assert_eq!(ActivityKind::parse(" 沙龙 "), Some(ActivityKind::Salon));
        assert_eq!(ActivityKind::parse("茶话会"), None);
        assert_eq!(Membership::parse("预备"), Some(Membership::Probationary));
    }
}
