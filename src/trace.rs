//! `KINERJA_TRACE=1` prints how long each phase of a stage took on stderr: the first tool for
//! finding hot spots (see BENCHMARKS.md).

use std::time::Instant;

pub fn phase(what: &str, started: Instant) {
    if std::env::var_os("KINERJA_TRACE").is_some() {
        eprintln!("trace: {what}: {:.2} s", started.elapsed().as_secs_f64());
    }
}
