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
        ],
    ),
    ("rejected", &["rejected", "ditolak", "tolak", "revisi"]),
    (
        "submitted",
        &[
            "submitted",
            "diajukan",
            "dikirim",
            "menunggu",
            "menunggu_verifikasi",
        ],
    ),
    ("draft", &["draft", "belum_dikirim"]),
];

pub const RATING: Vocab = &[
    ("above", &["above", "di_atas", "di_atas_ekspektasi"]),
    ("meets", &["meets", "sesuai", "sesuai_ekspektasi"]),
    ("below", &["below", "di_bawah", "di_bawah_ekspektasi"]),
];

pub const ATTENDANCE: Vocab = &[
    ("present", &["present", "hadir", "h"]),
    (
        "absent",
        &["absent", "tk", "tanpa_keterangan", "alpa", "mangkir"],
    ),
    ("leave", &["leave", "cuti", "c"]),
    ("sick", &["sick", "sakit", "s"]),
    ("permit", &["permit", "izin", "ijin", "i"]),
    ("duty_travel", &["duty_travel", "dinas_luar", "dl"]),
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

pub const ASN_TYPE: Vocab = &[("PNS", &["pns"]), ("CPNS", &["cpns"]), ("PPPK", &["pppk"])];

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
    }
}
