//! The key by which duplicate descriptions are recognised (SPEC section 7): the text with its
//! words lower-cased and one space between them, hashed to 64 bits. Only equality matters, and
//! the text itself would be the largest column of a period.

use std::hash::BuildHasher;

use polars::prelude::*;

/// Each description's key; a null stays null.
pub fn description_keys(descriptions: &StringChunked) -> Int64Chunked {
    // Hashed with foldhash, several times faster than SipHash on short texts; the normalised
    // text is built in one reused buffer.
    let hasher = PlFixedStateQuality::default();
    let mut normal = Vec::new();
    descriptions
        .iter()
        .map(|d| {
            d.map(|text| {
                normalise(text, &mut normal);
                hasher.hash_one(normal.as_slice()) as i64
            })
        })
        .collect::<Int64Chunked>()
        .with_name("description_key".into())
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
}
