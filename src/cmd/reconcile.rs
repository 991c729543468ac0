//! `meibo reconcile`: read the HR export and the receiving system's current export, apply the
//! receiving system's rules and write the import files and the reports.

use anyhow::Result;
use clap::ArgMatches;

use crate::cli::ReconcileArgs;
use crate::config::RunConfig;
use crate::lang::Lang;
use crate::output::{self, closing, redact, run::RunInfo};
use crate::pipeline;
use crate::plan::IMPORT_WORKBOOK;
use crate::progress::Progress;
use crate::receiver;
use crate::Outcome;

pub fn run(args: ReconcileArgs, matches: &ArgMatches, quiet: bool, lang: Lang) -> Result<Outcome> {
    let receiver = receiver::find(&args.to).expect("clap takes only the registry's ids");
    let config = RunConfig::from_args(&args, receiver, lang, quiet)?;
    let rules = receiver.configure(matches, &config)?;
    let import_csvs: Vec<(&str, bool)> = rules.import_csvs().iter().map(|&n| (n, true)).collect();
    let names = output::run::names(
        &import_csvs,
        IMPORT_WORKBOOK,
        true,
        &config.formats,
        args.redact.redact,
    );
    let input_paths = config.input_paths();
    output::refuse_overwriting_inputs(
        &config.out,
        &output::run::as_strs(&names),
        &input_paths,
        lang,
    )?;

    let progress = Progress::new(quiet);
    let inputs = pipeline::read(&config, receiver, &*rules, &progress)?;
    let stage = progress.spinner(lang.pick("照合中", "reconciling"));
    let plan = pipeline::plan(&inputs, receiver, &*rules, &config)?;
    drop(stage);
    let redactor = redact::for_run(
        &args.redact,
        &config.out,
        |departments| inputs.personal_values(departments),
        lang,
    )?;
    let run = RunInfo {
        command: "reconcile",
        title: ("meibo 照合レポート", "meibo reconcile report"),
        source: inputs.employees.set.system,
        target: receiver.system(),
        inputs: inputs.summaries(),
        formats: &config.formats,
        encoding: config.encoding,
        lang,
        redactor: redactor.as_ref(),
    };
    let written = output::run::write(&config.out, &input_paths, &run, &plan, &progress)?;
    closing::print(&run, &plan, &written)?;
    let outcome = if plan.exclusions.is_empty() {
        Outcome::Clean
    } else {
        Outcome::SomeExcluded
    };
    // The process's exit frees every record at once; dropping millions of them one by one would
    // add a pause of its own after the work is done.
    std::mem::forget(plan);
    std::mem::forget(inputs);
    Ok(outcome)
}
