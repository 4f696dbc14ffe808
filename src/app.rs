//! Turns parsed arguments into a run of one stage and an exit status.

use crate::cli::{Cli, Command, IngestArgs, RulesArgs, SampleArgs};
use crate::exit::ExitStatus;
use crate::ingest::{self, IngestError, IngestOptions};
use crate::printer::Printer;
use crate::rules::{DEFAULT_RULES, Rules};

pub fn run(cli: Cli) -> ExitStatus {
    let printer = Printer { quiet: cli.quiet };
    let result = match cli.command {
        Command::Ingest(args) => run_ingest(args, &printer),
        Command::Sample(args) => run_sample(args, &printer),
        Command::Rules(args) => run_rules(args),
    };
    match result {
        Ok(status) => status,
        Err(message) => {
            printer.error(&message);
            ExitStatus::UsageOrInput
        }
    }
}

fn run_ingest(args: IngestArgs, printer: &Printer) -> Result<ExitStatus, String> {
    let rules = Rules::load(args.rules.as_deref()).map_err(|e| e.to_string())?;
    if let Some(as_of) = &args.as_of {
        crate::values::parse_period(&crate::values::Cell::Text(as_of.clone()))
            .map_err(|e| format!("--as-of: {e}"))?;
    }
    let opts = IngestOptions {
        warehouse: args.warehouse,
        kind: args.kind,
        as_of: args.as_of,
        sheet: args.sheet,
        utc_offset_min: rules.utc_offset_min().expect("checked when loaded"),
    };
    let report = ingest::ingest(&args.paths, &opts).map_err(|e| match e {
        IngestError::Usage(m) => m,
        other => other.to_string(),
    })?;
    printer.ingest_report(&report);
    Ok(if !report.errors.is_empty() {
        ExitStatus::UsageOrInput
    } else if args.strict && report.rejected() > 0 {
        ExitStatus::DataProblems
    } else {
        ExitStatus::Success
    })
}

fn run_sample(args: SampleArgs, printer: &Printer) -> Result<ExitStatus, String> {
    let options = crate::sample::SampleOptions::from_args(&args)?;
    let written = crate::sample::generate(&options)
        .map_err(|e| format!("writing {}: {e}", args.out.display()))?;
    printer.line(&format!(
        "wrote {} files to {}",
        written.len(),
        args.out.display()
    ));
    Ok(ExitStatus::Success)
}

fn run_rules(args: RulesArgs) -> Result<ExitStatus, String> {
    if let Some(path) = args.check {
        let rules = Rules::load(Some(&path)).map_err(|e| e.to_string())?;
        println!("{rules:#?}");
    } else {
        print!("{DEFAULT_RULES}");
    }
    Ok(ExitStatus::Success)
}
