//! The key by which duplicate descriptions are recognised (SPEC section 7): the employee's NIP
//! and the text with its words lower-cased and one space between them, hashed to 64 bits. Only
//! equality matters, and the text itself would be the largest column of a period.
//!
//! The NIP is in the key so that `employee_month` counts an employee's repeated descriptions by
//! grouping on one integer: polars' streaming engine groups by two columns (NIP and text key)
//! through row-encoded keys, and at 100k employees, where 8.4 M entries make 8.0 M such groups,
//! that group-by alone took 1.4 s and 0.9 GB, the whole query 5.3-6.6 s against 4.0-4.4 s with
//! one key. Two different (NIP, text) pairs share a key with probability about n^2 / 2^65 for n
//! pairs (1e-6 at 100k employees), and a shared key can only merge two employees' groups in a
//! count that changes no payment (SPEC section 7).

use std::hash::BuildHasher;

use polars::prelude::*;

/// Each entry's key from its employee's NIP and its description. Every row gets a key: a null
/// (which ingest does not let through) counts as a text of its own per employee, as the two
/// columns grouped together did.
pub fn employee_description_keys(
    nips: &Int64Chunked,
    descriptions: &StringChunked,
) -> Int64Chunked {
    let hasher = PlFixedStateQuality::default();
    let texts = description_keys(descriptions);
    let keys: Vec<i64> = nips
        .iter()
        .zip(texts.iter())
        .map(|pair| hasher.hash_one(pair) as i64)
        .collect();
    Int64Chunked::from_vec("description_key".into(), keys)
}

/// Each description's key; a null stays null.
pub fn description_keys(descriptions: &StringChunked) -> Int64Chunked {
    Int64Chunked::from_chunk_iter(
        "description_key".into(),
        descriptions.downcast_iter().map(chunk_keys),
    )
}

type TextArray = <StringType as PolarsDataType>::Array;
type KeyArray = <Int64Type as PolarsDataType>::Array;

/// Rows after which a chunk's cache is dropped if fewer than an eighth of them were hits: a hit
/// saves several times what a miss costs.
const TRIAL_ROWS: usize = 16_384;
/// Distinct descriptions a chunk's cache holds at most.
const CACHE_ENTRIES: usize = 1 << 16;

/// The keys of one chunk, with its nulls. Descriptions repeat (that is why duplicates are
/// counted), and a repeated text read from a dictionary-encoded Parquet page is the same view
/// (the same bytes at the same place), so each distinct view is normalised and hashed once: at
/// 100k employees 8.4 M descriptions have 23 k distinct texts. When the views hardly repeat,
/// the cache is dropped after a trial and every text is hashed. The keys go straight into one
/// buffer and a text is read only on a miss (8.4 M keys: 0.08 s, 0.11 s as an iterator of
/// options).
fn chunk_keys(texts: &TextArray) -> KeyArray {
    // Hashed with foldhash, several times faster than SipHash on short texts; the normalised
    // text is built in one reused buffer.
    let hasher = PlFixedStateQuality::default();
    let mut normal = Vec::new();
    // A null row's slot is computed like any other (from its empty view) and masked by the
    // validity copied below.
    let mut key_of = |row: usize| {
        normalise(texts.value(row), &mut normal);
        hasher.hash_one(normal.as_slice()) as i64
    };
    let views = texts.views();
    let mut keys = Vec::with_capacity(views.len());
    let mut cache: Option<PlHashMap<u128, i64>> = Some(PlHashMap::default());
    let mut hits = 0usize;
    for (row, view) in views.iter().enumerate() {
        if row == TRIAL_ROWS && hits * 8 < TRIAL_ROWS {
            cache = None;
        }
        let Some(seen) = cache.as_mut() else {
            keys.push(key_of(row));
            continue;
        };
        // Equal views hold equal texts: short texts inline, long ones at one place.
        let view = view.as_u128();
        let key = match seen.get(&view) {
            Some(key) => {
                hits += 1;
                *key
            }
            None => {
                let key = key_of(row);
                if seen.len() < CACHE_ENTRIES {
                    seen.insert(view, key);
                }
                key
            }
        };
        keys.push(key);
    }
    with_nulls_of(KeyArray::from_vec(keys), texts)
}

/// `keys` with the nulls of `texts`. (Generic because `validity` is a method of arrow's `Array`
/// trait, which polars' prelude reaches only as a bound of `StaticArray`.)
fn with_nulls_of<A: StaticArray>(keys: KeyArray, texts: &A) -> KeyArray {
    keys.with_validity(texts.validity().cloned())
}

/// Writes `text`'s words, lower-cased, with one space between them, into `normal`.
fn normalise(text: &str, normal: &mut Vec<u8>) {
    normal.clear();
    if text.is_ascii() {
        // The usual case, in one pass over the bytes: 8.4 M descriptions took 2.3 s word by
        // word, most of a period's input preparation.
        let mut space = false;
        for &b in text.as_bytes() {
            // `char::is_whitespace` on ASCII: `u8::is_ascii_whitespace` plus vertical tab.
            if b.is_ascii_whitespace() || b == 0x0b {
                space = !normal.is_empty();
            } else {
                if space {
                    normal.push(b' ');
                    space = false;
                }
                normal.push(b.to_ascii_lowercase());
            }
        }
    } else {
        for word in text.split_whitespace() {
            if !normal.is_empty() {
                normal.push(b' ');
            }
            normal.extend_from_slice(word.to_lowercase().as_bytes());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition, word by word, that the fast path must agree with.
    fn by_words(text: &str) -> Vec<u8> {
        text.split_whitespace()
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
            .join(" ")
            .into_bytes()
    }

    #[test]
    fn the_ascii_pass_agrees_with_splitting_into_words() {
        let texts = [
            "Menyusun Laporan  Bulanan",
            "  leading and trailing\t\n",
            "tabs\tand\x0bvertical\x0cfeeds\r\nhere",
            "",
            "   ",
            "ONE",
            "Rapat nomor 086/10/2026",
            "Non-ASCII: Évaluasi  Kinerja",
            "Kelvin \u{212A} sign lowers to k",
            "no-break\u{00A0}space is white space too",
        ];
        let mut normal = Vec::new();
        for text in texts {
            normalise(text, &mut normal);
            assert_eq!(normal, by_words(text), "{text:?}");
        }
    }

    fn uncached_key(text: &str) -> i64 {
        let mut normal = Vec::new();
        normalise(text, &mut normal);
        PlFixedStateQuality::default().hash_one(normal.as_slice()) as i64
    }

    /// Repeated views (a gather of a few texts, as a dictionary page decodes) and distinct texts
    /// (past the trial, where the cache is dropped) both get the key of their text.
    #[test]
    fn cached_keys_equal_the_keys_of_the_texts() {
        let distinct: Vec<String> = (0..50)
            .map(|i| format!("Menyusun Laporan  kegiatan nomor {i}"))
            .chain(["Rapat".to_string(), "RAPAT".to_string()])
            .collect();
        let base = StringChunked::from_iter_values("d".into(), distinct.iter().map(String::as_str));
        let rows = 3 * TRIAL_ROWS;
        let picks = IdxCa::from_vec("i".into(), (0..rows as IdxSize).map(|i| i % 52).collect());
        let repeated = base.take(&picks).unwrap();
        let unique: Vec<String> = (0..rows).map(|i| format!("Entri  {i} NOMOR {i}")).collect();
        let unique = StringChunked::from_iter_values("d".into(), unique.iter().map(String::as_str));
        for texts in [repeated, unique] {
            let keys = description_keys(&texts);
            for (text, key) in texts.iter().zip(keys.iter()) {
                assert_eq!(key, Some(uncached_key(text.unwrap())), "{text:?}");
            }
        }
    }

    #[test]
    fn case_and_spacing_do_not_change_the_key_but_words_do() {
        let keys = description_keys(&StringChunked::new(
            "d".into(),
            [
                Some("Menyusun laporan"),
                Some("  menyusun   LAPORAN "),
                Some("Menyusun laporan akhir"),
                None,
            ],
        ));
        let keys: Vec<Option<i64>> = keys.iter().collect();
        assert_eq!(keys[0], keys[1]);
        assert_ne!(keys[0], keys[2]);
        assert_eq!(keys[3], None);
    }

    #[test]
    fn an_employee_key_differs_by_employee_and_ignores_case_and_spacing() {
        let nips = Int64Chunked::new("nip".into(), [1i64, 1, 2, 1, 1, 2].map(Some));
        let texts = StringChunked::new(
            "d".into(),
            [
                Some("Menyusun laporan"),
                Some("  menyusun   LAPORAN "),
                Some("Menyusun laporan"),
                Some("Menyusun laporan akhir"),
                None,
                None,
            ],
        );
        let keys: Vec<Option<i64>> = employee_description_keys(&nips, &texts).iter().collect();
        assert!(keys.iter().all(Option::is_some), "every row has a key");
        assert_eq!(keys[0], keys[1], "same employee, same normalised text");
        assert_ne!(keys[0], keys[2], "another employee");
        assert_ne!(keys[0], keys[3], "another text");
        assert_ne!(keys[4], keys[5], "missing texts of two employees");
    }
}
