//! `meibo verify` (docs/verify.md): read the plan of an earlier reconcile and the receiving
//! system's export taken after the import, say for every planned change whether it landed, and
//! write verify.csv, warnings.csv, summary.json and report.html.

use std::path::PathBuf;

use anyhow::Result;

use crate::cli::VerifyArgs;
use crate::config::Reading;
use crate::lang::Lang;
use crate::progress::Progress;
use crate::verify::{self, write, Settings};
use crate::Outcome;

pub fn run(args: VerifyArgs, quiet: bool, lang: Lang) -> Result<Outcome> {
    let settings = Settings {
        reading: Reading::from_args(&args.read, lang)?,
        plan: args.plan,
        employees: args.current_employees,
        departments: args.current_departments,
        out: args.out,
    };
    // The plan's own files are inputs too: an --out that holds them (the plan folder) is refused.
    let mut inputs: Vec<PathBuf> = vec![settings.employees.clone()];
    inputs.extend(settings.departments.clone());
    inputs.extend(
        ["summary.json", "changes.csv", "exclusions.csv"]
            .iter()
            .map(|name| settings.plan.join(name)),
    );
    let input_paths: Vec<&std::path::Path> = inputs.iter().map(PathBuf::as_path).collect();
    crate::output::refuse_overwriting_inputs(&settings.out, &write::NAMES, &input_paths, lang)?;

    let progress = Progress::new(quiet);
    let stage = progress.spinner(lang.pick("照合中", "verifying"));
    let verified = verify::run(&settings)?;
    drop(stage);
    let written = write::write(&settings.out, &input_paths, &verified, lang)?;
    write::closing(&verified, &written, lang)?;
    Ok(if verified.failures() == 0 {
        Outcome::Clean
    } else {
        Outcome::SomeExcluded
    })
}
