//! An employee's rank read against their `asn_type` (SPEC section 1), because the tax table
//! depends on both (section 5): PNS and CPNS have a golongan `I`–`IV` with an optional ruang
//! (`III/b`), PPPK a grade `I`–`XVII`. A bare `IV` is golongan IV (15 %) for a PNS and grade IV
//! (0 %) for a PPPK, so without `asn_type` it is kept but never guessed at.

/// Roman numerals of the PPPK grades; the first four are also the PNS golongan.
const ROMAN: [&str; 17] = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV",
    "XVI", "XVII",
];

/// The last ruang letter of each golongan: I/a–I/d, II/a–II/d, III/a–III/d, IV/a–IV/e.
const LAST_RUANG: [char; 4] = ['d', 'd', 'd', 'e'];

/// 1–17 for a roman numeral of a grade, either case.
fn roman(text: &str) -> Option<usize> {
    let upper = text.trim().to_ascii_uppercase();
    ROMAN.iter().position(|r| *r == upper).map(|i| i + 1)
}

/// What a rank says about the tax table to use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rank {
    /// A PNS/CPNS golongan 1–4, canonical text `III/b` or `IV`.
    Golongan(usize, String),
    /// A PPPK grade 1–17, canonical text `IX`.
    Grade(usize, String),
    /// A bare roman numeral without `asn_type`: golongan or grade cannot be told apart.
    Ambiguous(String),
}

impl Rank {
    pub fn text(&self) -> &str {
        match self {
            Rank::Golongan(_, t) | Rank::Grade(_, t) | Rank::Ambiguous(t) => t,
        }
    }
}

/// An empty rank or `-` is an unknown rank.
pub fn is_unknown_rank(text: &str) -> bool {
    matches!(text.trim(), "" | "-")
}

fn golongan(text: &str) -> Result<Rank, String> {
    let (group, ruang) = match text.split_once('/') {
        Some((g, r)) => (g.trim(), Some(r.trim())),
        None => (text.trim(), None),
    };
    let bad = || {
        format!(
            "`{text}` is not a golongan: write I-IV with its ruang, e.g. III/b (I/a-I/d, II/a-II/d, \
             III/a-III/d, IV/a-IV/e)"
        )
    };
    let g = roman(group).filter(|g| *g <= 4).ok_or_else(bad)?;
    let canonical_group = ROMAN[g - 1];
    match ruang {
        None => Ok(Rank::Golongan(g, canonical_group.to_string())),
        Some(r) => {
            let mut chars = r.chars();
            let letter = chars.next().map(|c| c.to_ascii_lowercase());
            match (letter, chars.next()) {
                (Some(l), None) if ('a'..=LAST_RUANG[g - 1]).contains(&l) => {
                    Ok(Rank::Golongan(g, format!("{canonical_group}/{l}")))
                }
                _ => Err(bad()),
            }
        }
    }
}

/// Reads `text` (not unknown, see [`is_unknown_rank`]) against the row's canonical
/// `asn_type` (`PNS`, `CPNS`, `PPPK`), or a reason for the reject.
pub fn parse_rank(text: &str, asn_type: Option<&str>) -> Result<Rank, String> {
    let text = text.trim();
    match asn_type {
        Some("PPPK") => {
            if text.contains('/') {
                return Err(format!(
                    "rank `{text}` is a PNS golongan, but asn_type is PPPK: a PPPK has a grade I-XVII"
                ));
            }
            let grade = roman(text)
                .ok_or_else(|| format!("`{text}` is not a PPPK grade: write I-XVII, e.g. IX"))?;
            Ok(Rank::Grade(grade, ROMAN[grade - 1].to_string()))
        }
        Some(t) => {
            if !text.contains('/') && roman(text).is_some_and(|g| g > 4) {
                return Err(format!(
                    "rank `{text}` is a PPPK grade, but asn_type is {t}: a {t} has a golongan I-IV, e.g. III/b"
                ));
            }
            golongan(text)
        }
        None if text.contains('/') => golongan(text),
        None => match roman(text) {
            Some(g) => Ok(Rank::Ambiguous(ROMAN[g - 1].to_string())),
            None => Err(format!(
                "`{text}` is not a rank: a golongan like III/b, or a PPPK grade I-XVII"
            )),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_are_read_against_the_asn_type() {
        assert_eq!(
            parse_rank("iii/B", Some("PNS")),
            Ok(Rank::Golongan(3, "III/b".into()))
        );
        assert_eq!(
            parse_rank("IV", Some("PNS")),
            Ok(Rank::Golongan(4, "IV".into()))
        );
        assert_eq!(
            parse_rank("IV/e", Some("CPNS")),
            Ok(Rank::Golongan(4, "IV/e".into()))
        );
        assert_eq!(
            parse_rank("IV", Some("PPPK")),
            Ok(Rank::Grade(4, "IV".into()))
        );
        assert_eq!(
            parse_rank("xvii", Some("PPPK")),
            Ok(Rank::Grade(17, "XVII".into()))
        );
        assert_eq!(parse_rank("IV", None), Ok(Rank::Ambiguous("IV".into())));
        assert_eq!(
            parse_rank("II/c", None),
            Ok(Rank::Golongan(2, "II/c".into()))
        );
        for (text, asn) in [
            ("III/b", Some("PPPK")),
            ("IX", Some("PNS")),
            ("III/e", Some("PNS")),
            ("IV/f", None),
            ("V/a", None),
            ("XVIII", Some("PPPK")),
            ("Z", None),
            ("III/bb", Some("PNS")),
        ] {
            assert!(parse_rank(text, asn).is_err(), "{text} {asn:?}");
        }
        assert!(is_unknown_rank(" - ") && is_unknown_rank(""));
    }
}
