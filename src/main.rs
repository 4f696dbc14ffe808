use clap::Parser;

// Ingest allocates a string per field; glibc's malloc spent a fifth of ingest's time in
// malloc/free (perf), mimalloc far less. Polars recommends a dedicated allocator too.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    kinerja::join_sampling::limit();
    kinerja::allocator::prefer_small_pages();
    kinerja::exit::install_panic_hook();
    let cli = kinerja::cli::Cli::parse();
    // A panic never reaches the user as Rust's own text: the hook has said what happened.
    let status = std::panic::catch_unwind(|| kinerja::app::run(cli))
        .unwrap_or(kinerja::exit::ExitStatus::Internal);
    if kinerja::exit::panicked() {
        return kinerja::exit::ExitStatus::Internal.into();
    }
    status.into()
}
