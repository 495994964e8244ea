//! `branch add|list|rename`, `group list|add|rename|delete` and `committee set|list|remove`: the
//! organisation.

use std::path::Path;
use std::process::ExitCode;

use clap::Subcommand;
use zhibu::domain::{members, org};
use zhibu::kernel::labels::CommitteeRole;
use zhibu::kernel::text::optional_date;
use zhibu::{Error, Ledger, Result};

#[derive(Subcommand)]
pub enum BranchCommand {
    /// 新增一个支部（一本台账可容纳一个党总支的多个支部）
    Add {
        name: String,
        /// 上级党组织
        #[arg(long)]
        parent: Option<String>,
    },
    /// 列出台账中的支部
    List {
        #[arg(long)]
        json: bool,
    },
    /// 修改支部名称（及上级党组织、成立日期；未给出的保持不变）
    Rename {
        old: String,
        new: String,
        /// 上级党组织
        #[arg(long)]
        parent: Option<String>,
        /// 成立日期
        #[arg(long, value_name = "DATE")]
        founded: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum GroupCommand {
    /// 列出党小组：组长与现有党员人数
    List {
        #[arg(long)]
        branch: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 新增党小组
    Add {
        name: String,
        /// 组长：姓名或身份证号
        #[arg(long)]
        leader: Option<String>,
        #[arg(long)]
        branch: Option<String>,
    },
    /// 党小组改名（组长不变）
    Rename {
        old: String,
        new: String,
        #[arg(long)]
        branch: Option<String>,
    },
    /// 删除党小组（仍有党员或会议记录的党小组不能删除）
    Delete {
        name: String,
        #[arg(long)]
        branch: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum CommitteeCommand {
    /// 任命支委：姓名（或身份证号）、职务、任期
    Set {
        member: String,
        /// 书记、副书记、组织委员、宣传委员、纪检委员、青年委员 或 支部委员
        #[arg(long)]
        role: String,
        #[arg(long, value_name = "DATE")]
        from: String,
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        #[arg(long)]
        branch: Option<String>,
    },
    /// 列出支委及其任期（现任在前）
    List {
        #[arg(long)]
        branch: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 删除一条支委任职记录（录入有误时；任期届满请用 committee set 写明 --to）
    Remove {
        /// 姓名或身份证号
        member: String,
        /// 要卸任的职务，如 组织委员
        #[arg(long)]
        role: String,
        /// 任期开始日期：同一职务有多段任期时用来指明哪一段
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        #[arg(long)]
        branch: Option<String>,
    },
}

pub fn run_branch(path: &Path, command: BranchCommand) -> Result<ExitCode> {
    match command {
        BranchCommand::Add { name, parent } => {
            let mut ledger = Ledger::open(path)?;
            ledger.write(|tx| org::create(tx, &name, parent.as_deref(), None))?;
            say!("已新增支部：{}", name.trim());
        }
        BranchCommand::List { json } => {
            let ledger = Ledger::open(path)?;
            let branches = org::list(ledger.conn())?;
            if json {
                super::print_json(&branches)?;
            } else {
                for b in &branches {
                    say!("{}　{}", b.name, b.parent_org.as_deref().unwrap_or(""));
                }
            }
        }
        BranchCommand::Rename {
            old,
            new,
            parent,
            founded,
        } => {
            let (mut ledger, branch_id) = super::open_branch(path, Some(&old))?;
            let b = ledger.write(|tx| {
                let current = org::get(tx, branch_id)?;
                org::update(
                    tx,
                    &org::BranchInput {
                        id: branch_id,
                        name: new.clone(),
                        parent_org: parent.clone().or(current.parent_org),
                        founded_on: founded.clone().or(current.founded_on.map(|d| d.to_string())),
                    },
                )
            })?;
            say!("已修改支部：{}　{}", b.name, b.parent_org.as_deref().unwrap_or(""));
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run_group(path: &Path, command: GroupCommand) -> Result<ExitCode> {
    match command {
        GroupCommand::List { branch, json } => {
            let (ledger, branch_id) = super::open_branch(path, branch.as_deref())?;
            let groups = org::list_groups(ledger.conn(), branch_id)?;
            if json {
                super::print_json(&groups)?;
            } else {
                for g in &groups {
                    say!(
                        "{}　组长 {}　党员 {} 人",
                        g.name,
                        g.leader_name.as_deref().unwrap_or("无"),
                        g.member_count
                    );
                }
            }
        }
        GroupCommand::Add { name, leader, branch } => {
            let (mut ledger, branch_id) = super::open_branch(path, branch.as_deref())?;
            let leader_id = leader
                .map(|l| members::resolve(ledger.conn(), branch_id, &l))
                .transpose()?;
            let input = org::GroupInput {
                id: None,
                name,
                leader_id,
            };
            let g = ledger.write(|tx| org::save_group(tx, branch_id, &input))?;
            say!(
                "已新增党小组：{}　组长 {}",
                g.name,
                g.leader_name.as_deref().unwrap_or("无")
            );
        }
        GroupCommand::Rename { old, new, branch } => {
            let (mut ledger, branch_id) = super::open_branch(path, branch.as_deref())?;
            let g = ledger.write(|tx| {
                let group = find_group(tx, branch_id, &old)?;
                let input = org::GroupInput {
                    id: Some(group.id),
                    name: new.clone(),
                    leader_id: group.leader_id,
                };
                org::save_group(tx, branch_id, &input)
            })?;
            say!("已改名：{} → {}", old.trim(), g.name);
        }
        GroupCommand::Delete { name, branch } => {
            let (mut ledger, branch_id) = super::open_branch(path, branch.as_deref())?;
            ledger.write(|tx| org::delete_group(tx, find_group(tx, branch_id, &name)?.id))?;
            say!("已删除党小组：{}", name.trim());
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn find_group(conn: &rusqlite::Connection, branch_id: i64, name: &str) -> Result<org::Group> {
    org::list_groups(conn, branch_id)?
        .into_iter()
        .find(|g| g.name == name.trim())
        .ok_or_else(|| Error::NotFound {
            what: "党小组",
            key: name.trim().to_string(),
        })
}

pub fn run_committee(path: &Path, command: CommitteeCommand) -> Result<ExitCode> {
    let today = chrono::Local::now().date_naive();
    match command {
        CommitteeCommand::Set {
            member,
            role,
            from,
            to,
            branch,
        } => {
            let (mut ledger, branch_id) = super::open_branch(path, branch.as_deref())?;
            let member_id = members::resolve(ledger.conn(), branch_id, &member)?;
            let input = org::CommitteeInput {
                id: None,
                member_id,
                role,
                term_start: Some(from),
                term_end: to,
            };
            let seat = ledger.write(|tx| org::save_committee_role(tx, branch_id, &input, today))?;
            say!("已任命：{}", seat_text(&seat));
        }
        CommitteeCommand::List { branch, json } => {
            let (ledger, branch_id) = super::open_branch(path, branch.as_deref())?;
            let seats = org::list_committee(ledger.conn(), branch_id, today)?;
            if json {
                super::print_json(&seats)?;
            } else {
                for s in &seats {
                    let mark = if s.current { "" } else { "　（已离任）" };
                    say!("{}{mark}", seat_text(s));
                }
            }
        }
        CommitteeCommand::Remove {
            member,
            role,
            from,
            branch,
        } => {
            let role = CommitteeRole::parse(&role).ok_or_else(|| Error::invalid(format!("职务：无法识别“{role}”")))?;
            let from = optional_date("任期开始", from.as_deref())?;
            let (mut ledger, branch_id) = super::open_branch(path, branch.as_deref())?;
            let member_id = members::resolve(ledger.conn(), branch_id, &member)?;
            let seat = ledger.write(|tx| {
                let mut seats: Vec<org::CommitteeSeat> = org::list_committee(tx, branch_id, today)?
                    .into_iter()
                    .filter(|s| s.member_id == member_id && s.role == role)
                    .filter(|s| from.is_none_or(|f| s.term_start == f))
                    .collect();
                let seat = match seats.len() {
                    0 => {
                        return Err(Error::NotFound {
                            what: "支委任职记录",
                            key: format!("{} {}", member.trim(), role.label()),
                        })
                    }
                    1 => seats.remove(0),
                    _ => {
                        return Err(Error::invalid(format!(
                            "{} 任{}有 {} 段任期（{}），请用 --from 指明任期开始日期",
                            seats[0].name,
                            role.label(),
                            seats.len(),
                            seats
                                .iter()
                                .map(|s| s.term_start.to_string())
                                .collect::<Vec<_>>()
                                .join("、")
                        )))
                    }
                };
                org::delete_committee_role(tx, seat.id)?;
                Ok(seat)
            })?;
            say!("已删除任职记录：{}", seat_text(&seat));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn seat_text(seat: &org::CommitteeSeat) -> String {
    format!(
        "{}　{}　{} 起{}",
        seat.name,
        seat.role.label(),
        seat.term_start,
        seat.term_end.map(|d| format!("，至 {d}")).unwrap_or_default()
    )
}
