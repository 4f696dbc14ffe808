//! Reading a period's computed tables back (Parquet) as plain columns for the page models.

use std::path::Path;

use polars::prelude::*;

use super::error::ReportError;

pub struct Table {
    pub df: DataFrame,
    /// Where it was read from, for errors.
    path: String,
}

impl Table {
    pub fn read(dir: &Path, name: &str) -> Result<Table, ReportError> {
        let path = dir.join(format!("{name}.parquet"));
        let file = std::fs::File::open(&path).map_err(|e| {
            ReportError::Input(format!(
                "{}: {e}; run `kinerja compute` for this period first",
                path.display()
            ))
        })?;
        let df = ParquetReader::new(file)
            .finish()
            .map_err(|source| ReportError::Table {
                path: path.display().to_string(),
                source,
            })?;
        Ok(Table {
            df,
            path: path.display().to_string(),
        })
    }

    fn failed(&self, column: &str, source: PolarsError) -> ReportError {
        ReportError::Table {
            path: format!("{}: column `{column}`", self.path),
            source,
        }
    }

    pub fn height(&self) -> usize {
        self.df.height()
    }

    /// Column `name` cast to `dtype`. A page never shows a blank or `Rp 0` for a column its
    /// table lacks (a table computed by another version, or edited): that is an error naming it.
    fn column(&self, name: &str, dtype: &DataType) -> Result<Column, ReportError> {
        let column = self.df.column(name).map_err(|_| {
            ReportError::Input(format!(
                "{} has no column `{name}`, which the report shows; compute the period again \
                 with this version of kinerja",
                self.path
            ))
        })?;
        column.cast(dtype).map_err(|e| self.failed(name, e))
    }

    pub fn str(&self, name: &str) -> Result<Vec<String>, ReportError> {
        let c = self.column(name, &DataType::String)?;
        Ok(c.str()
            .map_err(|e| self.failed(name, e))?
            .iter()
            .map(|v| v.unwrap_or_default().to_string())
            .collect())
    }

    pub fn f64(&self, name: &str) -> Result<Vec<Option<f64>>, ReportError> {
        let c = self.column(name, &DataType::Float64)?;
        Ok(c.f64().map_err(|e| self.failed(name, e))?.iter().collect())
    }

    /// Integers; a null is 0 (counts and money of a row that has none).
    pub fn i64(&self, name: &str) -> Result<Vec<i64>, ReportError> {
        let c = self.column(name, &DataType::Int64)?;
        Ok(c.i64()
            .map_err(|e| self.failed(name, e))?
            .iter()
            .map(|v| v.unwrap_or(0))
            .collect())
    }

    /// Integers with their nulls (a figure that is not there, as opposed to 0).
    pub fn opt_i64(&self, name: &str) -> Result<Vec<Option<i64>>, ReportError> {
        let c = self.column(name, &DataType::Int64)?;
        Ok(c.i64().map_err(|e| self.failed(name, e))?.iter().collect())
    }

    pub fn bool(&self, name: &str) -> Result<Vec<bool>, ReportError> {
        let c = self.column(name, &DataType::Boolean)?;
        Ok(c.bool()
            .map_err(|e| self.failed(name, e))?
            .iter()
            .map(|v| v.unwrap_or(false))
            .collect())
    }
}

/// The tables of one computed period.
pub struct PeriodTables {
    pub employee_month: Table,
    pub allowance: Table,
    pub attention: Table,
    pub unit_month: Table,
    pub approvers: Table,
    pub integrity: Table,
    pub latency_histogram: Table,
    pub daily_submissions: Table,
    pub distribution: Table,
    pub distribution_bounds: Table,
    pub compliance: Table,
    pub compliance_units: Table,
    pub trend: Table,
    pub changes: Table,
    pub readiness: Table,
    pub manifest: serde_json::Value,
}

impl PeriodTables {
    pub fn read(period_dir: &Path) -> Result<PeriodTables, ReportError> {
        let dir = period_dir.join("tables");
        let manifest_path = period_dir.join("manifest.json");
        let manifest = std::fs::read_to_string(&manifest_path).map_err(|e| {
            ReportError::Input(format!(
                "{}: {e}; run `kinerja compute` for this period first",
                manifest_path.display()
            ))
        })?;
        Ok(PeriodTables {
            employee_month: Table::read(&dir, "employee_month")?,
            allowance: Table::read(&dir, "allowance")?,
            attention: Table::read(&dir, "attention")?,
            unit_month: Table::read(&dir, "unit_month")?,
            approvers: Table::read(&dir, "approvers")?,
            integrity: Table::read(&dir, "integrity")?,
            latency_histogram: Table::read(&dir, "latency_histogram")?,
            daily_submissions: Table::read(&dir, "daily_submissions")?,
            distribution: Table::read(&dir, "distribution")?,
            distribution_bounds: Table::read(&dir, "distribution_bounds")?,
            compliance: Table::read(&dir, "compliance")?,
            compliance_units: Table::read(&dir, "compliance_units")?,
            trend: Table::read(&dir, "trend")?,
            changes: Table::read(&dir, "changes")?,
            readiness: Table::read(&dir, "readiness")?,
            manifest: serde_json::from_str(&manifest).map_err(|e| {
                ReportError::Input(format!(
                    "{} is damaged ({e}); compute the period again",
                    manifest_path.display()
                ))
            })?,
        })
    }
}
