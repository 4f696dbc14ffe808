//! The generated people: NIPs that are valid and unique, Indonesian names, ranks, grades and
//! allowance bases, and the work habits that make the integrity signals realistic.

use chrono::{Datelike, Duration, NaiveDate};
use rand::Rng;

use crate::sample::catalogue::*;
use crate::sample::org::{self, Place, Role};
use crate::sample::{SEKDA_NIP, rng_for};

/// Work habits that shape an employee's log, and so the integrity signals.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Habits {
    /// Submits the whole month in its last days.
    pub(crate) piles_up: bool,
    /// A browser extension fills the same description every day.
    pub(crate) autofill: bool,
    /// Often submits a week or more after the day.
    pub(crate) backdates: bool,
    /// Logs more minutes a day than the cap.
    pub(crate) over_logs: bool,
    /// Logs start and end times rather than minutes.
    pub(crate) logs_times: bool,
    /// The attendance machine never synced.
    pub(crate) no_attendance: bool,
    /// As an approver: 0 prompt, 1 slow, 2 approves in bulk at month end.
    pub(crate) approval_style: u8,
}

pub(crate) struct Employee {
    pub(crate) index: u64,
    pub(crate) nip: String,
    pub(crate) name: String,
    pub(crate) place: Place,
    pub(crate) unit_id: String,
    pub(crate) supervisor_nip: String,
    pub(crate) position: String,
    pub(crate) grade_class: i64,
    pub(crate) rank: String,
    pub(crate) asn_type: &'static str,
    pub(crate) tpp_base: Option<i64>,
    pub(crate) habits: Habits,
}

/// Whether employee `i` is a PPPK: some staff are. Drawn on its own, so that any employee's
/// NIP (a supervisor's too) follows from the index alone.
pub(crate) fn is_pppk(seed: u64, i: u64) -> bool {
    org::place(i).role == Role::Staff && rng_for(seed, &[i, 0, 2]).random_bool(0.15)
}

/// A PNS's NIP (birth date, TMT CPNS year and month, sex, sequence), or for a PPPK a Nomor Induk
/// PPPK, whose digits 13-14 are an appointment code (21-29), not a month.
pub(crate) fn nip_of(seed: u64, i: u64) -> String {
    let mut rng = rng_for(seed, &[i, 0, 1]);
    // (birth day, sequence) is unique per index: 7919 is prime to 11000.
    let birth = NaiveDate::from_ymd_opt(1966, 1, 1).expect("date")
        + Duration::days(((i * 7919) % 11000) as i64);
    let seq = i / 11000 + 1;
    let (year, code) = if is_pppk(seed, i) {
        (rng.random_range(2021..=2025), rng.random_range(21..=29))
    } else {
        (
            (birth.year() + rng.random_range(22..31)).min(2024),
            rng.random_range(1..=12),
        )
    };
    let gender = rng.random_range(1..=2);
    format!(
        "{}{year:04}{code:02}{gender}{seq:03}",
        birth.format("%Y%m%d")
    )
}

pub(crate) fn employee(seed: u64, i: u64) -> Employee {
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
    let pppk = is_pppk(seed, i);
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

pub(crate) fn unit_name(place: &Place) -> String {
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

/// Whether employee `i` is on the roster of month `k` of `months`, so that the change since
/// last month (SPEC section 10) has joiners and leavers: a staff member in 97 (never a head,
/// whose team would lose its supervisor) joins in the second month, another leaves after the
/// second-to-last. With one month everyone is there.
pub(crate) fn on_roster(i: u64, k: usize, months: usize) -> bool {
    if months < 2 || org::place(i).role != org::Role::Staff {
        return true;
    }
    match i % 97 {
        3 => k >= 1,
        5 => k + 1 < months,
        _ => true,
    }
}

/// The employee's own base in month `k` of `months`: one in 13 of those with one gets a 10 %
/// raise (to the next 50,000) in the last month of several.
pub(crate) fn base_in_month(e: &Employee, k: usize, months: usize) -> Option<i64> {
    let raised = months >= 2 && k + 1 == months && e.index.is_multiple_of(13);
    e.tpp_base.map(|b| {
        if raised {
            (b * 11 / 10 + 49_999) / 50_000 * 50_000
        } else {
            b
        }
    })
}

/// The employment status of employee `i` on every roster of `months` (SPEC 12), so that the
/// checks before paying have cases: a retiree from the first day of the last month (not paid
/// then), a death on the 10th of the last month (paid in full, listed), and study leave from
/// eight months before the first month (beyond the six paid months: not paid). Staff only.
pub(crate) fn status(i: u64, months: &[String]) -> Option<(&'static str, chrono::NaiveDate)> {
    if org::place(i).role != org::Role::Staff {
        return None;
    }
    let first_day =
        |period: &str| chrono::NaiveDate::parse_from_str(&format!("{period}-01"), "%Y-%m-%d").ok();
    let last = first_day(months.last()?)?;
    match i % 101 {
        11 => Some(("pensiun", last)),
        13 => Some(("meninggal", last.with_day(10)?)),
        17 => Some((
            "tugas_belajar",
            first_day(months.first()?)?.checked_sub_months(chrono::Months::new(8))?,
        )),
        _ => None,
    }
}

/// The employee's id in SIASN (32 hex digits, as BKN's `pnsDinilaiId` looks), derived from the
/// NIP; one employee in 23 has none on the roster, so the SIASN export leaves some out.
pub(crate) fn siasn_id(i: u64, nip: &str) -> Option<String> {
    use sha2::{Digest, Sha256};
    (i % 23 != 9).then(|| format!("{:X}", Sha256::digest(nip.as_bytes()))[..32].to_string())
}
