//! All human-facing output of a run goes through one printer on stderr, so `--quiet` and
//! machine-readable stdout stay simple.

use crate::ingest::IngestReport;

pub struct Printer {
    pub quiet: bool,
    pub json: bool,
}

impl Printer {
    /// One JSON object per stage on stdout (`--json`), for schedulers.
    pub fn summary(&self, stage: &str, value: serde_json::Value) {
        if self.json {
            let mut object = serde_json::json!({ "stage": stage });
            if let (Some(o), serde_json::Value::Object(extra)) = (object.as_object_mut(), value) {
                o.extend(extra);
            }
            println!("{object}");
        }
    }

    pub fn line(&self, text: &str) {
        if !self.quiet {
            crate::progress::println(text);
        }
    }

    pub fn error(&self, text: &str) {
        crate::progress::println(&format!("error: {text}"));
    }

    pub fn ingest_report(&self, report: &IngestReport) {
        for f in &report.files {
            let name = f.path.display();
            if let Some(earlier) = &f.already_ingested {
                self.line(&format!(
                    "{name}: {} — already ingested ({earlier}); nothing to do",
                    f.kind
                ));
                continue;
            }
            self.line(&format!(
                "{name}: {} ({}) read {}, accepted {}, replaced {}, rejected {}",
                f.kind, f.format, f.rows_read, f.accepted, f.replaced, f.rejected
            ));
            for (count, line, column, reason) in &f.top_reasons {
                self.line(&format!(
                    "    {count}× e.g. line {line}, column `{column}`: {reason}"
                ));
            }
            for note in &f.notes {
                self.line(&format!("    {note}"));
            }
            if !f.ignored_columns.is_empty() {
                self.line(&format!(
                    "    ignored columns: {}",
                    f.ignored_columns.join(", ")
                ));
            }
        }
        for e in &report.errors {
            self.error(&e.to_string());
        }
        if !report.errors.is_empty() {
            self.line("nothing was ingested: fix the files above and run the same command again");
        } else if report.committed {
            let rejected = report.rejected();
            if rejected > 0 {
                self.line(&format!(
                    "{rejected} rejected rows are kept in the warehouse under _rejects/"
                ));
            }
        } else {
            self.line("nothing changed");
        }
    }
}
