//! Numbers and dates as a reader expects them: Indonesian by default (`Rp 4.550.000`, `90,0 %`,
//! `31 Oktober 2026`), English on request (`Rp 4,550,000`, `90.0 %`, `31 October 2026`).

use chrono::{Datelike, NaiveDate};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Id,
    En,
}

impl Lang {
    pub fn parse(s: &str) -> Result<Lang, String> {
        match s {
            "id" => Ok(Lang::Id),
            "en" => Ok(Lang::En),
            other => Err(format!(
                "--lang `{other}`: use id (Bahasa Indonesia) or en (English)"
            )),
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    fn separators(&self) -> (char, char) {
        match self {
            Lang::Id => ('.', ','),
            Lang::En => (',', '.'),
        }
    }
}

fn group(digits: &str, sep: char) -> String {
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(ch);
    }
    out
}

pub fn integer(v: i64, lang: Lang) -> String {
    let grouped = group(&v.unsigned_abs().to_string(), lang.separators().0);
    if v < 0 {
        format!("−{grouped}")
    } else {
        grouped
    }
}

pub fn rupiah(v: i64, lang: Lang) -> String {
    format!("Rp {}", integer(v, lang))
}

/// A number with `decimals` places in the language's form.
pub fn decimal(v: f64, decimals: usize, lang: Lang) -> String {
    let text = format!("{:.*}", decimals, v.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let (thousands, point) = lang.separators();
    let mut out = group(int, thousands);
    if !frac.is_empty() {
        out.push(point);
        out.push_str(frac);
    }
    if v < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("−{out}")
    } else {
        out
    }
}

/// A ratio as a percentage: 0.9 → `90,0 %`. Empty for no value.
pub fn percent(ratio: Option<f64>, lang: Lang) -> String {
    ratio
        .map(|r| format!("{} %", decimal(r * 100.0, 1, lang)))
        .unwrap_or_else(|| "–".to_string())
}

const MONTHS_ID: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn month_name(month: u32, lang: Lang) -> &'static str {
    let names = if lang == Lang::Id {
        MONTHS_ID
    } else {
        MONTHS_EN
    };
    names[(month as usize).saturating_sub(1) % 12]
}

pub fn date(d: NaiveDate, lang: Lang) -> String {
    format!("{} {} {}", d.day(), month_name(d.month(), lang), d.year())
}

/// `2026-10` → `Oktober 2026`.
pub fn period(p: &str, lang: Lang) -> String {
    match crate::calendar::month_bounds(p) {
        Some((first, _)) => format!("{} {}", month_name(first.month(), lang), first.year()),
        None => p.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indonesian_and_english_forms() {
        assert_eq!(rupiah(4_550_000, Lang::Id), "Rp 4.550.000");
        assert_eq!(rupiah(4_550_000, Lang::En), "Rp 4,550,000");
        assert_eq!(percent(Some(0.9), Lang::Id), "90,0 %");
        assert_eq!(percent(Some(0.688492), Lang::En), "68.8 %");
        assert_eq!(percent(None, Lang::Id), "–");
        let d = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap();
        assert_eq!(date(d, Lang::Id), "31 Oktober 2026");
        assert_eq!(date(d, Lang::En), "31 October 2026");
        assert_eq!(period("2026-08", Lang::Id), "Agustus 2026");
        assert_eq!(decimal(1234.5, 1, Lang::Id), "1.234,5");
    }
}
