//! What a rules file adds to the built-in header aliases and value vocabularies (SPEC section 1,
//! "Real exports"): `[columns.KIND] column = ["header", ...]` and `[values.VOCAB] canonical =
//! ["spelling", ...]`, so a region's next export is a rules-file edit, not a release. Built-in
//! names win; an added name is normalised like a header (`Rincian Kegiatan` → `rincian_kegiatan`).

use std::collections::{BTreeMap, HashMap};

use crate::schema::{KINDS, kind};
use crate::values::normalize_token;
use crate::vocab::{self, VOCABS, Vocab};

/// `[columns.KIND]` and `[values.VOCAB]` of a rules file, as written.
pub type Names = BTreeMap<String, BTreeMap<String, Vec<String>>>;

#[derive(Debug, Default, Clone)]
pub struct Extensions {
    /// kind → normalised header → column.
    columns: HashMap<&'static str, HashMap<String, &'static str>>,
    /// (vocabulary, normalised spelling) → canonical value; the vocabulary by its first name in
    /// `VOCABS`.
    values: HashMap<(&'static str, String), &'static str>,
}

impl Extensions {
    pub fn from_rules(columns: &Names, values: &Names) -> Result<Extensions, String> {
        let mut ext = Extensions::default();
        for (kind_name, by_column) in columns {
            let k = kind(kind_name).ok_or_else(|| {
                format!(
                    "columns.{kind_name}: no such record kind; the kinds are {}",
                    crate::schema::kind_names()
                )
            })?;
            for (column, headers) in by_column {
                let c = k.column(column).or_else(|| k.carried_column(column)).ok_or_else(|| {
                    format!(
                        "columns.{kind_name}.{column}: {kind_name} has no such column; its columns are {}",
                        k.columns.iter().map(|c| c.name).collect::<Vec<_>>().join(", ")
                    )
                })?;
                let by_header = ext.columns.entry(k.name).or_default();
                for header in headers {
                    by_header.insert(normalize_token(header), c.name);
                }
            }
        }
        for (vocab_name, by_value) in values {
            let v = named(vocab_name).ok_or_else(|| {
                format!(
                    "values.{vocab_name}: no such vocabulary; they are {}",
                    VOCABS
                        .iter()
                        .map(|(n, _)| *n)
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })?;
            for (canonical, spellings) in by_value {
                let value = v
                    .iter()
                    .find(|(c, _)| c == canonical)
                    .map(|(c, _)| *c)
                    .ok_or_else(|| {
                        format!(
                            "values.{vocab_name}.{canonical}: not a value of {vocab_name}; its values are {}",
                            vocab::canonical_list(v)
                        )
                    })?;
                for spelling in spellings {
                    let token = normalize_token(spelling);
                    if let Some(other) = vocab::lookup(v, &token).filter(|o| *o != value) {
                        return Err(format!(
                            "values.{vocab_name}.{canonical}: `{spelling}` already means `{other}`"
                        ));
                    }
                    ext.values.insert((name_of(v), token), value);
                }
            }
        }
        Ok(ext)
    }

    /// The column of `kind` a rules file names `header` (normalised) for.
    pub fn column(&self, kind: &str, header: &str) -> Option<&'static str> {
        self.columns.get(kind)?.get(header).copied()
    }

    /// The canonical value a rules file adds `token` (normalised) as, in `vocab`.
    pub fn lookup(&self, vocab: Vocab, token: &str) -> Option<&'static str> {
        self.values
            .get(&(name_of(vocab), token.to_string()))
            .copied()
    }
}

fn named(name: &str) -> Option<Vocab> {
    VOCABS.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
}

/// A vocabulary's first name in `VOCABS` (`status` and `decision` are one vocabulary), found by
/// content: a `const` slice has no one address.
fn name_of(v: Vocab) -> &'static str {
    VOCABS
        .iter()
        .find(|(_, w)| *w == v)
        .map(|(n, _)| *n)
        .expect("every vocabulary is in VOCABS")
}

/// The built-in aliases and vocabularies, as the commented rules-file tables that would extend
/// them, for `kinerja rules --default`.
pub fn built_in_as_comments() -> String {
    let quoted = |names: &mut dyn Iterator<Item = &str>| {
        names
            .map(|n| format!("\"{n}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut out = String::from(
        "\n# --- Header names and values read from exports -----------------------------------------\n\
         # Built in, as below; a rules file adds names per kind and values per vocabulary in the\n\
         # same shape, uncommented (e.g. [columns.activities] description = [\"rincian\"]).\n",
    );
    for k in KINDS {
        out.push_str(&format!("# [columns.{}]\n", k.name));
        for c in k.columns.iter().filter(|c| !c.aliases.is_empty()) {
            out.push_str(&format!(
                "# {} = [{}]\n",
                c.name,
                quoted(&mut c.aliases.iter().copied())
            ));
            if !c.fallbacks.is_empty() {
                out.push_str(&format!(
                    "#   (and, only when no header above is there: {})\n",
                    quoted(&mut c.fallbacks.iter().copied())
                ));
            }
        }
        if let Some(carries) = k.carries {
            out.push_str(&format!(
                "#   a row may carry its {} record, its columns:\n",
                carries.kind
            ));
            for c in carries.columns {
                out.push_str(&format!(
                    "# {} = [{}]\n",
                    c.name,
                    quoted(&mut c.aliases.iter().copied())
                ));
            }
        }
    }
    for (name, v) in VOCABS {
        if name_of(v) != *name {
            out.push_str(&format!("# [values.{name}] is [values.{}]\n", name_of(v)));
            continue;
        }
        out.push_str(&format!("# [values.{name}]\n"));
        for (canonical, spellings) in v.iter() {
            out.push_str(&format!(
                "# {canonical} = [{}]\n",
                quoted(&mut spellings.iter().copied())
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Names {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn added_names_are_normalised_and_checked() {
        let ext = Extensions::from_rules(
            &names("[activities]\ndescription = [\"Rincian Pekerjaan\"]"),
            &names("[attendance]\nleave = [\"CUTI-X\"]\n[status]\napproved = [\"ok\"]"),
        )
        .unwrap();
        assert_eq!(
            ext.column("activities", "rincian_pekerjaan"),
            Some("description")
        );
        assert_eq!(ext.lookup(vocab::ATTENDANCE, "cuti_x"), Some("leave"));
        // `status` and `decision` are one vocabulary.
        assert_eq!(ext.lookup(vocab::DECISION, "ok"), Some("approved"));
        let err = |c: &str, v: &str| Extensions::from_rules(&names(c), &names(v)).unwrap_err();
        assert!(err("[activity]\nx = [\"y\"]", "").contains("no such record kind"));
        assert!(err("[activities]\ncolour = [\"y\"]", "").contains("no such column"));
        assert!(err("", "[mood]\nhappy = [\"y\"]").contains("no such vocabulary"));
        assert!(err("", "[attendance]\nholiday = [\"y\"]").contains("not a value of attendance"));
        assert!(err("", "[attendance]\nleave = [\"tk\"]").contains("already means `absent`"));
    }
}
