//! Named places where a test can make the process fail on purpose (`KINERJA_FAILPOINT=name`), to
//! prove that a failure at that moment leaves the warehouse consistent. Costs one env lookup.

pub fn hit(name: &str) -> std::io::Result<()> {
    match std::env::var("KINERJA_FAILPOINT") {
        Ok(wanted) if wanted == name => Err(std::io::Error::other(format!(
            "failure injected at `{name}` (KINERJA_FAILPOINT)"
        ))),
        _ => Ok(()),
    }
}

/// Panics at `name` when asked to: proves that a panic, even on a reader thread, stops the run
/// before its commit point with exit code 3.
pub fn panic_if(name: &str) {
    if std::env::var("KINERJA_FAILPOINT").is_ok_and(|wanted| wanted == name) {
        panic!("panic injected at `{name}` (KINERJA_FAILPOINT)");
    }
}
