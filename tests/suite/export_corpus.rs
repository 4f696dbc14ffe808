//! The corpus of real systems' export shapes (`tests/fixtures/exports/`, issue 23): each file,
//! built to its system's public schema, ingests as it comes, with the rows, accepted rows,
//! rejects and ignored headers counted by hand in `EXPECTED.toml`.

use crate::harness::*;

#[derive(serde::Deserialize)]
struct Expected {
    file: Vec<ExpectedFile>,
}

#[derive(serde::Deserialize)]
struct ExpectedFile {
    path: String,
    system: String,
    kind: String,
    as_of: Option<String>,
    rows: u64,
    accepted: u64,
    rejected: u64,
    ignored: Vec<String>,
    carried: Option<Carried>,
    note: Option<String>,
}

#[derive(serde::Deserialize)]
struct Carried {
    kind: String,
    accepted: u64,
}

#[test]
fn every_export_of_the_corpus_ingests_with_its_hand_counted_rows() {
    let corpus = fixture("exports");
    let expected: Expected =
        toml::from_str(&std::fs::read_to_string(corpus.join("EXPECTED.toml")).unwrap()).unwrap();
    assert!(expected.file.len() >= 7);
    for e in &expected.file {
        let tmp = temp();
        let name = std::path::Path::new(&e.path).file_name().unwrap();
        std::fs::copy(corpus.join(&e.path), tmp.path().join(name)).unwrap();
        let name = name.to_str().unwrap();
        let mut args = vec!["ingest", name, "--warehouse", "wh", "--json"];
        if let Some(as_of) = &e.as_of {
            args.extend(["--as-of", as_of]);
        }
        let run = kinerja(tmp.path(), &args);
        assert_eq!(run.code, 0, "{} ({}): {}", e.path, e.system, run.stderr);
        let summary: serde_json::Value = serde_json::from_str(run.stdout.trim()).unwrap();
        let files = summary["by_file"].as_array().unwrap();
        let own = &files[0];
        let context = format!("{} ({}): {}", e.path, e.system, run.stderr);
        assert_eq!(own["kind"], e.kind.as_str(), "{context}");
        assert_eq!(own["rows_read"], e.rows, "{context}");
        assert_eq!(own["accepted"], e.accepted, "{context}");
        assert_eq!(own["rejected"], e.rejected, "{context}");
        assert_eq!(
            own["ignored_columns"],
            serde_json::json!(e.ignored),
            "{context}"
        );
        // Every reject is kept, one row per problem at least.
        if e.rejected > 0 {
            assert!(read_rejects(&tmp.path().join("wh")).height() >= e.rejected as usize);
        }
        match &e.carried {
            Some(c) => {
                assert_eq!(files.len(), 2, "{context}");
                assert_eq!(files[1]["kind"], c.kind.as_str(), "{context}");
                assert_eq!(files[1]["accepted"], c.accepted, "{context}");
                assert_eq!(
                    read_kind(&tmp.path().join("wh"), &c.kind).height() as u64,
                    c.accepted
                );
            }
            None => assert_eq!(files.len(), 1, "{context}"),
        }
        if let Some(note) = &e.note {
            let notes = own["notes"].to_string();
            assert!(notes.contains(note.as_str()), "{notes}");
        }
        assert_eq!(
            read_kind(&tmp.path().join("wh"), &e.kind).height() as u64,
            e.accepted,
            "{context}"
        );
    }
}
