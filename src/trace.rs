//! `KINERJA_TRACE=1` prints how long each phase of a stage took on stderr: the first tool for
//! finding hot spots (see BENCHMARKS.md).

use std::time::Instant;

pub fn phase(what: &str, started: Instant) {
    if std::env::var_os("KINERJA_TRACE").is_some() {
        eprintln!(
            "trace: {what}: {:.2} s, process CPU so far {:.1} s, peak RSS so far {} MiB",
            started.elapsed().as_secs_f64(),
            cpu_seconds(),
            peak_rss_mib()
        );
    }
}

/// The process's user and system CPU time so far (Linux `/proc/self/stat`, in clock ticks of
/// 1/100 s), 0 where unknown: a phase's CPU is the difference between two lines.
fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|stat| {
            // Fields after the command name (which may hold spaces) start at field 3.
            let rest = &stat[stat.rfind(')')? + 2..];
            let fields: Vec<&str> = rest.split(' ').collect();
            let utime: f64 = fields.get(11)?.parse().ok()?;
            let stime: f64 = fields.get(12)?.parse().ok()?;
            Some((utime + stime) / 100.0)
        })
        .unwrap_or(0.0)
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
