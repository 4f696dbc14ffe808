//! NIP, the civil servant's 18-digit identity number.

use std::borrow::Cow;

use chrono::NaiveDate;

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
