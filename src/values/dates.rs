//! Dates, times of day, timestamps and periods, as text in the accepted forms or as Excel serials.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};

use super::{Cell, ParseContext, text_of, trim};

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
    let in_range = |d: NaiveDate| (1900..=2100).contains(&d.year()).then_some(d);
    for fmt in ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%Y/%m/%d"] {
        // chrono accepts 1-digit years for %Y; real dates have four.
        if let Some(d) = NaiveDate::parse_from_str(s, fmt).ok().and_then(in_range) {
            return Some(d);
        }
    }
    // `5 Oktober 2026`, `05 Okt 2026`: Indonesian month names read as chrono reads English ones.
    let english = english_month_names(s);
    for fmt in ["%d %B %Y", "%d-%B-%Y"] {
        if let Some(d) = NaiveDate::parse_from_str(&english, fmt)
            .ok()
            .and_then(in_range)
        {
            return Some(d);
        }
    }
    // A timestamp at midnight where a date is expected (`2026-10-05 00:00:00`), as databases
    // export a DATE column.
    let (date, time) = s.split_once(' ').or_else(|| s.split_once('T'))?;
    let midnight = NaiveTime::from_hms_opt(0, 0, 0)?;
    (parse_time_text(time.trim_end_matches('Z')) == Some(midnight))
        .then(|| parse_date_text(date))
        .flatten()
}

/// Indonesian month names and their abbreviations (`Oktober`, `Okt`, `Agu`, `Des`) turned into
/// the English ones chrono's `%B` reads; other words are left as they are.
fn english_month_names(s: &str) -> String {
    const NAMES: [(&str, &str); 14] = [
        ("januari", "January"),
        ("februari", "February"),
        ("maret", "March"),
        ("mei", "May"),
        ("juni", "June"),
        ("juli", "July"),
        ("agustus", "August"),
        ("agu", "August"),
        ("ags", "August"),
        ("oktober", "October"),
        ("okt", "October"),
        ("nop", "November"),
        ("desember", "December"),
        ("des", "December"),
    ];
    s.split(' ')
        .map(|word| {
            let lower = word.to_lowercase();
            NAMES
                .iter()
                .find(|(id, _)| *id == lower)
                .map(|(_, en)| en.to_string())
                .unwrap_or_else(|| word.to_string())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

const DATE_FORMS: &str = "YYYY-MM-DD, DD/MM/YYYY, DD-MM-YYYY, YYYY/MM/DD or 5 Oktober 2026";

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
        // Fractional seconds, as Laravel and JavaScript write them (`02:31:40.000000`).
        .or_else(|_| NaiveTime::parse_from_str(s, "%H:%M:%S%.f"))
        .ok()
}

/// Indonesia's zone words and their offsets from UTC in minutes.
const ZONE_WORDS: [(&str, i32); 3] = [("WIB", 420), ("WITA", 480), ("WIT", 540)];

/// Splits a trailing zone word (`08:00 WIB`) off: (rest, offset minutes).
fn split_zone_word(s: &str) -> Option<(&str, i32)> {
    let (rest, word) = s.rsplit_once(' ')?;
    ZONE_WORDS
        .iter()
        .find(|(w, _)| w.eq_ignore_ascii_case(word))
        .map(|(_, offset)| (rest.trim_end(), *offset))
}

/// Splits `+07:00`, `+0700`, `+07`, `Z` or a zone word (`WIB`, `WITA`, `WIT`) off the end of a
/// timestamp: (rest, offset minutes).
fn split_offset(s: &str) -> Result<(&str, Option<i32>), String> {
    if let Some((rest, offset)) = split_zone_word(s) {
        return Ok((rest, Some(offset)));
    }
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
    let minutes =
        parse_utc_offset(off).map_err(|_| format!("`{off}` is not a UTC offset; use +07:00"))?;
    Ok((rest, Some(minutes)))
}

/// A UTC offset, `+07:00`, `+0700` or `+07` (`Z` is 0), as minutes east of UTC, read by chrono's
/// `%#z`; at most 14 hours either way.
pub fn parse_utc_offset(text: &str) -> Result<i32, String> {
    if text == "Z" {
        return Ok(0);
    }
    let mut parsed = chrono::format::Parsed::new();
    chrono::format::parse(&mut parsed, text, chrono::format::StrftimeItems::new("%#z"))
        .map_err(|e| format!("`{text}` is not a UTC offset ({e})"))?;
    let seconds = parsed.offset().unwrap_or_default();
    if seconds.abs() > 14 * 3600 {
        return Err(format!("`{text}` is more than 14 hours from UTC"));
    }
    Ok(seconds / 60)
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
    // A time of day is the wall clock where the work was done: a zone word beside it is dropped.
    let clock = split_zone_word(trim(s)).map(|(rest, _)| rest).unwrap_or(s);
    let time =
        parse_time_text(clock).ok_or_else(|| format!("`{}` is not a time; use HH:MM", s.trim()))?;
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
        && let (Ok(y), Ok(m)) = (y.parse(), m.parse())
        && ok(y, m)
    {
        return Ok(format!("{y:04}-{m:02}"));
    }
    // `10/2026` and `10-2026`.
    if let Some((m, y)) = text
        .split_once(['/', '-'])
        .filter(|(m, y)| y.len() == 4 && m.len() <= 2)
        && let (Ok(y), Ok(m)) = (y.parse(), m.parse())
        && ok(y, m)
    {
        return Ok(format!("{y:04}-{m:02}"));
    }
    // `Oktober 2026`, `Okt 2026`, `October 2026`.
    if let Ok(d) =
        NaiveDate::parse_from_str(&format!("1 {}", english_month_names(text)), "%d %B %Y")
        && ok(d.year(), d.month())
    {
        return Ok(d.format("%Y-%m").to_string());
    }
    Err(format!("`{text}` is not a period; use YYYY-MM"))
}

/// A period from a month (`10`, `Oktober`, `Okt`) and a year (`2026`) in columns of their own
/// (`bulan`, `tahun`), as `YYYY-MM`.
pub fn parse_month_and_year(month: &str, year: &str) -> Result<String, String> {
    let (month, year) = (month.trim(), year.trim());
    let bad = || format!("month `{month}` and year `{year}` are not a period; use 1-12 and YYYY");
    let y: i32 = year
        .parse()
        .ok()
        .filter(|y| (1900..=2100).contains(y))
        .ok_or_else(bad)?;
    let date = match month.parse::<u32>() {
        Ok(m) => NaiveDate::from_ymd_opt(y, m, 1),
        Err(_) => {
            NaiveDate::parse_from_str(&format!("1 {} {y}", english_month_names(month)), "%d %B %Y")
                .ok()
        }
    };
    date.map(|d| d.format("%Y-%m").to_string()).ok_or_else(bad)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::test_cells::{WIB, t};

    #[test]
    fn dates_in_all_accepted_forms() {
        let d = NaiveDate::from_ymd_opt(2026, 10, 5).unwrap();
        for form in ["2026-10-05", "05/10/2026", "05-10-2026"] {
            assert_eq!(parse_date(&t(form)).unwrap(), d, "{form}");
        }
        assert_eq!(parse_date(&Cell::Float(46300.0)).unwrap(), d);
        assert!(parse_date(&t("2026-13-01")).is_err());
        // Real exports (SPEC section 1): slashes year first, month names in Indonesian or
        // English, and a DATE column exported as a timestamp at midnight.
        for form in [
            "2026/10/05",
            "5 Oktober 2026",
            "05 Okt 2026",
            "5 October 2026",
            "05 Oct 2026",
            "2026-10-05 00:00:00",
            "2026-10-05T00:00:00.000000Z",
        ] {
            assert_eq!(parse_date(&t(form)).unwrap(), d, "{form}");
        }
        assert_eq!(
            parse_date(&t("17 Agustus 2026")).unwrap(),
            NaiveDate::from_ymd_opt(2026, 8, 17).unwrap()
        );
        assert_eq!(
            parse_date(&t("1 Mei 2026")).unwrap(),
            NaiveDate::from_ymd_opt(2026, 5, 1).unwrap()
        );
        // A time that is not midnight is not a date.
        assert!(parse_date(&t("2026-10-05 08:30:00")).is_err());
        assert!(parse_date(&t("5 Oktobr 2026")).is_err());
    }

    #[test]
    fn a_month_and_a_year_in_two_columns_are_a_period() {
        assert_eq!(parse_month_and_year("10", "2026").unwrap(), "2026-10");
        assert_eq!(parse_month_and_year("Oktober", "2026").unwrap(), "2026-10");
        assert_eq!(parse_month_and_year("3", " 2026 ").unwrap(), "2026-03");
        assert!(parse_month_and_year("13", "2026").is_err());
        assert!(parse_month_and_year("10", "26").is_err());
    }

    #[test]
    fn periods_in_every_form_real_exports_write() {
        for form in [
            "2026-10",
            "10/2026",
            "10-2026",
            "Oktober 2026",
            "Okt 2026",
            "October 2026",
        ] {
            assert_eq!(parse_period(&t(form)).unwrap(), "2026-10", "{form}");
        }
        assert_eq!(parse_period(&t("Mei 2026")).unwrap(), "2026-05");
        assert!(parse_period(&t("13-2026")).is_err());
        assert!(parse_period(&t("Oktobr 2026")).is_err());
    }

    #[test]
    fn times_with_zone_words_and_timestamps_with_fractions() {
        assert_eq!(parse_time_of_day(&t("08.00")).unwrap(), 480);
        assert_eq!(parse_time_of_day(&t("08:00 WIB")).unwrap(), 480);
        assert_eq!(parse_time_of_day(&t("08:00 WITA")).unwrap(), 480);
        let at = |h, m, s| {
            NaiveDate::from_ymd_opt(2026, 10, 5)
                .unwrap()
                .and_hms_opt(h, m, s)
                .unwrap()
        };
        // Laravel's `…T02:31:40.000000Z` is UTC.
        assert_eq!(
            parse_timestamp(&t("2026-10-05T02:31:40.000000Z"), &WIB).unwrap(),
            at(2, 31, 40)
        );
        // 09:00 WITA is 01:00 UTC; 09:00 WIT is 00:00 UTC; 09:00 WIB is 02:00 UTC.
        assert_eq!(
            parse_timestamp(&t("2026-10-05 09:00 WITA"), &WIB).unwrap(),
            at(1, 0, 0)
        );
        assert_eq!(
            parse_timestamp(&t("2026-10-05 09:00 WIT"), &WIB).unwrap(),
            at(0, 0, 0)
        );
        assert_eq!(
            parse_timestamp(&t("2026-10-05 09:00 WIB"), &WIB).unwrap(),
            at(2, 0, 0)
        );
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
}
