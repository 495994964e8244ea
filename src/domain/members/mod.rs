//! 党员: the roster, who is on the roll on a date, joining and leaving. A member who leaves is kept.

use std::collections::HashMap;

use chrono::{Months, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

pub mod history;

use crate::kernel::action::Action;
use crate::kernel::labels::{Arrival, Gender, MemberStatus, Membership, PersonCategory};
use crate::kernel::text::{
    check_optional, check_text, excerpt, non_empty, opt_text, optional_date, person_name, required_date, LABEL_MAX,
    NAME_EMPTY, NAME_MAX, TITLE_MAX,
};
use crate::store::Tx;
use crate::Error;
use crate::Result;

#[derive(Debug, Clone, Serialize)]
pub struct Member {
    pub id: i64,
    pub branch_id: i64,
    pub name: String,
    pub gender: Option<Gender>,
    pub ethnicity: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub education: Option<String>,
    pub category: PersonCategory,
    pub membership: Membership,
    pub joined_on: NaiveDate,
    pub confirmed_on: Option<NaiveDate>,
    pub group_id: Option<i64>,
    pub group_name: Option<String>,
    pub position: Option<String>,
    pub phone: Option<String>,
    pub id_number: Option<String>,
    pub status: MemberStatus,
    pub left_on: Option<NaiveDate>,
    pub left_to: Option<String>,
    /// The end of a 预备期 that was extended (延长预备期).
    pub probation_until: Option<NaiveDate>,
    /// 党龄: whole years since 转正日期, today (none for a 预备党员).
    pub party_years: Option<u32>,
    /// Whether `phone` and `id_number` are masked in this copy.
    pub masked: bool,
}

impl Member {
    /// Personal data is shown masked unless the secretary asks for it (domain.md, Sensitive data).
    pub fn masked(mut self) -> Member {
        self.phone = self.phone.as_deref().map(|p| mask(p, 3, 4));
        self.id_number = self.id_number.as_deref().map(|p| mask(p, 4, 4));
        self.masked = true;
        self
    }
}

pub use crate::kernel::text::mask;

/// A validated member record. `None` in an `Option<Option<_>>` field means "leave as stored".
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MemberData {
    pub name: String,
    pub membership: Option<Membership>,
    pub joined_on: Option<NaiveDate>,
    pub gender: Option<Option<Gender>>,
    pub ethnicity: Option<Option<String>>,
    pub birth_date: Option<Option<NaiveDate>>,
    pub education: Option<Option<String>>,
    pub category: Option<PersonCategory>,
    pub confirmed_on: Option<Option<NaiveDate>>,
    pub group_id: Option<Option<i64>>,
    pub position: Option<Option<String>>,
    pub phone: Option<Option<String>>,
    pub id_number: Option<Option<String>>,
    /// A new member who arrives from another branch: on the roll from this date (转入日期), not
    /// from the 入党日期, coming from `came_from`. Read when the member is created.
    pub transferred_in_on: Option<NaiveDate>,
    pub came_from: Option<String>,
}

/// What the member form sends. Dates and codes as typed; `phone`/`id_number` null = unchanged.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct MemberInput {
    pub id: Option<i64>,
    pub name: String,
    pub gender: Option<String>,
    pub ethnicity: Option<String>,
    pub birth_date: Option<String>,
    pub education: Option<String>,
    pub category: Option<String>,
    pub membership: Option<String>,
    pub joined_on: Option<String>,
    pub confirmed_on: Option<String>,
    pub group_id: Option<i64>,
    pub position: Option<String>,
    pub phone: Option<String>,
    pub id_number: Option<String>,
    /// For a new member arriving from another branch: the 转入日期 and where from.
    #[serde(default)]
    pub transferred_in_on: Option<String>,
    #[serde(default)]
    pub came_from: Option<String>,
}

impl MemberInput {
    pub fn validate(&self) -> Result<MemberData> {
        let name = person_name(&self.name).map_err(|why| match why {
            NAME_EMPTY => Error::invalid(why),
            _ => Error::invalid(format!("姓名“{}”：{why}", excerpt(self.name.trim(), 20))),
        })?;
        let membership = self.membership.as_deref().unwrap_or("");
        let membership =
            Some(Membership::parse(membership).ok_or_else(|| {
                Error::invalid(format!("党员类别：无法识别“{membership}”，应为 正式党员 或 预备党员"))
            })?);
        let gender = match opt_text(self.gender.as_deref()) {
            None => None,
            Some(g) => Some(Gender::parse(&g).ok_or_else(|| Error::invalid(format!("性别：无法识别“{g}”")))?),
        };
        let category = match opt_text(self.category.as_deref()) {
            None => PersonCategory::Staff,
            Some(c) => PersonCategory::parse(&c).ok_or_else(|| Error::invalid(format!("人员类别：无法识别“{c}”")))?,
        };
        let data = MemberData {
            name,
            membership,
            joined_on: Some(required_date("入党日期", self.joined_on.as_deref())?),
            gender: Some(gender),
            ethnicity: Some(opt_text(self.ethnicity.as_deref())),
            birth_date: Some(optional_date("出生日期", self.birth_date.as_deref())?),
            education: Some(opt_text(self.education.as_deref())),
            category: Some(category),
            confirmed_on: Some(optional_date("转正日期", self.confirmed_on.as_deref())?),
            group_id: Some(self.group_id),
            position: Some(opt_text(self.position.as_deref())),
            phone: self.phone.as_deref().map(non_empty),
            id_number: self.id_number.as_deref().map(non_empty),
            transferred_in_on: optional_date("转入日期", self.transferred_in_on.as_deref())?,
            came_from: opt_text(self.came_from.as_deref()),
        };
        check_personal_fields(&data)?;
        Ok(data)
    }
}

/// Checks a record on its own: lengths and characters of its texts, formats of phone and 身份证号.
pub fn check_personal_fields(d: &MemberData) -> Result<()> {
    check_text("姓名", &d.name, NAME_MAX)?;
    for (field, value) in [
        ("民族", &d.ethnicity),
        ("学历", &d.education),
        ("工作岗位", &d.position),
    ] {
        check_optional(field, value.as_ref().and_then(Option::as_deref), LABEL_MAX)?;
    }
    check_optional("来源", d.came_from.as_deref(), TITLE_MAX)?;
    if let Some(Some(id)) = &d.id_number {
        check_id_number(id)?;
    }
    if let Some(Some(p)) = &d.phone {
        let ok = p
            .chars()
            .all(|c| c.is_ascii_digit() || c == '-' || c == ' ' || c == '+')
            && (7..=20).contains(&p.chars().filter(char::is_ascii_digit).count());
        if !ok {
            // Personal data is not echoed: the message shows only its ends, as the app shows a phone.
            return Err(Error::invalid(format!(
                "联系电话：“{}”不像电话号码",
                mask(&excerpt(p, 20), 3, 2)
            )));
        }
    }
    Ok(())
}

/// 18-digit 身份证号 with its ISO 7064 check digit (or an old 15-digit one).
pub fn check_id_number(id: &str) -> Result<()> {
    let bytes = id.as_bytes();
    let bad = || Error::invalid(format!("身份证号：“{}”格式不正确", mask(id, 4, 4)));
    match bytes.len() {
        15 if bytes.iter().all(u8::is_ascii_digit) => Ok(()),
        18 if bytes[..17].iter().all(u8::is_ascii_digit) => {
            const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
            let sum: u32 = bytes[..17]
                .iter()
                .zip(WEIGHTS)
                .map(|(b, w)| u32::from(b - b'0') * w)
                .sum();
            let expected = b"10X98765432"[(sum % 11) as usize];
            if bytes[17].to_ascii_uppercase() == expected {
                Ok(())
            } else {
                Err(Error::invalid(format!(
                    "身份证号：“{}”校验位不正确，请核对",
                    mask(id, 4, 4)
                )))
            }
        }
        _ => Err(bad()),
    }
}

const SELECT: &str = "SELECT m.id, m.branch_id, m.name, m.gender, m.ethnicity, m.birth_date, m.education,
        m.category, m.membership, m.joined_on, m.confirmed_on, m.group_id, g.name, m.position, m.phone,
        m.id_number, m.status, m.left_on, m.left_to,
        (SELECT until FROM probation_extension WHERE member_id = m.id)
    FROM member m LEFT JOIN party_group g ON g.id = m.group_id";

fn from_row(r: &Row) -> rusqlite::Result<Member> {
    let confirmed_on: Option<NaiveDate> = r.get(10)?;
    Ok(Member {
        party_years: confirmed_on.and_then(|c| chrono::Local::now().date_naive().years_since(c)),
        id: r.get(0)?,
        branch_id: r.get(1)?,
        name: r.get(2)?,
        gender: r.get(3)?,
        ethnicity: r.get(4)?,
        birth_date: r.get(5)?,
        education: r.get(6)?,
        category: r.get(7)?,
        membership: r.get(8)?,
        joined_on: r.get(9)?,
        confirmed_on: r.get(10)?,
        group_id: r.get(11)?,
        group_name: r.get(12)?,
        position: r.get(13)?,
        phone: r.get(14)?,
        id_number: r.get(15)?,
        status: r.get(16)?,
        left_on: r.get(17)?,
        left_to: r.get(18)?,
        probation_until: r.get(19)?,
        masked: false,
    })
}

/// The branch of every member of the ledger, by member id.
pub fn branch_of_each(conn: &Connection) -> Result<HashMap<i64, i64>> {
    let mut st = conn.prepare_cached("SELECT id, branch_id FROM member")?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get(conn: &Connection, id: i64) -> Result<Member> {
    conn.query_row(&format!("{SELECT} WHERE m.id = ?1"), [id], from_row)
        .optional()?
        .ok_or(Error::NotFound {
            what: "党员",
            key: id.to_string(),
        })
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct MemberFilter {
    pub query: Option<String>,
    /// A status code, `all`, or nothing for 在册 only.
    pub status: Option<String>,
    pub group_id: Option<i64>,
    pub membership: Option<String>,
    pub category: Option<String>,
}

/// The roster as the app shows it: personal data masked.
pub fn list_masked(conn: &Connection, branch_id: i64, filter: &MemberFilter) -> Result<Vec<Member>> {
    Ok(list(conn, branch_id, filter)?.into_iter().map(Member::masked).collect())
}

/// One member, masked unless the secretary chose to reveal the personal data.
pub fn get_shown(conn: &Connection, id: i64, reveal: bool) -> Result<Member> {
    let m = get(conn, id)?;
    Ok(if reveal { m } else { m.masked() })
}

impl MemberFilter {
    /// Every member of the branch, whatever their status.
    pub fn everyone() -> MemberFilter {
        MemberFilter {
            status: Some("all".into()),
            ..Default::default()
        }
    }
}

pub fn list(conn: &Connection, branch_id: i64, filter: &MemberFilter) -> Result<Vec<Member>> {
    let status = match opt_text(filter.status.as_deref()).as_deref() {
        None => Some(MemberStatus::Active),
        Some("all") => None,
        Some(s) => Some(MemberStatus::parse(s).ok_or_else(|| Error::invalid(format!("状态：无法识别“{s}”")))?),
    };
    let membership = opt_text(filter.membership.as_deref()).and_then(|m| Membership::parse(&m));
    let category = opt_text(filter.category.as_deref()).and_then(|c| PersonCategory::parse(&c));
    let query = opt_text(filter.query.as_deref()).map(|q| format!("%{q}%"));
    let mut st = conn.prepare_cached(&format!(
        "{SELECT} WHERE m.branch_id = ?1 AND (?2 IS NULL OR m.status = ?2) AND (?3 IS NULL OR m.group_id = ?3)
           AND (?4 IS NULL OR m.membership = ?4) AND (?5 IS NULL OR m.category = ?5)
           AND (?6 IS NULL OR m.name LIKE ?6 OR m.position LIKE ?6)
         ORDER BY m.status = 'active' DESC, m.group_id IS NULL, m.group_id, m.id"
    ))?;
    let rows = st.query_map(
        params![branch_id, status, filter.group_id, membership, category, query],
        from_row,
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Whether `text` has the shape of a 身份证号 (15 or 18 characters, digits and a final X).
pub fn is_id_number(text: &str) -> bool {
    let t = text.trim();
    (t.len() == 15 || t.len() == 18) && t.chars().all(|c| c.is_ascii_digit() || c == 'X' || c == 'x')
}

/// The branch's members by name (several ids when members share one), for finding many names at
/// once: one query instead of one per name.
pub fn ids_by_name(conn: &Connection, branch_id: i64) -> Result<HashMap<String, Vec<i64>>> {
    let mut st = conn.prepare_cached("SELECT name, id FROM member WHERE branch_id = ?1 ORDER BY id")?;
    let mut rows = st.query([branch_id])?;
    let mut out: HashMap<String, Vec<i64>> = HashMap::new();
    while let Some(r) = rows.next()? {
        out.entry(r.get(0)?).or_default().push(r.get(1)?);
    }
    Ok(out)
}

/// The member a person means by `key` in this branch: a 身份证号, or a name. A name that several
/// members share is an error listing them (with what tells them apart), never a guess.
pub fn resolve(conn: &Connection, branch_id: i64, key: &str) -> Result<i64> {
    let key = key.trim();
    if is_id_number(key) {
        return conn
            .query_row(
                "SELECT id FROM member WHERE branch_id = ?1 AND id_number = ?2",
                params![branch_id, key.to_ascii_uppercase()],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(Error::NotFound {
                what: "党员（按身份证号）",
                key: mask(key, 4, 4),
            });
    }
    let found = list(conn, branch_id, &MemberFilter::everyone())?
        .into_iter()
        .filter(|m| m.name == key)
        .collect::<Vec<_>>();
    match found.as_slice() {
        [] => Err(Error::NotFound {
            what: "党员",
            key: key.to_string(),
        }),
        [one] => Ok(one.id),
        many => Err(Error::invalid(format!(
            "姓名“{key}”对应 {} 名党员：{}；请改用身份证号指明是哪一位",
            many.len(),
            many.iter()
                .map(|m| {
                    let mut tells = vec![format!("入党日期 {}", m.joined_on)];
                    if let Some(b) = m.birth_date {
                        tells.push(format!("出生日期 {b}"));
                    }
                    if let Some(g) = &m.group_name {
                        tells.push(g.clone());
                    }
                    if let Some(idn) = &m.id_number {
                        tells.push(format!("身份证号 {}", mask(idn, 4, 4)));
                    }
                    format!("{}（{}）", m.name, tells.join("，"))
                })
                .collect::<Vec<_>>()
                .join("、")
        ))),
    }
}

/// Find a member the way an import row identifies one: by 身份证号 when given, else 姓名 + 出生日期
/// (姓名 alone when no birth date is known). A 身份证号 never matches a member of another name, and
/// a row with a 身份证号 never matches, by name, a member whose 身份证号 differs: two people who
/// share a name stay two people.
pub fn find_identity(
    conn: &Connection,
    branch_id: i64,
    name: &str,
    birth_date: Option<NaiveDate>,
    id_number: Option<&str>,
) -> Result<Option<i64>> {
    if let Some(idn) = id_number {
        let holder: Option<(i64, String)> = conn
            .query_row("SELECT id, name FROM member WHERE id_number = ?1", [idn], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        if let Some((id, holder_name)) = holder {
            if holder_name != name {
                return Err(Error::Conflict(format!(
                    "身份证号 {} 属于党员“{holder_name}”，本行姓名却是“{name}”；改名请在党员页修改",
                    mask(idn, 4, 4)
                )));
            }
            return Ok(Some(id));
        }
    }
    let mut st = conn.prepare_cached(
        "SELECT id FROM member WHERE branch_id = ?1 AND name = ?2
           AND (?3 IS NULL OR birth_date IS NULL OR birth_date = ?3)
           AND (?4 IS NULL OR id_number IS NULL)",
    )?;
    let ids: Vec<i64> = st
        .query_map(params![branch_id, name, birth_date, id_number], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    match ids.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(*one)),
        _ => resolve(conn, branch_id, name).map(Some),
    }
}

/// Insert (`id` None) or update a member; returns the id and what happened. Checks the record
/// against the ledger; an update that changes nothing writes nothing.
pub fn upsert(tx: &Tx, branch_id: i64, id: Option<i64>, d: &MemberData) -> Result<(i64, Action)> {
    check_personal_fields(d)?;
    let current = id.map(|id| get(tx, id)).transpose()?;
    if let Some(c) = &current {
        if c.branch_id != branch_id {
            return Err(Error::invalid(format!("党员“{}”不属于当前支部", c.name)));
        }
    }
    let membership = d.membership.or(current.as_ref().map(|c| c.membership));
    let joined_on = d.joined_on.or(current.as_ref().map(|c| c.joined_on));
    let (Some(membership), Some(joined_on)) = (membership, joined_on) else {
        return Err(Error::invalid(format!("党员“{}”：党员类别和入党日期不能为空", d.name)));
    };
    let pick = |new: &Option<Option<String>>, old: Option<&Option<String>>| match new {
        Some(v) => v.clone(),
        None => old.cloned().flatten(),
    };
    let c = current.as_ref();
    let gender = d.gender.unwrap_or(c.and_then(|c| c.gender));
    let birth_date = d.birth_date.unwrap_or(c.and_then(|c| c.birth_date));
    let confirmed_on = d.confirmed_on.unwrap_or(c.and_then(|c| c.confirmed_on));
    let group_id = d.group_id.unwrap_or(c.and_then(|c| c.group_id));
    if let Some(c) = c.filter(|c| c.group_id != group_id) {
        return Err(Error::invalid(format!(
            "党员“{}”：调整党小组要写明从哪天起（“调整党小组”或 zhibu member move），过去的会议才不会改变",
            c.name
        )));
    }
    if let Some(t) = d.transferred_in_on.filter(|t| *t < joined_on) {
        return Err(Error::invalid(format!(
            "党员“{}”：转入日期 {t} 早于入党日期 {joined_on}",
            d.name
        )));
    }
    let category = d.category.or(c.map(|c| c.category)).unwrap_or(PersonCategory::Staff);
    let id_number = pick(&d.id_number, c.map(|c| &c.id_number)).map(|s| s.to_ascii_uppercase());

    if birth_date.is_some_and(|b| b >= joined_on) {
        return Err(Error::invalid(format!("党员“{}”：出生日期应早于入党日期", d.name)));
    }
    if let Some(conf) = confirmed_on {
        if membership == Membership::Probationary {
            return Err(Error::invalid(format!(
                "党员“{}”：预备党员不应有转正日期（已转正请改为正式党员）",
                d.name
            )));
        }
        if conf < joined_on {
            return Err(Error::invalid(format!(
                "党员“{}”：转正日期 {conf} 早于入党日期 {joined_on}",
                d.name
            )));
        }
    }
    if let Some(g) = group_id {
        let gb: Option<i64> = tx
            .query_row("SELECT branch_id FROM party_group WHERE id = ?1", [g], |r| r.get(0))
            .optional()?;
        if gb != Some(branch_id) {
            return Err(Error::invalid(format!(
                "党员“{}”：党小组（编号 {g}）不属于本支部",
                d.name
            )));
        }
    }
    if let Some(idn) = &id_number {
        let holder: Option<(i64, String)> = tx
            .query_row("SELECT id, name FROM member WHERE id_number = ?1", [idn], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        if let Some((hid, hname)) = holder.filter(|(hid, _)| Some(*hid) != id) {
            return Err(Error::Conflict(format!(
                "身份证号 {} 已属于党员“{hname}”（编号 {hid}）",
                mask(idn, 4, 4)
            )));
        }
    }
    let values = params![
        branch_id,
        d.name,
        gender,
        pick(&d.ethnicity, c.map(|c| &c.ethnicity)),
        birth_date,
        pick(&d.education, c.map(|c| &c.education)),
        category,
        membership,
        joined_on,
        confirmed_on,
        group_id,
        pick(&d.position, c.map(|c| &c.position)),
        pick(&d.phone, c.map(|c| &c.phone)),
        id_number,
    ];
    match id {
        None => {
            tx.prepare_cached(
                "INSERT INTO member (branch_id, name, gender, ethnicity, birth_date, education, category, membership,
                    joined_on, confirmed_on, group_id, position, phone, id_number)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            )?
            .execute(values)?;
            let new_id = tx.last_insert_rowid();
            let (start, arrival) = match d.transferred_in_on {
                Some(t) => (t, Arrival::TransferredIn),
                None => (joined_on, Arrival::Joined),
            };
            history::begin(tx, new_id, branch_id, start, arrival, d.came_from.as_deref())?;
            history::assign(tx, new_id, group_id, start)?;
            Ok((new_id, Action::Create))
        }
        Some(id) => {
            let mut st = tx.prepare_cached(
                "UPDATE member SET branch_id = ?1, name = ?2, gender = ?3, ethnicity = ?4, birth_date = ?5,
                    education = ?6, category = ?7, membership = ?8, joined_on = ?9, confirmed_on = ?10,
                    group_id = ?11, position = ?12, phone = ?13, id_number = ?14,
                    updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
                 WHERE id = ?15 AND (branch_id, name, gender, ethnicity, birth_date, education, category, membership,
                    joined_on, confirmed_on, group_id, position, phone, id_number)
                    IS NOT (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            )?;
            let mut all: Vec<&dyn rusqlite::ToSql> = values.to_vec();
            all.push(&id);
            let changed = st.execute(all.as_slice())? > 0;
            if let Some(old) = c.map(|c| c.joined_on).filter(|old| *old != joined_on) {
                history::correct_joining(tx, id, old, joined_on)?;
            }
            Ok((id, if changed { Action::Update } else { Action::Unchanged }))
        }
    }
}

pub fn save(tx: &Tx, branch_id: i64, input: &MemberInput) -> Result<Member> {
    let data = input.validate()?;
    let (id, _) = upsert(tx, branch_id, input.id, &data)?;
    get(tx, id)
}

/// 转出 / 停止党籍 / 出党 / 去世: the record stays, with the date and 去向, and leaves the roll from that date.
pub fn leave(tx: &Tx, id: i64, status: &str, left_on: Option<&str>, left_to: Option<&str>) -> Result<Member> {
    let status = MemberStatus::parse(status)
        .filter(|s| *s != MemberStatus::Active)
        .ok_or_else(|| {
            Error::invalid(format!(
                "离开方式：无法识别“{status}”，应为 转出、停止党籍、出党 或 去世"
            ))
        })?;
    let on = required_date("离开日期", left_on)?;
    history::end(tx, id, on, status, opt_text(left_to).as_deref())?;
    get(tx, id)
}

/// 转入: a member who left (or is new to this branch) arrives on `on` from `came_from`.
pub fn transfer_in(tx: &Tx, id: i64, branch_id: i64, on: &str, came_from: Option<&str>) -> Result<Member> {
    let on = required_date("转入日期", Some(on))?;
    history::begin(
        tx,
        id,
        branch_id,
        on,
        Arrival::TransferredIn,
        opt_text(came_from).as_deref(),
    )?;
    get(tx, id)
}

/// 调整党小组: the member belongs to `group_id` (None: to none) from `from` on.
pub fn move_group(tx: &Tx, id: i64, group_id: Option<i64>, from: &str) -> Result<Member> {
    let from = required_date("调整日期", Some(from))?;
    let m = get(tx, id)?;
    if let Some(g) = group_id {
        let gb: Option<i64> = tx
            .query_row("SELECT branch_id FROM party_group WHERE id = ?1", [g], |r| r.get(0))
            .optional()?;
        if gb != Some(m.branch_id) {
            return Err(Error::invalid(format!(
                "党员“{}”：党小组（编号 {g}）不属于本支部",
                m.name
            )));
        }
    }
    history::assign(tx, id, group_id, from)?;
    get(tx, id)
}

/// 延长预备期: once, by 6 to 12 months beyond the year of 预备期, decided on `decided_on`.
pub fn extend_probation(tx: &Tx, id: i64, decided_on: &str, until: &str) -> Result<Member> {
    let decided_on = required_date("决定日期", Some(decided_on))?;
    let until = required_date("延长至", Some(until))?;
    let m = get(tx, id)?;
    if m.membership != Membership::Probationary {
        return Err(Error::Conflict(format!("党员“{}”不是预备党员，无需延长预备期", m.name)));
    }
    let extended: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM probation_extension WHERE member_id = ?1)",
        [id],
        |r| r.get(0),
    )?;
    if extended {
        return Err(Error::Conflict(format!(
            "党员“{}”的预备期已延长过一次，不能再次延长",
            m.name
        )));
    }
    let year_end = m.joined_on.checked_add_months(Months::new(12));
    let earliest = m.joined_on.checked_add_months(Months::new(18));
    let latest = m.joined_on.checked_add_months(Months::new(24));
    if earliest.is_none_or(|e| until < e) || latest.is_none_or(|l| until > l) {
        return Err(Error::invalid(format!(
            "党员“{}”：预备期只能延长 6 至 12 个月，即延长至 {} 到 {} 之间",
            m.name,
            earliest.map(|d| d.to_string()).unwrap_or_default(),
            latest.map(|d| d.to_string()).unwrap_or_default()
        )));
    }
    if year_end.is_none_or(|e| decided_on > e) || decided_on < m.joined_on {
        return Err(Error::invalid(format!(
            "党员“{}”：延长预备期应在预备期内（{} 至 {}）决定",
            m.name,
            m.joined_on,
            year_end.map(|d| d.to_string()).unwrap_or_default()
        )));
    }
    tx.execute(
        "INSERT INTO probation_extension (member_id, decided_on, until) VALUES (?1, ?2, ?3)",
        params![id, decided_on, until],
    )?;
    tx.execute(
        "INSERT INTO member_status_event (member_id, status, effective_on, note) VALUES (?1, 'active', ?2, ?3)",
        params![id, decided_on, format!("延长预备期至 {until}")],
    )?;
    get(tx, id)
}

/// 转正: a 预备党员 becomes a 正式党员 on `on` (党龄 counts from it).
pub fn regularize(tx: &Tx, id: i64, on: &str) -> Result<Member> {
    let on = required_date("转正日期", Some(on))?;
    let m = get(tx, id)?;
    if m.membership != Membership::Probationary {
        return Err(Error::Conflict(format!("党员“{}”已是正式党员", m.name)));
    }
    if on <= m.joined_on {
        return Err(Error::invalid(format!(
            "党员“{}”：转正日期 {on} 应晚于入党日期 {}",
            m.name, m.joined_on
        )));
    }
    tx.execute(
        "UPDATE member SET membership = 'full', confirmed_on = ?2,
            updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1",
        params![id, on],
    )?;
    tx.execute(
        "INSERT INTO member_status_event (member_id, status, effective_on, note) VALUES (?1, 'active', ?2, '转正')",
        params![id, on],
    )?;
    get(tx, id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keep_only_the_ends() {
        assert_eq!(mask("13812345678", 3, 4), "138****5678");
        assert_eq!(mask("450102199001011234", 4, 4), "4501**********1234");
        assert_eq!(mask("123", 3, 4), "***");
    }

    #[test]
    fn id_number_check_digit() {
        assert!(check_id_number("11010519491231002X").is_ok());
        assert!(check_id_number("110105194912310021").is_err());
        assert!(check_id_number("12345").is_err());
    }
}
