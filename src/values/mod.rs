//! Parsing of single values as SPEC section 1 accepts them. Every parser returns either the typed
//! value or a reason a person can act on; the caller adds file, line and column. Each parser
//! takes a typed cell (JSON, XLSX) and, as `…_text`, a CSV field's text; the cell form hands
//! text to the text form, so both accept the same.

mod dates;
mod nip;
mod numbers;
mod rank;

use std::borrow::Cow;

use chrono::NaiveDateTime;

pub use dates::*;
pub use nip::*;
pub use numbers::*;
pub use rank::*;

/// One cell as a source format delivers it: CSV only ever gives text, JSON and XLSX give types.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    DateTime(NaiveDateTime),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => trim(s).is_empty(),
            _ => false,
        }
    }

    /// The value as it appeared, for reject records.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Int(i) => i.to_string(),
            Cell::Float(f) => f.to_string(),
            Cell::Bool(b) => b.to_string(),
            Cell::DateTime(d) => d.format("%Y-%m-%d %H:%M:%S").to_string(),
        }
    }
}

/// `str::trim`, answering at once for text that starts and ends with a visible ASCII
/// character (almost every field); only other text takes the Unicode-aware path.
pub fn trim(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(a), Some(b)) if a.is_ascii_graphic() && b.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

/// How numbers and local times are read in one file.
#[derive(Debug, Clone, Copy)]
pub struct ParseContext {
    /// `;`-delimited CSV: `,` is the decimal separator and `.` groups thousands.
    pub decimal_comma: bool,
    /// Offset of local time from UTC, in minutes (WIB = +420).
    pub utc_offset_min: i32,
    /// Spellings the rules file adds to the vocabularies.
    pub extensions: Option<&'static crate::extensions::Extensions>,
}

/// Lower case, every run of non-alphanumerics turned into `_`, no `_` at either end, and a `_`
/// where camelCase starts a word (`nipBaru` → `nip_baru`, as APIs name fields).
/// Used for header names and vocabulary words alike.
pub fn normalize_token(raw: &str) -> String {
    normalized(raw).into_owned()
}

/// `normalize_token`, borrowing `raw` when it is already a token (the usual vocabulary word).
pub fn normalized(raw: &str) -> Cow<'_, str> {
    if !raw.is_empty()
        && raw
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        return Cow::Borrowed(raw);
    }
    Cow::Owned(normalize_slow(raw))
}

fn normalize_slow(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() + 4);
    let mut pending_sep = false;
    let mut after_lower = false;
    for ch in raw.trim_start_matches('\u{feff}').chars() {
        if ch.is_alphanumeric() {
            if (pending_sep || (after_lower && ch.is_uppercase())) && !out.is_empty() {
                out.push('_');
            }
            pending_sep = false;
            after_lower = ch.is_lowercase() || ch.is_numeric();
            out.extend(ch.to_lowercase());
        } else {
            pending_sep = true;
            after_lower = false;
        }
    }
    out
}

pub(crate) fn text_of(cell: &Cell) -> Option<String> {
    match cell {
        Cell::Text(s) => Some(s.trim().to_string()),
        Cell::Int(i) => Some(i.to_string()),
        _ => None,
    }
}

/// Yes/no: 1/0, true/false, ya/tidak, y/n.
pub fn parse_bool(cell: &Cell) -> Result<bool, String> {
    match cell {
        Cell::Bool(b) => Ok(*b),
        Cell::Int(i) if *i == 0 || *i == 1 => Ok(*i == 1),
        Cell::Float(f) if *f == 0.0 || *f == 1.0 => Ok(*f == 1.0),
        Cell::Text(s) => parse_bool_text(s),
        other => Err(format!("`{}` is not yes/no; use 1 or 0", other.display())),
    }
}

/// `parse_bool` of a text value.
pub fn parse_bool_text(s: &str) -> Result<bool, String> {
    match normalized(s).as_ref() {
        "1" | "true" | "ya" | "y" | "yes" | "benar" => Ok(true),
        "0" | "false" | "tidak" | "t" | "n" | "no" | "salah" => Ok(false),
        _ => Err(format!("`{}` is not yes/no; use 1 or 0", s.trim())),
    }
}

/// Plain text, trimmed; numbers from JSON/XLSX are accepted as their decimal text.
/// Runs every text parser on `s` (with `.` and with `,` decimals): for the tests and fuzzing
/// that prove none of them panics. Returns how many accepted it.
#[doc(hidden)]
pub fn every_text_parser(s: &str) -> usize {
    let ctx = ParseContext {
        extensions: None,
        decimal_comma: false,
        utc_offset_min: 420,
    };
    let comma = ParseContext {
        decimal_comma: true,
        ..ctx
    };
    [
        parse_date_str(s).is_ok(),
        parse_utc_offset(s).is_ok(),
        parse_timestamp_text(s, &ctx).is_ok(),
        parse_time_of_day_text(s).is_ok(),
        parse_period_text(s).is_ok(),
        parse_month_and_year(s, s).is_ok(),
        parse_nip_text(s).is_ok(),
        parse_millionths_text(s, &ctx).is_ok(),
        parse_millionths_text(s, &comma).is_ok(),
        parse_int_text(s, &comma).is_ok(),
        parse_money_text(s, &ctx).is_ok(),
        parse_money_text(s, &comma).is_ok(),
        parse_bool_text(s).is_ok(),
        parse_rank(s, Some("PNS")).is_ok(),
        parse_rank(s, Some("PPPK")).is_ok(),
        parse_rank(s, None).is_ok(),
        !normalize_token(s).is_empty(),
    ]
    .into_iter()
    .filter(|ok| *ok)
    .count()
}

/// The most characters an Excel cell holds: a longer text is a reject (SPEC section 1), so every
/// stored text fits every output format.
pub const MAX_TEXT_CHARS: usize = 32_767;

/// `text` when it fits an Excel cell; counting characters only for text long enough to matter.
pub fn fits_a_cell(text: &str) -> Result<&str, String> {
    if text.len() <= MAX_TEXT_CHARS {
        return Ok(text);
    }
    match text.chars().count() {
        n if n > MAX_TEXT_CHARS => Err(format!(
            "text of {n} characters is longer than a spreadsheet cell holds ({MAX_TEXT_CHARS}); \
             shorten it in the export"
        )),
        _ => Ok(text),
    }
}

pub fn parse_text(cell: &Cell) -> Result<String, String> {
    match cell {
        Cell::Text(s) => Ok(s.trim().to_string()),
        Cell::Int(i) => Ok(i.to_string()),
        Cell::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Ok((*f as i64).to_string()),
        Cell::Float(f) => Ok(f.to_string()),
        Cell::Bool(b) => Ok(b.to_string()),
        Cell::DateTime(d) => Ok(d.format("%Y-%m-%d %H:%M:%S").to_string()),
        Cell::Empty => Ok(String::new()),
    }
}

/// Cells and contexts the parsers' tests share.
#[cfg(test)]
pub(crate) mod test_cells {
    use super::{Cell, ParseContext};

    pub fn t(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    pub const WIB: ParseContext = ParseContext {
        extensions: None,
        decimal_comma: false,
        utc_offset_min: 420,
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every text parser on text with a multibyte character at every position of shapes it
    /// reads: a reason, never a panic (issue 19: a byte slice inside a `char`).
    #[test]
    fn no_parser_panics_on_multibyte_text_anywhere() {
        let shapes = [
            "2026-10-05T08:00:00+07:00",
            "2026-10-05 08:00 WIB",
            "05/10/2026",
            "5 Oktober 2026",
            "NIP. 198609262015051001",
            "'198609262015051001",
            "1.234.567,00",
            "Rp 5.000.000",
            "12 Dokumen",
            "08.00",
            "Oktober 2026",
            "10-2026",
            "III/b",
            "+07:00",
        ];
        for shape in shapes {
            for at in 0..=shape.len() {
                if !shape.is_char_boundary(at) {
                    continue;
                }
                for odd in ["é", "\u{3000}", "🙂", "\u{200b}"] {
                    every_text_parser(&format!("{}{odd}{}", &shape[..at], &shape[at..]));
                }
            }
        }
    }

    #[test]
    fn a_text_fits_a_cell_up_to_32767_characters() {
        let most = "é".repeat(MAX_TEXT_CHARS);
        assert!(
            fits_a_cell(&most).is_ok(),
            "65,534 bytes but 32,767 characters"
        );
        let over = "a".repeat(MAX_TEXT_CHARS + 1);
        assert!(fits_a_cell(&over).unwrap_err().contains("32768 characters"));
    }

    #[test]
    fn tokens_already_normal_are_borrowed_and_equal() {
        for raw in [
            "disetujui",
            "Disetujui",
            "di setujui",
            "a1",
            "_x_",
            "ditolak ",
        ] {
            assert_eq!(normalized(raw), normalize_slow(raw), "{raw}");
        }
        assert!(matches!(normalized("disetujui"), Cow::Borrowed(_)));
    }

    #[test]
    fn trim_agrees_with_the_standard_library() {
        for s in [
            "",
            " ",
            "a",
            " a ",
            "\u{a0}x\u{a0}",
            "x\t",
            "\u{3000}",
            "ab",
            "é",
            " é",
        ] {
            assert_eq!(trim(s), s.trim(), "{s:?}");
        }
    }

    #[test]
    fn headers_normalise() {
        assert_eq!(
            normalize_token("\u{feff}Uraian Kegiatan "),
            "uraian_kegiatan"
        );
        assert_eq!(normalize_token("NIP (Pegawai)"), "nip_pegawai");
        assert_eq!(normalize_token("Durasi-Menit"), "durasi_menit");
        // camelCase, as APIs name fields (SIASN `nipBaru`, `golRuangAkhir`, `unorId`).
        assert_eq!(normalize_token("nipBaru"), "nip_baru");
        assert_eq!(normalize_token("golRuangAkhir"), "gol_ruang_akhir");
        assert_eq!(normalize_token("unorId"), "unor_id");
        assert_eq!(normalize_token("NIP"), "nip");
        assert_eq!(normalize_token("Tugas Luar"), "tugas_luar");
    }
}
