//! NIP, the civil servant's 18-digit identity number.

use std::borrow::Cow;

use chrono::{Datelike, NaiveDate};

use super::{Cell, text_of, trim};

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
    let nip: Cow<str> = if raw.bytes().all(|b| b.is_ascii_digit()) {
        Cow::Borrowed(raw)
    } else {
        Cow::Owned(cleaned(raw))
    };
    if nip.len() != 18 || !nip.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "NIP must be exactly 18 digits, found {} characters",
            nip.len()
        ));
    }
    let Some(born) = birth_date(nip.as_bytes()) else {
        return Err(format!(
            "NIP digits 1-8 ({}) are not a valid birth date",
            &nip[0..8]
        ));
    };
    let year: i32 = nip[8..12].parse().unwrap_or(0);
    if year < born.year() + 15 || year > 2100 {
        return Err(format!(
            "NIP digits 9-12 ({year}) are not a year of appointment at least 15 years after the \
             birth date {}",
            &nip[0..8]
        ));
    }
    // A PNS's TMT CPNS month, or the appointment code of a Nomor Induk PPPK.
    let code: u32 = nip[12..14].parse().unwrap_or(0);
    if !(1..=12).contains(&code) && !(21..=29).contains(&code) {
        return Err(format!(
            "NIP digits 13-14 ({}) are neither a month 01-12 (PNS) nor a PPPK code 21-29",
            &nip[12..14]
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

/// A NIP as exports write it around the digits: a leading apostrophe (a spreadsheet's text
/// mark), a `NIP`, `NIP.` or `NI` label, and spaces between the groups.
fn cleaned(raw: &str) -> String {
    let mut rest = raw.trim_start_matches('\'').trim_start();
    for label in ["NIP.", "NIP:", "NIP", "NI PPPK", "NI"] {
        // `get`: the text may hold a multibyte character where the label would end.
        if let Some(head) = rest.get(..label.len())
            && head.eq_ignore_ascii_case(label)
        {
            rest = &rest[label.len()..];
            break;
        }
    }
    rest.trim_start_matches(['.', ':'])
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Digits 1-8 of a NIP (all digits, checked) as a date, as chrono's `%Y%m%d` reads them, without
/// its format interpreter: this runs for every NIP of every row.
fn birth_date(nip: &[u8]) -> Option<NaiveDate> {
    let num = |b: &[u8]| b.iter().fold(0u32, |acc, c| acc * 10 + (c - b'0') as u32);
    NaiveDate::from_ymd_opt(num(&nip[0..4]) as i32, num(&nip[4..6]), num(&nip[6..8]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::test_cells::t;

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
                .contains("digits 13-14")
        );
        // Appointed at 14: not a NIP.
        assert!(
            parse_nip(&t("198609262000051001"))
                .unwrap_err()
                .contains("at least 15 years")
        );
        // A Nomor Induk PPPK: appointment code 24, not a month.
        assert_eq!(
            parse_nip(&t("19900913 2025 24 2 014")).unwrap(),
            "199009132025242014"
        );
        assert!(parse_nip(&t("199009132025302014")).is_err(), "code 30");
        assert!(parse_nip(&t("199009132025202014")).is_err(), "code 20");
        for labelled in [
            "NIP. 198609262015051001",
            "NIP 19860926 201505 1 001",
            "'198609262015051001",
            "nip.198609262015051001",
        ] {
            assert_eq!(
                parse_nip(&t(labelled)).unwrap(),
                "198609262015051001",
                "{labelled}"
            );
        }
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
}
