//! kinerja: exported e-Kinerja records → a Parquet warehouse → performance and allowance (TPP)
//! tables → reports. Data flows one way: ingest → warehouse → compute → report. `whatif` computes
//! the same months under two rules files and reports the difference.

pub mod allocator;
pub mod app;
pub mod calendar;
pub mod cli;
pub mod compute;
pub mod decimal;
pub mod error;
pub mod exit;
pub mod export;
pub mod extensions;
pub mod failpoint;
pub mod frames;
pub mod ingest;
pub mod join_sampling;
pub mod money_columns;
pub mod printer;
pub mod progress;
pub mod replace_dir;
pub mod report;
pub mod rules;
pub mod sample;
pub mod schema;
pub mod trace;
pub mod unit_tree;
pub mod values;
pub mod vocab;
pub mod warehouse;
pub mod whatif;
