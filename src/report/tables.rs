//! Reading a period's computed tables back (Parquet) as plain columns for the page models.

use std::path::Path;

use polars::prelude::*;

pub struct Table {
    pub df: DataFrame,
}

impl Table {
    pub fn read(dir: &Path, name: &str) -> Result<Table, String> {
        let path = dir.join(format!("{name}.parquet"));
        let file = std::fs::File::open(&path).map_err(|e| {
            format!(
                "{}: {e}; run `kinerja compute` for this period first",
                path.display()
            )
        })?;
        let df = ParquetReader::new(file)
            .finish()
            .map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(Table { df })
    }

    pub fn height(&self) -> usize {
        self.df.height()
    }

    pub fn str(&self, name: &str) -> Vec<String> {
        match self.df.column(name).and_then(|c| c.cast(&DataType::String)) {
            Ok(c) => c
                .str()
                .map(|s| {
                    s.iter()
                        .map(|v| v.unwrap_or_default().to_string())
                        .collect()
                })
                .unwrap_or_default(),
            Err(_) => vec![String::new(); self.height()],
        }
    }

    pub fn f64(&self, name: &str) -> Vec<Option<f64>> {
        match self
            .df
            .column(name)
            .and_then(|c| c.cast(&DataType::Float64))
        {
            Ok(c) => c.f64().map(|s| s.iter().collect()).unwrap_or_default(),
            Err(_) => vec![None; self.height()],
        }
    }

    pub fn i64(&self, name: &str) -> Vec<i64> {
        match self.df.column(name).and_then(|c| c.cast(&DataType::Int64)) {
            Ok(c) => c
                .i64()
                .map(|s| s.iter().map(|v| v.unwrap_or(0)).collect())
                .unwrap_or_default(),
            Err(_) => vec![0; self.height()],
        }
    }

    pub fn bool(&self, name: &str) -> Vec<bool> {
        match self
            .df
            .column(name)
            .and_then(|c| c.cast(&DataType::Boolean))
        {
            Ok(c) => c
                .bool()
                .map(|s| s.iter().map(|v| v.unwrap_or(false)).collect())
                .unwrap_or_default(),
            Err(_) => vec![false; self.height()],
        }
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
    pub manifest: serde_json::Value,
}

impl PeriodTables {
    pub fn read(period_dir: &Path) -> Result<PeriodTables, String> {
        let dir = period_dir.join("tables");
        let manifest_path = period_dir.join("manifest.json");
        let manifest = std::fs::read_to_string(&manifest_path).map_err(|e| {
            format!(
                "{}: {e}; run `kinerja compute` for this period first",
                manifest_path.display()
            )
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
            manifest: serde_json::from_str(&manifest)
                .map_err(|e| format!("{}: {e}", manifest_path.display()))?,
        })
    }
}
