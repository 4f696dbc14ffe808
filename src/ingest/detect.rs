//! Which kind a file holds (from `--kind`, its name, or its header) and which of its columns is
//! which schema column.

use std::path::Path;

use crate::extensions::Extensions;
use crate::ingest::error::FileError;
use crate::schema::{Column, KINDS, Kind, kind_names};
use crate::values::normalize_token;

/// The kind named by the file name: the longest known stem the normalised name starts with
/// (`aktivitas_2026_10.csv` → activities, `penilaian_atasan.xlsx` → approvals).
pub fn kind_from_file_name(path: &Path) -> Option<&'static Kind> {
    let stem = normalize_token(path.file_stem()?.to_str()?);
    KINDS
        .iter()
        .flat_map(|k| k.file_stems.iter().map(move |s| (k, *s)))
        .filter(|(_, s)| stem == *s || stem.starts_with(&format!("{s}_")))
        .max_by_key(|(_, s)| s.len())
        .map(|(k, _)| k)
}

/// Whether one of the (normalised) headers names `column` of `kind`.
fn found_in(
    kind: &Kind,
    column: &crate::schema::Column,
    normalised: &[String],
    ext: &Extensions,
) -> bool {
    normalised
        .iter()
        .any(|h| column.matches(h) || ext.column(kind.name, h) == Some(column.name))
}

/// Whether `headers` name every required column of `kind`, or, without a kind, of some kind: how
/// a header row is told from the title rows of a printed report above it.
pub fn names_required_columns(kind: Option<&Kind>, headers: &[String], ext: &Extensions) -> bool {
    let normalised: Vec<String> = headers.iter().map(|h| normalize_token(h)).collect();
    let complete = |k: &Kind| {
        k.columns
            .iter()
            .filter(|c| c.required)
            .all(|c| found_in(k, c, &normalised, ext))
    };
    match kind {
        Some(k) => complete(k),
        None => KINDS.iter().any(complete),
    }
}

/// The kind whose required columns all appear in the header; among several, the one that
/// matches the most columns. A tie is ambiguous and says how to name the kind.
pub fn kind_from_headers(
    path: &Path,
    headers: &[String],
    ext: &Extensions,
) -> Result<&'static Kind, FileError> {
    let normalised: Vec<String> = headers.iter().map(|h| normalize_token(h)).collect();
    let mut candidates: Vec<(&'static Kind, usize)> = KINDS
        .iter()
        .filter_map(|kind| {
            let found = |c: &&crate::schema::Column| found_in(kind, c, &normalised, ext);
            let all_required = kind
                .columns
                .iter()
                .filter(|c| c.required)
                .all(|c| found(&c));
            all_required.then(|| (kind, kind.columns.iter().filter(found).count()))
        })
        .collect();
    candidates.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    match candidates.as_slice() {
        [] => Err(FileError::unreadable(
            path,
            &format!(
                "its header matches no record kind; name the kind with --kind ({}) or rename the \
                 file (e.g. aktivitas.csv, pegawai.csv)",
                kind_names()
            ),
        )),
        [(kind, _)] => Ok(kind),
        [(first, n), (second, m), ..] if n > m => {
            let _ = second;
            Ok(first)
        }
        [(first, _), (second, _), ..] => Err(FileError::unreadable(
            path,
            &format!(
                "its header fits both {} and {}; name the kind with --kind {} (or rename the file \
                 to start with the kind, e.g. {}.csv)",
                first.name, second.name, first.name, first.name
            ),
        )),
    }
}

/// For each schema column of the kind, the index of the file column holding it.
pub struct ColumnMap {
    pub index: Vec<Option<usize>>,
    /// File columns that name no schema column (reported, not stored).
    pub ignored: Vec<Ignored>,
    /// A `tahun` (year) column beside a period column that holds only the month (`bulan`).
    pub year: Option<usize>,
    /// For a kind that carries another's records (`Kind::carries`): the file column of each of
    /// the carried columns, in their order.
    pub carried: Vec<Option<usize>>,
}

/// A header that fills no column, and what may be meant by it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Ignored {
    pub header: String,
    pub hint: Option<String>,
}

impl std::fmt::Display for Ignored {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.hint {
            Some(hint) => write!(f, "{} ({hint})", self.header),
            None => write!(f, "{}", self.header),
        }
    }
}

/// Which column a normalised header names: the column of that exact name, else the one it is a
/// built-in alias of, else the one the rules file adds it to (`status` is a column of
/// activities but an alias of `decision` in approvals). Fallbacks are not looked at here.
fn named_column(kind: &str, columns: &[Column], h: &str, ext: &Extensions) -> Option<usize> {
    columns
        .iter()
        .position(|c| c.name == h)
        .or_else(|| columns.iter().position(|c| c.aliases.contains(&h)))
        .or_else(|| {
            let added = ext.column(kind, h)?;
            columns.iter().position(|c| c.name == added)
        })
}

pub fn map_columns(
    kind: &Kind,
    path: &Path,
    headers: &[String],
    ext: &Extensions,
) -> Result<ColumnMap, FileError> {
    let normalised: Vec<String> = headers.iter().map(|h| normalize_token(h)).collect();
    let carried_columns: &[Column] = kind.carries.map_or(&[], |c| c.columns);
    // Each header names at most one column, of the kind's own (`Own`) or of the record it
    // carries (`Carried`).
    #[derive(Clone, Copy, PartialEq)]
    enum Names {
        Own(usize),
        Carried(usize),
    }
    let mut named: Vec<Option<Names>> = normalised
        .iter()
        .map(|h| {
            named_column(kind.name, kind.columns, h, ext)
                .map(Names::Own)
                .or_else(|| named_column(kind.name, carried_columns, h, ext).map(Names::Carried))
        })
        .collect();
    // A fallback (`kode_unit`) fills its column only when no other header does.
    let mut fallback_hints: Vec<Option<String>> = vec![None; headers.len()];
    for (c, column) in kind.columns.iter().enumerate() {
        for (i, h) in normalised.iter().enumerate() {
            if named[i].is_some() || !column.fallbacks.contains(&h.as_str()) {
                continue;
            }
            match named.iter().position(|n| *n == Some(Names::Own(c))) {
                Some(first) => {
                    fallback_hints[i] = Some(format!(
                        "a code beside `{}`, which is read as `{}`",
                        headers[first].trim(),
                        column.name
                    ))
                }
                None => named[i] = Some(Names::Own(c)),
            }
        }
    }
    let mut index: Vec<Option<usize>> = vec![None; kind.columns.len()];
    let mut carried: Vec<Option<usize>> = vec![None; carried_columns.len()];
    for (i, names) in named.iter().enumerate() {
        let (slot, column) = match *names {
            None => continue,
            Some(Names::Own(c)) => (&mut index[c], &kind.columns[c]),
            Some(Names::Carried(c)) => (&mut carried[c], &carried_columns[c]),
        };
        if let Some(first) = *slot {
            // Two headers for one column: the engine never picks one (SPEC section 1).
            return Err(FileError::unreadable(
                path,
                &format!(
                    "headers `{}` and `{}` both name the column `{}` of {}; remove or rename one \
                     of them",
                    headers[first].trim(),
                    headers[i].trim(),
                    column.name,
                    kind.name
                ),
            ));
        }
        *slot = Some(i);
    }
    // `bulan` + `tahun`: the year completes the period (SPEC section 1).
    let period = kind.columns.iter().position(|c| c.name == "period");
    let year = period
        .and_then(|p| index[p])
        .and_then(|_| normalised.iter().position(|h| h == "tahun" || h == "year"))
        .filter(|i| named[*i].is_none());
    let missing: Vec<String> = kind
        .columns
        .iter()
        .zip(&index)
        .filter(|(c, i)| c.required && i.is_none())
        .map(|(c, _)| format!("`{}` (expected one of: {})", c.name, c.expected_names()))
        .collect();
    if !missing.is_empty() {
        let file = path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        return Err(FileError::unreadable(
            path,
            &format!(
                "required column{} {} missing in {file} (read as {}); add {} or rename the header",
                if missing.len() > 1 { "s" } else { "" },
                missing.join(", "),
                kind.name,
                if missing.len() > 1 { "them" } else { "it" },
            ),
        ));
    }
    let ignored = headers
        .iter()
        .enumerate()
        .filter(|(i, h)| named[*i].is_none() && year != Some(*i) && !h.trim().is_empty())
        .map(|(i, h)| Ignored {
            header: h.clone(),
            hint: fallback_hints[i]
                .take()
                .or_else(|| closest_name(kind, h).map(|name| format!("did you mean `{name}`?"))),
        })
        .collect();
    Ok(ColumnMap {
        index,
        ignored,
        year,
        carried,
    })
}

/// The column name or alias an unrecognised header is most likely a misspelling of: at most two
/// edits away, and fewer than a third of the name's letters.
fn closest_name(kind: &Kind, header: &str) -> Option<&'static str> {
    let header = normalize_token(header);
    kind.columns
        .iter()
        .chain(kind.carries.map_or(&[][..], |c| c.columns))
        .flat_map(|c| c.names())
        // Columns ingest fills itself (`_listed_elsewhere`) are never a header's meaning.
        .filter(|name| !name.starts_with('_'))
        .map(|name| (strsim::levenshtein(&header, name), name))
        .filter(|(d, name)| *d > 0 && *d <= 2 && *d * 3 < name.len())
        .min()
        .map(|(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_name_kinds() {
        let name = |n: &str| kind_from_file_name(Path::new(n)).map(|k| k.name);
        assert_eq!(name("aktivitas_2026-10.csv"), Some("activities"));
        assert_eq!(name("Data Pegawai Oktober.xlsx"), Some("employees"));
        assert_eq!(name("pegawai.xlsx"), Some("employees"));
        assert_eq!(name("penilaian_atasan_okt.csv"), Some("approvals"));
        assert_eq!(name("penilaian.csv"), Some("evaluations"));
        assert_eq!(name("export.csv"), None);
    }

    #[test]
    fn a_misspelt_header_is_ignored_with_the_name_it_likely_meant() {
        let kind = crate::schema::kind("activities").unwrap();
        let h = |cols: &[&str]| cols.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let map = map_columns(
            kind,
            Path::new("a.csv"),
            &h(&["id", "nip", "tanggal", "uraian", "rincian_kegiatn", "warna"]),
            &Extensions::default(),
        )
        .unwrap();
        let shown: Vec<String> = map.ignored.iter().map(|i| i.to_string()).collect();
        assert_eq!(
            shown,
            [
                "rincian_kegiatn (did you mean `rincian_kegiatan`?)",
                "warna"
            ]
        );
    }

    #[test]
    fn a_units_code_is_the_key_only_without_an_id_column() {
        let units = crate::schema::kind("units").unwrap();
        let h = |cols: &[&str]| cols.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let map = |cols: &[&str]| {
            map_columns(units, Path::new("u.csv"), &h(cols), &Extensions::default()).unwrap()
        };
        // Keyed by `id`, its parents name ids: `kode_unit` is a code beside it, not the key.
        let keyed = map(&["id", "kode_unit", "nama_unit", "id_induk"]);
        assert_eq!(keyed.index[0], Some(0));
        assert_eq!(keyed.ignored.len(), 1);
        assert_eq!(keyed.ignored[0].header, "kode_unit");
        assert!(
            keyed.ignored[0]
                .hint
                .as_deref()
                .unwrap()
                .contains("beside `id`")
        );
        // Without an id column, the code is the key, on either side of the name.
        assert_eq!(map(&["nama_unit", "kode_unit", "induk"]).index[0], Some(1));
    }

    #[test]
    fn an_activity_rows_verification_columns_are_carried_not_ignored() {
        let activities = crate::schema::kind("activities").unwrap();
        let h = |cols: &[&str]| cols.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let map = map_columns(
            activities,
            Path::new("a.csv"),
            &h(&[
                "id",
                "nip",
                "tanggal",
                "uraian",
                "status",
                "nip_verifikator",
                "verified_at",
            ]),
            &Extensions::default(),
        )
        .unwrap();
        assert!(map.ignored.is_empty(), "{:?}", map.ignored);
        assert_eq!(map.carried, [Some(5), Some(6), None]);
    }

    #[test]
    fn two_headers_for_one_column_are_an_error_naming_both() {
        let kind = crate::schema::kind("activities").unwrap();
        let h = |cols: &[&str]| cols.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let err = map_columns(
            kind,
            Path::new("a.csv"),
            &h(&["id", "NIP", "tanggal", "uraian", "NIP Pegawai"]),
            &Extensions::default(),
        )
        .err()
        .unwrap();
        assert!(
            err.message
                .contains("`NIP` and `NIP Pegawai` both name the column `nip`"),
            "{}",
            err.message
        );
    }

    #[test]
    fn real_systems_headers_are_known() {
        // SIASN's camelCase, e-Kinerja BKN's and regional systems' names (issue 23).
        let h = |cols: &[&str]| cols.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let employees = crate::schema::kind("employees").unwrap();
        let map = map_columns(
            employees,
            Path::new("p.csv"),
            &h(&["nipBaru", "nama", "unorId", "golRuangAkhir", "jabatanNama"]),
            &Extensions::default(),
        )
        .unwrap();
        assert!(map.ignored.is_empty(), "{:?}", map.ignored);
        let activities = crate::schema::kind("activities").unwrap();
        let map = map_columns(
            activities,
            Path::new("a.csv"),
            &h(&[
                "id_laporan_kerja_harian",
                "nip",
                "tanggal",
                "rincian_kegiatan",
                "status_verifikasi",
                "rhk_id",
            ]),
            &Extensions::default(),
        )
        .unwrap();
        assert!(map.ignored.is_empty(), "{:?}", map.ignored);
        assert_eq!(map.index.iter().flatten().count(), 6);
    }

    #[test]
    fn a_rules_file_adds_header_names() {
        let h = |cols: &[&str]| cols.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let names = |t: &str| toml::from_str::<crate::extensions::Names>(t).unwrap();
        let ext = Extensions::from_rules(
            &names("[activities]\ndescription = [\"Rincian Pekerjaan\"]"),
            &Default::default(),
        )
        .unwrap();
        let headers = h(&["id", "nip", "tanggal", "Rincian Pekerjaan"]);
        let activities = crate::schema::kind("activities").unwrap();
        let p = Path::new("a.csv");
        // Without the rules file the required description is missing; with it, it is found.
        assert!(map_columns(activities, p, &headers, &Extensions::default()).is_err());
        let map = map_columns(activities, p, &headers, &ext).unwrap();
        assert_eq!(
            map.index[activities
                .columns
                .iter()
                .position(|c| c.name == "description")
                .unwrap()],
            Some(3)
        );
        assert_eq!(
            kind_from_headers(p, &headers, &ext).unwrap().name,
            "activities"
        );
    }

    #[test]
    fn headers_name_kinds_and_ties_are_errors() {
        let h = |cols: &[&str]| cols.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let p = Path::new("x.csv");
        let none = Extensions::default();
        let kind = kind_from_headers(p, &h(&["NIP", "Tanggal", "Keterangan", "Terlambat"]), &none)
            .unwrap();
        assert_eq!(kind.name, "attendance");
        let kind = kind_from_headers(
            p,
            &h(&[
                "id_aktivitas",
                "nip_atasan",
                "keputusan",
                "waktu_persetujuan",
            ]),
            &none,
        );
        assert_eq!(kind.unwrap().name, "approvals");
        assert!(
            kind_from_headers(p, &h(&["foo", "bar"]), &none)
                .unwrap_err()
                .message
                .contains("--kind")
        );
    }
}
