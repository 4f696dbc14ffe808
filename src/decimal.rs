//! Exact rational numbers for money (SPEC section 5): rule decimals are read as the fractions they
//! spell (0.85 = 85/100), products stay exact, and rounding to whole rupiah happens once, half away
//! from zero. Floating point never touches an amount.

use std::fmt;
use std::ops::{Add, Mul, Sub};

use num_rational::Ratio;
use num_traits::{CheckedAdd, CheckedMul, CheckedSub, ToPrimitive, Zero};
use serde::Deserialize;

/// An exact fraction, always reduced (num-rational's `Ratio`). Arithmetic is checked: inputs
/// bounded as ingest bounds them stay far inside 128 bits, and should one not, the run stops
/// loudly instead of paying a wrapped figure.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Dec(Ratio<i128>);

fn overflow(op: &str) -> ! {
    panic!("exact arithmetic overflowed 128 bits in {op}: an input amount is out of any real range")
}

impl Dec {
    pub fn new(num: i128, den: i128) -> Dec {
        assert!(den != 0, "zero denominator");
        Dec(Ratio::new(num, den))
    }

    pub fn from_int(v: i64) -> Dec {
        Dec(Ratio::from_integer(v as i128))
    }

    /// Parses a plain decimal (`0.85`, `-3`, `12.5`) exactly.
    pub fn parse(text: &str) -> Option<Dec> {
        let t = text.trim();
        let (neg, digits) = match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t.strip_prefix('+').unwrap_or(t)),
        };
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        if int.is_empty() && frac.is_empty()
            || !int.chars().chain(frac.chars()).all(|c| c.is_ascii_digit())
        {
            return None;
        }
        if int.len() + frac.len() > 30 {
            return None;
        }
        let num: i128 = format!("{int}{frac}").parse().ok()?;
        let den = 10i128.pow(frac.len() as u32);
        Some(Dec::new(if neg { -num } else { num }, den))
    }

    /// The decimal a float was written as: `0.85_f64` is 85/100, not the binary fraction nearest
    /// to it. Rust prints the shortest text that reads back as the same float.
    pub fn from_f64(v: f64) -> Option<Dec> {
        if !v.is_finite() {
            return None;
        }
        let text = format!("{v}");
        if text.contains('e') {
            return None;
        }
        Dec::parse(&text)
    }

    pub fn numer(&self) -> i128 {
        *self.0.numer()
    }

    pub fn denom(&self) -> i128 {
        *self.0.denom()
    }

    pub fn is_zero(&self) -> bool {
        self.0.is_zero()
    }

    pub fn min(self, other: Dec) -> Dec {
        std::cmp::min(self, other)
    }

    pub fn max(self, other: Dec) -> Dec {
        std::cmp::max(self, other)
    }

    /// Whole units, half away from zero.
    pub fn round(&self) -> i64 {
        self.0.round().to_integer() as i64
    }

    /// The nearest double, for reading only.
    pub fn to_f64(&self) -> f64 {
        self.0.to_f64().unwrap_or(f64::NAN)
    }
}

impl Add for Dec {
    type Output = Dec;
    fn add(self, o: Dec) -> Dec {
        Dec(self
            .0
            .checked_add(&o.0)
            .unwrap_or_else(|| overflow("an addition")))
    }
}
impl Sub for Dec {
    type Output = Dec;
    fn sub(self, o: Dec) -> Dec {
        Dec(self
            .0
            .checked_sub(&o.0)
            .unwrap_or_else(|| overflow("a subtraction")))
    }
}
impl Mul for Dec {
    type Output = Dec;
    fn mul(self, o: Dec) -> Dec {
        Dec(self
            .0
            .checked_mul(&o.0)
            .unwrap_or_else(|| overflow("a product")))
    }
}

impl fmt::Display for Dec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Exact decimal when the denominator divides a power of ten, else the fraction.
        let (num, den_in) = (self.numer(), self.denom());
        let mut den = den_in;
        let mut scale = 0u32;
        for p in [2i128, 5] {
            while den % p == 0 {
                den /= p;
            }
        }
        if den != 1 {
            return write!(f, "{num}/{den_in}");
        }
        while 10i128.pow(scale) % den_in != 0 {
            scale += 1;
        }
        let scaled = num * (10i128.pow(scale) / den_in);
        if scale == 0 {
            return write!(f, "{scaled}");
        }
        let sign = if scaled < 0 { "-" } else { "" };
        let abs = scaled.abs();
        let p = 10i128.pow(scale);
        write!(
            f,
            "{sign}{}.{:0width$}",
            abs / p,
            abs % p,
            width = scale as usize
        )
    }
}

impl<'de> Deserialize<'de> for Dec {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Dec, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Int(i64),
            Float(f64),
            Text(String),
        }
        let bad =
            |what: String| serde::de::Error::custom(format!("`{what}` is not a decimal number"));
        match Raw::deserialize(d)? {
            Raw::Int(i) => Ok(Dec::from_int(i)),
            Raw::Float(f) => Dec::from_f64(f).ok_or_else(|| bad(f.to_string())),
            Raw::Text(t) => Dec::parse(&t).ok_or_else(|| bad(t)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_exact_fractions() {
        assert_eq!(Dec::from_f64(0.85).unwrap(), Dec::new(85, 100));
        assert_eq!(Dec::parse("7.25").unwrap(), Dec::new(725, 100));
        assert_eq!(
            Dec::parse("0.1").unwrap() + Dec::parse("0.2").unwrap(),
            Dec::parse("0.3").unwrap()
        );
        assert_eq!(Dec::parse("1.5").unwrap().to_string(), "1.5");
        assert_eq!(Dec::new(2, 3).to_string(), "2/3");
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(Dec::new(5, 2).round(), 3);
        assert_eq!(Dec::new(-5, 2).round(), -3);
        assert_eq!(Dec::new(7, 3).round(), 2);
        // 3,000,000 x 0.4 x (1 - 2.75/100) = 1,167,000 exactly
        let amount = Dec::from_int(3_000_000)
            * Dec::parse("0.4").unwrap()
            * (Dec::from_int(1) - Dec::parse("0.0275").unwrap());
        assert_eq!(amount.round(), 1_167_000);
    }
}
