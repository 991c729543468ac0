//! meibo: read → normalise → reconcile → write. This file only parses the command line, runs the
//! command, prints the error chain once and turns the outcome into an exit status:
//! 0 = done, nothing excluded; 1 = done, some rows excluded; 2 = error. A closed pipe (`meibo …
//! | head`) ends it quietly: writes report the broken pipe as an error, which ends the run as
//! ripgrep's does, with no Unix signal call.

use std::io::Write as _;
use std::process::ExitCode;

use meibo::{cli, cmd, Outcome};

fn main() -> ExitCode {
    let (cli, matches) = cli::parse();
    let lang = cli.lang;
    let result = match cli.command {
        cli::Command::Inspect(args) => cmd::inspect::run(args, lang),
        cli::Command::Explain(args) => cmd::explain::run(args, lang),
        cli::Command::Reconcile(args) => {
            let matches = matches
                .subcommand_matches("reconcile")
                .expect("the reconcile command was parsed");
            cmd::reconcile::run(args, matches, cli.quiet, lang)
        }
        cli::Command::Personality(args) => cmd::personality::run(args, cli.quiet, lang),
        cli::Command::Verify(args) => cmd::verify::run(args, cli.quiet, lang),
    };
    match result {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::SomeExcluded) => ExitCode::from(1),
        Err(error) => {
            if is_broken_pipe(&error) {
                return ExitCode::SUCCESS;
            }
            let _ = writeln!(
                std::io::stderr(),
                "meibo: {} {}",
                lang.pick("エラー:", "error:"),
                meibo::lang::error_chain(&error, lang)
            );
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
