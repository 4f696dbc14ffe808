//! Target attainment per employee (SPEC section 4), and the work result it derives with
//! `missing_evaluation = "derive"`, computed exactly from the `indicators` rows' integer
//! millionths: the weighted mean of several capped ratios is a fraction whose denominator grows
//! with every indicator, which neither a double (0.1 + 0.7 < 0.8) nor a 128-bit fraction holds,
//! so this step lives in Rust with big rationals, as the allowance does, and the thresholds
//! (≥ `derive_above` above, ≥ `derive_meets` meets, else below) compare exactly. The double
//! `attainment` column is for reading only; nothing is decided from it.

use std::collections::BTreeMap;

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{ToPrimitive, Zero};
use polars::prelude::*;

use crate::decimal::Dec;
use crate::frames::integers;
use crate::rules::Rules;

fn exact(d: &Dec) -> BigRational {
    BigRational::new(BigInt::from(d.numer()), BigInt::from(d.denom()))
}

/// One indicator's attainment: R/T (higher is better) or max(0, 2 − R/T) (lower is better),
/// capped.
fn indicator(realised: i64, target: i64, lower: bool, cap: &BigRational) -> BigRational {
    let ratio = BigRational::new(BigInt::from(realised), BigInt::from(target));
    let score = if lower {
        let two = BigRational::from_integer(BigInt::from(2));
        (two - ratio).max(BigRational::zero())
    } else {
        ratio
    };
    score.min(cap.clone())
}

/// The work result attainment `a` derives (SPEC section 4).
pub fn derived_work_result(a: &BigRational, rules: &Rules) -> &'static str {
    if *a >= exact(&rules.derive_above) {
        "above"
    } else if *a >= exact(&rules.derive_meets) {
        "meets"
    } else {
        "below"
    }
}

/// `nip`, `attainment` (a double, for reading) and `derived_work_result`, one row per employee
/// with at least one indicator, by NIP, from the `indicators` rows (`target_micro`,
/// `weight_micro`, `realised_micro`, `direction`).
pub fn compute(indicators: &DataFrame, rules: &Rules) -> PolarsResult<DataFrame> {
    let nips = integers(indicators, "nip")?;
    let targets = integers(indicators, "target_micro")?;
    let weights = integers(indicators, "weight_micro")?;
    let realised = integers(indicators, "realised_micro")?;
    let directions = indicators.column("direction")?.str()?;
    let cap = exact(&rules.attainment_cap);
    // Per NIP: Σ weight × attainment and Σ weight.
    let mut sums: BTreeMap<i64, (BigRational, BigInt)> = BTreeMap::new();
    for i in 0..indicators.height() {
        let (Some(nip), Some(target), Some(weight)) = (nips[i], targets[i], weights[i]) else {
            continue;
        };
        if target <= 0 {
            // Ingest accepts targets above 0 only; a zero would be a division by zero.
            return Err(
                polars_err!(ComputeError: "indicator target {target} of NIP {nip} is not above 0"),
            );
        }
        let lower = directions.get(i) == Some("lower");
        let a = indicator(realised[i].unwrap_or(0), target, lower, &cap);
        let entry = sums
            .entry(nip)
            .or_insert_with(|| (BigRational::zero(), BigInt::zero()));
        entry.0 += a * BigRational::from_integer(BigInt::from(weight));
        entry.1 += BigInt::from(weight);
    }
    let mut out_nips = Vec::with_capacity(sums.len());
    let mut attainments = Vec::with_capacity(sums.len());
    let mut results = Vec::with_capacity(sums.len());
    for (nip, (weighted, weight)) in sums {
        if weight.is_zero() {
            continue;
        }
        let a = weighted / BigRational::from_integer(weight);
        out_nips.push(nip);
        attainments.push(a.to_f64());
        results.push(derived_work_result(&a, rules));
    }
    df!(
        "nip" => out_nips,
        "attainment" => attainments,
        "derived_work_result" => results,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> Rules {
        Rules::defaults()
    }

    fn frame(rows: &[(i64, i64, i64, i64, &str)]) -> DataFrame {
        df!(
            "nip" => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
            "target_micro" => rows.iter().map(|r| r.1).collect::<Vec<_>>(),
            "weight_micro" => rows.iter().map(|r| r.2).collect::<Vec<_>>(),
            "realised_micro" => rows.iter().map(|r| r.3).collect::<Vec<_>>(),
            "direction" => rows.iter().map(|r| r.4).collect::<Vec<_>>(),
        )
        .unwrap()
    }

    fn results(df: &DataFrame) -> Vec<String> {
        df.column("derived_work_result")
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .map(|s| s.unwrap().to_string())
            .collect()
    }

    const M: i64 = 1_000_000;

    #[test]
    fn thresholds_are_met_exactly() {
        // 11/10 = 1.10 exactly: above. 8/10 = 0.80 exactly: meets. 0.1 + 0.7 of a target of
        // 1 is 0.8 exactly (a double makes it 0.7999…): meets.
        let df = compute(
            &frame(&[
                (1, 10 * M, M, 11 * M, "higher"),
                (2, 10 * M, M, 8 * M, "higher"),
                (3, M, M, 100_000 + 700_000, "higher"),
                (4, 10 * M, M, 7_999_999, "higher"),
            ]),
            &rules(),
        )
        .unwrap();
        assert_eq!(results(&df), ["above", "meets", "meets", "below"]);
    }

    #[test]
    fn weighted_mean_of_capped_and_lower_is_better_indicators() {
        // NIP 1: 30/20 capped at 1.2 (weight 2) and 9/10 = 0.9 (weight 1):
        // (2 × 1.2 + 0.9) / 3 = 3.3 / 3 = 1.1 exactly: above.
        // NIP 2, lower is better: 2 − 12/10 = 0.8 exactly: meets; 2 − 30/10 < 0 → 0.
        let df = compute(
            &frame(&[
                (1, 20 * M, 2 * M, 30 * M, "higher"),
                (1, 10 * M, M, 9 * M, "higher"),
                (2, 10 * M, M, 12 * M, "lower"),
                (3, 10 * M, M, 30 * M, "lower"),
            ]),
            &rules(),
        )
        .unwrap();
        assert_eq!(results(&df), ["above", "meets", "below"]);
        let a: Vec<f64> = df
            .column("attainment")
            .unwrap()
            .f64()
            .unwrap()
            .into_no_null_iter()
            .collect();
        assert_eq!(a, [1.1, 0.8, 0.0]);
    }
}
