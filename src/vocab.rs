//! Value vocabularies of SPEC section 1: the many spellings real exports use, mapped to one
//! canonical word. Data, not code: a new alias is one more string in a table.

/// One vocabulary: canonical value → accepted spellings (already normalised, see
/// [`crate::values::normalize_token`]).
pub type Vocab = &'static [(&'static str, &'static [&'static str])];

pub const DECISION: Vocab = &[
    (
        "approved",
        &[
            "approved",
            "disetujui",
            "setuju",
            "diterima",
            "terverifikasi",
            "sudah_diverifikasi",
            "diverifikasi",
        ],
    ),
    (
        "rejected",
        &[
            "rejected",
            "ditolak",
            "tolak",
            "revisi",
            "dikembalikan",
            "perlu_perbaikan",
        ],
    ),
    (
        "submitted",
        &[
            "submitted",
            "diajukan",
            "dikirim",
            "menunggu",
            "menunggu_verifikasi",
            "menunggu_persetujuan",
            "belum_diverifikasi",
        ],
    ),
    ("draft", &["draft", "belum_dikirim"]),
];

/// BKN writes `Diatas Ekspektasi`; SIASN codes them 1 (above), 2 (meets), 3 (below).
pub const RATING: Vocab = &[
    (
        "above",
        &[
            "above",
            "di_atas",
            "di_atas_ekspektasi",
            "diatas",
            "diatas_ekspektasi",
            "1",
        ],
    ),
    ("meets", &["meets", "sesuai", "sesuai_ekspektasi", "2"]),
    (
        "below",
        &[
            "below",
            "di_bawah",
            "di_bawah_ekspektasi",
            "dibawah",
            "dibawah_ekspektasi",
            "3",
        ],
    ),
];

/// The leave family of ASN leave (cuti tahunan, sakit, melahirkan, besar, alasan penting, di luar
/// tanggungan negara) is excused; official duty away from the desk (dinas/tugas luar, tugas
/// belajar, diklat) and work from home count as present-like duty; leaving before time (PSW) was
/// present, its minutes are in `early_leave_min`.
pub const ATTENDANCE: Vocab = &[
    ("present", &["present", "hadir", "h", "wfh", "psw"]),
    (
        "absent",
        &[
            "absent",
            "tk",
            "tanpa_keterangan",
            "alpa",
            "alpha",
            "alfa",
            "a",
            "mangkir",
        ],
    ),
    (
        "leave",
        &[
            "leave",
            "cuti",
            "c",
            "ct",
            "cs",
            "cm",
            "cb",
            "cap",
            "cltn",
            "cuti_tahunan",
            "cuti_sakit",
            "cuti_melahirkan",
            "cuti_besar",
            "cuti_alasan_penting",
        ],
    ),
    ("sick", &["sick", "sakit", "s"]),
    ("permit", &["permit", "izin", "ijin", "i"]),
    (
        "duty_travel",
        &[
            "duty_travel",
            "dinas_luar",
            "dl",
            "tl",
            "tugas_luar",
            "tb",
            "tugas_belajar",
            "dik",
            "diklat",
        ],
    ),
];

pub const DIRECTION: Vocab = &[
    (
        "higher",
        &[
            "higher",
            "naik",
            "lebih_tinggi_lebih_baik",
            "max",
            "maksimal",
        ],
    ),
    (
        "lower",
        &[
            "lower",
            "turun",
            "lebih_rendah_lebih_baik",
            "min",
            "minimal",
        ],
    ),
];

pub const HOLIDAY_KIND: Vocab = &[
    ("national", &["national", "nasional", "libur_nasional"]),
    ("collective_leave", &["collective_leave", "cuti_bersama"]),
];

/// An organisation's own predikat (SPEC section 9), which bounds its employees' spread.
pub const ORG_PREDIKAT: Vocab = &[
    ("istimewa", &["istimewa", "sangat_baik"]),
    ("baik", &["baik"]),
    ("butuh_perbaikan", &["butuh_perbaikan", "cukup"]),
    ("kurang", &["kurang"]),
    ("sangat_kurang", &["sangat_kurang"]),
];

pub const ASN_TYPE: Vocab = &[("PNS", &["pns"]), ("CPNS", &["cpns"]), ("PPPK", &["pppk"])];

/// An employee's status (SPEC 12), `status_kepegawaian`.
pub const EMPLOYEE_STATUS: Vocab = &[
    ("aktif", &["aktif", "active"]),
    ("pensiun", &["pensiun", "retired"]),
    (
        "meninggal",
        &["meninggal", "wafat", "meninggal_dunia", "deceased"],
    ),
    ("diberhentikan", &["diberhentikan", "berhenti", "dismissed"]),
    ("cltn", &["cltn", "cuti_di_luar_tanggungan_negara"]),
    ("tugas_belajar", &["tugas_belajar", "study_leave"]),
];

/// Every vocabulary by the name a rules file extends it under (`[values.NAME]`); `status` (of
/// activities) is `decision` by another name.
pub const VOCABS: &[(&str, Vocab)] = &[
    ("decision", DECISION),
    ("status", DECISION),
    ("rating", RATING),
    ("attendance", ATTENDANCE),
    ("direction", DIRECTION),
    ("holiday_kind", HOLIDAY_KIND),
    ("asn_type", ASN_TYPE),
    ("employee_status", EMPLOYEE_STATUS),
    ("org_predikat", ORG_PREDIKAT),
];

/// The canonical value for a normalised token, if the vocabulary knows it.
pub fn lookup(vocab: Vocab, token: &str) -> Option<&'static str> {
    vocab
        .iter()
        .find(|(_, spellings)| spellings.contains(&token))
        .map(|(canonical, _)| *canonical)
}

/// The canonical values, for error messages ("expected one of …").
pub fn canonical_list(vocab: Vocab) -> String {
    vocab.iter().map(|(c, _)| *c).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indonesian_spellings_map_to_canonical_words() {
        assert_eq!(lookup(DECISION, "disetujui"), Some("approved"));
        assert_eq!(lookup(DECISION, "revisi"), Some("rejected"));
        assert_eq!(lookup(ATTENDANCE, "tk"), Some("absent"));
        assert_eq!(lookup(RATING, "di_bawah_ekspektasi"), Some("below"));
        assert_eq!(lookup(DECISION, "maybe"), None);
        // Real systems' own words (issue 23).
        assert_eq!(lookup(DECISION, "belum_diverifikasi"), Some("submitted"));
        assert_eq!(lookup(DECISION, "dikembalikan"), Some("rejected"));
        assert_eq!(lookup(RATING, "diatas_ekspektasi"), Some("above"));
        assert_eq!(lookup(RATING, "3"), Some("below"));
        assert_eq!(lookup(ATTENDANCE, "cltn"), Some("leave"));
        assert_eq!(lookup(ATTENDANCE, "alpha"), Some("absent"));
        assert_eq!(lookup(ATTENDANCE, "tugas_luar"), Some("duty_travel"));
    }
}
