//! Employees another roster file of the snapshot listed in a unit of another agency (SPEC 12: a
//! NIP paid in more than one agency's sheet; marked at ingest, `ingest::listed_twice`). The
//! allowance pays them once, under the unit of the newest file; `attention` lists them so
//! finance checks which agency pays. A second listing in the same agency (a corrected sheet) is
//! not listed.

use polars::prelude::*;

use crate::frames::texts;

use crate::compute::allowance::Attention;
use crate::frames::integers as ints;
use crate::schema::{LISTED_ELSEWHERE, LISTED_ELSEWHERE_UNIT};
use crate::unit_tree::UnitTree;

/// `roster` as prepared (NIPs as numbers), `units` the period's tree.
pub fn attention(roster: &DataFrame, units: &DataFrame) -> PolarsResult<Vec<Attention>> {
    let tree = UnitTree::from_frame(units)?;
    let (nips, names, unit_ids) = (
        ints(roster, "nip")?,
        texts(roster, "name")?,
        texts(roster, "unit_id")?,
    );
    let (others, places) = (
        texts(roster, LISTED_ELSEWHERE_UNIT)?,
        texts(roster, LISTED_ELSEWHERE)?,
    );
    let mut listed = Vec::new();
    for i in 0..roster.height() {
        let (Some(other), Some(unit)) = (&others[i], &unit_ids[i]) else {
            continue;
        };
        if tree.agency(other) == tree.agency(unit) {
            continue;
        }
        listed.push(Attention {
            nip: nips[i].unwrap_or(0),
            name: names[i].clone().unwrap_or_default(),
            unit_id: unit.clone(),
            reason: "listed_twice",
            detail: format!(
                "also listed under {} (agency {}); paid once, here: check which agency pays",
                places[i].clone().unwrap_or_default(),
                tree.agency(other)
            ),
        });
    }
    Ok(listed)
}
