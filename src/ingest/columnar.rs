//! Validating a CSV batch straight into column vectors: fields are borrowed from the batch, each
//! row is checked by the same `Validator::check` the row-by-row path uses, and the batch becomes
//! a frame without a `Parsed` row or a copied string in between.

use std::collections::BTreeSet;
use std::ops::Range;
use std::path::Path;

use polars::prelude::DataFrame;
use rayon::prelude::*;

use crate::ingest::csv_batch::CsvBatch;
use crate::ingest::error::FileError;
use crate::ingest::frame;
use crate::ingest::validate::{Input, Reject, Validator, Value, key_hash};

/// Rows one worker validates at a time.
const PIECE_ROWS: usize = 4_096;

/// One validated stretch of a batch.
pub struct Validated {
    pub frame: DataFrame,
    pub rejects: Vec<Reject>,
    /// Each accepted row's natural-key hash (see `SeenKeys`).
    pub key_hashes: Vec<u64>,
    pub periods: BTreeSet<String>,
}

/// Validates `batch` on every core; the pieces come back in row order.
pub fn validate(
    validator: &Validator,
    batch: &CsvBatch,
    path: &Path,
    source: &str,
    ingest: u64,
) -> Result<Vec<Validated>, FileError> {
    let pieces: Vec<Result<Validated, FileError>> = (0..batch.len().div_ceil(PIECE_ROWS))
        .into_par_iter()
        .map(|p| {
            let rows = p * PIECE_ROWS..((p + 1) * PIECE_ROWS).min(batch.len());
            piece(validator, batch, rows, path, source, ingest)
        })
        .collect();
    // The first failure in row order, as the row-by-row path would report it.
    pieces.into_iter().collect()
}

fn piece<'b>(
    validator: &Validator,
    batch: &'b CsvBatch,
    rows: Range<usize>,
    path: &Path,
    source: &str,
    ingest: u64,
) -> Result<Validated, FileError> {
    let kind = validator.kind;
    let mut columns: Vec<Vec<Value<'b>>> = kind
        .columns
        .iter()
        .map(|_| Vec::with_capacity(rows.len()))
        .collect();
    let mut lines = Vec::with_capacity(rows.len());
    let mut periods: Vec<String> = Vec::with_capacity(rows.len());
    let mut key_hashes = Vec::with_capacity(rows.len());
    let mut rejects = Vec::new();
    let mut texts: Vec<&'b str> = Vec::new();
    for row in rows {
        batch.texts(row, path, &mut texts)?;
        let line = batch.line(row);
        match validator.check(|i| texts.get(i).map(|t| Input::Text(t))) {
            Ok((values, period)) => {
                key_hashes.push(key_hash(&validator.key_columns, |i| &values[i], &period));
                for (column, value) in columns.iter_mut().zip(values) {
                    column.push(value);
                }
                lines.push(line as i64);
                periods.push(period);
            }
            Err(problems) => {
                let raw = validator.raw_json(texts.len(), |i| Input::Text(texts[i]));
                rejects.extend(validator.rejects(line, &raw, problems));
            }
        }
    }
    let distinct: BTreeSet<&str> = periods.iter().map(String::as_str).collect();
    let distinct = distinct.into_iter().map(str::to_string).collect();
    let frame = frame::columns_to_frame(
        kind,
        &columns,
        lines,
        periods.iter().map(String::as_str).collect(),
        source,
        ingest,
    )
    .map_err(|e| FileError::unreadable(path, &format!("staging failed: {e}")))?;
    Ok(Validated {
        frame,
        rejects,
        key_hashes,
        periods: distinct,
    })
}

#[cfg(test)]
mod tests {
    //! The columnar path must accept, store and reject exactly what the row-by-row path does.

    use std::path::Path;

    use super::*;
    use crate::ingest::source::{self, Batch};
    use crate::ingest::{detect, validate::Parsed};
    use crate::schema;
    use crate::values::ParseContext;

    fn batches(path: &Path) -> (Vec<String>, Vec<Batch>, source::Format) {
        let bar = indicatif::ProgressBar::hidden();
        let src = source::open(path, None, &bar, &|_| true).expect("readable");
        let batches = src.batches.collect::<Result<Vec<_>, _>>().expect("batches");
        (src.headers, batches, src.format)
    }

    /// Both paths over one CSV text: (frame, rejects, key hashes) from each.
    fn both(
        kind: &str,
        text: &str,
        as_of: Option<&str>,
    ) -> [(DataFrame, Vec<String>, Vec<u64>); 2] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.csv");
        std::fs::write(&path, text).unwrap();
        let kind = schema::kind(kind).unwrap();
        let (headers, csv, format) = batches(&path);
        let map = detect::map_columns(kind, &path, &headers, &Default::default()).unwrap();
        let validator = Validator::new(
            kind,
            &map,
            &headers,
            ParseContext {
                decimal_comma: format.decimal_comma(),
                utc_offset_min: 420,
                extensions: None,
            },
            as_of.map(str::to_string),
        );
        let show =
            |r: &Reject| format!("{}|{}|{}|{}|{}", r.line, r.column, r.value, r.reason, r.raw);

        let mut frames = Vec::new();
        let mut rejects = Vec::new();
        let mut hashes = Vec::new();
        for batch in &csv {
            let Batch::Csv(batch) = batch else {
                panic!("a CSV file gives CSV batches")
            };
            for piece in validate(&validator, batch, &path, "export.csv", 7).unwrap() {
                frames.push(piece.frame);
                rejects.extend(piece.rejects.iter().map(show));
                hashes.extend(piece.key_hashes);
            }
        }
        let columnar = (crate::frames::stack(frames).unwrap(), rejects, hashes);

        let mut parsed: Vec<Parsed> = Vec::new();
        let mut rejects = Vec::new();
        for batch in batches(&path).1 {
            for row in batch.into_rows(&path).unwrap() {
                match validator.row(&row) {
                    Ok(p) => parsed.push(p),
                    Err(r) => rejects.extend(r.iter().map(show)),
                }
            }
        }
        let rows = (
            frame::to_frame(kind, &parsed, "export.csv", 7).unwrap(),
            rejects,
            parsed.iter().map(|p| p.key_hash).collect(),
        );
        [columnar, rows]
    }

    fn assert_same(kind: &str, text: &str, as_of: Option<&str>, accepted: usize, rejected: usize) {
        let [
            (columnar, columnar_rejects, columnar_keys),
            (rows, row_rejects, row_keys),
        ] = both(kind, text, as_of);
        assert_eq!(columnar_keys, row_keys, "{kind}: key hashes differ");
        assert!(
            columnar.equals_missing(&rows),
            "{kind}: frames differ\n{columnar}\n{rows}"
        );
        assert_eq!(columnar_rejects, row_rejects, "{kind}: rejects differ");
        assert_eq!(columnar.height(), accepted, "{kind}: accepted rows");
        assert_eq!(columnar_rejects.len(), rejected, "{kind}: reject records");
    }

    #[test]
    fn activities_agree_row_for_row() {
        let text = "\u{feff}ID Aktivitas;NIP;Tanggal;Jam Mulai;Jam Selesai;Durasi Menit;Uraian Kegiatan;ID Indikator;Kuantitas;Satuan;Status;Waktu Kirim
A1;196601011992041001;02/10/2026;;;75;Menyusun telaahan;R1;1;dokumen;diajukan;02/10/2026 15:03
A2; 19660101 199204 1 001 ;2026-10-03;08:00;09:30;;  Rapat  ;;2,5;kegiatan;Disetujui;2026-10-03T10:00:00+08:00
A3;19660101199204100;02/10/2026;;;75;x;;;;;
A4;196601011992041001;31/02/2026;;;75;x;;;;;
A5;196601011992041001;02/10/2026;09:00;08:00;;x;;;;;
A6;196601011992041001;02/10/2026;;;;x;;;;;
A7;196601011992041001;02/10/2026;;;2000;x;;-1;;entah;kemarin
;196601011992041001;02/10/2026;;;10;\"a; \"\"quoted\"\" one\";;1.234,5;;ditolak;02/10/2026 07:00
A9;196601011992041001;30/09/2026;;;10;short row
A10;196601011992041001;01/11/2026;;;10;extra;;;;;;surplus;fields
A11;196601011992041001;05/10/2026;;;10;Rapat ’koordinasi’ – é;;0;;;
";
        assert_same("activities", text, None, 5, 9);
    }

    #[test]
    fn other_kinds_agree_row_for_row() {
        let sanctions = "nip,periode_mulai,periode_selesai,jenis_hukuman,potongan
196601011992041001,2026-10,2026-12,sedang,25
196601011992041001,2026-10,2026-09,ringan,10
196601011992041001,10/2026,2027-01,,101
,2026-10,2026-11,,5
";
        assert_same("sanctions", sanctions, None, 1, 3);
        let attendance = "nip,tanggal,keterangan,terlambat,pulang_cepat,tidak_absen_pulang
196601011992041001,2026-10-01,hadir,5,0,tidak
196601011992041001,2026-10-02,HADIR,,,ya
196601011992041001,2026-10-03,libur,1441,,mungkin
";
        assert_same("attendance", attendance, None, 2, 3);
        let employees = "nip;nama;id_unor;nip_atasan;kelas_jabatan;jenis_asn;besaran_tpp
196601011992041001;Ani;U1;;9;PNS;Rp 5.000.000
196601011992041002;Budi;U1;196601011992041001;18;pppk;1.500.000,5
";
        assert_same("employees", employees, Some("2026-10"), 1, 2);
    }
}
