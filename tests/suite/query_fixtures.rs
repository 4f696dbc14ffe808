//! Per-query fixtures (the sqllogictest habit): each `queries/tests/*.test` file holds small
//! input tables and the rows one query must give, worked out by hand. A new case is a few lines
//! of text, not a new Rust test.
//!
//! ```text
//! # a comment
//! case what this case shows            starts a case: tables and settings start empty
//! set late_entries = "count"           a template value (JSON), over the default rules' values
//! table roster                         an input table: a typed header, rows, `end`
//! nip:int | name:str
//! 1 | Ani
//! end
//! expect employee_month                the query's rows (these columns, in the query's order)
//! nip | predikat                       (`expect-sorted`: compared as sorted sets of rows)
//! 1 | baik
//! end
//! ```
//!
//! Types: `int` (Int64), `i32`, `float`, `str`, `bool`; `NULL` is a null. Floats match to 1e-9.

use std::path::{Path, PathBuf};

use kinerja::compute::params::{Holidays, PeriodParams};
use kinerja::compute::queries::QuerySet;
use kinerja::rules::Rules;
use polars::prelude::*;
use polars::sql::SQLContext;

#[derive(Default)]
struct Case {
    title: String,
    line: usize,
    sets: Vec<(String, serde_json::Value)>,
    tables: Vec<(String, DataFrame)>,
    expects: Vec<Expect>,
}

struct Expect {
    query: String,
    sorted: bool,
    columns: Vec<String>,
    rows: Vec<Vec<String>>,
    line: usize,
}

fn cells(line: &str) -> Vec<String> {
    line.split('|').map(|c| c.trim().to_string()).collect()
}

/// Cells read as `T`, `None` for nulls.
fn typed<'a, T: std::str::FromStr>(
    values: impl Iterator<Item = Option<&'a str>>,
    at: &str,
    ty: &str,
) -> Vec<Option<T>> {
    values
        .map(|v| {
            v.map(|v| {
                v.parse()
                    .unwrap_or_else(|_| panic!("{at}: `{v}` is not a {ty}"))
            })
        })
        .collect()
}

fn table(header: &str, rows: &[Vec<String>], at: &str) -> DataFrame {
    let columns: Vec<Column> = cells(header)
        .iter()
        .enumerate()
        .map(|(i, spec)| {
            let (name, ty) = spec
                .split_once(':')
                .unwrap_or_else(|| panic!("{at}: column `{spec}` needs a type (name:int)"));
            let values = rows.iter().map(|r| {
                let v = r
                    .get(i)
                    .unwrap_or_else(|| panic!("{at}: a row has too few cells"));
                (v != "NULL").then_some(v.as_str())
            });
            let name = PlSmallStr::from_str(name);
            match ty {
                "int" => Column::new(name, typed::<i64>(values, at, ty)),
                "i32" => Column::new(name, typed::<i32>(values, at, ty)),
                "float" => Column::new(name, typed::<f64>(values, at, ty)),
                "bool" => Column::new(name, typed::<bool>(values, at, ty)),
                "str" => Column::new(name, values.collect::<Vec<_>>()),
                other => panic!("{at}: unknown type `{other}`"),
            }
        })
        .collect();
    DataFrame::new(rows.len(), columns).unwrap_or_else(|e| panic!("{at}: {e}"))
}

fn parse(path: &Path) -> Vec<Case> {
    let text = std::fs::read_to_string(path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let mut cases: Vec<Case> = Vec::new();
    let mut i = 0;
    // The lines of a block up to `end` (comments left out), and the line after it.
    let block = |from: usize| -> (Vec<&str>, usize) {
        let mut j = from;
        while lines.get(j).map(|l| l.trim()) != Some("end") {
            assert!(j < lines.len(), "{name}:{}: a block without `end`", from);
            j += 1;
        }
        let body = lines[from..j]
            .iter()
            .copied()
            .filter(|l| !l.trim_start().starts_with('#'))
            .collect();
        (body, j + 1)
    };
    while i < lines.len() {
        let line = lines[i].trim();
        let at = format!("{name}:{}", i + 1);
        if line.is_empty() || line.starts_with('#') {
            i += 1;
            continue;
        }
        let (word, rest) = line.split_once(' ').unwrap_or((line, ""));
        if word == "case" {
            cases.push(Case {
                title: rest.to_string(),
                line: i + 1,
                ..Default::default()
            });
            i += 1;
            continue;
        }
        let case = cases
            .last_mut()
            .unwrap_or_else(|| panic!("{at}: start with `case TITLE`"));
        match word {
            "set" => {
                let (key, value) = rest
                    .split_once('=')
                    .unwrap_or_else(|| panic!("{at}: set KEY = JSON"));
                let value =
                    serde_json::from_str(value.trim()).unwrap_or_else(|e| panic!("{at}: {e}"));
                case.sets.push((key.trim().to_string(), value));
                i += 1;
            }
            "table" => {
                let (body, next) = block(i + 1);
                let rows: Vec<Vec<String>> = body[1..].iter().map(|l| cells(l)).collect();
                case.tables
                    .push((rest.to_string(), table(body[0], &rows, &at)));
                i = next;
            }
            "expect" | "expect-sorted" => {
                let (body, next) = block(i + 1);
                case.expects.push(Expect {
                    query: rest.to_string(),
                    sorted: word == "expect-sorted",
                    columns: cells(body[0]),
                    rows: body[1..].iter().map(|l| cells(l)).collect(),
                    line: i + 1,
                });
                i = next;
            }
            other => panic!("{at}: unknown line `{other}`"),
        }
    }
    cases
}

fn shown(value: AnyValue) -> String {
    match value {
        AnyValue::Null => "NULL".into(),
        AnyValue::String(s) => s.to_string(),
        AnyValue::StringOwned(s) => s.to_string(),
        AnyValue::Boolean(b) => b.to_string(),
        AnyValue::Float64(f) => f.to_string(),
        AnyValue::Float32(f) => f.to_string(),
        other => other.to_string(),
    }
}

fn same(actual: &str, expected: &str) -> bool {
    if actual == expected {
        return true;
    }
    match (actual.parse::<f64>(), expected.parse::<f64>()) {
        (Ok(a), Ok(e)) => (a - e).abs() <= 1e-9 * e.abs().max(1.0),
        _ => false,
    }
}

fn run(path: &Path, case: &Case, queries: &QuerySet) -> Result<(), String> {
    let rules = Rules::defaults();
    let holidays = Holidays {
        dates: Default::default(),
        source: "shipped",
        files: Vec::new(),
    };
    let params = PeriodParams::new(&rules, "2026-10", holidays).map_err(|e| e.to_string())?;
    let mut values = serde_json::to_value(params.sql("2026-10", 1)).unwrap();
    for (key, value) in &case.sets {
        values[key.as_str()] = value.clone();
    }
    let mut ctx = SQLContext::new();
    for (name, df) in &case.tables {
        ctx.register(name, df.clone().lazy());
    }
    for expect in &case.expects {
        let at = format!("{}:{}", path.display(), expect.line);
        let sql = queries
            .render(&expect.query, &values)
            .map_err(|e| format!("{at}: {e}"))?;
        let df = ctx
            .execute(&sql)
            .and_then(|lf| lf.collect())
            .map_err(|e| format!("{at}: query {}: {e}", expect.query))?;
        ctx.register(&expect.query, df.clone().lazy());
        let mut actual: Vec<Vec<String>> = (0..df.height())
            .map(|r| {
                expect
                    .columns
                    .iter()
                    .map(|c| {
                        let column = df.column(c).unwrap_or_else(|_| {
                            panic!("{at}: {} has no column `{c}`", expect.query)
                        });
                        shown(column.get(r).unwrap())
                    })
                    .collect()
            })
            .collect();
        let mut expected = expect.rows.clone();
        if expect.sorted {
            actual.sort();
            expected.sort();
        }
        let matches = actual.len() == expected.len()
            && actual
                .iter()
                .zip(&expected)
                .all(|(a, e)| a.len() == e.len() && a.iter().zip(e).all(|(a, e)| same(a, e)));
        if !matches {
            let show = |rows: &[Vec<String>]| {
                rows.iter()
                    .map(|r| r.join(" | "))
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            return Err(format!(
                "{at} ({}): {} gave\n{}\nexpected\n{}",
                case.title,
                expect.query,
                show(&actual),
                show(&expected)
            ));
        }
    }
    Ok(())
}

fn fixture_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("queries/tests");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "test"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_query_fixture_gives_its_expected_rows() {
    let queries = QuerySet::load(None).unwrap();
    let files = fixture_files();
    assert!(files.len() >= 4, "fixtures in queries/tests: {files:?}");
    let mut failures = Vec::new();
    let mut cases = 0;
    for path in &files {
        for case in parse(path) {
            assert!(
                !case.expects.is_empty(),
                "{}:{}: no expect",
                path.display(),
                case.line
            );
            cases += 1;
            if let Err(e) = run(path, &case, &queries) {
                failures.push(e);
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(cases >= 8, "only {cases} cases");
}

#[test]
fn a_wrong_expectation_fails() {
    // The runner itself can fail: a fixture whose expected row is wrong is reported.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wrong.test");
    std::fs::write(
        &path,
        "case wrong\ntable made_roots\nunit_id:str | parent_id:str\nA | P\nend\n\
         table entries\nin_roster:int\n1\nend\n\
         table orphan_approvals\nunknown_activity_approvals:int\n0\nend\n\
         table roster\nnip:int\n1\nend\n\
         expect dataset\nunits_kept_as_roots\n2\nend\n",
    )
    .unwrap();
    let case = &parse(&path)[0];
    let err = run(&path, case, &QuerySet::load(None).unwrap()).unwrap_err();
    assert!(err.contains("expected\n2"), "{err}");
}
