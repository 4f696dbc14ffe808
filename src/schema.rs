//! The record kinds of SPEC section 1 as one table: columns, aliases, value types, natural keys and
//! how each kind is partitioned. Parsing, validation, the warehouse layout and `--help` text all
//! read this table; nothing else lists columns.

use crate::vocab::{self, Vocab};

/// How a column's text becomes a typed value (and which Parquet type stores it).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ValueType {
    /// Free text (names, descriptions, ids): Utf8.
    Text,
    /// 18-digit NIP, validated: Utf8.
    Nip,
    /// Calendar date: Date.
    Date,
    /// Date and time, stored as UTC: Datetime(µs).
    Timestamp,
    /// Time of day, stored as minutes after midnight: Int32.
    TimeOfDay,
    /// `YYYY-MM`: Utf8.
    Period,
    /// A whole number within an inclusive range: Int32.
    Int { min: i64, max: i64 },
    /// A decimal number (`volume`, `target`, `weight`), 0 or more, strictly positive when
    /// `positive`: Int64 in millionths (1.5 → 1,500,000), exactly as written (at most 6 places,
    /// checked), never through a float. Compute sums and compares them as integers.
    Decimal { positive: bool },
    /// Percent in 0–100 that money depends on (`cut_pct`): Int64 in millionths of a percent
    /// (2.5 % → 2,500,000), like `Decimal`.
    Percent,
    /// Whole rupiah: Int64.
    Money,
    /// Yes/no: Boolean.
    Bool,
    /// A word from a vocabulary, stored canonical: Utf8.
    Word(Vocab),
}

#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    /// Headers that fill the column only when no other header does: a unit's code (`kode_unit`)
    /// is its id in a file without one, and a code beside it in a file keyed by `id`, whose
    /// parents and employees name the `id`.
    pub fallbacks: &'static [&'static str],
    pub ty: ValueType,
    pub required: bool,
}

/// Which value decides the `period=YYYY-MM` partition a row lands in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PartitionBy {
    /// The month of a date or timestamp column (local time for timestamps).
    MonthOf(&'static str),
    /// A period column.
    Period(&'static str),
    /// A roster snapshot: the `period` column or `--as-of`.
    Snapshot,
}

#[derive(Debug, Clone, Copy)]
pub struct Kind {
    pub name: &'static str,
    /// File-name stems (normalised) that name this kind: `aktivitas_2026_10.csv` → activities.
    pub file_stems: &'static [&'static str],
    pub columns: &'static [Column],
    /// Natural key; for snapshots the snapshot period is part of it implicitly.
    pub key: &'static [&'static str],
    pub partition: PartitionBy,
    /// The column each partition is stored sorted by (ascending; see `warehouse::parquet::SORTED_BY`),
    /// so that compute joins activities to their approvals by merging the two instead of hashing
    /// every id text.
    pub sorted_by: Option<&'static str>,
    /// Records of another kind a row may carry beside its own (SPEC section 1: an activity row
    /// with its own verification yields the approval it describes).
    pub carries: Option<&'static Carried>,
}

/// Another kind's record carried on a row: that kind's columns, each read from the row's column
/// of the same name, from `renamed` (another column of the row), or from `columns` (columns of
/// the row that are not its own kind's and are stored only in the carried record).
#[derive(Debug)]
pub struct Carried {
    pub kind: &'static str,
    pub columns: &'static [Column],
    /// (carried kind's column, the row's column it is read from).
    pub renamed: &'static [(&'static str, &'static str)],
    /// The carried record exists when all of these are filled; with only some, it does not, and
    /// the ingest summary says so.
    pub when_filled: &'static [&'static str],
}

const fn col(
    name: &'static str,
    aliases: &'static [&'static str],
    ty: ValueType,
    required: bool,
) -> Column {
    Column {
        name,
        aliases,
        fallbacks: &[],
        ty,
        required,
    }
}

impl Column {
    const fn or_from(mut self, fallbacks: &'static [&'static str]) -> Column {
        self.fallbacks = fallbacks;
        self
    }
}

use ValueType::*;

const NIP_ALIASES: &[&str] = &["nip_pegawai", "nip_baru"];
const PERIOD_ALIASES: &[&str] = &["periode", "bulan"];
const GRADE: ValueType = Int { min: 1, max: 17 };
const MINUTES: ValueType = Int { min: 0, max: 1440 };

pub const KINDS: &[Kind] = &[
    Kind {
        name: "units",
        file_stems: &["units", "unit", "unor", "unit_kerja", "opd", "satuan_kerja"],
        columns: &[
            col(
                "unit_id",
                &["id_unor", "id", "id_unit", "unor_id"],
                Text,
                true,
            )
            .or_from(&["kode_unit", "kode_unor"]),
            col("parent_id", &["id_induk", "induk"], Text, false),
            col("name", &["nama_unit", "unit_kerja"], Text, true),
            col("period", PERIOD_ALIASES, Period, false),
        ],
        key: &["unit_id"],
        partition: PartitionBy::Snapshot,
        sorted_by: None,
        carries: None,
    },
    Kind {
        name: "employees",
        file_stems: &["employees", "employee", "pegawai", "asn", "data_pegawai"],
        columns: &[
            col("nip", NIP_ALIASES, Nip, true),
            col(
                "name",
                &["nama", "nama_pegawai", "nama_lengkap"],
                Text,
                true,
            ),
            col(
                "unit_id",
                &["id_unor", "unor_id", "unit_kerja_id", "id_unit_kerja"],
                Text,
                true,
            )
            .or_from(&["kode_unit", "kode_unor"]),
            col("supervisor_nip", &["nip_atasan"], Nip, false),
            col(
                "position",
                &["jabatan", "jabatan_nama", "nama_jabatan"],
                Text,
                false,
            ),
            col("grade_class", &["kelas_jabatan"], GRADE, false),
            col(
                "rank",
                &[
                    "golongan",
                    "pangkat_golongan",
                    "gol_ruang_akhir",
                    "golongan_ruang",
                ],
                Text,
                false,
            ),
            col("asn_type", &["jenis_asn"], Word(vocab::ASN_TYPE), false),
            col("tpp_base", &["besaran_tpp", "pagu_tpp"], Money, false),
            col(
                "status",
                &["status_kepegawaian", "status_pegawai"],
                Word(vocab::EMPLOYEE_STATUS),
                false,
            ),
            col("status_from", &["tmt_status"], Date, false),
            // The employee's id in SIASN (BKN's `pnsDinilaiId`), for the SIASN export.
            col(
                "siasn_id",
                &["id_pns_siasn", "pns_id", "id_pns"],
                Text,
                false,
            ),
            // Set by ingest, never read from a file (`ingest::listed_twice`): the unit and the
            // file line of another roster file of the snapshot that lists this NIP in another unit.
            col(LISTED_ELSEWHERE_UNIT, &[], Text, false),
            col(LISTED_ELSEWHERE, &[], Text, false),
            col("period", PERIOD_ALIASES, Period, false),
        ],
        key: &["nip"],
        partition: PartitionBy::Snapshot,
        sorted_by: None,
        carries: None,
    },
    Kind {
        name: "activities",
        file_stems: &[
            "activities",
            "activity",
            "aktivitas",
            "kegiatan",
            "laporan_harian",
            "progres",
        ],
        columns: &[
            col(
                "activity_id",
                &[
                    "id_aktivitas",
                    "id",
                    "id_laporan_kerja_harian",
                    "id_kegiatan",
                ],
                Text,
                true,
            ),
            col("nip", NIP_ALIASES, Nip, true),
            col("date", &["tanggal"], Date, true),
            col("start_time", &["jam_mulai"], TimeOfDay, false),
            col("end_time", &["jam_selesai"], TimeOfDay, false),
            col(
                "duration_min",
                &["durasi", "durasi_menit", "waktu_efektif", "wpt"],
                Int { min: 1, max: 1440 },
                false,
            ),
            col(
                "description",
                &[
                    "uraian",
                    "kegiatan",
                    "uraian_kegiatan",
                    "rincian_kegiatan",
                    "kegiatan_harian_skp",
                ],
                Text,
                true,
            ),
            col(
                "indicator_id",
                &["id_indikator", "id_rhk", "rhk_id"],
                Text,
                false,
            ),
            col(
                "volume",
                &["kuantitas", "jumlah"],
                Decimal { positive: false },
                false,
            ),
            col("output_unit", &["satuan"], Text, false),
            col(
                "status",
                &["status_verifikasi"],
                Word(vocab::DECISION),
                false,
            ),
            col(
                "submitted_at",
                &["waktu_kirim", "tanggal_kirim"],
                Timestamp,
                false,
            ),
        ],
        key: &["activity_id"],
        partition: PartitionBy::MonthOf("date"),
        sorted_by: Some("activity_id"),
        carries: Some(&ACTIVITY_VERIFICATION),
    },
    Kind {
        name: "approvals",
        file_stems: &[
            "approvals",
            "approval",
            "persetujuan",
            "verifikasi",
            "penilaian_atasan",
        ],
        columns: &[
            col("activity_id", &["id_aktivitas"], Text, true),
            col(
                "approver_nip",
                &["nip_atasan", "nip_penilai", "nip_verifikator"],
                Nip,
                true,
            ),
            col(
                "decision",
                &[
                    "keputusan",
                    "status",
                    "status_verifikasi",
                    "status_persetujuan",
                ],
                Word(vocab::DECISION),
                true,
            ),
            col(
                "decided_at",
                &[
                    "waktu_persetujuan",
                    "tanggal_persetujuan",
                    "waktu_verifikasi",
                    "tanggal_verifikasi",
                    "verified_at",
                ],
                Timestamp,
                true,
            ),
            col("note", &["catatan", "alasan_penolakan"], Text, false),
        ],
        key: &["activity_id", "approver_nip", "decided_at"],
        partition: PartitionBy::MonthOf("decided_at"),
        sorted_by: Some("activity_id"),
        carries: None,
    },
    Kind {
        name: "targets",
        file_stems: &["targets", "target", "skp", "rhk", "indikator", "target_skp"],
        columns: &[
            col(
                "indicator_id",
                &["id_indikator", "id_rhk", "rhk_id"],
                Text,
                true,
            ),
            col("nip", NIP_ALIASES, Nip, true),
            col("period", PERIOD_ALIASES, Period, true),
            col("description", &["indikator"], Text, false),
            col(
                "target",
                &["target_bulanan"],
                Decimal { positive: true },
                true,
            ),
            col("output_unit", &["satuan"], Text, false),
            col("direction", &["arah"], Word(vocab::DIRECTION), false),
            col("weight", &["bobot"], Decimal { positive: true }, false),
        ],
        key: &["indicator_id", "period"],
        partition: PartitionBy::Period("period"),
        sorted_by: None,
        carries: None,
    },
    Kind {
        name: "evaluations",
        file_stems: &[
            "evaluations",
            "evaluation",
            "evaluasi",
            "penilaian",
            "penilaian_kinerja",
        ],
        columns: &[
            col("nip", NIP_ALIASES, Nip, true),
            col("period", PERIOD_ALIASES, Period, true),
            // SIASN's `hasilKinerjaNilai` / `perilakuKerjaNilai` hold the codes 1/2/3.
            col(
                "work_result",
                &["hasil_kerja", "hasil_kinerja", "hasil_kinerja_nilai"],
                Word(vocab::RATING),
                true,
            ),
            col(
                "behaviour",
                &["perilaku_kerja", "perilaku", "perilaku_kerja_nilai"],
                Word(vocab::RATING),
                true,
            ),
        ],
        key: &["nip", "period"],
        partition: PartitionBy::Period("period"),
        sorted_by: None,
        carries: None,
    },
    Kind {
        name: "attendance",
        file_stems: &["attendance", "presensi", "absensi", "kehadiran"],
        columns: &[
            col("nip", NIP_ALIASES, Nip, true),
            col("date", &["tanggal"], Date, true),
            col("status", &["keterangan"], Word(vocab::ATTENDANCE), true),
            col(
                "late_min",
                &["terlambat", "menit_terlambat", "masuk_telat", "telat"],
                MINUTES,
                false,
            ),
            col("early_leave_min", &["pulang_cepat"], MINUTES, false),
            col("missing_checkout", &["tidak_absen_pulang"], Bool, false),
        ],
        key: &["nip", "date"],
        partition: PartitionBy::MonthOf("date"),
        sorted_by: None,
        carries: None,
    },
    Kind {
        name: "holidays",
        file_stems: &[
            "holidays",
            "holiday",
            "libur",
            "hari_libur",
            "libur_nasional",
        ],
        columns: &[
            col("date", &["tanggal"], Date, true),
            col("name", &["keterangan", "nama"], Text, true),
            col("kind", &["jenis"], Word(vocab::HOLIDAY_KIND), false),
        ],
        key: &["date"],
        partition: PartitionBy::MonthOf("date"),
        sorted_by: None,
        carries: None,
    },
    Kind {
        name: "unit_ratings",
        file_stems: &[
            "unit_ratings",
            "unit_rating",
            "predikat_organisasi",
            "capaian_organisasi",
        ],
        columns: &[
            col(
                "unit_id",
                &[
                    "id_unor",
                    "unor_id",
                    "unit_kerja_id",
                    "id_unit_kerja",
                    "id_unit",
                ],
                Text,
                true,
            )
            .or_from(&["kode_unit", "kode_unor"]),
            col("period", PERIOD_ALIASES, Period, true),
            col(
                "org_predikat",
                &[
                    "predikat_organisasi",
                    "capaian_kinerja_organisasi",
                    "predikat",
                ],
                Word(vocab::ORG_PREDIKAT),
                true,
            ),
        ],
        key: &["unit_id", "period"],
        partition: PartitionBy::Period("period"),
        sorted_by: None,
        carries: None,
    },
    Kind {
        name: "sanctions",
        file_stems: &[
            "sanctions",
            "sanction",
            "sanksi",
            "hukuman",
            "hukuman_disiplin",
            "hukdis",
        ],
        columns: &[
            col("nip", NIP_ALIASES, Nip, true),
            col("period_from", &["periode_mulai", "mulai"], Period, true),
            col("period_to", &["periode_selesai", "selesai"], Period, true),
            col("kind", &["jenis_hukuman"], Text, false),
            col("cut_pct", &["potongan", "persen_potongan"], Percent, true),
        ],
        key: &["nip", "period_from", "kind"],
        partition: PartitionBy::Period("period_from"),
        sorted_by: None,
        carries: None,
    },
];

/// An activity row's own verification, as several regional systems keep it (no approvals file):
/// who verified it and when, its decision being the row's status (SPEC section 1).
pub const ACTIVITY_VERIFICATION: Carried = Carried {
    kind: "approvals",
    columns: &[
        col(
            "approver_nip",
            &["nip_verifikator", "nip_penilai"],
            Nip,
            false,
        ),
        col(
            "decided_at",
            &["waktu_verifikasi", "tanggal_verifikasi", "verified_at"],
            Timestamp,
            false,
        ),
        col(
            "note",
            &[
                "alasan_penolakan",
                "catatan_verifikasi",
                "catatan_verifikator",
            ],
            Text,
            false,
        ),
    ],
    renamed: &[("decision", "status")],
    when_filled: &["approver_nip", "decided_at"],
};

/// The unit id of the root that compute counts employees under whose unit is not in the unit
/// tree (SPEC section 6); ingest refuses it as a real unit's id.
pub const UNKNOWN_UNIT_ID: &str = "_unknown";

pub fn kind(name: &str) -> Option<&'static Kind> {
    KINDS.iter().find(|k| k.name == name)
}

pub fn kind_names() -> String {
    KINDS.iter().map(|k| k.name).collect::<Vec<_>>().join(", ")
}

impl Kind {
    pub fn column(&self, name: &str) -> Option<&'static Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// A column of the record this kind's rows may carry (`carries`).
    pub fn carried_column(&self, name: &str) -> Option<&'static Column> {
        self.carries?.columns.iter().find(|c| c.name == name)
    }

    /// Columns stored in the Parquet files: all but `period`, which the hive partition path
    /// (`period=2026-10/`) carries, so no reader sees it twice.
    pub fn stored_columns(&self) -> impl Iterator<Item = &'static Column> {
        self.columns.iter().filter(|c| c.name != "period")
    }

    /// The natural key as stored: snapshot kinds are keyed within their snapshot period.
    pub fn full_key(&self) -> Vec<&'static str> {
        let mut key = self.key.to_vec();
        if matches!(
            self.partition,
            PartitionBy::Snapshot | PartitionBy::Period("period")
        ) && !key.contains(&"period")
        {
            key.push("period");
        }
        key
    }
}

impl Column {
    /// Does a normalised header name this column?
    pub fn matches(&self, header: &str) -> bool {
        self.name == header || self.aliases.contains(&header) || self.fallbacks.contains(&header)
    }

    /// The column's name, aliases and fallbacks.
    pub fn names(&self) -> impl Iterator<Item = &'static str> {
        std::iter::once(self.name)
            .chain(self.aliases.iter().copied())
            .chain(self.fallbacks.iter().copied())
    }

    pub fn expected_names(&self) -> String {
        self.names().collect::<Vec<_>>().join(", ")
    }
}

/// Bookkeeping columns added to every stored row: where it came from.
pub const SOURCE_COL: &str = "_source";
/// Employees' columns that ingest fills (`ingest::listed_twice`); a header of that name is ignored.
pub const LISTED_ELSEWHERE_UNIT: &str = "_listed_elsewhere_unit";
pub const LISTED_ELSEWHERE: &str = "_listed_elsewhere";
pub const LINE_COL: &str = "_line";
pub const INGEST_COL: &str = "_ingest";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_column_is_a_required_column_of_its_kind() {
        for kind in KINDS {
            for key in kind.key {
                let column = kind
                    .column(key)
                    .unwrap_or_else(|| panic!("{}.{key}", kind.name));
                assert!(
                    column.required || *key == "kind",
                    "{}.{key} must be required",
                    kind.name
                );
            }
        }
    }

    #[test]
    fn aliases_are_normalised_and_unique_within_a_kind() {
        for kind in KINDS {
            let mut seen = std::collections::HashSet::new();
            for column in kind.columns {
                for name in std::iter::once(&column.name).chain(column.aliases) {
                    // Columns ingest fills itself start with `_`, which no header normalises to.
                    if !name.starts_with('_') {
                        assert_eq!(crate::values::normalize_token(name), *name);
                    } else {
                        assert_ne!(crate::values::normalize_token(name), *name);
                    }
                    assert!(
                        seen.insert(*name),
                        "{}: `{name}` names two columns",
                        kind.name
                    );
                }
            }
        }
    }
}
