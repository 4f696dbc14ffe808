//! The longest line a CSV or NDJSON reader takes: what one record costs in memory is bounded by
//! this limit, not chosen by the file (issue 19). Past it, reading fails with a clear error.

use std::io::{self, Read};

/// A row of 64 fields each at the 32,767 characters a cell holds, in 4-byte characters, is
/// 8 MiB: no real export line comes near it.
pub const MAX_LINE_BYTES: usize = 8 << 20;

pub struct LineLimit<R> {
    inner: R,
    /// Bytes read since the last line end.
    since_newline: usize,
    /// Bytes read in all, to say where the long line is.
    offset: u64,
}

impl<R> LineLimit<R> {
    pub fn new(inner: R) -> Self {
        LineLimit {
            inner,
            since_newline: 0,
            offset: 0,
        }
    }
}

impl<R: Read> Read for LineLimit<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let chunk = &buf[..n];
        let mut longest = self.since_newline;
        match chunk.iter().position(|&b| b == b'\n') {
            None => self.since_newline += n,
            Some(first) => {
                longest += first;
                // A whole line inside one read can be too long only in a read longer than that.
                if n > MAX_LINE_BYTES {
                    let mut previous = first;
                    for (i, _) in chunk
                        .iter()
                        .enumerate()
                        .skip(first + 1)
                        .filter(|(_, b)| **b == b'\n')
                    {
                        longest = longest.max(i - previous - 1);
                        previous = i;
                    }
                }
                let last = chunk.iter().rposition(|&b| b == b'\n').unwrap_or(first);
                self.since_newline = n - last - 1;
            }
        }
        longest = longest.max(self.since_newline);
        self.offset += n as u64;
        if longest > MAX_LINE_BYTES {
            return Err(io::Error::other(format!(
                "a line is longer than {} MiB (by byte {}); a row of an export is far shorter: \
                 check that the file is the export it should be",
                MAX_LINE_BYTES >> 20,
                self.offset
            )));
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_past_the_limit_fails_and_long_files_of_short_lines_do_not() {
        let short = "a,b,c\n".repeat(MAX_LINE_BYTES / 3);
        let mut out = Vec::new();
        LineLimit::new(short.as_bytes())
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out.len(), short.len());
        let long = format!("a,b\n{}\n", "x".repeat(MAX_LINE_BYTES + 1));
        let err = LineLimit::new(long.as_bytes())
            .read_to_end(&mut Vec::new())
            .unwrap_err();
        assert!(err.to_string().contains("longer than 8 MiB"), "{err}");
    }
}
