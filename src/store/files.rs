//! Files written whole or not at all: an export is written under a hidden temporary name beside its
//! target and renamed over it only once complete, so an error or a killed process never leaves half
//! a file under the name the secretary chose.

use std::path::Path;
use std::time::{Duration, SystemTime};

use crate::Result;

const PREFIX: &str = ".zhibu-";
const SUFFIX: &str = ".tmp";

/// A temporary file older than this is left over from a process that was killed: removed.
const STALE: Duration = Duration::from_secs(600);

/// Calls `write` with a temporary path beside `out`, then moves the file it wrote to `out`. On an
/// error the temporary file is removed and `out` is untouched.
pub fn write_whole<T>(out: &Path, write: impl FnOnce(&Path) -> Result<T>) -> Result<T> {
    let dir = out
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    remove_stale(dir);
    let tmp = tempfile::Builder::new()
        .prefix(PREFIX)
        .suffix(SUFFIX)
        .tempfile_in(dir)?;
    let value = write(tmp.path())?;
    tmp.persist(out).map_err(|e| e.error)?;
    Ok(value)
}

/// Removes temporary files a killed export left in `dir`.
fn remove_stale(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .map(|t| SystemTime::now().duration_since(t).unwrap_or_default() > STALE)
            .unwrap_or(false);
        if name.starts_with(PREFIX) && name.ends_with(SUFFIX) && old {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_neither_a_part_nor_a_changed_target() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("台账.xlsx");
        std::fs::write(&out, "old").unwrap();
        let failed: Result<()> = write_whole(&out, |tmp| {
            std::fs::write(tmp, "half")?;
            Err(crate::Error::invalid("写到一半失败"))
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        write_whole(&out, |tmp| Ok(std::fs::write(tmp, "new")?)).unwrap();
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
