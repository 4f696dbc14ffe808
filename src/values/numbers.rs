//! Decimals, whole numbers and rupiah, following the file's decimal separator.

use std::borrow::Cow;

use super::{Cell, ParseContext, trim};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::test_cells::{WIB, t};

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
}
