//! Records a row carries of another kind (SPEC section 1, `Kind::carries`): an activity row with
//! its own verification yields the approval it describes, with the natural key one from an
//! approvals file would have, so the two merge as one record. A row whose carried record is
//! invalid is rejected whole: half a row is never stored.

use super::detect::ColumnMap;
use super::source::Row;
use super::validate::{Parsed, Reject, Validator};
use crate::schema::{self, Kind};

/// Where a carried record's columns are in the file, and which file columns must all be filled
/// for it to exist.
pub struct CarriedMap {
    pub kind: &'static Kind,
    pub map: ColumnMap,
    when_filled: Vec<Option<usize>>,
    /// The carried columns' headers as the file names them, for the summary.
    when_filled_names: Vec<&'static str>,
}

/// What one row carries.
pub enum Carry {
    /// Nothing: none of the columns that make the record is filled.
    Nothing,
    /// Only some of them are: no record, and the summary says so.
    Partial,
    Record(Parsed),
    Rejected(Vec<Reject>),
}

impl CarriedMap {
    /// The carried record's map, when the file has any of its columns.
    pub fn new(kind: &Kind, map: &ColumnMap) -> Option<CarriedMap> {
        let carries = kind.carries?;
        if map.carried.iter().all(Option::is_none) {
            return None;
        }
        let carried_kind = schema::kind(carries.kind).expect("a carried kind is a kind");
        let own = |name: &str| {
            kind.columns
                .iter()
                .position(|c| c.name == name)
                .and_then(|i| map.index[i])
        };
        let file_column = |name: &str| -> Option<usize> {
            if let Some(j) = carries.columns.iter().position(|c| c.name == name) {
                return map.carried[j];
            }
            match carries.renamed.iter().find(|(to, _)| *to == name) {
                Some((_, from)) => own(from),
                None => own(name),
            }
        };
        Some(CarriedMap {
            kind: carried_kind,
            map: ColumnMap {
                index: carried_kind
                    .columns
                    .iter()
                    .map(|c| file_column(c.name))
                    .collect(),
                ignored: Vec::new(),
                year: None,
                carried: Vec::new(),
            },
            when_filled: carries.when_filled.iter().map(|n| file_column(n)).collect(),
            when_filled_names: carries.when_filled.to_vec(),
        })
    }

    /// The record `row` carries, validated as its kind by `validator` (built on `self.map`).
    pub fn carry(&self, validator: &Validator, row: &Row) -> Carry {
        let filled = self
            .when_filled
            .iter()
            .filter(|at| {
                at.and_then(|i| row.cells.get(i))
                    .is_some_and(|c| !c.is_empty())
            })
            .count();
        if filled == 0 {
            Carry::Nothing
        } else if filled < self.when_filled.len() {
            Carry::Partial
        } else {
            match validator.row(row) {
                Ok(parsed) => Carry::Record(parsed),
                Err(rejects) => Carry::Rejected(rejects),
            }
        }
    }

    /// The summary's note on rows that fill only some of the columns that make a record.
    pub fn partial_note(&self, rows: u64, first_line: u64) -> String {
        format!(
            "{rows} row{} (first on line {first_line}) fill only some of {}: no {} record made \
             for {}",
            if rows == 1 { "" } else { "s" },
            self.when_filled_names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", "),
            self.kind.name,
            if rows == 1 { "it" } else { "them" },
        )
    }
}
