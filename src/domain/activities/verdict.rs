//! Whether a meeting could decide (domain.md). A 党员大会 is valid when more than half of the
//! 正式党员 who should attend are present (预备党员 have no vote), an election only when at least
//! four fifths are; its resolution passes (a candidate is elected) when 赞成 exceeds half of those
//! who should attend. A 支委会 is valid when more than half of the committee is present.

use serde::{Deserialize, Serialize};

use super::Roll;
use crate::kernel::labels::{ActivityKind, AttendanceStatus};

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Verdict {
    /// `general_meeting` or `committee_meeting`: whose quorum was judged.
    pub meeting: ActivityKind,
    /// Those who count: the 正式党员 who should attend a 党员大会, the committee of a 支委会.
    pub voters: i64,
    pub voters_present: i64,
    pub election: bool,
    pub valid: bool,
    /// None when no vote was recorded (or for a 支委会); false whenever the meeting was invalid.
    pub resolution_passed: Option<bool>,
    /// The verdict in words, for the register.
    pub text: String,
}

/// One place on a meeting's roll, as the form holds it while the roll is being called.
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct Seat {
    /// A 正式党员 that day.
    pub voting: bool,
    pub present: bool,
}

/// The verdict of a saved meeting from its roll (None for kinds without a quorum).
pub fn verdict(kinds: &[ActivityKind], roll: &Roll, election: bool, votes_yes: Option<i64>) -> Option<Verdict> {
    let seats: Vec<Seat> = roll
        .entries
        .iter()
        .filter(|e| e.on_roll)
        .map(|e| Seat {
            voting: e.voting,
            present: e.status == AttendanceStatus::Present,
        })
        .collect();
    judge(kinds, &seats, election, votes_yes)
}

/// The verdict from the seats on the roll (those on it that day only), for the form and the register.
pub fn judge(kinds: &[ActivityKind], seats: &[Seat], election: bool, votes_yes: Option<i64>) -> Option<Verdict> {
    let meeting = if kinds.contains(&ActivityKind::GeneralMeeting) {
        ActivityKind::GeneralMeeting
    } else if kinds.contains(&ActivityKind::CommitteeMeeting) {
        ActivityKind::CommitteeMeeting
    } else {
        return None;
    };
    let general = meeting == ActivityKind::GeneralMeeting;
    // Only a 党员大会 elects and votes by its members; a 支委会 counts its whole committee.
    let election = election && general;
    let counted: Vec<&Seat> = seats.iter().filter(|s| s.voting || !general).collect();
    let voters = counted.len() as i64;
    let present = counted.iter().filter(|s| s.present).count() as i64;
    let valid = if election {
        voters > 0 && present * 5 >= voters * 4
    } else {
        present * 2 > voters
    };
    let who = if general { "正式党员" } else { "支委" };
    let judged = match (election, valid) {
        (false, true) => "超过半数，会议有效",
        (false, false) => "未超过半数，会议无效",
        (true, true) => "达到五分之四，选举有效",
        (true, false) => "不足五分之四，选举无效",
    };
    let mut text = format!("应到{who} {voters} 人，实到 {present} 人，{judged}");
    // A meeting that could not decide passes nothing, whatever the count.
    let resolution_passed = votes_yes.filter(|_| general).map(|yes| valid && yes * 2 > voters);
    if let (Some(yes), Some(passed)) = (votes_yes, resolution_passed) {
        let outcome = match (valid, election, passed) {
            (false, false, _) => "会议无效，表决不成立",
            (false, true, _) => "选举无效，结果不成立",
            (true, false, true) => "超过应到正式党员半数，决议通过",
            (true, false, false) => "未超过应到正式党员半数，决议未通过",
            (true, true, true) => "超过应到正式党员半数，当选",
            (true, true, false) => "未超过应到正式党员半数，未当选",
        };
        text.push_str(&format!("；赞成 {yes} 票，{outcome}"));
    }
    Some(Verdict {
        meeting,
        voters,
        voters_present: present,
        election,
        valid,
        resolution_passed,
        text,
    })
}
