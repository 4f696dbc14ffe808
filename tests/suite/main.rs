//! The integration suite: one binary (polars links slowly), one module per feature.

mod harness;

mod ingest_atomic;
mod ingest_basics;
mod ingest_formats;
mod ingest_rejects;
mod sample;
