//! The allowance table's money columns in payslip order, with their Indonesian headings: compute
//! writes them (the finance workbook) and the report reads them (the finance page), so both
//! name the same columns in the same order.

pub const MONEY_COLUMNS: &[(&str, &str)] = &[
    ("base", "Besaran TPP"),
    ("perf_amount", "TPP Kinerja"),
    ("discipline_amount", "TPP Disiplin"),
    ("sanction_cut", "Potongan Hukuman"),
    ("gross", "Bruto"),
    ("bpjs", "Iuran BPJS"),
    ("tax", "PPh 21"),
    ("net", "Diterima"),
    ("forfeited_amount", "TPP Hangus"),
];

/// The heading of `column`; the BPJS one names the rules' employee share (`BPJS (1%)`).
pub fn heading(column: &str, bpjs_employee_pct: &str) -> String {
    if column == "bpjs" {
        return format!("BPJS ({bpjs_employee_pct}%)");
    }
    MONEY_COLUMNS
        .iter()
        .find(|(c, _)| *c == column)
        .map(|(_, h)| h.to_string())
        .unwrap_or_else(|| column.to_string())
}
