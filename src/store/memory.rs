//! SQLite's own memory — its page cache, statements, records — allocated through mimalloc, as the
//! rest of the program's is (see the crate root). Through glibc's allocator, its mallocs and frees
//! were a twentieth of an import's writing thread.

use std::ffi::{c_int, c_void};

use rusqlite::ffi;

/// Has SQLite allocate through mimalloc. A program calls this first, before any connection is
/// opened and while it runs on one thread: SQLite takes its allocator when it first initialises,
/// and a setting changed under another thread's initialisation is undefined. Called later, SQLite
/// refuses it and keeps the system allocator, which is as correct, only slower: `false` says so.
pub fn allocate_through_mimalloc() -> bool {
    static CONFIGURED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *CONFIGURED.get_or_init(|| {
        let methods = ffi::sqlite3_mem_methods {
            xMalloc: Some(malloc),
            xFree: Some(free),
            xRealloc: Some(realloc),
            xSize: Some(size),
            xRoundup: Some(roundup),
            xInit: Some(init),
            xShutdown: Some(shutdown),
            pAppData: std::ptr::null_mut(),
        };
        // SAFETY: SQLite copies the methods before it returns; each wraps mimalloc's function of
        // the same contract (memory aligned to at least 8 bytes, as SQLite requires).
        let rc = unsafe { ffi::sqlite3_config(ffi::SQLITE_CONFIG_MALLOC, &methods as *const ffi::sqlite3_mem_methods) };
        rc == ffi::SQLITE_OK
    })
}

unsafe extern "C" fn malloc(n: c_int) -> *mut c_void {
    // SAFETY: any size may be asked; SQLite never asks a negative one (and gets null if it did).
    match usize::try_from(n) {
        Ok(n) => unsafe { libmimalloc_sys::mi_malloc(n) },
        Err(_) => std::ptr::null_mut(),
    }
}

unsafe extern "C" fn free(p: *mut c_void) {
    // SAFETY: SQLite frees only what `malloc` or `realloc` gave it (or null, which mi_free ignores).
    unsafe { libmimalloc_sys::mi_free(p) }
}

unsafe extern "C" fn realloc(p: *mut c_void, n: c_int) -> *mut c_void {
    match usize::try_from(n) {
        // SAFETY: `p` is null or came from `malloc` or `realloc`.
        Ok(n) => unsafe { libmimalloc_sys::mi_realloc(p, n) },
        Err(_) => std::ptr::null_mut(),
    }
}

/// What SQLite counts an allocation as: its usable size, as glibc's `malloc_usable_size` gave it.
unsafe extern "C" fn size(p: *mut c_void) -> c_int {
    // SAFETY: `p` came from `malloc` or `realloc`.
    let n = unsafe { libmimalloc_sys::mi_usable_size(p) };
    c_int::try_from(n).unwrap_or(c_int::MAX)
}

/// The size SQLite will get for a request of `n` bytes: mimalloc's smallest blocks are 8 bytes.
unsafe extern "C" fn roundup(n: c_int) -> c_int {
    n.saturating_add(7) & !7
}

unsafe extern "C" fn init(_: *mut c_void) -> c_int {
    ffi::SQLITE_OK
}

unsafe extern "C" fn shutdown(_: *mut c_void) {}
