//! Maps and sets keyed by the ledger's own row ids. The standard hasher (SipHash) guards a map
//! against keys chosen to collide; a row id is chosen by SQLite, never by a file or a person, so
//! these use a multiply-and-rotate hash that costs a few instructions: an import puts each of its
//! 140,000 attendance marks in several such maps.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A map by row id (or tuple of row ids).
pub type IdMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;
/// A set of row ids.
pub type IdSet<K> = HashSet<K, BuildHasherDefault<IdHasher>>;

/// An empty [`IdMap`] with room for `n` entries.
pub fn map_with_capacity<K, V>(n: usize) -> IdMap<K, V> {
    HashMap::with_capacity_and_hasher(n, BuildHasherDefault::default())
}

/// An empty [`IdSet`] with room for `n` entries.
pub fn set_with_capacity<K>(n: usize) -> IdSet<K> {
    HashSet::with_capacity_and_hasher(n, BuildHasherDefault::default())
}

/// The hash of rustc's own maps (FxHash): each word rotated into the state and multiplied by an odd
/// constant whose high bits spread every input bit.
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl IdHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_i64(&mut self, n: i64) {
        self.add(n as u64);
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_pairs_of_ids_are_kept_apart() {
        let mut marks: IdMap<(i64, i64), i64> = map_with_capacity(4);
        marks.insert((1, 2), 12);
        marks.insert((2, 1), 21);
        assert_eq!(
            (marks.get(&(1, 2)), marks.get(&(2, 1)), marks.get(&(1, 1))),
            (Some(&12), Some(&21), None)
        );
        let ids: IdSet<i64> = (0..10_000).map(|i| i * 4096).collect();
        assert_eq!(ids.len(), 10_000);
        assert!(ids.contains(&(9_999 * 4096)) && !ids.contains(&1));
    }
}
