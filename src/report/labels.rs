//! Every word the reports print, in Indonesian and English: one table, so a missing translation
//! is visible in one place. Templates read them as `t.<key>`.

use crate::report::format::Lang;

const LABELS: &[(&str, &str, &str)] = &[
    (
        "title",
        "Laporan Kinerja dan TPP Pegawai",
        "Employee Performance and Allowance (TPP) Report",
    ),
    ("dashboard", "Ringkasan Pimpinan", "Leadership dashboard"),
    (
        "finance",
        "Laporan Keuangan TPP",
        "Allowance (TPP) finance report",
    ),
    ("period", "Periode", "Period"),
    ("inputs", "Sumber data", "Data sources"),
    ("rules_hash", "Aturan (sha256)", "Rules (sha256)"),
    ("generated_from", "Dihitung dari", "Computed from"),
    ("employees", "Pegawai", "Employees"),
    ("productivity", "Produktivitas", "Productivity"),
    ("attainment", "Capaian target", "Target attainment"),
    ("predikat", "Predikat", "Rating (predikat)"),
    ("tpp_paid", "TPP dibayar (bersih)", "Allowance paid (net)"),
    ("tpp_gross", "TPP bruto", "Allowance gross"),
    (
        "pending",
        "Aktivitas belum diverifikasi",
        "Entries pending approval",
    ),
    ("units", "Unit kerja", "Units"),
    ("unit", "Unit kerja", "Unit"),
    ("sub_units", "Sub-unit", "Sub-units"),
    ("rank", "Peringkat", "Rank"),
    ("approved_min", "Menit disetujui", "Approved minutes"),
    ("target_min", "Menit target", "Target minutes"),
    ("approval_rate", "Tingkat persetujuan", "Approval rate"),
    (
        "latency",
        "Waktu verifikasi (median, jam)",
        "Approval time (median, hours)",
    ),
    ("late_entries", "Entri terlambat", "Late entries"),
    ("pile_up", "Penumpukan akhir bulan", "Month-end pile-up"),
    ("nip", "NIP", "NIP"),
    ("name", "Nama", "Name"),
    ("allowance", "TPP diterima", "Allowance (net)"),
    ("flags", "Tanda integritas", "Integrity flags"),
    ("parent", "Induk", "Parent"),
    ("back", "Kembali ke ringkasan", "Back to the dashboard"),
    ("totals_by_unit", "Jumlah per unit kerja", "Totals by unit"),
    ("deductions", "Rincian potongan", "Deductions"),
    ("discipline_cut", "Potongan disiplin", "Discipline cuts"),
    (
        "sanction_cut",
        "Potongan hukuman disiplin",
        "Disciplinary sanctions",
    ),
    ("bpjs", "Iuran BPJS", "BPJS contribution"),
    ("tax", "PPh 21", "Income tax (PPh 21)"),
    (
        "forfeited_amount",
        "TPP hangus",
        "Forfeited allowance (TPP hangus)",
    ),
    ("base", "Besaran TPP", "Allowance base"),
    ("perf_amount", "TPP kinerja", "Performance part"),
    ("discipline_amount", "TPP disiplin", "Discipline part"),
    ("gross", "Bruto", "Gross"),
    ("net", "Diterima", "Net"),
    (
        "attention",
        "Perlu diperiksa sebelum pembayaran",
        "To check before paying",
    ),
    ("reason", "Alasan", "Reason"),
    ("detail", "Keterangan", "Detail"),
    ("downloads", "Unduh tabel", "Download the tables"),
    ("total", "Jumlah", "Total"),
    ("charts", "Grafik", "Charts"),
    ("none", "Tidak ada", "None"),
    ("approvers", "Verifikator", "Approvers"),
    ("decisions", "Keputusan", "Decisions"),
    ("burst", "Persetujuan massal", "Bulk approvals"),
    ("entries", "Entri", "Entries"),
    ("reason_no_base", "Tanpa besaran TPP", "No allowance base"),
    (
        "reason_forfeited",
        "TPP gugur (alpa)",
        "Allowance forfeited (absences)",
    ),
    ("reason_unrated", "Belum dinilai", "Not rated"),
    (
        "reason_unknown_unit",
        "Unit kerja tidak dikenal",
        "Unit not in the unit tree",
    ),
    (
        "reason_no_attendance",
        "Tanpa data presensi",
        "No attendance data",
    ),
    (
        "reason_unknown_rank",
        "Golongan tidak dikenal",
        "Unknown rank",
    ),
    (
        "chart_productivity",
        "Produktivitas per unit kerja (target 100 %)",
        "Productivity by unit (target 100 %)",
    ),
    (
        "chart_trend",
        "Tren produktivitas per periode",
        "Productivity trend by period",
    ),
    (
        "chart_trend_gross",
        "TPP bruto per periode (juta rupiah)",
        "Gross allowance by period (million rupiah)",
    ),
    (
        "chart_trend_pending",
        "Aktivitas belum diverifikasi saat tutup buku per periode",
        "Entries pending at close by period",
    ),
    (
        "chart_trend_compliance",
        "Kepatuhan pencatatan per periode",
        "Logging compliance by period",
    ),
    (
        "trend_not_computed",
        "periode di gudang data yang belum dihitung",
        "periods in the warehouse not computed yet",
    ),
    ("axis_million_rupiah", "Juta rupiah", "Million rupiah"),
    ("axis_compliance", "Kepatuhan (%)", "Compliance (%)"),
    (
        "chart_predikat",
        "Sebaran predikat per unit kerja",
        "Rating (predikat) by unit",
    ),
    (
        "chart_latency",
        "Sebaran waktu verifikasi",
        "Approval time distribution",
    ),
    (
        "chart_daily",
        "Entri dikirim per tanggal",
        "Entries submitted per day of the month",
    ),
    (
        "chart_flags",
        "Unit kerja dengan tanda integritas terbanyak",
        "Units with the most integrity flags",
    ),
    (
        "chart_employees",
        "Produktivitas pegawai",
        "Employee productivity",
    ),
    ("axis_unit", "Unit kerja", "Unit"),
    ("axis_productivity", "Produktivitas (%)", "Productivity (%)"),
    ("axis_period", "Periode", "Period"),
    ("axis_employees", "Jumlah pegawai", "Employees"),
    ("axis_hours", "Jam sejak dikirim", "Hours after submission"),
    ("axis_entries", "Jumlah entri", "Entries"),
    ("axis_day", "Tanggal", "Day of month"),
    ("axis_flags", "Jumlah tanda", "Flags"),
    ("axis_employee", "Pegawai", "Employee"),
    ("target_line", "Target 100 %", "Target 100 %"),
    ("coaching", "Prioritas pembinaan", "Who needs coaching"),
    (
        "coaching_intro",
        "Pegawai diurutkan menurut skor: +40 tanpa entri, +20 jeda panjang tanpa entri, +15 merah, +5 kuning, +10 belum dinilai, +5 entri tertunda ≥ 10. Kepatuhan = hari dengan entri dibanding hari kerja yang diharapkan (hijau ≥ 80 %, kuning ≥ 50 %, merah di bawahnya).",
        "Employees by score: +40 no entry, +20 a long gap without entries, +15 red, +5 amber, +10 not rated, +5 ten or more entries pending. Compliance = days with an entry out of the expected workdays (green ≥ 80 %, amber ≥ 50 %, red below).",
    ),
    ("compliance", "Kepatuhan pencatatan", "Logging compliance"),
    (
        "longest_gap",
        "Jeda terpanjang (hari)",
        "Longest gap (days)",
    ),
    ("score", "Skor", "Score"),
    ("why", "Catatan", "Why"),
    ("tier_green", "Hijau", "Green"),
    ("tier_amber", "Kuning", "Amber"),
    ("tier_red", "Merah", "Red"),
    ("tier_none", "Tidak ada hari wajib", "No expected day"),
    ("why_no_entry", "tidak ada entri", "no entry"),
    ("why_no_evaluation", "belum dinilai", "not rated"),
    ("why_pending", "entri tertunda", "entries pending"),
    (
        "compliance_by_unit",
        "Kepatuhan pencatatan per unit kerja",
        "Logging compliance by unit",
    ),
    ("on_coaching_list", "Perlu pembinaan", "To coach"),
    (
        "approvers_pending",
        "Verifikator dengan entri tertunda saat tutup buku",
        "Approvers with entries pending at close",
    ),
    (
        "curve",
        "Kurva distribusi predikat",
        "Distribution curve of predikat",
    ),
    (
        "curve_intro",
        "Sebaran predikat pegawai pada unit yang memiliki predikat organisasi, dibandingkan dengan batas kurva distribusi (PermenPANRB 6/2022). Panduan bagi pejabat penilai: tidak mengubah besaran TPP.",
        "The spread of employees' predikat in units with an organisational predikat, against the distribution curve's bounds (PermenPANRB 6/2022). Guidance for the evaluator: no allowance changes.",
    ),
    (
        "org_predikat",
        "Predikat organisasi",
        "Organisational predikat",
    ),
    ("org_istimewa", "Istimewa", "Outstanding"),
    ("org_baik", "Baik", "Good"),
    (
        "org_butuh_perbaikan",
        "Butuh perbaikan",
        "Needs improvement",
    ),
    ("org_kurang", "Kurang", "Poor"),
    ("org_sangat_kurang", "Sangat kurang", "Very poor"),
    ("rated", "Pegawai dinilai", "Rated employees"),
    ("curve_status", "Kesesuaian", "Status"),
    ("curve_bound", "Batas", "Bound"),
    ("curve_actual", "Sekarang", "Now"),
    ("curve_to_move", "Perlu berpindah", "To move"),
    ("curve_holds", "Terpenuhi", "Holds"),
    ("curve_fails", "Tidak terpenuhi", "Fails"),
    ("curve_employees", "pegawai", "employees"),
    (
        "curve_all_hold",
        "Semua batas kurva distribusi terpenuhi.",
        "Every bound of the curve holds.",
    ),
    (
        "chart_curve",
        "Kurva distribusi: batas dan sebaran",
        "Distribution curve: bounds and spread",
    ),
    (
        "chart_curve_units",
        "Sebaran predikat unit yang dinilai",
        "Predikat spread of the rated units",
    ),
    (
        "curve_chart_note",
        "batang: sebaran sekarang (hijau terpenuhi, merah tidak); garis hitam: batas",
        "bars: the spread now (green holds, red fails); black line: the bound",
    ),
    (
        "axis_rated_share",
        "% pegawai yang dinilai",
        "% of rated employees",
    ),
];

pub fn label(key: &str, lang: Lang) -> &'static str {
    LABELS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, id, en)| if lang == Lang::Id { *id } else { *en })
        .unwrap_or_else(|| panic!("no label `{key}`"))
}

/// All labels of a language, for templates (`t.title`).
pub fn all(lang: Lang) -> std::collections::BTreeMap<&'static str, &'static str> {
    LABELS
        .iter()
        .map(|(k, id, en)| (*k, if lang == Lang::Id { *id } else { *en }))
        .collect()
}
