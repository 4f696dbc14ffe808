//! What changed since last month on the pages (SPEC section 10): for the organisation and each
//! unit, the gross TPP against P−1 as a waterfall of its parts (joiners, leavers, base,
//! productivity, predikat, discipline, sanction, forfeit) and a sentence naming the largest.

use std::collections::HashMap;
use std::path::Path;

use super::error::ReportError;
use super::format::{self, Lang};
use super::labels::label;
use super::pages::{ChartView, chart};
use super::tables::Table;
use crate::report::charts;

/// The parts in the table's order (`compute::changes::PARTS`).
const PARTS: [&str; 8] = [
    "joiners",
    "leavers",
    "base",
    "productivity",
    "predikat",
    "discipline",
    "sanction",
    "forfeit",
];

pub(crate) struct Change {
    gross_prev: i64,
    gross: i64,
    parts: [i64; 8],
    joiners: i64,
    leavers: i64,
    productivity_prev: Option<f64>,
    productivity: Option<f64>,
    /// The change in productivity from approved minutes and from target minutes.
    from_approved: Option<f64>,
    from_target: Option<f64>,
}

/// Every unit's change (rollup scope) and the organisation's, from the `changes` table.
pub(crate) struct Changes {
    pub(crate) period: String,
    pub(crate) prev_period: String,
    /// False when the warehouse holds no P−1: the pages say so.
    pub(crate) available: bool,
    /// Why not, when not (the table's `top_causes`).
    reason: String,
    by_unit: HashMap<String, Change>,
}

fn part_label(part: &str, lang: Lang) -> &'static str {
    label(&format!("change_{part}"), lang)
}

impl Changes {
    pub(crate) fn read(t: &Table) -> Result<Changes, ReportError> {
        let periods = t.str("period")?;
        let (ids, scopes, prev_periods, available) = (
            t.str("unit_id")?,
            t.str("scope")?,
            t.str("prev_period")?,
            t.bool("prev_available")?,
        );
        let (gross_prev, gross) = (t.opt_i64("gross_prev")?, t.i64("gross")?);
        let parts: Vec<Vec<Option<i64>>> = PARTS
            .iter()
            .map(|p| t.opt_i64(&format!("delta_{p}")))
            .collect::<Result<_, _>>()?;
        let (joiners, leavers) = (t.opt_i64("joiners")?, t.opt_i64("leavers")?);
        let (prod_prev, prod) = (t.f64("productivity_prev")?, t.f64("productivity")?);
        let (from_approved, from_target) = (
            t.f64("productivity_from_approved")?,
            t.f64("productivity_from_target")?,
        );
        let mut by_unit = HashMap::new();
        for i in 0..t.height() {
            if scopes[i] == "direct" {
                continue;
            }
            by_unit.insert(
                ids[i].clone(),
                Change {
                    gross_prev: gross_prev[i].unwrap_or(0),
                    gross: gross[i],
                    parts: std::array::from_fn(|k| parts[k][i].unwrap_or(0)),
                    joiners: joiners[i].unwrap_or(0),
                    leavers: leavers[i].unwrap_or(0),
                    productivity_prev: prod_prev[i],
                    productivity: prod[i],
                    from_approved: from_approved[i],
                    from_target: from_target[i],
                },
            );
        }
        Ok(Changes {
            period: periods.first().cloned().unwrap_or_default(),
            prev_period: prev_periods.first().cloned().unwrap_or_default(),
            available: available.first().copied().unwrap_or(false),
            reason: t.str("top_causes")?.first().cloned().unwrap_or_default(),
            by_unit,
        })
    }

    fn signed(v: i64, lang: Lang) -> String {
        let sign = if v > 0 {
            "+"
        } else if v < 0 {
            "−"
        } else {
            ""
        };
        format!("{sign}{}", format::rupiah(v.abs(), lang))
    }

    /// The largest three parts in words: "Predikat −Rp 1.250.000; Pegawai baru +Rp 3.000.000".
    fn causes(c: &Change, lang: Lang) -> String {
        let mut ranked: Vec<(usize, i64)> = c
            .parts
            .iter()
            .copied()
            .enumerate()
            .filter(|(_, v)| *v != 0)
            .collect();
        ranked.sort_by_key(|(k, v)| (std::cmp::Reverse(v.unsigned_abs()), *k));
        let words: Vec<String> = ranked
            .iter()
            .take(3)
            .map(|(k, v)| format!("{} {}", part_label(PARTS[*k], lang), Self::signed(*v, lang)))
            .collect();
        if words.is_empty() {
            label("change_none", lang).to_string()
        } else {
            words.join("; ")
        }
    }

    /// One sentence: how the gross moved and its largest causes.
    fn sentence(&self, c: &Change, lang: Lang) -> String {
        let delta = c.gross - c.gross_prev;
        let prev = format::period(&self.prev_period, lang);
        let (from, to) = (
            format::rupiah(c.gross_prev, lang),
            format::rupiah(c.gross, lang),
        );
        let moved = match (lang, delta.signum()) {
            (Lang::Id, 1) => format!(
                "TPP bruto naik {} sejak {prev}",
                format::rupiah(delta, lang)
            ),
            (Lang::Id, -1) => format!(
                "TPP bruto turun {} sejak {prev}",
                format::rupiah(-delta, lang)
            ),
            (Lang::Id, _) => format!("TPP bruto tidak berubah sejak {prev}"),
            (Lang::En, 1) => format!(
                "Gross TPP rose by {} since {prev}",
                format::rupiah(delta, lang)
            ),
            (Lang::En, -1) => format!(
                "Gross TPP fell by {} since {prev}",
                format::rupiah(-delta, lang)
            ),
            (Lang::En, _) => format!("Gross TPP did not change since {prev}"),
        };
        let causes = Self::causes(c, lang);
        match lang {
            Lang::Id => format!(
                "{moved} ({from} → {to}). Penyebab terbesar: {causes}. Pegawai baru {}, keluar {}.",
                c.joiners, c.leavers
            ),
            Lang::En => format!(
                "{moved} ({from} → {to}). Largest causes: {causes}. {} joined, {} left.",
                c.joiners, c.leavers
            ),
        }
    }

    /// Productivity in words: where it went and how much of that came from approved minutes and
    /// how much from target minutes (in percentage points).
    fn productivity_sentence(c: &Change, lang: Lang) -> Option<String> {
        let (before, after) = (c.productivity_prev?, c.productivity?);
        let points = |v: f64| {
            let sign = if v > 0.0 {
                "+"
            } else if v < 0.0 {
                "−"
            } else {
                ""
            };
            format!("{sign}{}", format::decimal(v.abs() * 100.0, 1, lang))
        };
        let (approved, target) = (points(c.from_approved?), points(c.from_target?));
        let (before, after) = (
            format::percent(Some(before), lang),
            format::percent(Some(after), lang),
        );
        Some(match lang {
            Lang::Id => format!(
                "Produktivitas {before} → {after}: {approved} poin dari menit yang disetujui, \
                 {target} poin dari menit target."
            ),
            Lang::En => format!(
                "Productivity {before} → {after}: {approved} points from approved minutes, \
                 {target} points from target minutes."
            ),
        })
    }

    /// The section of a page about unit `id` (`_all` for the organisation), with its waterfall
    /// drawn to `dir/charts/<stem>.png` when `stem` is given. Unit pages without sub-units (a
    /// seksi of a dozen people) get the parts table only: their waterfalls were 13,600 of the
    /// report's 32,300 charts at 100k employees and took it from 34 to 53-60 s.
    pub(crate) fn view(
        &self,
        id: &str,
        name: &str,
        dir: &Path,
        stem: Option<&str>,
        lang: Lang,
    ) -> Result<serde_json::Value, ReportError> {
        let heading = format!(
            "{} {}",
            label("change_heading", lang),
            format::period(&self.prev_period, lang)
        );
        let Some(c) = self.by_unit.get(id).filter(|_| self.available) else {
            let prev = format::period(&self.prev_period, lang);
            let sentence = if self.reason.starts_with("no data for") {
                format!("{} {prev}.", label("change_no_prev", lang))
            } else {
                format!("{} {prev}: {}.", label("change_cannot", lang), self.reason)
            };
            return Ok(serde_json::json!({
                "heading": heading,
                "available": false,
                "sentence": sentence,
                "productivity_sentence": null,
            }));
        };
        let prev = format::period(&self.prev_period, lang);
        let mut labels = vec![prev.clone()];
        labels.extend(PARTS.iter().map(|p| part_label(p, lang).to_string()));
        labels.push(format::period(&self.period, lang));
        let million = |v: i64| v as f64 / 1e6;
        let title = format!("{} — {name}", label("chart_change", lang));
        let chart: Option<ChartView> = match stem {
            Some(stem) => Some(chart(
                dir,
                stem,
                &title,
                label("change_chart_note", lang).to_string(),
                || {
                    charts::waterfall(
                        &title,
                        label("axis_million_rupiah", lang),
                        &labels,
                        million(c.gross_prev),
                        &c.parts.map(million),
                    )
                },
            )?),
            None => None,
        };
        Ok(serde_json::json!({
            "heading": heading,
            "available": true,
            "prev_label": prev,
            "now_label": format::period(&self.period, lang),
            "sentence": self.sentence(c, lang),
            "productivity_sentence": Self::productivity_sentence(c, lang),
            "chart": chart,
            "parts": PARTS.iter().enumerate().map(|(k, p)| serde_json::json!({
                "label": part_label(p, lang),
                "amount": Self::signed(c.parts[k], lang),
                "falls": c.parts[k] < 0,
            })).collect::<Vec<_>>(),
            "gross_prev": format::rupiah(c.gross_prev, lang),
            "gross": format::rupiah(c.gross, lang),
            "delta": Self::signed(c.gross - c.gross_prev, lang),
            "productivity_prev": format::percent(c.productivity_prev, lang),
            "productivity": format::percent(c.productivity, lang),
        }))
    }

    /// The dashboard's table: the `ids` units (the agencies) that moved most, largest |Δ|
    /// first, ties by name, at most `limit`.
    pub(crate) fn movers(
        &self,
        units: &[(String, String, String)],
        limit: usize,
        lang: Lang,
    ) -> Vec<serde_json::Value> {
        if !self.available {
            return Vec::new();
        }
        let mut rows: Vec<(&(String, String, String), &Change)> = units
            .iter()
            .filter_map(|u| Some((u, self.by_unit.get(&u.0)?)))
            .filter(|(_, c)| c.gross != c.gross_prev)
            .collect();
        rows.sort_by_key(|((_, name, _), c)| {
            (
                std::cmp::Reverse((c.gross - c.gross_prev).unsigned_abs()),
                name.clone(),
            )
        });
        rows.into_iter()
            .take(limit)
            .map(|((_, name, href), c)| {
                serde_json::json!({
                    "name": name,
                    "href": href,
                    "gross_prev": format::rupiah(c.gross_prev, lang),
                    "gross": format::rupiah(c.gross, lang),
                    "delta": Self::signed(c.gross - c.gross_prev, lang),
                    "falls": c.gross < c.gross_prev,
                    "causes": Self::causes(c, lang),
                })
            })
            .collect()
    }
}
