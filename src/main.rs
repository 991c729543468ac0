//! meibo: read → normalise → reconcile → write. This file only parses the command line, runs the
//! command, prints the error chain once and turns the outcome into an exit status:
//! 0 = done, nothing excluded; 1 = done, some rows excluded; 2 = error.

use std::process::ExitCode;

use meibo::{cli, cmd, Outcome};

fn main() -> ExitCode {
    // A closed pipe (`meibo … 2>&1 | head`) ends meibo quietly, as it does other command-line
    // tools, instead of a panic while printing; outputs are switched into place atomically, so an
    // interrupted run leaves nothing half-written.
    // SAFETY: setting a signal's disposition to its default before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
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
            eprintln!("meibo: {} {error:#}", lang.pick("エラー:", "error:"));
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
