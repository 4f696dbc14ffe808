//! Progress bars for the long stages (reading files, merging, computing periods, rendering pages).
//! They are drawn on stderr only when it is a terminal and `--quiet` is off; under a scheduler, a
//! pipe or a log file every bar is hidden, so the output stays the plain summary lines.

use std::io::IsTerminal;
use std::sync::OnceLock;
use std::time::Duration;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

static BARS: OnceLock<MultiProgress> = OnceLock::new();

/// Decides once per process whether bars are drawn. Without a call, nothing is drawn (tests,
/// library use).
pub fn init(quiet: bool) {
    let draw = !quiet && std::io::stderr().is_terminal();
    let target = if draw {
        ProgressDrawTarget::stderr_with_hz(10)
    } else {
        ProgressDrawTarget::hidden()
    };
    let _ = BARS.set(MultiProgress::with_draw_target(target));
}

fn bars() -> &'static MultiProgress {
    BARS.get_or_init(|| MultiProgress::with_draw_target(ProgressDrawTarget::hidden()))
}

fn add(bar: ProgressBar, template: &str, message: String) -> ProgressBar {
    let style = ProgressStyle::with_template(template)
        .expect("valid template")
        .progress_chars("=> ");
    let bar = bars().add(bar.with_style(style).with_message(message));
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// A bar over the bytes of a file being read.
pub fn bytes(total: u64, message: String) -> ProgressBar {
    add(
        ProgressBar::new(total),
        "{msg:28!} [{bar:20}] {bytes:>9}/{total_bytes:9} {eta:>3}",
        message,
    )
}

/// A bar over a known number of steps (kinds merged, queries run, pages rendered).
pub fn items(total: u64, message: String) -> ProgressBar {
    add(
        ProgressBar::new(total),
        "{msg:36!} [{bar:20}] {pos}/{len} {elapsed}",
        message,
    )
}

/// Prints a line without tearing the bars being drawn.
pub fn println(text: &str) {
    bars().suspend(|| eprintln!("{text}"));
}
