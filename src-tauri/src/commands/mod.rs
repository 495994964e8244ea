//! The commands the window calls, one file per domain. Each is a few lines over one core call, run
//! off the window's thread by [`crate::state::AppState`]; long work reports progress on a `Channel`.

pub mod activities;
pub mod appraisal;
pub mod audit;
pub mod college;
pub mod garden;
pub mod imports;
pub mod ledger;
pub mod members;
pub mod org;
pub mod packages;
pub mod pioneers;
pub mod points;
pub mod reports;
pub mod rules;
pub mod study;

use tauri::ipc::Channel;
use zhibu::kernel::progress::Progress;

/// The core's progress callback, forwarding each step to the window.
fn forward(channel: Channel<Progress>) -> impl FnMut(Progress) {
    move |p| {
        // A window that closed meanwhile no longer listens; the work finishes regardless.
        let _ = channel.send(p);
    }
}
