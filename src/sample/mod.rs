//! `kinerja sample`: a deterministic, realistic export set of every record kind for a made-up
//! regency. Everything about an employee-month is drawn from a generator seeded by
//! (seed, employee, month), and the organisation is index arithmetic (`org`), so the output is
//! the same for a seed whatever the order of work, and memory stays flat in the number of
//! employees: rows are written as they are drawn.

pub mod catalogue;
pub mod org;
pub mod writer;

use std::collections::BTreeSet;
use std::path::PathBuf;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::calendar;
use crate::cli::SampleArgs;
use catalogue::*;
use org::{Place, Role};
use writer::{Field, FileFormat, RecordWriter};

/// The regional secretary, who approves the heads of agencies and is not on the roster.
pub const SEKDA_NIP: &str = "196501011990031001";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mix {
    /// Every file as `;` CSV with Indonesian headers and number forms.
    Csv,
    Xlsx,
    Json,
    /// As a real region's exports arrive: rosters and targets in XLSX, activities as `;` CSV,
    /// approvals and evaluations as JSON, attendance as `,` CSV.
    Mixed,
}

#[derive(Debug, Clone)]
pub struct SampleOptions {
    pub employees: u64,
    pub months: Vec<String>,
    pub seed: u64,
    pub mix: Mix,
    pub out: PathBuf,
}

impl SampleOptions {
    pub fn from_args(args: &SampleArgs) -> Result<SampleOptions, String> {
        let mix = match args.format.as_str() {
            "csv" => Mix::Csv,
            "xlsx" => Mix::Xlsx,
            "json" => Mix::Json,
            "mixed" => Mix::Mixed,
            other => return Err(format!("--format `{other}`: use csv, xlsx, json or mixed")),
        };
        if args.employees == 0 {
            return Err("--employees must be at least 1".into());
        }
        Ok(SampleOptions {
            employees: args.employees,
            months: calendar::period_range(&args.months).map_err(|e| format!("--months: {e}"))?,
            seed: args.seed,
            mix,
            out: args.out.clone(),
        })
    }

    fn format_of(&self, kind: &str) -> FileFormat {
        match (self.mix, kind) {
            (Mix::Csv, _) => FileFormat::CsvSemicolon,
            (Mix::Xlsx, _) => FileFormat::Xlsx,
            (Mix::Json, _) => FileFormat::Json,
            (Mix::Mixed, "units" | "employees" | "targets") => FileFormat::Xlsx,
            (Mix::Mixed, "activities" | "sanctions") => FileFormat::CsvSemicolon,
            (Mix::Mixed, "approvals" | "evaluations") => FileFormat::Json,
            (Mix::Mixed, _) => FileFormat::CsvComma,
        }
    }
}

/// splitmix64: independent streams from (seed, employee, month, purpose).
fn mix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn rng_for(seed: u64, parts: &[u64]) -> ChaCha8Rng {
    let mut h = mix64(seed);
    for p in parts {
        h = mix64(h ^ *p);
    }
    ChaCha8Rng::seed_from_u64(h)
}

/// Work habits that shape an employee's log, and so the integrity signals.
#[derive(Debug, Clone, Copy)]
struct Habits {
    /// Submits the whole month in its last days.
    piles_up: bool,
    /// A browser extension fills the same description every day.
    autofill: bool,
    /// Often submits a week or more after the day.
    backdates: bool,
    /// Logs more minutes a day than the cap.
    over_logs: bool,
    /// Logs start and end times rather than minutes.
    logs_times: bool,
    /// The attendance machine never synced.
    no_attendance: bool,
    /// As an approver: 0 prompt, 1 slow, 2 approves in bulk at month end.
    approval_style: u8,
}

struct Employee {
    index: u64,
    nip: String,
    name: String,
    place: Place,
    unit_id: String,
    supervisor_nip: String,
    position: String,
    grade_class: i64,
    rank: String,
    asn_type: &'static str,
    tpp_base: Option<i64>,
    habits: Habits,
}

fn nip_of(seed: u64, i: u64) -> String {
    let mut rng = rng_for(seed, &[i, 0, 1]);
    // (birth day, sequence) is unique per index: 7919 is prime to 11000.
    let birth = NaiveDate::from_ymd_opt(1966, 1, 1).expect("date")
        + Duration::days(((i * 7919) % 11000) as i64);
    let seq = i / 11000 + 1;
    let tmt_year = (birth.year() + rng.random_range(22..31)).min(2024);
    let tmt_month = rng.random_range(1..=12);
    let gender = rng.random_range(1..=2);
    format!(
        "{}{tmt_year:04}{tmt_month:02}{gender}{seq:03}",
        birth.format("%Y%m%d")
    )
}

fn employee(seed: u64, i: u64) -> Employee {
    let mut rng = rng_for(seed, &[i, 0, 0]);
    let nip = nip_of(seed, i);
    let female = &nip[14..15] == "2";
    let first = if female { FEMALE_FIRST } else { MALE_FIRST };
    let name = format!(
        "{} {}",
        first[rng.random_range(0..first.len())],
        LAST[rng.random_range(0..LAST.len())]
    );
    let place = org::place(i);
    let (position, grade_class, rank_group) = match place.role {
        Role::DinasHead => (
            "Kepala Dinas".to_string(),
            rng.random_range(14..=15),
            "IV/c",
        ),
        Role::BidangHead => ("Kepala Bidang".to_string(), 12, "IV/a"),
        Role::SeksiHead => (
            "Kepala Seksi".to_string(),
            rng.random_range(9..=10),
            "III/d",
        ),
        Role::Staff => {
            let titles = [
                "Analis Kebijakan",
                "Pranata Komputer",
                "Pengadministrasi Umum",
                "Arsiparis",
                "Pengelola Data",
                "Penata Layanan Operasional",
            ];
            (
                titles[rng.random_range(0..titles.len())].to_string(),
                rng.random_range(5..=9),
                "",
            )
        }
    };
    let pppk = place.role == Role::Staff && rng.random_bool(0.15);
    let cpns = !pppk && place.role == Role::Staff && rng.random_bool(0.04);
    let rank = if pppk {
        ["V", "VII", "IX", "X"][rng.random_range(0..4)].to_string()
    } else if rank_group.is_empty() {
        ["II/c", "II/d", "III/a", "III/b", "III/c"][rng.random_range(0..5)].to_string()
    } else {
        rank_group.to_string()
    };
    let asn_type = if pppk {
        "PPPK"
    } else if cpns {
        "CPNS"
    } else {
        "PNS"
    };
    // Most rosters carry the amount; some leave it to the grade-class table.
    let tpp_base = rng.random_bool(0.7).then(|| {
        let table = [
            1_800_000, 1_950_000, 2_100_000, 2_300_000, 2_500_000, 2_750_000, 3_000_000, 3_400_000,
            3_900_000, 4_500_000, 5_300_000, 6_300_000, 7_600_000, 9_200_000, 11_500_000,
            14_500_000, 18_500_000,
        ];
        let base = table[(grade_class - 1) as usize] as f64 * rng.random_range(0.9..1.15);
        ((base / 50_000.0).round() * 50_000.0) as i64
    });
    let supervisor_nip = org::supervisor(i)
        .map(|s| nip_of(seed, s))
        .unwrap_or_else(|| SEKDA_NIP.to_string());
    let habits = Habits {
        piles_up: rng.random_bool(0.08),
        autofill: rng.random_bool(0.05),
        backdates: rng.random_bool(0.07),
        over_logs: rng.random_bool(0.05),
        logs_times: rng.random_bool(0.5),
        no_attendance: rng.random_bool(0.01),
        approval_style: match rng.random_range(0..100) {
            0..70 => 0,
            70..90 => 1,
            _ => 2,
        },
    };
    Employee {
        index: i,
        nip,
        name,
        unit_id: org::unit_id(&place),
        place,
        supervisor_nip,
        position,
        grade_class,
        rank,
        asn_type,
        tpp_base,
        habits,
    }
}

fn unit_name(place: &Place) -> String {
    let dinas = DINAS[(place.dinas as usize) % DINAS.len()];
    let round = place.dinas as usize / DINAS.len();
    let dinas = if round == 0 {
        dinas.to_string()
    } else {
        format!("{dinas} Wilayah {}", round + 1)
    };
    match (place.bidang, place.seksi) {
        (None, _) => dinas,
        (Some(b), None) => format!("{} {dinas}", BIDANG[b as usize % BIDANG.len()]),
        (Some(b), Some(s)) => format!(
            "{} {}",
            SEKSI[s as usize % SEKSI.len()],
            BIDANG[b as usize % BIDANG.len()]
        ),
    }
}

fn at(date: NaiveDate, minutes: u32) -> NaiveDateTime {
    date.and_time(
        NaiveTime::from_num_seconds_from_midnight_opt(minutes.min(1439) * 60, 0).expect("time"),
    )
}

struct MonthFiles {
    activities: RecordWriter,
    approvals: RecordWriter,
    attendance: RecordWriter,
    targets: RecordWriter,
    evaluations: RecordWriter,
}

const UNIT_HEADERS: &[&str] = &["Kode Unit", "ID Induk", "Nama Unit", "Periode"];
const EMPLOYEE_HEADERS: &[&str] = &[
    "NIP",
    "Nama",
    "Kode Unit",
    "NIP Atasan",
    "Jabatan",
    "Kelas Jabatan",
    "Golongan",
    "Jenis ASN",
    "Besaran TPP",
    "Periode",
];
const ACTIVITY_HEADERS: &[&str] = &[
    "ID Aktivitas",
    "NIP",
    "Tanggal",
    "Jam Mulai",
    "Jam Selesai",
    "Durasi Menit",
    "Uraian Kegiatan",
    "ID Indikator",
    "Kuantitas",
    "Satuan",
    "Status",
    "Waktu Kirim",
];
const APPROVAL_HEADERS: &[&str] = &[
    "id_aktivitas",
    "nip_atasan",
    "keputusan",
    "waktu_persetujuan",
    "catatan",
];
const ATTENDANCE_HEADERS: &[&str] = &[
    "nip",
    "tanggal",
    "keterangan",
    "terlambat",
    "pulang_cepat",
    "tidak_absen_pulang",
];
const TARGET_HEADERS: &[&str] = &[
    "ID Indikator",
    "NIP",
    "Periode",
    "Indikator",
    "Target",
    "Satuan",
    "Arah",
    "Bobot",
];
const EVALUATION_HEADERS: &[&str] = &["nip", "periode", "hasil_kerja", "perilaku_kerja"];
const HOLIDAY_HEADERS: &[&str] = &["date", "name", "kind"];
const SANCTION_HEADERS: &[&str] = &[
    "NIP",
    "Periode Mulai",
    "Periode Selesai",
    "Jenis Hukuman",
    "Potongan",
];

/// Writes the whole export set; returns the files written.
pub fn generate(opts: &SampleOptions) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(&opts.out)?;
    let holidays: BTreeSet<NaiveDate> = calendar::default_holidays()
        .into_iter()
        .map(|h| h.0)
        .collect();
    let mut written = Vec::new();
    let file = |name: &str| opts.out.join(name);

    let mut w = RecordWriter::create(
        &file("hari_libur_2026"),
        opts.format_of("holidays"),
        HOLIDAY_HEADERS,
        "libur",
    )?;
    for (date, name, kind) in calendar::default_holidays() {
        w.row(&[Field::Date(date), Field::Text(name), Field::Text(kind)])?;
    }
    written.push(w.finish()?);

    let mut sanctions = RecordWriter::create(
        &file("hukuman_disiplin"),
        opts.format_of("sanctions"),
        SANCTION_HEADERS,
        "hukuman",
    )?;
    for i in 0..opts.employees {
        let mut rng = rng_for(opts.seed, &[i, 0, 2]);
        if rng.random_bool(0.005) {
            let start = rng.random_range(0..opts.months.len());
            let end = (start + rng.random_range(0..3)).min(opts.months.len() - 1);
            let (kind, cut) = [
                ("teguran_tertulis", 10.0),
                ("penundaan_kenaikan_gaji_berkala", 20.0),
                ("penurunan_pangkat", 30.0),
            ][rng.random_range(0..3)];
            sanctions.row(&[
                Field::Text(nip_of(opts.seed, i)),
                Field::Text(opts.months[start].clone()),
                Field::Text(opts.months[end].clone()),
                Field::Text(kind.to_string()),
                Field::Num(cut),
            ])?;
        }
    }
    written.push(sanctions.finish()?);

    for (month_index, month) in opts.months.iter().enumerate() {
        written.extend(write_roster(opts, month)?);
        let workdays = calendar::workdays(month, 5, &holidays);
        let stem = |name: &str| file(&format!("{name}_{month}"));
        let mut files = MonthFiles {
            activities: RecordWriter::create(
                &stem("aktivitas"),
                opts.format_of("activities"),
                ACTIVITY_HEADERS,
                "aktivitas",
            )?,
            approvals: RecordWriter::create(
                &stem("persetujuan"),
                opts.format_of("approvals"),
                APPROVAL_HEADERS,
                "persetujuan",
            )?,
            attendance: RecordWriter::create(
                &stem("presensi"),
                opts.format_of("attendance"),
                ATTENDANCE_HEADERS,
                "presensi",
            )?,
            targets: RecordWriter::create(
                &stem("target_skp"),
                opts.format_of("targets"),
                TARGET_HEADERS,
                "target",
            )?,
            evaluations: RecordWriter::create(
                &stem("penilaian"),
                opts.format_of("evaluations"),
                EVALUATION_HEADERS,
                "penilaian",
            )?,
        };
        for i in 0..opts.employees {
            let emp = employee(opts.seed, i);
            let supervisor_style = org::supervisor(i)
                .map(|s| employee(opts.seed, s).habits.approval_style)
                .unwrap_or(0);
            write_employee_month(
                opts,
                &emp,
                supervisor_style,
                month,
                month_index as u64,
                &workdays,
                &holidays,
                &mut files,
            )?;
        }
        for w in [
            files.activities,
            files.approvals,
            files.attendance,
            files.targets,
            files.evaluations,
        ] {
            written.push(w.finish()?);
        }
    }
    Ok(written)
}

fn write_roster(opts: &SampleOptions, month: &str) -> std::io::Result<Vec<PathBuf>> {
    let stem = |name: &str| opts.out.join(format!("{name}_{month}"));
    let mut units =
        RecordWriter::create(&stem("unor"), opts.format_of("units"), UNIT_HEADERS, "unor")?;
    units.row(&[
        Field::Text(org::ROOT_ID.into()),
        Field::Empty,
        Field::Text("Pemerintah Kabupaten Sukamaju".into()),
        Field::Text(month.into()),
    ])?;
    for (id, parent, place) in org::units(opts.employees) {
        units.row(&[
            Field::Text(id),
            parent.map(Field::Text).unwrap_or(Field::Empty),
            Field::Text(unit_name(&place)),
            Field::Text(month.into()),
        ])?;
    }
    let mut employees = RecordWriter::create(
        &stem("pegawai"),
        opts.format_of("employees"),
        EMPLOYEE_HEADERS,
        "pegawai",
    )?;
    for i in 0..opts.employees {
        let e = employee(opts.seed, i);
        employees.row(&[
            Field::Text(e.nip),
            Field::Text(e.name),
            Field::Text(e.unit_id),
            Field::Text(e.supervisor_nip),
            Field::Text(e.position),
            Field::Int(e.grade_class),
            Field::Text(e.rank),
            Field::Text(e.asn_type.into()),
            e.tpp_base.map(Field::Money).unwrap_or(Field::Empty),
            Field::Text(month.into()),
        ])?;
    }
    Ok(vec![units.finish()?, employees.finish()?])
}

#[allow(clippy::too_many_arguments)]
fn write_employee_month(
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
    if rng.random_bool(0.02) {
        if let Some(sat) = workdays
            .iter()
            .find(|d| d.weekday() == chrono::Weekday::Fri)
            .and_then(|d| d.succ_opt())
        {
            if !holidays.contains(&sat) {
                worked_days.push(sat);
            }
        }
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
