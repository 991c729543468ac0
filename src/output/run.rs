//! Writing a [`Plan`]: the one place every command's files are written, in one layout whatever
//! the receiving system — the import files as CSVs and/or one workbook, `exclusions.csv`,
//! `changes.csv`, `warnings.csv`, `summary.json` and `report.html` — into a new folder beside
//! `--out` that takes its place only when everything is written.

use std::collections::{BTreeMap, HashMap};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::csv::{self as csv_out, Encoding};
use super::redact::{self, Redactor};
use super::reports::{self, Sink};
use super::summary::{self, InputSummary, Summary};
use super::{html, xlsx, Staging};
use crate::cli::ImportFormat;
use crate::lang::Lang;
use crate::plan::{Plan, Words};
use crate::progress::Progress;
use crate::reason::Code;
use crate::source::System;

/// What the reports say about the run itself.
pub struct RunInfo<'a> {
    /// "reconcile", "personality".
    pub command: &'static str,
    /// report.html's title, before "source → target".
    pub title: Words,
    pub source: System,
    pub target: System,
    pub inputs: Vec<InputSummary>,
    pub formats: &'a [ImportFormat],
    /// Of the import CSVs (reports are always UTF-8 with BOM).
    pub encoding: Encoding,
    pub lang: Lang,
    /// `--redact`: the personal values to hide in the diagnostic bundle.
    pub redactor: Option<&'a Redactor>,
}

/// The files a run writes, in the order they are committed: the import CSVs (each with whether
/// it is a sheet of the workbook: one that is not is written as a CSV whatever the format) and/or
/// the workbook, then the reports.
pub fn names(
    import_csvs: &[(impl AsRef<str>, bool)],
    workbook: &str,
    changes_csv: bool,
    formats: &[ImportFormat],
    redacted: bool,
) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let csv = formats.contains(&ImportFormat::Csv);
    names.extend(
        import_csvs
            .iter()
            .filter(|(_, in_workbook)| csv || !in_workbook)
            .map(|(n, _)| n.as_ref().to_string()),
    );
    if formats.contains(&ImportFormat::Xlsx) {
        names.push(workbook.to_string());
    }
    names.push("exclusions.csv".to_string());
    if changes_csv {
        names.push("changes.csv".to_string());
    }
    for name in ["warnings.csv", "summary.json", "report.html"] {
        names.push(name.to_string());
    }
    if redacted {
        names.extend([redact::BUNDLE.to_string(), redact::LOOKUP.to_string()]);
    }
    names
}

/// The names as `&str`s, for the functions that take them so.
pub fn as_strs(names: &[String]) -> Vec<&str> {
    names.iter().map(String::as_str).collect()
}

/// Write `plan` into `out` and switch it into place; returns the paths a person opens.
pub fn write(
    out: &Path,
    input_paths: &[&Path],
    run: &RunInfo,
    plan: &Plan,
    progress: &Progress,
) -> Result<Vec<PathBuf>> {
    let lang = run.lang;
    let csvs: Vec<(&str, bool)> = plan
        .files
        .iter()
        .map(|f| (&*f.csv, f.in_workbook))
        .collect();
    let names = names(
        &csvs,
        plan.workbook,
        plan.changes_csv,
        run.formats,
        run.redactor.is_some(),
    );
    let stage = progress.bar(lang.pick("書き出し中", "writing"), names.len() as u64 + 1);
    let names = as_strs(&names);
    let mut staging = Staging::new(out, &names, input_paths, lang)?;
    if staging.open_to_others() {
        // A closed stderr leaves the warning unsaid; the run goes on.
        let _ = writeln!(
            std::io::stderr(),
            "meibo: {} {} {} chmod 700 {}",
            lang.pick("警告: 出力フォルダ", "warning: other users may read the output folder"),
            out.display(),
            lang.pick(
                "は他のユーザーも読めます。氏名やメールアドレスが入るため、自分だけが読めるようにしてください:",
                "which will hold names and e-mail addresses; make it readable by you alone:"
            ),
            out.display()
        );
    }
    // Paths are taken first, in the order the files are committed.
    let paths: HashMap<&str, PathBuf> = names
        .iter()
        .map(|&name| (name, staging.file(name)))
        .collect();
    // The progress bar moves a step per file: the import files and the three CSV reports are
    // written side by side, summary.json and report.html after them.
    let step = |names: &[&str]| {
        for name in names {
            stage.inc();
            stage.set_message(name.to_string());
        }
    };

    // The import files and the reports depend on nothing of each other: they are written side by
    // side, one per core.
    let write_imports = || -> Result<()> {
        let csv = run.formats.contains(&ImportFormat::Csv);
        for file in plan.files.iter().filter(|f| csv || !f.in_workbook) {
            let headers: Vec<&str> = file.headers.iter().map(String::as_str).collect();
            csv_out::write_import(
                &paths[&*file.csv],
                &headers,
                file.rows.rows(),
                run.encoding,
                run.lang,
            )?;
        }
        if run.formats.contains(&ImportFormat::Xlsx) {
            let mut workbook = xlsx::new_workbook();
            for file in plan.files.iter().filter(|f| f.in_workbook) {
                let headers: Vec<&str> = file.headers.iter().map(String::as_str).collect();
                let sheet = xlsx::Sheet {
                    name: &file.sheet,
                    headers: &headers,
                    rows: file.rows.rows(),
                };
                xlsx::add_sheet(&mut workbook, sheet, lang)?;
            }
            xlsx::save(&mut workbook, &paths[plan.workbook])?;
        }
        Ok(())
    };
    let write_reports = || -> Result<()> {
        reports::write_exclusions(Sink::File(&paths["exclusions.csv"]), &plan.exclusions, lang)?;
        if plan.changes_csv {
            reports::write_changes(Sink::File(&paths["changes.csv"]), &plan.changes)?;
        }
        reports::write_warnings(Sink::File(&paths["warnings.csv"]), &plan.warnings, lang)
    };
    let last_reports = names
        .iter()
        .position(|&n| n == "summary.json")
        .expect("listed");
    step(&names[..last_reports]);
    let (imports_written, reports_written) = rayon::join(write_imports, write_reports);
    imports_written?;
    reports_written?;

    let summary = Summary {
        meibo_version: env!("CARGO_PKG_VERSION"),
        command: run.command,
        source_system: run.source.id().to_string(),
        target_system: run.target.id().to_string(),
        inputs: run.inputs.clone(),
        counts: plan
            .counts
            .iter()
            .map(|c| (c.key, c.by_id.clone()))
            .collect::<BTreeMap<_, _>>(),
        exclusions_by_reason: summary::by_id(&summary::count_codes(
            plan.exclusions.iter().map(|x| x.code),
        )),
        warnings_by_code: summary::by_id(&summary::count_codes(
            plan.warnings.iter().map(|w| w.code),
        )),
        outputs: names.iter().map(|s| s.to_string()).collect(),
    };
    step(&["summary.json"]);
    std::fs::write(&paths["summary.json"], summary.to_json()).context("summary.json")?;
    step(&["report.html"]);
    let page = super::page::build(run, plan, &summary);
    std::fs::write(&paths["report.html"], html::render(&page)).context("report.html")?;
    if let Some(redactor) = run.redactor {
        step(&[redact::BUNDLE, redact::LOOKUP]);
        let bundle = redact::bundle(run, plan, &summary, redactor)?;
        std::fs::write(&paths[redact::BUNDLE], bundle).context(redact::BUNDLE)?;
        let lookup = redactor.lookup();
        csv_out::write_report(
            &paths[redact::LOOKUP],
            &["token", "value"],
            lookup
                .iter()
                .map(|(token, value)| [token.as_str(), value.as_str()]),
        )?;
    }
    stage.set_message(lang.pick("確定中", "committing"));
    staging.commit()
}

/// Code counts with their messages, as report.html lists them.
pub fn code_counts(counts: &BTreeMap<&'static str, usize>, lang: Lang) -> Vec<html::CodeCount> {
    counts
        .iter()
        .map(|(&id, &count)| html::CodeCount {
            code: id.to_string(),
            message: Code::from_id(id)
                .map(|c| c.message(lang))
                .unwrap_or_default()
                .to_string(),
            count,
        })
        .collect()
}
