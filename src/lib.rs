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

/// Every program built on the core — the CLI, the desktop app, the benches — allocates through
/// mimalloc. An import frees on its writing thread what its hashing thread made; the system
/// allocator of glibc serialised the two on an arena lock, and its own bookkeeping took a tenth of
/// the import (see the commit that chose it).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
