//! The SIASN export (SPEC 13): each employee's evaluation for P in the fields and codes of BKN's
//! SIASN "kinerja periodik" (monthly) upload, and every employee left out with the reasons.
//! Only an evaluation ingested for P itself is sent: a predikat derived from attainment or
//! carried from an earlier period is the region's pay rule, not an evaluation. Rows SIASN could
//! not place are left out too: no `siasn_id` (its `pnsDinilaiId`), no supervisor on the roster.

use std::collections::BTreeMap;

use polars::prelude::*;

/// SIASN's code of a rating: 1 above, 2 meets, 3 below expectations.
pub fn rating_code(rating: &str) -> Option<u8> {
    match rating {
        "above" => Some(1),
        "meets" => Some(2),
        "below" => Some(3),
        _ => None,
    }
}

/// SIASN's `kuadranKinerjaNilai`: the predikat of the PermenPANRB 6/2022 matrix (SPEC 4), coded
/// 1 sangat baik, 2 baik, 3 butuh perbaikan, 4 kurang, 5 sangat kurang.
pub fn quadrant(work_result: &str, behaviour: &str) -> Option<u8> {
    Some(match (work_result, behaviour) {
        ("above", "above") => 1,
        ("above" | "meets", "meets") | ("meets", "above") => 2,
        ("below", "meets" | "above") => 3,
        ("above" | "meets", "below") => 4,
        ("below", "below") => 5,
        _ => return None,
    })
}

/// One roster employee as the export reads them.
pub struct Person {
    pub nip: String,
    pub name: String,
    pub unit_id: String,
    pub supervisor_nip: Option<String>,
    pub position: Option<String>,
    pub siasn_id: Option<String>,
}

/// One exported row, in SIASN's field order.
pub struct Row {
    pub nip: String,
    pub pns_dinilai_id: String,
    pub year: i32,
    pub month: u32,
    pub work_result: u8,
    pub behaviour: u8,
    pub quadrant: u8,
    pub supervisor_nip: String,
    pub supervisor_name: String,
    pub supervisor_position: String,
    pub supervisor_unit: String,
}

pub struct Left {
    pub nip: String,
    pub name: String,
    pub unit_id: String,
    pub reason: String,
}

fn text(df: &DataFrame, name: &str) -> PolarsResult<Vec<Option<String>>> {
    if !df.schema().contains(name) {
        // A warehouse ingested before the column existed.
        return Ok(vec![None; df.height()]);
    }
    Ok(df
        .column(name)?
        .cast(&DataType::String)?
        .str()?
        .iter()
        .map(|v| {
            v.map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        })
        .collect())
}

pub fn people(employees: &DataFrame) -> PolarsResult<Vec<Person>> {
    let columns = [
        "nip",
        "name",
        "unit_id",
        "supervisor_nip",
        "position",
        "siasn_id",
    ]
    .map(|c| text(employees, c));
    let [nip, name, unit, supervisor, position, siasn] = columns;
    let (nip, name, unit, supervisor, position, siasn) =
        (nip?, name?, unit?, supervisor?, position?, siasn?);
    Ok((0..employees.height())
        .map(|i| Person {
            nip: nip[i].clone().unwrap_or_default(),
            name: name[i].clone().unwrap_or_default(),
            unit_id: unit[i].clone().unwrap_or_default(),
            supervisor_nip: supervisor[i].clone(),
            position: position[i].clone(),
            siasn_id: siasn[i].clone(),
        })
        .collect())
}

/// (work_result, behaviour) by NIP.
pub fn evaluations(df: &DataFrame) -> PolarsResult<BTreeMap<String, (String, String)>> {
    let (nip, work, behaviour) = (
        text(df, "nip")?,
        text(df, "work_result")?,
        text(df, "behaviour")?,
    );
    Ok((0..df.height())
        .filter_map(|i| {
            Some((
                nip[i].clone()?,
                (
                    work[i].clone().unwrap_or_default(),
                    behaviour[i].clone().unwrap_or_default(),
                ),
            ))
        })
        .collect())
}

/// The exported rows and those left out, each in NIP order.
pub fn rows(
    period: &str,
    roster: &[Person],
    evaluations: &BTreeMap<String, (String, String)>,
    unit_names: &BTreeMap<String, String>,
) -> (Vec<Row>, Vec<Left>) {
    let (year, month) = period
        .split_once('-')
        .and_then(|(y, m)| Some((y.parse().ok()?, m.parse().ok()?)))
        .unwrap_or((0, 0));
    let by_nip: BTreeMap<&str, &Person> = roster.iter().map(|p| (p.nip.as_str(), p)).collect();
    let (mut exported, mut left) = (Vec::new(), Vec::new());
    for person in by_nip.values() {
        let mut reasons = Vec::new();
        let codes = match evaluations.get(&person.nip) {
            None => {
                reasons.push(format!(
                    "no evaluation for {period} in the warehouse (a derived or carried predikat is not an evaluation): ingest the penilaian export for {period}"
                ));
                None
            }
            Some((w, b)) => match (rating_code(w), rating_code(b), quadrant(w, b)) {
                (Some(w), Some(b), Some(q)) => Some((w, b, q)),
                _ => {
                    reasons.push(format!("the evaluation `{w}` / `{b}` is not a rating"));
                    None
                }
            },
        };
        if person.siasn_id.is_none() {
            reasons.push(
                "no siasn_id (id_pns_siasn) on the roster: SIASN could not match the row".into(),
            );
        }
        let supervisor = match &person.supervisor_nip {
            None => {
                reasons.push("no supervisor (nip_atasan) on the roster".into());
                None
            }
            Some(nip) => match by_nip.get(nip.as_str()) {
                Some(s) => Some(*s),
                None => {
                    reasons.push(format!(
                        "the supervisor {nip} is not on the roster of {period}"
                    ));
                    None
                }
            },
        };
        match (codes, supervisor, &person.siasn_id) {
            (Some((w, b, q)), Some(s), Some(id)) if reasons.is_empty() => exported.push(Row {
                nip: person.nip.clone(),
                pns_dinilai_id: id.clone(),
                year,
                month,
                work_result: w,
                behaviour: b,
                quadrant: q,
                supervisor_nip: s.nip.clone(),
                supervisor_name: s.name.clone(),
                supervisor_position: s.position.clone().unwrap_or_default(),
                supervisor_unit: unit_names.get(&s.unit_id).cloned().unwrap_or_default(),
            }),
            _ => left.push(Left {
                nip: person.nip.clone(),
                name: person.name.clone(),
                unit_id: person.unit_id.clone(),
                reason: reasons.join("; "),
            }),
        }
    }
    for nip in evaluations
        .keys()
        .filter(|n| !by_nip.contains_key(n.as_str()))
    {
        left.push(Left {
            nip: nip.clone(),
            name: String::new(),
            unit_id: String::new(),
            reason: format!("evaluated for {period} but not on its roster"),
        });
    }
    left.sort_by(|a, b| a.nip.cmp(&b.nip));
    (exported, left)
}

/// SIASN's field names, in order.
pub const FIELDS: [&str; 16] = [
    "nip",
    "pnsDinilaiId",
    "periodikId",
    "tahun",
    "bulanMulaiPenilaian",
    "bulanSelesaiPenilaian",
    "tahunMulaiPenilaian",
    "tahunSelesaiPenilaian",
    "hasilKinerjaNilai",
    "perilakuKerjaNilai",
    "kuadranKinerjaNilai",
    "penilaiNipNrp",
    "penilaiNama",
    "penilaiJabatanNama",
    "penilaiUnorNama",
    "statusPenilai",
];

pub fn frame(rows: &[Row]) -> PolarsResult<DataFrame> {
    let s = |f: &dyn Fn(&Row) -> String| rows.iter().map(f).collect::<Vec<_>>();
    let n = |f: &dyn Fn(&Row) -> i64| rows.iter().map(f).collect::<Vec<_>>();
    let columns: [Column; 16] = [
        Column::new(FIELDS[0].into(), s(&|r| r.nip.clone())),
        Column::new(FIELDS[1].into(), s(&|r| r.pns_dinilai_id.clone())),
        Column::new(FIELDS[2].into(), n(&|_| 1)),
        Column::new(FIELDS[3].into(), n(&|r| r.year as i64)),
        Column::new(FIELDS[4].into(), n(&|r| r.month as i64)),
        Column::new(FIELDS[5].into(), n(&|r| r.month as i64)),
        Column::new(FIELDS[6].into(), n(&|r| r.year as i64)),
        Column::new(FIELDS[7].into(), n(&|r| r.year as i64)),
        Column::new(FIELDS[8].into(), n(&|r| r.work_result as i64)),
        Column::new(FIELDS[9].into(), n(&|r| r.behaviour as i64)),
        Column::new(FIELDS[10].into(), n(&|r| r.quadrant as i64)),
        Column::new(FIELDS[11].into(), s(&|r| r.supervisor_nip.clone())),
        Column::new(FIELDS[12].into(), s(&|r| r.supervisor_name.clone())),
        Column::new(FIELDS[13].into(), s(&|r| r.supervisor_position.clone())),
        Column::new(FIELDS[14].into(), s(&|r| r.supervisor_unit.clone())),
        Column::new(FIELDS[15].into(), s(&|_| "ASN".to_string())),
    ];
    DataFrame::new(rows.len(), columns.into())
}

/// The rows as SIASN's JSON: an array of objects, numbers as numbers, fields in SIASN's order.
pub fn json(rows: &[Row]) -> String {
    let objects: Vec<String> = rows
        .iter()
        .map(|r| {
            let text = |v: &str| serde_json::to_string(v).expect("serialises");
            let values = [
                text(&r.nip),
                text(&r.pns_dinilai_id),
                "1".into(),
                r.year.to_string(),
                r.month.to_string(),
                r.month.to_string(),
                r.year.to_string(),
                r.year.to_string(),
                r.work_result.to_string(),
                r.behaviour.to_string(),
                r.quadrant.to_string(),
                text(&r.supervisor_nip),
                text(&r.supervisor_name),
                text(&r.supervisor_position),
                text(&r.supervisor_unit),
                text("ASN"),
            ];
            let fields: Vec<String> = FIELDS
                .iter()
                .zip(values)
                .map(|(k, v)| format!("    \"{k}\": {v}"))
                .collect();
            format!("  {{\n{}\n  }}", fields.join(",\n"))
        })
        .collect();
    if objects.is_empty() {
        "[]\n".into()
    } else {
        format!("[\n{}\n]\n", objects.join(",\n"))
    }
}

pub fn left_frame(left: &[Left]) -> PolarsResult<DataFrame> {
    df!(
        "nip" => left.iter().map(|l| l.nip.clone()).collect::<Vec<_>>(),
        "name" => left.iter().map(|l| l.name.clone()).collect::<Vec<_>>(),
        "unit_id" => left.iter().map(|l| l.unit_id.clone()).collect::<Vec<_>>(),
        "reason" => left.iter().map(|l| l.reason.clone()).collect::<Vec<_>>(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_nine_rating_pairs_get_the_spec_matrix_codes() {
        // SPEC 4's matrix, rows work_result, columns behaviour below / meets / above, coded as
        // SPEC 13: 1 sangat_baik, 2 baik, 3 butuh_perbaikan, 4 kurang, 5 sangat_kurang.
        let expected = [
            ("above", [4, 2, 1]),
            ("meets", [4, 2, 2]),
            ("below", [5, 3, 3]),
        ];
        for (work, row) in expected {
            for (behaviour, want) in ["below", "meets", "above"].into_iter().zip(row) {
                assert_eq!(quadrant(work, behaviour), Some(want), "{work}/{behaviour}");
            }
        }
        assert_eq!(
            ["above", "meets", "below"].map(rating_code),
            [Some(1), Some(2), Some(3)]
        );
        assert_eq!(quadrant("baik", "meets"), None);
    }

    #[test]
    fn text_in_the_json_is_escaped_and_numbers_stay_numbers() {
        let row = Row {
            nip: "198609262015051001".into(),
            pns_dinilai_id: "A1".into(),
            year: 2026,
            month: 10,
            work_result: 2,
            behaviour: 1,
            quadrant: 2,
            supervisor_nip: "197501012000031002".into(),
            supervisor_name: "Budi \"Kepala\"".into(),
            supervisor_position: String::new(),
            supervisor_unit: "Dinas".into(),
        };
        let parsed: serde_json::Value = serde_json::from_str(&json(&[row])).unwrap();
        assert_eq!(parsed[0]["penilaiNama"], "Budi \"Kepala\"");
        assert_eq!(parsed[0]["kuadranKinerjaNilai"], 2);
        assert_eq!(parsed[0]["bulanMulaiPenilaian"], 10);
        assert_eq!(json(&[]), "[]\n");
    }
}
