//! Exact rational numbers for money (SPEC section 5): rule decimals are read as the fractions they
//! spell (0.85 = 85/100), products stay exact, and rounding to whole rupiah happens once, half away
//! from zero. Floating point never touches an amount.

use std::fmt;
use std::ops::{Add, Mul, Sub};

use serde::Deserialize;

/// `num / den`, always reduced, `den > 0`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dec {
    num: i128,
    den: i128,
}

fn gcd(mut a: i128, mut b: i128) -> i128 {
    a = a.abs();
    b = b.abs();
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.max(1)
}

impl Dec {
    pub fn new(num: i128, den: i128) -> Dec {
        assert!(den != 0, "zero denominator");
        let sign = if den < 0 { -1 } else { 1 };
        let g = gcd(num, den);
        Dec {
            num: sign * num / g,
            den: sign * den / g,
        }
    }

    pub fn from_int(v: i64) -> Dec {
        Dec {
            num: v as i128,
            den: 1,
        }
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
        self.num
    }

    pub fn denom(&self) -> i128 {
        self.den
    }

    pub fn is_zero(&self) -> bool {
        self.num == 0
    }

    pub fn min(self, other: Dec) -> Dec {
        if self <= other { self } else { other }
    }

    pub fn max(self, other: Dec) -> Dec {
        if self >= other { self } else { other }
    }

    /// Whole units, half away from zero.
    pub fn round(&self) -> i64 {
        let (n, d) = (self.num, self.den);
        let magnitude = (2 * n.abs() + d) / (2 * d);
        (if n < 0 { -magnitude } else { magnitude }) as i64
    }

    pub fn to_f64(&self) -> f64 {
        self.num as f64 / self.den as f64
    }
}

impl PartialOrd for Dec {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Dec {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.num * other.den).cmp(&(other.num * self.den))
    }
}

impl Add for Dec {
    type Output = Dec;
    fn add(self, o: Dec) -> Dec {
        Dec::new(self.num * o.den + o.num * self.den, self.den * o.den)
    }
}
impl Sub for Dec {
    type Output = Dec;
    fn sub(self, o: Dec) -> Dec {
        Dec::new(self.num * o.den - o.num * self.den, self.den * o.den)
    }
}
impl Mul for Dec {
    type Output = Dec;
    fn mul(self, o: Dec) -> Dec {
        // Reduce crosswise first to keep the numbers small.
        let g1 = gcd(self.num, o.den);
        let g2 = gcd(o.num, self.den);
        Dec::new(
            (self.num / g1) * (o.num / g2),
            (self.den / g2) * (o.den / g1),
        )
    }
}

impl fmt::Display for Dec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Exact decimal when the denominator divides a power of ten, else the fraction.
        let mut den = self.den;
        let mut scale = 0u32;
        for p in [2i128, 5] {
            while den % p == 0 {
                den /= p;
            }
        }
        if den != 1 {
            return write!(f, "{}/{}", self.num, self.den);
        }
        while 10i128.pow(scale) % self.den != 0 {
            scale += 1;
        }
        let scaled = self.num * (10i128.pow(scale) / self.den);
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
