//! How many rows polars' streaming joins sample before they choose the side to build their hash
//! table on. Before choosing, a join buffers up to `POLARS_JOIN_SAMPLE_LIMIT` rows (10 M by
//! default) of *each* input; when both inputs fit under the limit it holds them both whole. At
//! 100k employees `linked` joins 8.4 M activities to 7.9 M approvals, so both were held in
//! memory before the join began. With 5 M, compute at 100k took a median 10.8 s instead of
//! 11.3 s (6 alternating runs each), with less spread (10.2-11.2 s against 10.4-13.3 s), and the
//! same outputs to the byte. (`linked` itself has since been told its build side and no longer
//! samples, see `compute::build_side`; the limit still bounds every other join's sample.)
//!
//! The limit stays above any roster (Indonesia has about 4.3 M ASN): when both inputs exceed it,
//! polars picks the side whose sample has fewer distinct keys per byte, which for a roster
//! against its activities (each NIP repeated some 80 times) is the activities, the wrong side.
//! Below the limit the smaller input is built on, as it should be.

const VARIABLE: &str = "POLARS_JOIN_SAMPLE_LIMIT";
const ROWS: u64 = 5_000_000;

/// The value to give polars, unless the user set one.
fn limit_to_set(user_setting: Option<std::ffi::OsString>) -> Option<String> {
    match user_setting {
        Some(_) => None,
        None => Some(ROWS.to_string()),
    }
}

/// Sets the sample limit for this process. Call first thing in `main`, before any thread
/// starts; a limit the user set in the environment is kept.
pub fn limit() {
    if let Some(rows) = limit_to_set(std::env::var_os(VARIABLE)) {
        // SAFETY: called at the start of `main`, before any other thread exists, so nothing
        // reads the environment while it changes. polars reads it when first configured.
        unsafe { std::env::set_var(VARIABLE, rows) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_users_limit_is_kept_and_the_default_is_above_a_national_roster() {
        assert_eq!(limit_to_set(Some("123".into())), None);
        let ours: u64 = limit_to_set(None).expect("a limit").parse().unwrap();
        assert!(ours > 4_300_000 && ours < 10_000_000, "{ours}");
    }
}
