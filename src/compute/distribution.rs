//! The distribution curve's rules as the small tables its queries join (SPEC section 9):
//! `distribution_rules`, a row per bound of each organisational predikat (its limit in
//! millionths of a share, or a count of employees, and as the tables show it), and `bound_predikat`, a row per predikat a
//! bound adds up. The counting and the bounds themselves are SQL (`queries/distribution*.sql`).

use polars::prelude::*;

use crate::decimal::Dec;
use crate::rules::{Distribution, Limit};

/// How a bound reads: `butuh_perbaikan + kurang ≥ 1 employee`, `sangat_baik ≤ 70 %`.
fn bound_text(predikat: &[String], limit: Limit) -> String {
    let names = predikat.join(" + ");
    let share = |m: i64| Dec::new(m as i128, 10_000).to_string();
    match limit {
        Limit::AtMost(m) => format!("{names} ≤ {} %", share(m)),
        Limit::AtLeast(m) => format!("{names} ≥ {} %", share(m)),
        Limit::AtLeastEmployees(1) => format!("{names} ≥ 1 employee"),
        Limit::AtLeastEmployees(n) => format!("{names} ≥ {n} employees"),
    }
}

pub fn rule_tables(rules: &Distribution) -> PolarsResult<(DataFrame, DataFrame)> {
    let (mut org, mut no, mut text, mut kind, mut limit, mut shown) = (
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
    );
    let (mut p_org, mut p_no, mut p_name) = (Vec::new(), Vec::new(), Vec::new());
    for (org_predikat, bounds) in rules.by_org_predikat() {
        for (i, bound) in bounds.iter().enumerate() {
            let l = bound.limit().expect("checked when the rules were loaded");
            let (k, value) = match l {
                Limit::AtMost(m) => ("at_most", m),
                Limit::AtLeast(m) => ("at_least", m),
                Limit::AtLeastEmployees(n) => ("at_least_employees", n),
            };
            org.push(org_predikat);
            no.push(i as i32 + 1);
            text.push(bound_text(&bound.predikat, l));
            kind.push(k);
            limit.push(value);
            // As the tables show it: a share (0.1), or a count; divided here, where 100000 / 10^6
            // is the double nearest 0.1 (polars' SQL multiplies by the reciprocal instead).
            shown.push(match l {
                Limit::AtLeastEmployees(n) => n as f64,
                _ => value as f64 / 1e6,
            });
            for p in &bound.predikat {
                p_org.push(org_predikat);
                p_no.push(i as i32 + 1);
                p_name.push(p.clone());
            }
        }
    }
    let rules = df!(
        "org_predikat" => org,
        "bound_no" => no,
        "bound" => text,
        "kind" => kind,
        "limit_value" => limit,
        "limit_shown" => shown,
    )?;
    let predikat = df!("org_predikat" => p_org, "bound_no" => p_no, "predikat" => p_name)?;
    Ok((rules, predikat))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_bounds_read_as_the_spec_writes_them() {
        let (rules, predikat) = rule_tables(&crate::rules::Rules::defaults().distribution).unwrap();
        let texts: Vec<&str> = rules
            .column("bound")
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .flatten()
            .collect();
        assert_eq!(
            texts,
            [
                "sangat_baik ≤ 70 %",
                "baik ≤ 70 %",
                "butuh_perbaikan + kurang ≥ 1 employee",
                "butuh_perbaikan ≥ 60 %",
                "sangat_baik ≤ 10 %",
                "kurang ≥ 60 %",
                "butuh_perbaikan ≥ 10 %",
                "sangat_baik ≤ 10 %",
                "sangat_kurang ≥ 60 %",
                "kurang + butuh_perbaikan ≥ 10 %",
                "sangat_baik ≤ 0 %",
            ]
        );
        assert_eq!(predikat.height(), 13);
    }
}
