//! `KINERJA_TRACE=1` prints how long each phase of a stage took on stderr: the first tool for
//! finding hot spots (see BENCHMARKS.md).

use std::time::Instant;

pub fn phase(what: &str, started: Instant) {
    if std::env::var_os("KINERJA_TRACE").is_some() {
        eprintln!(
            "trace: {what}: {:.2} s, peak RSS so far {} MiB",
            started.elapsed().as_secs_f64(),
            peak_rss_mib()
        );
    }
}

/// The process's peak resident set so far (Linux `VmHWM`), 0 where unknown.
fn peak_rss_mib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}
