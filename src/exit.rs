//! Exit codes, documented in the README: 0 ok; 1 data problems found under `--strict`;
//! 2 a usage or input error (bad arguments, an unreadable file, a bad rules file).

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    Success = 0,
    DataProblems = 1,
    UsageOrInput = 2,
}

impl From<ExitStatus> for std::process::ExitCode {
    fn from(s: ExitStatus) -> Self {
        std::process::ExitCode::from(s as u8)
    }
}
