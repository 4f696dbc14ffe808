use clap::Parser;

fn main() -> std::process::ExitCode {
    kinerja::app::run(kinerja::cli::Cli::parse()).into()
}
