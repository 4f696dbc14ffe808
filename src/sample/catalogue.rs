//! Words for realistic exports: Indonesian names, unit names and activity descriptions.

pub const MALE_FIRST: &[&str] = &[
    "Agus", "Budi", "Hendra", "Rudi", "Eko", "Dedi", "Joko", "Bambang", "Andi", "Fajar", "Rizky",
    "Yusuf", "Ahmad", "Arif", "Dimas", "Teguh", "Wahyu", "Iwan", "Hari", "Slamet", "Imam",
    "Rahmat", "Bayu", "Doni",
];
pub const FEMALE_FIRST: &[&str] = &[
    "Siti", "Dewi", "Sri", "Rina", "Wulan", "Ratna", "Indah", "Fitri", "Citra", "Ayu", "Nur",
    "Putri", "Lestari", "Yuni", "Maya", "Dian", "Rini", "Endah", "Novi", "Sari", "Anisa", "Tika",
    "Mega", "Intan",
];
pub const LAST: &[&str] = &[
    "Saputra",
    "Hartono",
    "Lestari",
    "Wijaya",
    "Santoso",
    "Pratama",
    "Hidayat",
    "Kurniawan",
    "Setiawan",
    "Nugroho",
    "Siregar",
    "Nasution",
    "Simanjuntak",
    "Harahap",
    "Sihombing",
    "Wibowo",
    "Gunawan",
    "Susanto",
    "Rahayu",
    "Permata",
    "Utami",
    "Maharani",
    "Syahputra",
    "Situmorang",
    "Purba",
    "Daulay",
];

pub const DINAS: &[&str] = &[
    "Dinas Pendidikan",
    "Dinas Kesehatan",
    "Dinas Pekerjaan Umum dan Penataan Ruang",
    "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
    "Badan Pengelolaan Keuangan dan Aset Daerah",
    "Dinas Sosial",
    "Dinas Kependudukan dan Pencatatan Sipil",
    "Dinas Perhubungan",
    "Dinas Komunikasi dan Informatika",
    "Dinas Lingkungan Hidup",
    "Badan Perencanaan Pembangunan Daerah",
    "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
    "Dinas Pertanian dan Ketahanan Pangan",
    "Inspektorat Daerah",
    "Satuan Polisi Pamong Praja",
    "Dinas Pariwisata dan Kebudayaan",
];
pub const BIDANG: &[&str] = &[
    "Sekretariat",
    "Bidang Pelayanan",
    "Bidang Perencanaan dan Program",
    "Bidang Pengendalian",
];
pub const SEKSI: &[&str] = &[
    "Subbagian Umum dan Kepegawaian",
    "Seksi Data dan Informasi",
    "Seksi Evaluasi dan Pelaporan",
];

/// (description, output unit) for staff.
pub const STAFF_TASKS: &[(&str, &str)] = &[
    ("Menginput data layanan ke aplikasi", "berkas"),
    ("Memverifikasi kelengkapan berkas permohonan", "berkas"),
    ("Menyusun draf surat dinas", "dokumen"),
    ("Mengagendakan surat masuk dan keluar", "surat"),
    ("Mengarsipkan dokumen kegiatan", "dokumen"),
    ("Menyusun laporan kegiatan harian", "laporan"),
    ("Melayani konsultasi masyarakat", "orang"),
    ("Memperbarui data pegawai di SIMPEG", "data"),
    ("Menyiapkan bahan rapat koordinasi", "dokumen"),
    ("Merekapitulasi data capaian kinerja", "dokumen"),
    ("Mengikuti rapat koordinasi bidang", "kegiatan"),
    ("Melakukan pengecekan lapangan", "kegiatan"),
    ("Menyusun notulen rapat", "dokumen"),
    ("Memelihara jaringan dan perangkat komputer", "unit"),
    ("Mengolah data statistik sektoral", "data"),
];
/// (description, output unit) for heads of units.
pub const HEAD_TASKS: &[(&str, &str)] = &[
    ("Memimpin rapat koordinasi", "kegiatan"),
    ("Memeriksa dan memaraf konsep naskah dinas", "dokumen"),
    ("Memverifikasi laporan kinerja bawahan", "laporan"),
    ("Menyusun telaahan staf", "dokumen"),
    ("Melakukan pembinaan pegawai", "kegiatan"),
    ("Menghadiri rapat dengan pimpinan daerah", "kegiatan"),
    ("Menyusun rencana kerja dan anggaran", "dokumen"),
    ("Memantau pelaksanaan program", "kegiatan"),
];
/// Indicators (description, unit, direction).
pub const INDICATORS: &[(&str, &str, &str)] = &[
    (
        "Jumlah berkas layanan yang diselesaikan",
        "berkas",
        "higher",
    ),
    ("Jumlah dokumen yang disusun", "dokumen", "higher"),
    (
        "Jumlah laporan yang disampaikan tepat waktu",
        "laporan",
        "higher",
    ),
    ("Jumlah data yang dimutakhirkan", "data", "higher"),
    (
        "Jumlah pengaduan yang belum ditindaklanjuti",
        "pengaduan",
        "lower",
    ),
];
pub const REJECT_NOTES: &[&str] = &[
    "Uraian kurang jelas, mohon dilengkapi",
    "Durasi tidak sesuai dengan volume",
    "Lampirkan bukti dukung",
    "Kegiatan tidak sesuai RHK",
];
