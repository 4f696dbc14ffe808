use clap::Parser;

// Ingest allocates a string per field; glibc's malloc spent a fifth of ingest's time in
// malloc/free (perf), mimalloc far less. Polars recommends a dedicated allocator too.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    kinerja::join_sampling::limit();
    kinerja::allocator::prefer_small_pages();
    kinerja::app::run(kinerja::cli::Cli::parse()).into()
}
