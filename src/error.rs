//! How an error reaches the user: its message and every cause under it, joined by ": " on one
//! line, as ripgrep prints them. Library errors are typed (`thiserror`) and keep their source;
//! their own message never repeats the source's, which this chain adds.

use std::error::Error;

/// `error` and each of its sources, outermost first.
pub fn chain(error: &dyn Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !cause_text.is_empty() && !text.ends_with(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("reading {0}")]
    struct Reading(&'static str, #[source] std::io::Error);

    #[test]
    fn the_chain_names_every_cause_once() {
        let e = Reading("pegawai.csv", std::io::Error::other("permission denied"));
        assert_eq!(chain(&e), "reading pegawai.csv: permission denied");
    }
}
