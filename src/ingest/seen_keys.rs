//! Which kinds repeat a natural key within one run, found cheaply so the merge can skip
//! deduplicating the usual export.

use rayon::prelude::*;

/// Key hashes seen in this run, per kind: when no kind repeats a key (the usual export), the
/// merge skips deduplicating the new rows. A hash collision only costs that skip.
#[derive(Default)]
pub(crate) struct SeenKeys {
    /// Every accepted row's hash, in a plain list sorted once at the end: a hash set took 1.5 s
    /// of the staging thread for 100k's activities (inserts and rehashing into fresh memory),
    /// sorting takes 0.3 s on both cores.
    hashes: std::collections::HashMap<&'static str, Vec<u64>>,
}

impl SeenKeys {
    pub(crate) fn add(&mut self, kind: &'static str, key_hashes: &[u64]) {
        self.hashes
            .entry(kind)
            .or_default()
            .extend_from_slice(key_hashes);
    }

    /// The kinds in which some key hash occurs twice.
    pub(crate) fn repeated(self) -> std::collections::HashSet<&'static str> {
        self.hashes
            .into_par_iter()
            .filter_map(|(kind, mut hashes)| {
                hashes.par_sort_unstable();
                hashes.windows(2).any(|w| w[0] == w[1]).then_some(kind)
            })
            .collect()
    }
}

pub(crate) type SharedKeys = std::sync::Arc<std::sync::Mutex<SeenKeys>>;
