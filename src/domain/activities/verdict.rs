//! The verdict of a 党员大会: valid or not, and whether its resolution passed or its candidate was
//! elected.

use serde::Serialize;

use super::{Roll, RollEntry};
use crate::kernel::labels::{ActivityKind, AttendanceStatus};

/// Whether a 党员大会 could decide (domain.md): it is valid when more than half of the 正式党员 who
/// should attend are present (预备党员 have no vote), an election only when at least four fifths
/// are; a resolution passes (a candidate is elected) when 赞成 exceeds half of those who should
/// attend.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Verdict {
    pub voters: i64,
    pub voters_present: i64,
    pub election: bool,
    pub valid: bool,
    /// None when no vote was recorded.
    pub resolution_passed: Option<bool>,
    /// The verdict in words, for the register.
    pub text: String,
}

/// The quorum rule, the one place it is written: more than half of the voters present, at least
/// four fifths for an election.
pub fn quorum_met(voters: i64, present: i64, election: bool) -> bool {
    if election {
        present * 5 >= voters * 4 && voters > 0
    } else {
        present * 2 > voters
    }
}

/// The quorum in words: “应到正式党员 23 人，实到 18 人，不足五分之四，选举无效”.
pub fn quorum_text(voters: i64, present: i64, election: bool) -> String {
    let met = quorum_met(voters, present, election);
    let judged = match (election, met) {
        (false, true) => "超过半数，会议有效",
        (false, false) => "未超过半数，会议无效",
        (true, true) => "达到五分之四，选举有效",
        (true, false) => "不足五分之四，选举无效",
    };
    format!("应到正式党员 {voters} 人，实到 {present} 人，{judged}")
}

/// The verdict of a 党员大会 (None for other kinds) from its roll and its 赞成 votes.
pub fn verdict(kinds: &[ActivityKind], roll: &Roll, election: bool, votes_yes: Option<i64>) -> Option<Verdict> {
    if !kinds.contains(&ActivityKind::GeneralMeeting) {
        return None;
    }
    let voting: Vec<&RollEntry> = roll.entries.iter().filter(|e| e.on_roll && e.voting).collect();
    let voters = voting.len() as i64;
    let present = voting.iter().filter(|e| e.status == AttendanceStatus::Present).count() as i64;
    Some(judge(voters, present, election, votes_yes))
}

/// The verdict from the counts, as the meeting form asks it while the roll is being called.
pub fn judge(voters: i64, voters_present: i64, election: bool, votes_yes: Option<i64>) -> Verdict {
    let valid = quorum_met(voters, voters_present, election);
    let resolution_passed = votes_yes.map(|yes| yes * 2 > voters);
    let mut text = quorum_text(voters, voters_present, election);
    if let (Some(yes), Some(passed)) = (votes_yes, resolution_passed) {
        let outcome = match (election, passed) {
            (false, true) => "超过应到正式党员半数，决议通过",
            (false, false) => "未超过应到正式党员半数，决议未通过",
            (true, true) => "超过应到正式党员半数，当选",
            (true, false) => "未超过应到正式党员半数，未当选",
        };
        text.push_str(&format!("；赞成 {yes} 票，{outcome}"));
    }
    Verdict {
        voters,
        voters_present,
        election,
        valid,
        resolution_passed,
        text,
    }
}
