//! Decimals, whole numbers and rupiah, following the file's decimal separator (SPEC section 1).
//!
//! A value is first reduced to its plain written form (`-?digits[.digits]`) with the grouping
//! checked, so a separator is never silently dropped: in a `;` file a `.` only groups thousands
//! (`1.500` is 1500) and `1.5` is a reject; elsewhere a `,` only groups (`5,000,000`) and `1,5`
//! is a reject. A decimal keeps at most [`MAX_DECIMAL_PLACES`] places and
//! [`MAX_SIGNIFICANT_DIGITS`] digits, and is stored as whole millionths (`parse_millionths`).

use std::borrow::Cow;

use super::{Cell, ParseContext, trim};

/// More decimal places than this is a reject (SPEC section 1).
pub const MAX_DECIMAL_PLACES: usize = 6;
/// A double holds any decimal of up to 15 significant digits exactly enough to print it back
/// unchanged; more would be stored as a different number.
pub const MAX_SIGNIFICANT_DIGITS: usize = 15;

/// A decimal number: `1.5`, or `1,5` in a `;`-delimited file (where `.` groups thousands).
pub fn parse_decimal(cell: &Cell, ctx: &ParseContext) -> Result<f64, String> {
    match cell {
        Cell::Int(i) => Ok(*i as f64),
        Cell::Float(f) => checked_float(*f),
        Cell::Text(s) => parse_decimal_text(s, ctx),
        _ => Err("not a number".into()),
    }
}

/// A typed number from JSON or XLSX, held to the same limits as written text.
fn checked_float(value: f64) -> Result<f64, String> {
    if !value.is_finite() {
        return Err("not a finite number".into());
    }
    // Rust prints the shortest text that reads back as the same double: what was written.
    let text = value.to_string();
    if text.contains('e') {
        return Err(format!("{value:e} is out of range for a decimal value"));
    }
    plain_limits(&text)?;
    Ok(value)
}

/// `parse_decimal` of a text value.
pub fn parse_decimal_text(s: &str, ctx: &ParseContext) -> Result<f64, String> {
    let s = trim(s);
    // Plain digits are read as they are (the common shape: no rewriting, no allocation).
    if (1..=MAX_SIGNIFICANT_DIGITS).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(s.bytes().fold(0u64, |n, b| n * 10 + (b - b'0') as u64) as f64);
    }
    let plain = plain_decimal(s, ctx)?;
    plain_limits(&plain)?;
    plain.parse::<f64>().map_err(|_| not_a_number(s, ctx))
}

fn not_a_number(s: &str, ctx: &ParseContext) -> String {
    let example = if ctx.decimal_comma { "1,5" } else { "1.5" };
    format!("`{s}` is not a number; write it like {example}")
}

/// The written number without grouping, with `.` as the decimal point: `1.234,5` in a `;` file
/// and `1,234.5` elsewhere both give `1234.5`. Grouping must be well formed (groups of three
/// after a first group of one to three digits), else the value is a reject that says why.
pub fn plain_decimal<'s>(s: &'s str, ctx: &ParseContext) -> Result<Cow<'s, str>, String> {
    let (group, point) = if ctx.decimal_comma {
        ('.', ',')
    } else {
        (',', '.')
    };
    if !s.contains(group) {
        return Ok(if point == '.' {
            Cow::Borrowed(s)
        } else {
            Cow::Owned(s.replacen(',', ".", 1))
        });
    }
    let (sign, unsigned) = match s.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", s),
    };
    let (int, frac) = match unsigned.split_once(point) {
        Some((int, frac)) => (int, Some(frac)),
        None => (unsigned, None),
    };
    let mut groups = int.split(group);
    let first = groups.next().unwrap_or_default();
    let digits = |g: &str| g.bytes().all(|b| b.is_ascii_digit());
    let grouped = (1..=3).contains(&first.len())
        && digits(first)
        && groups.all(|g| g.len() == 3 && digits(g))
        && frac.is_none_or(|f| !f.is_empty() && digits(f));
    if !grouped {
        return Err(if ctx.decimal_comma {
            format!(
                "ambiguous decimal `{s}`: a `;` file writes decimals with `,` (1,5); a `.` there \
                 only groups thousands (1.500 is 1500)"
            )
        } else {
            format!(
                "`{s}` is not a number: the decimal point is `.` (1.5) and a `,` only groups \
                 thousands (5,000,000); a file that writes 1,5 must be `;`-delimited"
            )
        });
    }
    let mut plain = String::with_capacity(s.len());
    plain.push_str(sign);
    plain.extend(int.chars().filter(|c| *c != group));
    if let Some(frac) = frac {
        plain.push('.');
        plain.push_str(frac);
    }
    Ok(Cow::Owned(plain))
}

/// The limits every decimal value is held to, on its plain form.
fn plain_limits(plain: &str) -> Result<(), String> {
    let unsigned = plain.strip_prefix('-').unwrap_or(plain);
    let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    if frac.len() > MAX_DECIMAL_PLACES {
        return Err(format!(
            "`{plain}` has {} decimal places; at most {MAX_DECIMAL_PLACES} are kept exactly",
            frac.len()
        ));
    }
    let significant = int.trim_start_matches('0').len()
        + if int.trim_start_matches('0').is_empty() {
            frac.trim_start_matches('0').len()
        } else {
            frac.len()
        };
    if significant > MAX_SIGNIFICANT_DIGITS {
        return Err(format!(
            "`{plain}` has more than {MAX_SIGNIFICANT_DIGITS} significant digits"
        ));
    }
    Ok(())
}

/// A decimal in whole millionths, exactly, without a float in between (`2.5` → 2,500,000):
/// how a percentage that money depends on is stored.
pub fn parse_millionths(cell: &Cell, ctx: &ParseContext) -> Result<i64, String> {
    match cell {
        Cell::Int(i) => i
            .checked_mul(1_000_000)
            .ok_or_else(|| format!("{i} is out of range")),
        // The shortest text that reads back as the double is what JSON or XLSX held.
        Cell::Float(f) => {
            checked_float(*f)?;
            millionths_of_plain(&f.to_string())
        }
        Cell::Text(s) => parse_millionths_text(s, ctx),
        _ => Err("not a number".into()),
    }
}

/// `parse_millionths` of a text value.
pub fn parse_millionths_text(s: &str, ctx: &ParseContext) -> Result<i64, String> {
    let s = trim(s);
    let plain = plain_decimal(s, ctx)?;
    plain_limits(&plain)?;
    millionths_of_plain(&plain).map_err(|_| not_a_number(s, ctx))
}

fn millionths_of_plain(plain: &str) -> Result<i64, String> {
    let (negative, unsigned) = match plain.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, plain),
    };
    let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if (int.is_empty() && frac.is_empty()) || !digits(int) || !digits(frac) || frac.len() > 6 {
        return Err(format!("`{plain}` is not a decimal number"));
    }
    let whole: i64 = if int.is_empty() {
        0
    } else {
        int.parse()
            .map_err(|_| format!("`{plain}` is out of range"))?
    };
    let frac_value: i64 = format!("{frac:0<6}").parse().unwrap_or(0);
    let value = whole
        .checked_mul(1_000_000)
        .and_then(|w| w.checked_add(frac_value))
        .ok_or_else(|| format!("`{plain}` is out of range"))?;
    Ok(if negative { -value } else { value })
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

/// Whole rupiah: `5000000`, `5,000,000`, or `5.000.000` in a `;` file; `Rp` and spaces are
/// ignored, and zero decimals (`5000000.00`) are whole. Never a fraction of a rupiah.
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
    let written = s.trim();
    let unspaced: String = written
        .trim_start_matches("Rp")
        .trim_start_matches('.')
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let not_whole = || format!("`{written}` is not whole rupiah; write digits only, e.g. 5000000");
    let plain = plain_decimal(&unspaced, ctx)?;
    let (int, frac) = plain.split_once('.').unwrap_or((&plain, ""));
    if !frac.bytes().all(|b| b == b'0') || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "`{written}` is not whole rupiah: money has no fraction of a rupiah"
        ));
    }
    let value = int.parse::<i64>().map_err(|_| not_whole())?;
    not_negative(value)
}

fn not_negative(value: i64) -> Result<i64, String> {
    if value < 0 {
        return Err(format!("{value} is negative; an allowance base cannot be"));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::test_cells::{WIB, t};

    const SEMI: ParseContext = ParseContext {
        extensions: None,
        decimal_comma: true,
        utc_offset_min: 420,
    };

    #[test]
    fn numbers_follow_the_files_decimal_separator() {
        assert_eq!(parse_decimal(&t("1,5"), &SEMI).unwrap(), 1.5);
        assert_eq!(parse_decimal(&t("1.5"), &WIB).unwrap(), 1.5);
        assert_eq!(parse_money(&t("5.000.000"), &SEMI).unwrap(), 5_000_000);
        assert_eq!(parse_money(&t("5000000"), &WIB).unwrap(), 5_000_000);
        assert!(parse_money(&t("5000000.5"), &WIB).is_err());
        assert!(parse_int(&t("2.5"), &WIB).is_err());
    }

    #[test]
    fn a_dot_in_a_semicolon_file_only_groups_thousands() {
        // Read as grouping, `1.5` would be 15 and `2.50` 250: both are rejects instead.
        for ambiguous in ["1.5", "2.50", "1.5000", "12.34,5", "1..000"] {
            let err = parse_decimal(&t(ambiguous), &SEMI).unwrap_err();
            assert!(err.contains("ambiguous decimal"), "{ambiguous}: {err}");
        }
        assert_eq!(parse_decimal(&t("1.500"), &SEMI).unwrap(), 1500.0);
        assert_eq!(
            parse_decimal(&t("1.234.567,25"), &SEMI).unwrap(),
            1_234_567.25
        );
        assert_eq!(parse_decimal(&t("-2,5"), &SEMI).unwrap(), -2.5);
        assert!(parse_money(&t("5.00"), &SEMI).is_err());
        assert_eq!(
            parse_money(&t("Rp 5.750.000,00"), &SEMI).unwrap(),
            5_750_000
        );
    }

    #[test]
    fn a_comma_elsewhere_only_groups_thousands() {
        assert_eq!(parse_decimal(&t("5,000,000"), &WIB).unwrap(), 5e6);
        assert_eq!(parse_decimal(&t("1,234.5"), &WIB).unwrap(), 1234.5);
        for bad in ["1,5", "2,50", "12,34", "1,2345", ",5"] {
            assert!(parse_decimal(&t(bad), &WIB).is_err(), "{bad}");
        }
        assert_eq!(parse_money(&t("5,000,000"), &WIB).unwrap(), 5_000_000);
        assert_eq!(parse_money(&t("5000000.00"), &WIB).unwrap(), 5_000_000);
        assert!(parse_money(&t("5,00"), &WIB).is_err());
    }

    #[test]
    fn millionths_are_exact() {
        assert_eq!(parse_millionths(&t("2.5"), &WIB).unwrap(), 2_500_000);
        assert_eq!(parse_millionths(&t("2,5"), &SEMI).unwrap(), 2_500_000);
        assert_eq!(parse_millionths(&t("0.000001"), &WIB).unwrap(), 1);
        assert_eq!(parse_millionths(&t("100"), &WIB).unwrap(), 100_000_000);
        assert_eq!(
            parse_millionths(&Cell::Float(7.25), &WIB).unwrap(),
            7_250_000
        );
        assert_eq!(parse_millionths(&Cell::Int(3), &WIB).unwrap(), 3_000_000);
        assert!(parse_millionths(&t("2.5"), &SEMI).is_err());
        assert!(parse_millionths(&t("0.0000001"), &WIB).is_err());
    }

    #[test]
    fn decimals_keep_at_most_six_places_and_fifteen_digits() {
        assert_eq!(parse_decimal(&t("0.000001"), &WIB).unwrap(), 0.000001);
        assert!(parse_decimal(&t("0.0000001"), &WIB).is_err());
        assert!(parse_decimal(&t("0,1234567"), &SEMI).is_err());
        assert!(parse_decimal(&Cell::Float(0.1 + 0.2), &WIB).is_err());
        assert_eq!(parse_decimal(&Cell::Float(2.5), &WIB).unwrap(), 2.5);
        assert!(parse_decimal(&t("1234567890.123456"), &WIB).is_err());
        assert_eq!(
            parse_decimal(&t("123456789.123456"), &WIB).unwrap(),
            123456789.123456
        );
    }
}
