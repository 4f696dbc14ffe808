//! Parsing of single values as SPEC section 1 accepts them. Every parser returns either the typed
//! value or a reason a person can act on; the caller adds file, line and column.

use std::borrow::Cow;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};

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
}

/// Lower case, every run of non-alphanumerics turned into `_`, no `_` at either end.
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
    let mut out = String::with_capacity(raw.len());
    let mut pending_sep = false;
    for ch in raw.trim_start_matches('\u{feff}').chars() {
        if ch.is_alphanumeric() {
            if pending_sep && !out.is_empty() {
                out.push('_');
            }
            pending_sep = false;
            out.extend(ch.to_lowercase());
        } else {
            pending_sep = true;
        }
    }
    out
}

fn text_of(cell: &Cell) -> Option<String> {
    match cell {
        Cell::Text(s) => Some(s.trim().to_string()),
        Cell::Int(i) => Some(i.to_string()),
        _ => None,
    }
}

/// NIP: 18 digits (inner spaces removed); digits 1–8 a birth date, 9–14 a year-month, 15 the
/// gender (`1` or `2`).
pub fn parse_nip(cell: &Cell) -> Result<String, String> {
    if let Cell::Float(_) = cell {
        return Err(
            "NIP is stored as an Excel number, which keeps only 15 digits; format the \
                    column as Text and export again"
                .into(),
        );
    }
    match cell {
        Cell::Text(s) => parse_nip_text(s).map(Cow::into_owned),
        other => {
            let raw = text_of(other).ok_or("NIP must be text of 18 digits")?;
            parse_nip_text(&raw).map(Cow::into_owned)
        }
    }
}

/// `parse_nip` of a CSV field: borrowed when the field needs no cleaning (the usual case).
pub fn parse_nip_text(raw: &str) -> Result<Cow<'_, str>, String> {
    let raw = trim(raw);
    let nip: Cow<str> =
        if !raw.bytes().all(|b| b.is_ascii_digit()) && raw.contains(char::is_whitespace) {
            Cow::Owned(raw.chars().filter(|c| !c.is_whitespace()).collect())
        } else {
            Cow::Borrowed(raw)
        };
    if nip.len() != 18 || !nip.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "NIP must be exactly 18 digits, found {} characters",
            nip.len()
        ));
    }
    if birth_date(nip.as_bytes()).is_none() {
        return Err(format!(
            "NIP digits 1-8 ({}) are not a valid birth date",
            &nip[0..8]
        ));
    }
    let month: u32 = nip[12..14].parse().unwrap_or(0);
    let year: i32 = nip[8..12].parse().unwrap_or(0);
    if !(1..=12).contains(&month) || !(1900..=2100).contains(&year) {
        return Err(format!(
            "NIP digits 9-14 ({}) are not a valid year-month",
            &nip[8..14]
        ));
    }
    if !matches!(&nip[14..15], "1" | "2") {
        return Err(format!(
            "NIP digit 15 (gender) must be 1 or 2, found {}",
            &nip[14..15]
        ));
    }
    Ok(nip)
}

/// Digits 1-8 of a NIP (all digits, checked) as a date, as chrono's `%Y%m%d` reads them, without
/// its format interpreter: this runs for every NIP of every row.
fn birth_date(nip: &[u8]) -> Option<NaiveDate> {
    let num = |b: &[u8]| b.iter().fold(0u32, |acc, c| acc * 10 + (c - b'0') as u32);
    NaiveDate::from_ymd_opt(num(&nip[0..4]) as i32, num(&nip[4..6]), num(&nip[6..8]))
}

/// Days since 1899-12-30: the Excel serial date system (1900, with its leap-year quirk folded in).
fn excel_serial(days: f64) -> Option<NaiveDateTime> {
    if !(1.0..2_958_466.0).contains(&days) {
        return None;
    }
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?.and_hms_opt(0, 0, 0)?;
    let millis = (days * 86_400_000.0).round() as i64;
    base.checked_add_signed(Duration::milliseconds(millis))
}

/// `YYYY-MM-DD`, `DD/MM/YYYY` and `DD-MM-YYYY` read digit by digit: the common shapes, without
/// chrono's format interpreter (the hottest part of ingest). Anything else goes the slow way.
fn fast_date(s: &[u8]) -> Option<NaiveDate> {
    let num = |b: &[u8]| -> Option<u32> {
        b.iter().try_fold(0u32, |acc, c| {
            c.is_ascii_digit().then(|| acc * 10 + (c - b'0') as u32)
        })
    };
    if s.len() != 10 {
        return None;
    }
    let (y, m, d) = if s[4] == b'-' && s[7] == b'-' {
        (num(&s[0..4])?, num(&s[5..7])?, num(&s[8..10])?)
    } else if (s[2] == b'/' || s[2] == b'-') && s[5] == s[2] {
        (num(&s[6..10])?, num(&s[3..5])?, num(&s[0..2])?)
    } else {
        return None;
    };
    (1900..=2100)
        .contains(&y)
        .then(|| NaiveDate::from_ymd_opt(y as i32, m, d))
        .flatten()
}

fn parse_date_text(s: &str) -> Option<NaiveDate> {
    let s = trim(s);
    if let Some(d) = fast_date(s.as_bytes()) {
        return Some(d);
    }
    for fmt in ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, fmt) {
            // chrono accepts 1-digit years for %Y; real dates have four.
            if (1900..=2100).contains(&d.year()) {
                return Some(d);
            }
        }
    }
    None
}

const DATE_FORMS: &str = "YYYY-MM-DD, DD/MM/YYYY or DD-MM-YYYY";

pub fn parse_date(cell: &Cell) -> Result<NaiveDate, String> {
    match cell {
        Cell::DateTime(dt) => Ok(dt.date()),
        Cell::Float(f) => excel_serial(*f)
            .map(|d| d.date())
            .ok_or_else(|| format!("{f} is not an Excel date serial; use {DATE_FORMS}")),
        Cell::Int(i) => excel_serial(*i as f64)
            .map(|d| d.date())
            .ok_or_else(|| format!("{i} is not a date; use {DATE_FORMS}")),
        Cell::Text(s) => parse_date_str(s),
        _ => Err(format!("not a date; use {DATE_FORMS}")),
    }
}

/// `parse_date` of a text value.
pub fn parse_date_str(s: &str) -> Result<NaiveDate, String> {
    parse_date_text(s).ok_or_else(|| format!("`{}` is not a date; use {DATE_FORMS}", s.trim()))
}

fn parse_time_text(s: &str) -> Option<NaiveTime> {
    let s = trim(s);
    // `HH:MM` and `HH:MM:SS` digit by digit; other shapes go through chrono.
    let b = s.as_bytes();
    let two = |i: usize| -> Option<u32> {
        (b[i].is_ascii_digit() && b[i + 1].is_ascii_digit())
            .then(|| (b[i] - b'0') as u32 * 10 + (b[i + 1] - b'0') as u32)
    };
    if b.len() == 5 && b[2] == b':' {
        return NaiveTime::from_hms_opt(two(0)?, two(3)?, 0);
    }
    if b.len() == 8 && b[2] == b':' && b[5] == b':' {
        return NaiveTime::from_hms_opt(two(0)?, two(3)?, two(6)?);
    }
    NaiveTime::parse_from_str(s, "%H:%M:%S")
        .or_else(|_| NaiveTime::parse_from_str(s, "%H:%M"))
        .or_else(|_| NaiveTime::parse_from_str(s, "%H.%M"))
        .ok()
}

/// Splits `+07:00`, `+0700`, `+07` or `Z` off the end of a timestamp: (rest, offset minutes).
fn split_offset(s: &str) -> Result<(&str, Option<i32>), String> {
    if let Some(rest) = s.strip_suffix('Z') {
        return Ok((rest, Some(0)));
    }
    // An offset starts at the last '+' or '-' that follows the time part (after a ':').
    let Some(colon) = s.find(':') else {
        return Ok((s, None));
    };
    let Some(pos) = s[colon..].rfind(['+', '-']).map(|p| p + colon) else {
        return Ok((s, None));
    };
    let (rest, off) = s.split_at(pos);
    let sign = if off.starts_with('-') { -1 } else { 1 };
    let digits: String = off[1..].chars().filter(|c| *c != ':').collect();
    let (h, m) = match digits.len() {
        2 => (digits.parse::<i32>().ok(), Some(0)),
        4 => (
            digits[..2].parse::<i32>().ok(),
            digits[2..].parse::<i32>().ok(),
        ),
        _ => (None, None),
    };
    match (h, m) {
        (Some(h), Some(m)) if h <= 14 && m < 60 => Ok((rest, Some(sign * (h * 60 + m)))),
        _ => Err(format!("`{off}` is not a UTC offset; use +07:00")),
    }
}

const TIMESTAMP_FORMS: &str =
    "a date and HH:MM[:SS], e.g. 2026-10-01 16:00 or 2026-10-01T16:00:00+07:00";

/// A timestamp, returned as UTC. Without an offset the time is local (`ctx.utc_offset_min`).
pub fn parse_timestamp(cell: &Cell, ctx: &ParseContext) -> Result<NaiveDateTime, String> {
    let local = match cell {
        Cell::DateTime(dt) => *dt,
        Cell::Float(f) => excel_serial(*f).ok_or_else(|| {
            format!("{f} is not an Excel date-time serial; use {TIMESTAMP_FORMS}")
        })?,
        Cell::Text(s) => return parse_timestamp_text(s, ctx),
        _ => return Err(format!("not a timestamp; use {TIMESTAMP_FORMS}")),
    };
    Ok(local - Duration::minutes(ctx.utc_offset_min as i64))
}

/// `parse_timestamp` of a text value.
pub fn parse_timestamp_text(s: &str, ctx: &ParseContext) -> Result<NaiveDateTime, String> {
    let s = trim(s);
    let (rest, offset) = split_offset(s)?;
    let (date_part, time_part) = rest
        .split_once('T')
        .or_else(|| rest.split_once(' '))
        .ok_or_else(|| format!("`{s}` has no time; use {TIMESTAMP_FORMS}"))?;
    let date = parse_date_text(date_part)
        .ok_or_else(|| format!("`{s}` is not a timestamp; use {TIMESTAMP_FORMS}"))?;
    let time = parse_time_text(trim(time_part))
        .ok_or_else(|| format!("`{s}` has no valid time; use {TIMESTAMP_FORMS}"))?;
    let naive = date.and_time(time);
    let offset = offset.unwrap_or(ctx.utc_offset_min);
    Ok(naive - Duration::minutes(offset as i64))
}

/// A time of day as minutes after midnight.
pub fn parse_time_of_day(cell: &Cell) -> Result<i32, String> {
    let time = match cell {
        Cell::DateTime(dt) => dt.time(),
        // Excel keeps a time as a fraction of a day.
        Cell::Float(f) if (0.0..1.0).contains(f) => {
            let secs = (f * 86_400.0).round() as u32;
            NaiveTime::from_num_seconds_from_midnight_opt(secs, 0).ok_or("not a time of day")?
        }
        Cell::Text(s) => return parse_time_of_day_text(s),
        _ => return Err("not a time; use HH:MM".into()),
    };
    Ok((time.num_seconds_from_midnight_compat() / 60) as i32)
}

/// `parse_time_of_day` of a text value.
pub fn parse_time_of_day_text(s: &str) -> Result<i32, String> {
    let time =
        parse_time_text(s).ok_or_else(|| format!("`{}` is not a time; use HH:MM", s.trim()))?;
    Ok((time.num_seconds_from_midnight_compat() / 60) as i32)
}

trait SecondsFromMidnight {
    fn num_seconds_from_midnight_compat(&self) -> u32;
}
impl SecondsFromMidnight for NaiveTime {
    fn num_seconds_from_midnight_compat(&self) -> u32 {
        use chrono::Timelike;
        self.num_seconds_from_midnight()
    }
}

/// A period `YYYY-MM` (also accepts a date, and `MM/YYYY`), returned as `YYYY-MM`.
pub fn parse_period(cell: &Cell) -> Result<String, String> {
    let text = match cell {
        Cell::DateTime(dt) => return Ok(dt.format("%Y-%m").to_string()),
        other => text_of(other).ok_or("a period must be YYYY-MM")?,
    };
    parse_period_text(&text)
}

/// `parse_period` of a text value.
pub fn parse_period_text(text: &str) -> Result<String, String> {
    let text = text.trim();
    let ok = |y: i32, m: u32| (1900..=2100).contains(&y) && (1..=12).contains(&m);
    if let Some((y, m)) = text
        .split_once('-')
        .filter(|(y, m)| y.len() == 4 && m.len() == 2)
    {
        if let (Ok(y), Ok(m)) = (y.parse(), m.parse()) {
            if ok(y, m) {
                return Ok(format!("{y:04}-{m:02}"));
            }
        }
    }
    if let Some((m, y)) = text
        .split_once('/')
        .filter(|(m, y)| y.len() == 4 && m.len() <= 2)
    {
        if let (Ok(y), Ok(m)) = (y.parse(), m.parse()) {
            if ok(y, m) {
                return Ok(format!("{y:04}-{m:02}"));
            }
        }
    }
    Err(format!("`{text}` is not a period; use YYYY-MM"))
}

/// A decimal number: `1.5`, or `1,5` in a `;`-delimited file (where `.` groups thousands).
pub fn parse_decimal(cell: &Cell, ctx: &ParseContext) -> Result<f64, String> {
    let value = match cell {
        Cell::Int(i) => *i as f64,
        Cell::Float(f) => *f,
        Cell::Text(s) => return parse_decimal_text(s, ctx),
        _ => return Err("not a number".into()),
    };
    finite(value)
}

fn finite(value: f64) -> Result<f64, String> {
    if !value.is_finite() {
        return Err("not a finite number".into());
    }
    Ok(value)
}

/// `parse_decimal` of a text value.
pub fn parse_decimal_text(s: &str, ctx: &ParseContext) -> Result<f64, String> {
    let s = trim(s);
    // Plain digits are read as they are: exact in an f64 up to 15 digits, as `parse` would give.
    if (1..=15).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(s.bytes().fold(0u64, |n, b| n * 10 + (b - b'0') as u64) as f64);
    }
    // Only a field with separators needs rewriting (and allocating).
    let cleaned = if ctx.decimal_comma && s.contains(['.', ',']) {
        Cow::Owned(s.replace('.', "").replace(',', "."))
    } else {
        Cow::Borrowed(s)
    };
    let value = cleaned.parse::<f64>().map_err(|_| {
        let sep = if ctx.decimal_comma { "1,5" } else { "1.5" };
        format!("`{s}` is not a number; write it like {sep}")
    })?;
    finite(value)
}

/// A whole number (counts, minutes, classes).
pub fn parse_int(cell: &Cell, ctx: &ParseContext) -> Result<i64, String> {
    whole(parse_decimal(cell, ctx)?)
}

/// `parse_int` of a text value.
pub fn parse_int_text(s: &str, ctx: &ParseContext) -> Result<i64, String> {
    whole(parse_decimal_text(s, ctx)?)
}

fn whole(value: f64) -> Result<i64, String> {
    if value.fract() != 0.0 || value.abs() > 9.0e15 {
        return Err(format!("{value} is not a whole number"));
    }
    Ok(value as i64)
}

/// Whole rupiah: `5000000`, `5,000,000`, or `5.000.000` in a `;` file. Never a fraction.
pub fn parse_money(cell: &Cell, ctx: &ParseContext) -> Result<i64, String> {
    let value = match cell {
        Cell::Int(i) => *i,
        Cell::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => *f as i64,
        Cell::Text(s) => return parse_money_text(s, ctx),
        other => return Err(format!("`{}` is not whole rupiah", other.display())),
    };
    not_negative(value)
}

/// `parse_money` of a text value.
pub fn parse_money_text(s: &str, ctx: &ParseContext) -> Result<i64, String> {
    let s = s.trim().trim_start_matches("Rp").trim();
    let grouping = if ctx.decimal_comma { '.' } else { ',' };
    let digits: String = s.chars().filter(|c| *c != grouping && *c != ' ').collect();
    let value = digits
        .parse::<i64>()
        .map_err(|_| format!("`{s}` is not whole rupiah; write digits only, e.g. 5000000"))?;
    not_negative(value)
}

fn not_negative(value: i64) -> Result<i64, String> {
    if value < 0 {
        return Err(format!("{value} is negative; an allowance base cannot be"));
    }
    Ok(value)
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
    match normalize_token(s).as_str() {
        "1" | "true" | "ya" | "y" | "yes" | "benar" => Ok(true),
        "0" | "false" | "tidak" | "t" | "n" | "no" | "salah" => Ok(false),
        _ => Err(format!("`{}` is not yes/no; use 1 or 0", s.trim())),
    }
}

/// Plain text, trimmed; numbers from JSON/XLSX are accepted as their decimal text.
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

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Cell {
        Cell::Text(s.into())
    }
    const WIB: ParseContext = ParseContext {
        decimal_comma: false,
        utc_offset_min: 420,
    };

    #[test]
    fn nip_accepts_spaces_and_checks_structure() {
        assert_eq!(
            parse_nip(&t("19860926 201505 1 001")).unwrap(),
            "198609262015051001"
        );
        assert!(parse_nip(&t("19861326201505100")).is_err(), "17 digits");
        assert!(
            parse_nip(&t("198613262015051001"))
                .unwrap_err()
                .contains("birth date")
        );
        assert!(
            parse_nip(&t("198609262015131001"))
                .unwrap_err()
                .contains("year-month")
        );
        assert!(
            parse_nip(&t("198609262015053001"))
                .unwrap_err()
                .contains("gender")
        );
        assert!(
            parse_nip(&Cell::Float(1.986e17))
                .unwrap_err()
                .contains("Text")
        );
    }

    #[test]
    fn dates_in_all_accepted_forms() {
        let d = NaiveDate::from_ymd_opt(2026, 10, 5).unwrap();
        for form in ["2026-10-05", "05/10/2026", "05-10-2026"] {
            assert_eq!(parse_date(&t(form)).unwrap(), d, "{form}");
        }
        assert_eq!(parse_date(&Cell::Float(46300.0)).unwrap(), d);
        assert!(parse_date(&t("2026-13-01")).is_err());
    }

    #[test]
    fn the_fast_path_agrees_with_chrono() {
        for text in [
            "2026-10-05",
            "05/10/2026",
            "05-10-2026",
            "2026-02-29",
            "31/04/2026",
            "2026-13-01",
            "1899-12-31",
            "5/10/2026",
        ] {
            let slow = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]
                .iter()
                .find_map(|f| NaiveDate::parse_from_str(text, f).ok())
                .filter(|d| (1900..=2100).contains(&d.year()));
            assert_eq!(parse_date_text(text), slow, "{text}");
        }
        for text in ["08:00", "23:59:59", "24:00", "8:00", "08.30"] {
            let slow = NaiveTime::parse_from_str(text, "%H:%M:%S")
                .or_else(|_| NaiveTime::parse_from_str(text, "%H:%M"))
                .or_else(|_| NaiveTime::parse_from_str(text, "%H.%M"))
                .ok();
            assert_eq!(parse_time_text(text), slow, "{text}");
        }
    }

    #[test]
    fn timestamps_without_offset_are_local_time() {
        let utc = parse_timestamp(&t("2026-10-01 16:00"), &WIB).unwrap();
        assert_eq!(utc.to_string(), "2026-10-01 09:00:00");
        let utc = parse_timestamp(&t("2026-10-01T16:00:00+08:00"), &WIB).unwrap();
        assert_eq!(utc.to_string(), "2026-10-01 08:00:00");
        let utc = parse_timestamp(&t("01/10/2026 16:00:30Z"), &WIB).unwrap();
        assert_eq!(utc.to_string(), "2026-10-01 16:00:30");
        assert!(parse_timestamp(&t("2026-10-01"), &WIB).is_err());
    }

    #[test]
    fn numbers_follow_the_files_decimal_separator() {
        let semi = ParseContext {
            decimal_comma: true,
            utc_offset_min: 420,
        };
        assert_eq!(parse_decimal(&t("1,5"), &semi).unwrap(), 1.5);
        assert_eq!(parse_decimal(&t("1.5"), &WIB).unwrap(), 1.5);
        assert_eq!(parse_money(&t("5.000.000"), &semi).unwrap(), 5_000_000);
        assert_eq!(parse_money(&t("5000000"), &WIB).unwrap(), 5_000_000);
        assert!(parse_money(&t("5000000.5"), &WIB).is_err());
        assert!(parse_int(&t("2.5"), &WIB).is_err());
    }

    #[test]
    fn nip_birth_dates_agree_with_chrono() {
        let mut x: u64 = 88172645463325252;
        for _ in 0..20_000 {
            // xorshift: varied 8-digit strings, many of them near-valid dates.
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let digits = format!(
                "{:04}{:02}{:02}",
                1890 + x % 230,
                (x >> 20) % 14,
                (x >> 30) % 33
            );
            let chrono = NaiveDate::parse_from_str(&digits, "%Y%m%d").ok();
            assert_eq!(birth_date(digits.as_bytes()), chrono, "{digits}");
        }
        for digits in ["00000101", "99991231", "20240229", "20230229", "00000000"] {
            let chrono = NaiveDate::parse_from_str(digits, "%Y%m%d").ok();
            assert_eq!(birth_date(digits.as_bytes()), chrono, "{digits}");
        }
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
    }
}
