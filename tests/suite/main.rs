//! The integration suite: one binary (polars links slowly), one module per feature.

mod cli_json;
mod cli_progress;
mod compute_harness;
mod compute_integrity;
mod export_corpus;
mod fuzz;
mod harness;

mod compute_before_paying;
mod compute_buckets;
mod compute_carry;
mod compute_changes;
mod compute_decisions;
mod compute_errors;
mod compute_formula_injection;
mod compute_rules;
mod compute_sums;
mod compute_trend;
mod compute_trust;
mod compute_worked_example;
mod export_siasn;
mod whatif;

mod ingest_atomic;
mod ingest_basics;
mod ingest_formats;
mod ingest_real_exports;
mod ingest_rejects;
mod ingest_sorted;
mod kill;
mod query_fixtures;
mod races;
mod reader_mutations;
mod report_browser;
pub mod report_pages;
mod sample;
mod worked_example_2;
