//! One employee's month of exports: targets, evaluation, attendance, activities and approvals,
//! drawn from a generator seeded by (seed, employee, month).

use std::collections::BTreeSet;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::sample::catalogue::*;
use crate::sample::org::{self, Role};
use crate::sample::people::Employee;
use crate::sample::writer::{Field, RecordWriter};
use crate::sample::{SampleOptions, rng_for};

/// A local time on a date.
fn at(date: NaiveDate, minutes: u32) -> NaiveDateTime {
    date.and_time(
        NaiveTime::from_num_seconds_from_midnight_opt(minutes.min(1439) * 60, 0).expect("time"),
    )
}

pub(crate) struct MonthFiles {
    pub(crate) activities: RecordWriter,
    pub(crate) approvals: RecordWriter,
    pub(crate) attendance: RecordWriter,
    pub(crate) targets: RecordWriter,
    pub(crate) evaluations: RecordWriter,
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn write_employee_month(
    opts: &SampleOptions,
    emp: &Employee,
    supervisor_style: u8,
    month: &str,
    month_index: u64,
    workdays: &[NaiveDate],
    holidays: &BTreeSet<NaiveDate>,
    files: &mut MonthFiles,
) -> std::io::Result<()> {
    let mut rng = rng_for(opts.seed, &[emp.index, month_index + 1, 3]);
    let h = emp.habits;
    let nip = || Field::Text(emp.nip.clone());

    // Targets: two or three indicators a month.
    let n_indicators = 2 + (emp.index % 2) as usize;
    let mut indicator_ids = Vec::new();
    for k in 0..n_indicators {
        let (desc, unit, direction) = INDICATORS[(emp.index as usize + k * 2) % INDICATORS.len()];
        let id = format!("RHK-{}-{}-{}", &emp.nip[..8], emp.index, k + 1);
        let target = if direction == "lower" {
            5.0
        } else {
            rng.random_range(12..=28) as f64
        };
        files.targets.row(&[
            Field::Text(id.clone()),
            nip(),
            Field::Text(month.into()),
            Field::Text(desc.into()),
            Field::Num(target),
            Field::Text(unit.into()),
            Field::Text(
                if direction == "lower" {
                    "turun"
                } else {
                    "naik"
                }
                .into(),
            ),
            Field::Int(if k == 0 { 2 } else { 1 }),
        ])?;
        indicator_ids.push(id);
    }

    // Evaluation: most employees are rated each month.
    if rng.random_bool(0.95) {
        let draw = |r: &mut ChaCha8Rng, above: f64, below: f64| {
            let x: f64 = r.random();
            if x < above {
                "di_atas_ekspektasi"
            } else if x < above + below {
                "di_bawah_ekspektasi"
            } else {
                "sesuai_ekspektasi"
            }
        };
        let work = draw(&mut rng, 0.15, 0.08);
        let behaviour = draw(&mut rng, 0.2, 0.04);
        files.evaluations.row(&[
            nip(),
            Field::Text(month.into()),
            Field::Text(work.into()),
            Field::Text(behaviour.into()),
        ])?;
    }

    // Attendance and the days worked.
    let mut worked_days = Vec::new();
    let leave_start = rng
        .random_bool(0.12)
        .then(|| rng.random_range(0..workdays.len().max(1)));
    let leave_len = rng.random_range(2..=4);
    for (d, day) in workdays.iter().enumerate() {
        let on_leave = leave_start.is_some_and(|s| d >= s && d < s + leave_len);
        let x: f64 = rng.random();
        let status = if on_leave {
            "cuti"
        } else if x < 0.015 {
            "sakit"
        } else if x < 0.022 {
            "izin"
        } else if x < 0.026 {
            "tk"
        } else if x < 0.04 {
            "dl"
        } else {
            "hadir"
        };
        if matches!(status, "hadir" | "dl") {
            worked_days.push(*day);
        }
        if h.no_attendance {
            continue;
        }
        let present = status == "hadir";
        let late = if present && rng.random_bool(0.1) {
            rng.random_range(3..=95)
        } else {
            0
        };
        let early = if present && rng.random_bool(0.03) {
            rng.random_range(10..=75)
        } else {
            0
        };
        let missing_checkout = present && rng.random_bool(0.02);
        // A rare typo in the attendance export (a digit dropped): rejected on ingest, kept.
        let nip_field = if d == 0 && emp.index % 997 == 13 {
            Field::Text(emp.nip[..17].to_string())
        } else {
            nip()
        };
        files.attendance.row(&[
            nip_field,
            Field::Date(*day),
            Field::Text(status.into()),
            Field::Int(late),
            Field::Int(early),
            Field::Bool(missing_checkout),
        ])?;
    }
    // Now and then someone logs on a Saturday.
    if rng.random_bool(0.02)
        && let Some(sat) = workdays
            .iter()
            .find(|d| d.weekday() == chrono::Weekday::Fri)
            .and_then(|d| d.succ_opt())
        && !holidays.contains(&sat)
    {
        worked_days.push(sat);
    }

    // Activities and their approvals.
    let last_workdays = &workdays[workdays.len().saturating_sub(2)..];
    let month_end = *workdays.last().unwrap_or(&worked_days[0]);
    let tasks = if emp.place.role == Role::Staff {
        STAFF_TASKS
    } else {
        HEAD_TASKS
    };
    let autofill_task = tasks[rng.random_range(0..tasks.len())];
    let approver = if rng.random_bool(0.002) {
        emp.nip.clone()
    } else {
        emp.supervisor_nip.clone()
    };
    let mut seq = 0u32;
    for day in worked_days {
        let n = rng.random_range(3..=5);
        let day_total: u32 = if h.over_logs {
            rng.random_range(480..=600)
        } else {
            rng.random_range(270..=420)
        };
        let mut clock = 7 * 60 + 30 + rng.random_range(0..30);
        for k in 0..n {
            seq += 1;
            let minutes = if k + 1 == n {
                day_total / n + day_total % n
            } else {
                day_total / n
            };
            let minutes = (minutes as i64 + rng.random_range(-20..=20)).max(15) as u32;
            let (task, unit) = if h.autofill {
                autofill_task
            } else {
                tasks[rng.random_range(0..tasks.len())]
            };
            let description = if h.autofill {
                task.to_string()
            } else {
                format!(
                    "{task} nomor {:03}/{}/{}",
                    rng.random_range(1..999),
                    day.format("%m"),
                    day.year()
                )
            };
            let linked = rng.random_bool(0.6);
            let indicator =
                linked.then(|| indicator_ids[rng.random_range(0..indicator_ids.len())].clone());
            let volume = if rng.random_bool(0.1) {
                1.5
            } else {
                rng.random_range(1..=3) as f64
            };
            let draft = rng.random_bool(0.02);
            let submitted = if h.piles_up {
                at(
                    last_workdays[rng.random_range(0..last_workdays.len())],
                    rng.random_range(16 * 60..21 * 60),
                )
            } else if h.backdates && rng.random_bool(0.3) {
                at(
                    day + Duration::days(rng.random_range(6..=12)),
                    rng.random_range(8 * 60..20 * 60),
                )
            } else {
                at(day, rng.random_range(15 * 60..18 * 60))
            };
            let id = format!("AKT-{}-{:07}-{seq:03}", month.replace('-', ""), emp.index);
            let (start, end) = if h.logs_times {
                (Field::Time(clock), Field::Time(clock + minutes))
            } else {
                (Field::Empty, Field::Empty)
            };
            clock += minutes;
            files.activities.row(&[
                Field::Text(id.clone()),
                nip(),
                Field::Date(day),
                start,
                end,
                if h.logs_times && rng.random_bool(0.5) {
                    Field::Empty
                } else {
                    Field::Int(minutes as i64)
                },
                Field::Text(description),
                indicator.map(Field::Text).unwrap_or(Field::Empty),
                if linked {
                    Field::Num(volume)
                } else {
                    Field::Empty
                },
                Field::Text(unit.into()),
                Field::Text(if draft { "draft" } else { "diajukan" }.into()),
                Field::Stamp(submitted),
            ])?;
            if draft {
                continue;
            }
            let outcome: f64 = rng.random();
            if outcome < 0.04 {
                continue; // never decided: pending
            }
            let decided = match supervisor_style {
                2 => {
                    // Bulk: everything at once on the last workday, two seconds apart.
                    let base = at(month_end, 16 * 60 + 30)
                        + Duration::seconds(
                            (emp.index % org::SEKSI_SIZE) as i64 * 240 + seq as i64 * 2,
                        );
                    base.max(submitted + Duration::hours(1))
                }
                1 => submitted + Duration::minutes(rng.random_range(24 * 60..6 * 24 * 60)),
                _ => submitted + Duration::minutes(rng.random_range(45..30 * 60)),
            };
            let rejected = outcome < 0.07;
            files.approvals.row(&[
                Field::Text(id),
                Field::Text(approver.clone()),
                Field::Text(if rejected { "ditolak" } else { "disetujui" }.into()),
                Field::Stamp(decided),
                if rejected {
                    Field::Text(REJECT_NOTES[rng.random_range(0..REJECT_NOTES.len())].into())
                } else {
                    Field::Empty
                },
            ])?;
        }
    }
    Ok(())
}
