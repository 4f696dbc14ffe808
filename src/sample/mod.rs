//! `kinerja sample`: a deterministic, realistic export set of every record kind for a made-up
//! regency. Everything about an employee-month is drawn from a generator seeded by
//! (seed, employee, month), and the organisation is index arithmetic (`org`), so the output is
//! the same for a seed whatever the order of work, and memory stays flat in the number of
//! employees: rows are written as they are drawn.

pub mod catalogue;
pub mod month;
pub mod org;
pub mod people;
pub mod writer;

use std::collections::BTreeSet;
use std::path::PathBuf;

use chrono::NaiveDate;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::calendar;
use crate::cli::SampleArgs;
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
            // As real systems give them: a unit list printed as a report, evaluations as SIASN's
            // API answers them.
            (Mix::Mixed, "units") => FileFormat::XlsxReport,
            (Mix::Mixed, "employees" | "targets") => FileFormat::Xlsx,
            (Mix::Mixed, "activities" | "sanctions") => FileFormat::CsvSemicolon,
            (Mix::Mixed, "approvals") => FileFormat::Json,
            (Mix::Mixed, "evaluations") => FileFormat::JsonApi,
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

pub(crate) fn rng_for(seed: u64, parts: &[u64]) -> ChaCha8Rng {
    let mut h = mix64(seed);
    for p in parts {
        h = mix64(h ^ *p);
    }
    ChaCha8Rng::seed_from_u64(h)
}

const UNIT_HEADERS: &[&str] = &["Kode Unit", "ID Induk", "Nama Unit", "Periode"];
const UNIT_RATING_HEADERS: &[&str] = &["Kode Unit", "Periode", "Predikat Organisasi"];
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
    "Status Kepegawaian",
    "TMT Status",
    "ID PNS SIASN",
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
                Field::Text(people::nip_of(opts.seed, i)),
                Field::Text(opts.months[start].clone()),
                Field::Text(opts.months[end].clone()),
                Field::Text(kind.to_string()),
                Field::Num(cut),
            ])?;
        } else if i % 150 == 7 && opts.months.len() >= 2 {
            // A sanction that starts in the last month, so the change since last month has one.
            let last = opts.months[opts.months.len() - 1].clone();
            sanctions.row(&[
                Field::Text(people::nip_of(opts.seed, i)),
                Field::Text(last.clone()),
                Field::Text(last),
                Field::Text("teguran_tertulis".into()),
                Field::Num(10.0),
            ])?;
        }
    }
    written.push(sanctions.finish()?);

    for (month_index, month) in opts.months.iter().enumerate() {
        written.extend(write_roster(opts, month)?);
        let workdays = calendar::workdays(month, 5, &holidays);
        let stem = |name: &str| file(&format!("{name}_{month}"));
        let mut files = month::MonthFiles {
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
            if !people::on_roster(i, month_index, opts.months.len()) {
                continue;
            }
            let emp = people::employee(opts.seed, i);
            let supervisor_style = org::supervisor(i)
                .map(|s| people::employee(opts.seed, s).habits.approval_style)
                .unwrap_or(0);
            month::write_employee_month(
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
            Field::Text(people::unit_name(&place)),
            Field::Text(month.into()),
        ])?;
    }
    // Organisational predikat (SPEC section 9): every top-level unit and every third sub-unit,
    // so that some sub-units take their own employees out of their agency's curve.
    let mut ratings = RecordWriter::create(
        &stem("predikat_organisasi"),
        opts.format_of("unit_ratings"),
        UNIT_RATING_HEADERS,
        "predikat_organisasi",
    )?;
    for (k, (id, parent, _)) in org::units(opts.employees).enumerate() {
        let top = parent.as_deref() == Some(org::ROOT_ID);
        if !top && k % 3 != 0 {
            continue;
        }
        let mut rng = rng_for(opts.seed, &[k as u64, 0, 9]);
        let org_predikat = match rng.random_range(0..10) {
            0..=2 => "Istimewa",
            3..=7 => "Baik",
            _ => "Butuh Perbaikan",
        };
        ratings.row(&[
            Field::Text(id),
            Field::Text(month.into()),
            Field::Text(org_predikat.into()),
        ])?;
    }
    let mut employees = RecordWriter::create(
        &stem("pegawai"),
        opts.format_of("employees"),
        EMPLOYEE_HEADERS,
        "pegawai",
    )?;
    let k = opts.months.iter().position(|m| m == month).unwrap_or(0);
    for i in 0..opts.employees {
        if !people::on_roster(i, k, opts.months.len()) {
            continue;
        }
        let e = people::employee(opts.seed, i);
        let tpp_base = people::base_in_month(&e, k, opts.months.len());
        let status = people::status(i, &opts.months);
        let siasn_id = people::siasn_id(i, &e.nip);
        employees.row(&[
            Field::Text(e.nip),
            Field::Text(e.name),
            Field::Text(e.unit_id),
            Field::Text(e.supervisor_nip),
            Field::Text(e.position),
            Field::Int(e.grade_class),
            Field::Text(e.rank),
            Field::Text(e.asn_type.into()),
            tpp_base.map(Field::Money).unwrap_or(Field::Empty),
            status
                .map(|s| Field::Text(s.0.into()))
                .unwrap_or(Field::Empty),
            status.map(|s| Field::Date(s.1)).unwrap_or(Field::Empty),
            siasn_id.map(Field::Text).unwrap_or(Field::Empty),
            Field::Text(month.into()),
        ])?;
    }
    Ok(vec![
        units.finish()?,
        ratings.finish()?,
        employees.finish()?,
    ])
}
