//! Zhibu (支部台账): the core of an offline ledger for a university Party branch.
//! Knows nothing of windows: the desktop shell and the CLI call these modules.
//!
//! Layers, each depending only on those before it (a test in `tests/layers.rs` holds them to it):
//! - [`kernel`]: dates, text, labels, the one [`Error`];
//! - [`store`]: the ledger file, its PRAGMAs and migrations, the write transaction, attachments, backup;
//! - [`domain`]: one folder per noun, owning its types and its SQL;
//! - [`analysis`]: points, reports, rankings, checks — figures derived from the domain;
//! - [`io`]: imports, exports, charts, the demo ledger.

pub mod analysis;
pub mod domain;
pub mod io;
pub mod kernel;
pub mod store;

pub use kernel::error::{Error, Result};
pub use store::Ledger;
