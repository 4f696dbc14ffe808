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
