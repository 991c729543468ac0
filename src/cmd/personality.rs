//! `meibo personality`: ミキワメ's personality results into kaonavi (docs/personality.md).
//! Reads the results export and kaonavi's member export, matches results to members by 社員番号
//! only, and writes the two sheets of kaonavi's system-integration templates — as CSVs and as one
//! workbook — plus the reports.

use anyhow::Result;

use crate::cli::{ImportFormat, PersonalityArgs};
use crate::config::Reading;
use crate::lang::Lang;
use crate::output::csv::Encoding;
use crate::output::{self, closing, redact, run::RunInfo};
use crate::personality::run::{self as personality, Paths};
use crate::progress::Progress;
use crate::source::System;
use crate::Outcome;

pub fn run(args: PersonalityArgs, quiet: bool, lang: Lang) -> Result<Outcome> {
    let reading = Reading::from_args(&args.read, lang)?;
    let paths = Paths {
        results: args.results,
        members: args.members,
        template: args.template,
    };
    let input_paths = personality::input_paths(&paths);
    let formats = [ImportFormat::Csv, ImportFormat::Xlsx];
    let import_csvs = personality::IMPORT_CSVS.map(|n| (n, true));
    let names = output::run::names(
        &import_csvs,
        personality::WORKBOOK,
        false,
        &formats,
        args.redact.redact,
    );
    output::refuse_overwriting_inputs(
        &args.out,
        &output::run::as_strs(&names),
        &input_paths,
        lang,
    )?;

    let progress = Progress::new(quiet);
    let stage = progress.spinner(lang.pick("読み込み中", "reading"));
    let inputs = personality::read(&paths, &reading)?;
    stage.set_message(lang.pick("照合中", "matching"));
    let plan = personality::plan(&inputs, &reading)?;
    drop(stage);
    let redactor = redact::for_run(&args.redact, &args.out, |_| inputs.personal_values(), lang)?;
    let run = RunInfo {
        command: "personality",
        title: ("meibo 性格検査結果レポート", "meibo personality report"),
        source: System::Mikiwame,
        target: System::Kaonavi,
        inputs: inputs.summaries(),
        formats: &formats,
        encoding: Encoding::Utf8Bom,
        lang,
        redactor: redactor.as_ref(),
    };
    let written = output::run::write(&args.out, &input_paths, &run, &plan, &progress)?;
    closing::print(&run, &plan, &written)?;
    Ok(if plan.exclusions.is_empty() {
        Outcome::Clean
    } else {
        Outcome::SomeExcluded
    })
}
