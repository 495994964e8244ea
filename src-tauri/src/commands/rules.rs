//! The configurable rules besides the points (设置): the 组织生活 calendar and the 民主评议 guide,
//! each a dated version; and the 党员大会 verdict the meeting form shows while the roll is called.

use serde::Serialize;
use tauri::State;
use zhibu::domain::activities::{judge, Seat, Verdict};
use zhibu::domain::rules::{self, Guide, GuideInput, LifeRules, LifeRulesInput};
use zhibu::kernel::labels::ActivityKind;
use zhibu::Result;

use crate::state::AppState;

#[derive(Serialize)]
pub struct AllRules {
    life: Vec<LifeRules>,
    guides: Vec<Guide>,
}

#[tauri::command(rename_all = "snake_case")]
pub async fn life_rules(state: State<'_, AppState>) -> Result<AllRules> {
    state
        .read(|conn, _| {
            Ok(AllRules {
                life: rules::life_rule_sets(conn)?,
                guides: rules::guides(conn)?,
            })
        })
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn save_life_rules(state: State<'_, AppState>, input: LifeRulesInput) -> Result<LifeRules> {
    state.write(move |tx, _| rules::save_life_rules(tx, &input)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn save_appraisal_guide(state: State<'_, AppState>, input: GuideInput) -> Result<Guide> {
    state.write(move |tx, _| rules::save_guide(tx, &input)).await
}

/// The guide a year's 民主评议 uses, for the sheet's explanation.
#[tauri::command(rename_all = "snake_case")]
pub async fn appraisal_guide(state: State<'_, AppState>, year: i32) -> Result<Guide> {
    state.read(move |conn, _| rules::guide_for(conn, year)).await
}

/// The verdict of a 党员大会 from the form's live counts: the rule lives in the core only.
#[tauri::command(rename_all = "snake_case")]
pub fn meeting_verdict(voters: i64, voters_present: i64, election: bool, votes_yes: Option<i64>) -> Option<Verdict> {
    let seats: Vec<Seat> = (0..voters.clamp(0, 100_000))
        .map(|i| Seat {
            voting: true,
            present: i < voters_present,
        })
        .collect();
    judge(&[ActivityKind::GeneralMeeting], &seats, election, votes_yes)
}
