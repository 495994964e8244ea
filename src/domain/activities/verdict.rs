//! The verdict of a 党员大会: valid or not, and whether its resolution passed.

use serde::Serialize;

use super::{Roll, RollEntry};
use crate::kernel::labels::{ActivityKind, AttendanceStatus};

/// Whether a 党员大会 could decide (domain.md): it is valid when more than half of the 正式党员 who
/// should attend are present (预备党员 have no vote); a resolution passes when 赞成 exceeds half of
/// those who should attend.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Verdict {
    pub voters: i64,
    pub voters_present: i64,
    pub valid: bool,
    /// None when no vote was recorded.
    pub resolution_passed: Option<bool>,
    /// The verdict in words, for the register.
    pub text: String,
}

/// The verdict of a 党员大会 (None for other kinds) from its roll and its 赞成 votes.
pub fn verdict(kinds: &[ActivityKind], roll: &Roll, votes_yes: Option<i64>) -> Option<Verdict> {
    if !kinds.contains(&ActivityKind::GeneralMeeting) {
        return None;
    }
    let voting: Vec<&RollEntry> = roll.entries.iter().filter(|e| e.on_roll && e.voting).collect();
    let voters = voting.len() as i64;
    let voters_present = voting.iter().filter(|e| e.status == AttendanceStatus::Present).count() as i64;
    let valid = voters_present * 2 > voters;
    let resolution_passed = votes_yes.map(|yes| yes * 2 > voters);
    let mut text = format!(
        "应到正式党员 {voters} 人，实到 {voters_present} 人，{}",
        if valid {
            "超过半数，会议有效"
        } else {
            "未超过半数，会议无效"
        }
    );
    if let (Some(yes), Some(passed)) = (votes_yes, resolution_passed) {
        text.push_str(&format!(
            "；赞成 {yes} 票，{}",
            if passed {
                "超过应到正式党员半数，决议通过"
            } else {
                "未超过应到正式党员半数，决议未通过"
            }
        ));
    }
    Some(Verdict {
        voters,
        voters_present,
        valid,
        resolution_passed,
        text,
    })
}
