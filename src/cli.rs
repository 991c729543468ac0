//! The command line as typed: clap definitions only. Each receiving system's own flags are its
//! `Args` in its file under `receiver/`, added to `reconcile` here; validation happens in
//! `config` and in the receiving systems.

use std::path::PathBuf;

use clap::builder::{PossibleValue, PossibleValuesParser};
use clap::{ArgMatches, Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::lang::Lang;

#[derive(Parser, Debug)]
#[command(
    name = "meibo",
    version,
    about = "Reconcile Japanese HR master data offline (SmartHR, kaonavi, HRBrain, ロウムメイト → ミキワメ …)",
    after_help = "Examples:\n  meibo inspect samples/kaonavi/members.csv\n  meibo reconcile --employees samples/hrbrain/employees.csv --departments samples/hrbrain/departments.csv \\\n      --current-employees samples/mikiwame/employees.csv --current-departments samples/mikiwame/departments.csv --out out\n  meibo reconcile --to kitera --employees samples/smarthr/employees.xlsx --current-employees samples/kitera/users.csv \\\n      --allowed-domain example.co.jp --out out\n  meibo personality --results samples/mikiwame/results.csv --members samples/kaonavi/members.csv --out out\n  meibo verify --plan out --current-employees after/employees.csv --current-departments after/departments.csv --out verified\n  meibo explain missing-kana"
)]
pub struct Cli {
    /// Language of messages: ja (default) or en.
    #[arg(long, global = true, value_enum, default_value_t = Lang::Ja)]
    pub lang: Lang,
    /// No progress display.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Show what meibo reads from each file: system, role, encoding, header mapping, warnings.
    Inspect(InspectArgs),
    /// Reconcile an HR export with the receiving system's current export; write import files and reports.
    Reconcile(ReconcileArgs),
    /// Carry ミキワメ personality results into kaonavi's two integration sheets, matched by 社員番号.
    Personality(PersonalityArgs),
    /// After the import: check that every planned change landed in the receiving system's export.
    Verify(VerifyArgs),
    /// List every reason and warning code, or explain one.
    Explain(ExplainArgs),
}

/// How inputs are read (shared by every command that reads).
#[derive(Args, Debug, Clone, Default)]
pub struct ReadArgs {
    /// Encoding of CSV inputs when detection is not wanted: utf-8, cp932, utf-16le, utf-16be.
    #[arg(long, value_name = "ENCODING")]
    pub input_encoding: Option<String>,
    /// Worksheet to read in XLSX/XLS/ODS inputs (default: the first).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Name the column of a field: FIELD=HEADER (repeatable), e.g. --map email=社用メール.
    #[arg(long = "map", value_name = "FIELD=HEADER")]
    pub map: Vec<String>,
    /// TOML file with [headers], [employment_types] and [genders] tables.
    #[arg(long, value_name = "FILE")]
    pub mapping: Option<PathBuf>,
}

/// The diagnostic bundle to send to support (shared by the commands that write reports).
#[derive(Args, Debug, Clone, Default)]
pub struct RedactArgs {
    /// Also write diagnostic.zip: the reports with every personal value (names, readings, e-mail
    /// local parts, birth dates, employee numbers) replaced by tokens, to send to support.
    /// redaction-lookup.csv maps the tokens back and stays with you.
    #[arg(long)]
    pub redact: bool,
    /// The key of the tokens (created when missing; default OUT/.meibo/redaction.key). The same key
    /// gives the same tokens run after run.
    #[arg(long, value_name = "FILE", requires = "redact")]
    pub redact_key: Option<PathBuf>,
    /// Hide department codes and names in diagnostic.zip too.
    #[arg(long, requires = "redact")]
    pub redact_departments: bool,
}

#[derive(Args, Debug)]
pub struct InspectArgs {
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Also print the first N data rows: the raw (trimmed) text of each mapped field.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub rows: usize,
    /// Read FILE as this HR system's employee export; when its headers do not fit, print a draft
    /// --mapping file for that layout (redirect it: `> mapping.toml`).
    #[arg(long, value_enum)]
    pub from: Option<SourceSystem>,
    #[command(flatten)]
    pub read: ReadArgs,
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// A code such as missing-kana; all codes when omitted.
    pub code: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SourceSystem {
    Smarthr,
    Kaonavi,
    Hrbrain,
    Roumumate,
}

impl SourceSystem {
    pub fn system(self) -> crate::source::System {
        use crate::source::System;
        match self {
            SourceSystem::Smarthr => System::SmartHr,
            SourceSystem::Kaonavi => System::Kaonavi,
            SourceSystem::Hrbrain => System::HrBrain,
            SourceSystem::Roumumate => System::Roumumate,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputEncoding {
    #[value(name = "utf8-bom")]
    Utf8Bom,
    Utf8,
    Cp932,
}

#[derive(Args, Debug)]
pub struct ReconcileArgs {
    /// The HR system's employee export (CSV/TSV/XLSX).
    #[arg(long, value_name = "FILE")]
    pub employees: PathBuf,
    /// The HR system's department export.
    #[arg(long, value_name = "FILE")]
    pub departments: Option<PathBuf>,
    /// The HR system (detected from the headers when omitted).
    #[arg(long, value_enum)]
    pub from: Option<SourceSystem>,
    /// The receiving system's current employee export.
    #[arg(long, value_name = "FILE")]
    pub current_employees: PathBuf,
    /// The receiving system's current department export.
    #[arg(long, value_name = "FILE")]
    pub current_departments: Option<PathBuf>,
    /// The receiving system.
    #[arg(long, default_value = "mikiwame", value_parser = receivers())]
    pub to: String,
    /// Output folder (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Import files to write: csv, xlsx or csv,xlsx.
    #[arg(long, value_delimiter = ',', default_value = "csv,xlsx")]
    pub format: Vec<ImportFormat>,
    /// Encoding of the import CSVs (reports are always UTF-8).
    #[arg(long, value_enum, default_value_t = OutputEncoding::Utf8Bom)]
    pub encoding: OutputEncoding,
    /// Worker threads (default: all cores). Output is identical whatever the number.
    #[arg(long)]
    pub threads: Option<usize>,
    /// The receiving system's own import template or export (CSV/XLSX): its header row decides
    /// an import file's columns, order and spelling. Repeatable; employees=FILE or
    /// departments=FILE names the file it is for (docs/template.md).
    #[arg(long = "template", id = "import_template", value_name = "[KIND=]FILE")]
    pub template: Vec<String>,
    #[command(flatten)]
    pub read: ReadArgs,
    #[command(flatten)]
    pub redact: RedactArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    Csv,
    Xlsx,
}

#[derive(Args, Debug)]
#[command(
    after_help = "Example:\n  meibo personality --results samples/mikiwame/results.csv --members samples/kaonavi/members.csv --out out\n\nWrites personality_latest.csv, personality_all.csv and personality.xlsx (sheets 最新性格検査結果(ミキワメ連携)\nand 全性格検査結果(ミキワメ連携)), exclusions.csv, warnings.csv and summary.json."
)]
pub struct PersonalityArgs {
    /// ミキワメ's personality results export (社員番号, 受検日, 16タイプ, 受検者詳細URL, one column per scale).
    #[arg(long, value_name = "FILE")]
    pub results: PathBuf,
    /// kaonavi's member export: results are matched to its 社員番号 only.
    #[arg(long, value_name = "FILE")]
    pub members: PathBuf,
    /// Output folder (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// A kaonavi export of the 最新性格検査結果(ミキワメ連携) sheet: its header row fixes that sheet's
    /// exact columns and order (first sheet of a workbook).
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,
    #[command(flatten)]
    pub read: ReadArgs,
    #[command(flatten)]
    pub redact: RedactArgs,
}

#[derive(Args, Debug)]
#[command(
    after_help = "Example (after importing out/ into ミキワメ and exporting it again):\n  meibo verify --plan out --current-employees after/employees.csv --current-departments after/departments.csv --out verified\n\nWrites verify.csv (one line per planned change or surprise), warnings.csv, summary.json and report.html.\nExit status: 0 = everything landed as planned, 1 = something did not, 2 = error."
)]
pub struct VerifyArgs {
    /// The output folder of the `meibo reconcile` run that was imported (its summary.json,
    /// changes.csv, exclusions.csv and import files).
    #[arg(long, value_name = "DIR")]
    pub plan: PathBuf,
    /// The receiving system's employee export, taken after the import.
    #[arg(long, value_name = "FILE")]
    pub current_employees: PathBuf,
    /// The receiving system's department (group) export, taken after the import.
    #[arg(long, value_name = "FILE")]
    pub current_departments: Option<PathBuf>,
    /// Output folder (created if missing; not the plan's folder).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// `--to`'s values: every receiving system of the registry, with its line of help.
fn receivers() -> PossibleValuesParser {
    PossibleValuesParser::new(
        crate::receiver::RECEIVERS
            .iter()
            .map(|r| PossibleValue::new(r.system().id()).help(r.about().help)),
    )
}

/// The command line with every receiving system's flags, parsed; the reconcile command's matches
/// go to the receiving system that validates its own flags.
pub fn parse() -> (Cli, ArgMatches) {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let mut command = crate::help::localize(command(), crate::help::lang_of(&args));
    let matches = command
        .try_get_matches_from_mut(args)
        .unwrap_or_else(|e| e.exit());
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.format(&mut command).exit());
    // A flag of another receiving system than `--to`'s is a usage error, refused with the parse.
    if let Command::Reconcile(args) = &cli.command {
        let receiver = crate::receiver::find(&args.to).expect("clap takes only the registry's ids");
        let reconcile_matches = matches.subcommand_matches("reconcile").expect("parsed");
        let reconcile = command
            .find_subcommand_mut("reconcile")
            .expect("reconcile is a subcommand");
        crate::receiver::refuse_foreign_flags(reconcile, reconcile_matches, receiver, cli.lang)
            .unwrap_or_else(|e| e.exit());
    }
    (cli, matches)
}

/// The command line, with every receiving system's flags added to `reconcile`.
pub fn command() -> clap::Command {
    Cli::command().mut_subcommand("reconcile", crate::receiver::augment)
}
