//! Who needs coaching (SPEC section 7, logging compliance) on the pages: each unit page lists its
//! employees by coaching score (prioritas pembinaan) with their tier's colour, and the approvers
//! of the unit with entries pending at close, for their leader; the dashboard counts the tiers
//! per unit.

use std::collections::HashMap;

use super::error::ReportError;
use super::format::{self, Lang};
use super::labels::label;
use super::tables::Table;

/// Rows of the coaching list shown on a unit page.
const LISTED: usize = 15;

pub(crate) struct Coaching {
    /// Compliance rows by unit, in the table's order (highest score first).
    by_unit: HashMap<String, Vec<serde_json::Value>>,
    /// (green, amber, red, coaching) per unit and scope.
    counts: HashMap<(String, String), [i64; 4]>,
    /// Approvers with entries pending at close, by their unit, most pending first.
    approvers: HashMap<String, Vec<serde_json::Value>>,
}

fn tier_label(tier: &str, lang: Lang) -> &'static str {
    label(&format!("tier_{tier}"), lang)
}

impl Coaching {
    pub(crate) fn read(
        compliance: &Table,
        units: &Table,
        approvers: &Table,
        lang: Lang,
    ) -> Result<Coaching, ReportError> {
        let (nips, names, unit_ids) = (
            compliance.str("nip")?,
            compliance.str("name")?,
            compliance.str("unit_id")?,
        );
        let (share, gap, tier, score) = (
            compliance.f64("compliance")?,
            compliance.i64("longest_gap")?,
            compliance.str("tier")?,
            compliance.i64("score")?,
        );
        let (entries, pending, unrated) = (
            compliance.i64("entries")?,
            compliance.i64("pending_entries")?,
            compliance.i64("no_evaluation")?,
        );
        let mut by_unit: HashMap<String, Vec<serde_json::Value>> = HashMap::new();
        for i in 0..nips.len() {
            if score[i] == 0 {
                continue;
            }
            let mut why = Vec::new();
            if entries[i] == 0 {
                why.push(label("why_no_entry", lang).to_string());
            }
            if unrated[i] == 1 {
                why.push(label("why_no_evaluation", lang).to_string());
            }
            if pending[i] >= 10 {
                why.push(format!("{} {}", pending[i], label("why_pending", lang)));
            }
            by_unit
                .entry(unit_ids[i].clone())
                .or_default()
                .push(serde_json::json!({
                    "nip": nips[i],
                    "name": names[i],
                    "compliance": format::percent(share[i], lang),
                    "tier": tier[i],
                    "tier_label": tier_label(&tier[i], lang),
                    "gap": format::integer(gap[i], lang),
                    "score": score[i],
                    "why": why.join(", "),
                }));
        }
        let mut counts = HashMap::new();
        let (u_ids, scopes) = (units.str("unit_id")?, units.str("scope")?);
        let (g, a, r, c) = (
            units.i64("green")?,
            units.i64("amber")?,
            units.i64("red")?,
            units.i64("coaching")?,
        );
        for i in 0..u_ids.len() {
            counts.insert(
                (u_ids[i].clone(), scopes[i].clone()),
                [g[i], a[i], r[i], c[i]],
            );
        }
        let mut listed: Vec<(String, i64, serde_json::Value)> = Vec::new();
        let (a_nip, a_name, a_unit, a_pending, a_decisions) = (
            approvers.str("approver_nip")?,
            approvers.str("name")?,
            approvers.str("unit_id")?,
            approvers.i64("pending_at_close")?,
            approvers.i64("decisions")?,
        );
        for i in 0..a_nip.len() {
            if a_pending[i] > 0 && !a_unit[i].is_empty() {
                listed.push((
                    a_unit[i].clone(),
                    a_pending[i],
                    serde_json::json!({
                        "nip": a_nip[i],
                        "name": a_name[i],
                        "pending": format::integer(a_pending[i], lang),
                        "decisions": format::integer(a_decisions[i], lang),
                    }),
                ));
            }
        }
        listed.sort_by(|x, y| {
            y.1.cmp(&x.1)
                .then_with(|| x.2["nip"].as_str().cmp(&y.2["nip"].as_str()))
        });
        let mut approvers_by_unit: HashMap<String, Vec<serde_json::Value>> = HashMap::new();
        for (unit, _, row) in listed {
            approvers_by_unit.entry(unit).or_default().push(row);
        }
        Ok(Coaching {
            by_unit,
            counts,
            approvers: approvers_by_unit,
        })
    }

    /// A unit page's coaching list (its own employees, highest score first) and its approvers
    /// with entries pending at close.
    pub(crate) fn unit_view(&self, unit_id: &str) -> serde_json::Value {
        let list: Vec<&serde_json::Value> = self
            .by_unit
            .get(unit_id)
            .map(|v| v.iter().take(LISTED).collect())
            .unwrap_or_default();
        let approvers: Vec<&serde_json::Value> = self
            .approvers
            .get(unit_id)
            .map(|v| v.iter().take(LISTED).collect())
            .unwrap_or_default();
        serde_json::json!({ "list": list, "approvers": approvers })
    }

    /// The tier counts of a unit and its subtree, for the dashboard.
    pub(crate) fn rollup_counts(&self, unit_id: &str, lang: Lang) -> serde_json::Value {
        let [g, a, r, c] = self
            .counts
            .get(&(unit_id.to_string(), "rollup".to_string()))
            .copied()
            .unwrap_or([0; 4]);
        let n = |v: i64| format::integer(v, lang);
        serde_json::json!({ "green": n(g), "amber": n(a), "red": n(r), "coaching": n(c) })
    }
}
