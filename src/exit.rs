//! Exit codes, documented in the README: 0 ok; 1 data problems found under `--strict`;
//! 2 a usage or input error (bad arguments, an unreadable file, a bad rules file); 3 an internal
//! error, a bug: the run stopped before changing anything, and asks to be reported.

use std::sync::atomic::{AtomicBool, Ordering};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    Success = 0,
    DataProblems = 1,
    UsageOrInput = 2,
    Internal = 3,
}

impl From<ExitStatus> for std::process::ExitCode {
    fn from(s: ExitStatus) -> Self {
        std::process::ExitCode::from(s as u8)
    }
}

static PANICKED: AtomicBool = AtomicBool::new(false);

/// Whether any thread of this process has panicked: checked before every commit point, so a
/// reader thread that died (and so ended its file early) never leaves a short file committed.
pub fn panicked() -> bool {
    PANICKED.load(Ordering::SeqCst)
}

/// What the user reads when a thread panics, once, instead of Rust's own panic text.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let first = !PANICKED.swap(true, Ordering::SeqCst);
        if first {
            let location = info
                .location()
                .map(|l| format!(" at {}:{}", l.file(), l.line()))
                .unwrap_or_default();
            let payload = info
                .payload()
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| info.payload().downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic".into());
            crate::progress::println(&format!(
                "error: internal error: {payload}{location}\n\
                 This is a bug in kinerja, not a problem of your data: the run stopped before \
                 changing the warehouse or the outputs. Please report it with this message and \
                 the command you ran (exit code 3)."
            ));
        }
    }));
}
