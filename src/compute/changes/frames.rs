//! The change tables as frames: `employee_changes` a row per NIP, `changes` a row per unit and
//! scope (and the whole organisation), from the sums `tables` made.

use super::*;

pub(super) struct EmployeeRow {
    pub(super) nip: i64,
    pub(super) name: String,
    pub(super) unit_id: Option<String>,
    pub(super) prev_unit_id: Option<String>,
    pub(super) change: &'static str,
    pub(super) gross_prev: i64,
    pub(super) gross: i64,
    pub(super) money: [i64; 8],
}

pub(super) fn employee_frame(rows: &[EmployeeRow]) -> PolarsResult<DataFrame> {
    let mut columns = vec![
        Column::new("nip".into(), rows.iter().map(|r| r.nip).collect::<Vec<_>>()),
        Column::new(
            "name".into(),
            rows.iter().map(|r| r.name.clone()).collect::<Vec<_>>(),
        ),
        Column::new(
            "unit_id".into(),
            rows.iter().map(|r| r.unit_id.clone()).collect::<Vec<_>>(),
        ),
        Column::new(
            "prev_unit_id".into(),
            rows.iter()
                .map(|r| r.prev_unit_id.clone())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "change".into(),
            rows.iter().map(|r| r.change).collect::<Vec<_>>(),
        ),
        Column::new(
            "moved".into(),
            rows.iter()
                .map(|r| {
                    r.unit_id.is_some() && r.prev_unit_id.is_some() && r.unit_id != r.prev_unit_id
                })
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "gross_prev".into(),
            rows.iter().map(|r| r.gross_prev).collect::<Vec<_>>(),
        ),
        Column::new(
            "gross".into(),
            rows.iter().map(|r| r.gross).collect::<Vec<_>>(),
        ),
        Column::new(
            "delta_gross".into(),
            rows.iter()
                .map(|r| r.gross - r.gross_prev)
                .collect::<Vec<_>>(),
        ),
    ];
    for (k, part) in PARTS.iter().enumerate() {
        columns.push(Column::new(
            format!("delta_{part}").into(),
            rows.iter().map(|r| r.money[k]).collect::<Vec<_>>(),
        ));
    }
    DataFrame::new(rows.len(), columns)
}

/// One of an `Acc`'s minute parts.
type MinutesOf = dyn Fn(&Acc) -> i64;

fn ratio(a: i64, b: i64) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

pub(super) fn unit_frame(
    months: &Months,
    has_prev: bool,
    now: &HashMap<i64, Person>,
    keyed: &[(String, &'static str, Option<&Acc>)],
    empty: &Acc,
) -> PolarsResult<DataFrame> {
    // Without P−1 the period's own totals still show, beside empty changes.
    let mut alone: HashMap<(String, &str), Acc> = HashMap::new();
    if !has_prev {
        let tree = UnitTree::from_frame(months.units)?;
        for person in now.values() {
            let path = tree.path(&person.unit_id);
            let mut add = |key: (String, &'static str)| {
                let acc = alone.entry(key).or_default();
                acc.employees += 1;
                acc.gross += person.gross;
                add_minutes(&mut acc.now, &person.minutes);
            };
            add(("_all".into(), "all"));
            add((person.unit_id.clone(), "direct"));
            for unit in path {
                add((unit.to_string(), "rollup"));
            }
        }
    }
    let acc_of = |i: usize| -> &Acc {
        let (unit, scope, acc) = &keyed[i];
        if has_prev {
            acc.unwrap_or(empty)
        } else {
            alone.get(&(unit.clone(), *scope)).unwrap_or(empty)
        }
    };
    let n = keyed.len();
    let accs: Vec<&Acc> = (0..n).map(acc_of).collect();
    let when = |v: i64| has_prev.then_some(v);
    let opt = |f: &dyn Fn(&Acc) -> i64| accs.iter().map(|a| when(f(a))).collect::<Vec<_>>();
    let all = |f: &dyn Fn(&Acc) -> i64| accs.iter().map(|a| f(a)).collect::<Vec<_>>();
    // Productivity against P−1's target: the approved-minutes part and the target part.
    let prod = |f: &dyn Fn(&Acc) -> Option<f64>| {
        accs.iter()
            .map(|a| if has_prev { f(a) } else { None })
            .collect::<Vec<_>>()
    };
    let per_prev_target = |m: i64, a: &Acc| ratio(m, a.prev.target);
    let mut columns = vec![
        Column::new(
            "unit_id".into(),
            keyed.iter().map(|k| k.0.clone()).collect::<Vec<_>>(),
        ),
        Column::new(
            "scope".into(),
            keyed.iter().map(|k| k.1).collect::<Vec<_>>(),
        ),
        Column::new("period".into(), vec![months.period; n]),
        Column::new("prev_period".into(), vec![months.prev_period; n]),
        Column::new("prev_available".into(), vec![has_prev; n]),
        Column::new("employees_prev".into(), opt(&|a| a.employees_prev)),
        Column::new("employees".into(), all(&|a| a.employees)),
        Column::new("joiners".into(), opt(&|a| a.joiners)),
        Column::new("leavers".into(), opt(&|a| a.leavers)),
        Column::new("gross_prev".into(), opt(&|a| a.gross_prev)),
        Column::new("gross".into(), all(&|a| a.gross)),
        Column::new("delta_gross".into(), opt(&|a| a.gross - a.gross_prev)),
    ];
    for (k, part) in PARTS.iter().enumerate() {
        columns.push(Column::new(
            format!("delta_{part}").into(),
            opt(&|a| a.parts[k]),
        ));
    }
    columns.extend([
        Column::new("approved_min_prev".into(), opt(&|a| a.prev.approved)),
        Column::new("approved_min".into(), all(&|a| a.now.approved)),
        Column::new("target_min_prev".into(), opt(&|a| a.prev.target)),
        Column::new("target_min".into(), all(&|a| a.now.target)),
        Column::new(
            "productivity_prev".into(),
            prod(&|a| ratio(a.prev.approved, a.prev.target)),
        ),
        Column::new(
            "productivity".into(),
            accs.iter()
                .map(|a| ratio(a.now.approved, a.now.target))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "productivity_change".into(),
            prod(&|a| {
                Some(ratio(a.now.approved, a.now.target)? - ratio(a.prev.approved, a.prev.target)?)
            }),
        ),
        Column::new(
            "productivity_from_approved".into(),
            prod(&|a| per_prev_target(a.now.approved - a.prev.approved, a)),
        ),
        Column::new(
            "productivity_from_target".into(),
            prod(&|a| {
                Some(ratio(a.now.approved, a.now.target)? - per_prev_target(a.now.approved, a)?)
            }),
        ),
    ]);
    let minute_parts: [(&str, &MinutesOf); 6] = [
        ("joiners", &|a| a.minutes_joiners),
        ("leavers", &|a| a.minutes_leavers),
        ("logged", &|a| a.minutes_logged),
        ("late_excluded", &|a| a.minutes_late),
        ("rejected", &|a| a.minutes_rejected),
        ("pending", &|a| a.minutes_pending),
    ];
    for (name, f) in minute_parts {
        columns.push(Column::new(format!("approved_min_{name}").into(), opt(f)));
    }
    for (name, f) in minute_parts {
        columns.push(Column::new(
            format!("productivity_{name}").into(),
            prod(&|a| per_prev_target(f(a), a)),
        ));
    }
    let causes: Vec<Vec<(&str, i64)>> = accs.iter().map(|a| top_causes(&a.parts)).collect();
    for k in 0..3 {
        columns.push(Column::new(
            format!("cause_{}", k + 1).into(),
            causes
                .iter()
                .map(|c| c.get(k).map(|x| x.0))
                .collect::<Vec<_>>(),
        ));
    }
    columns.push(Column::new(
        "top_causes".into(),
        causes
            .iter()
            .map(|c| {
                if let Err(why) = &months.prev {
                    return why.clone();
                }
                c.iter()
                    .map(|(part, v)| format!("{part} {v:+}"))
                    .collect::<Vec<_>>()
                    .join("; ")
            })
            .collect::<Vec<_>>(),
    ));
    DataFrame::new(n, columns)
}
