//! In-process test runs of a receiving system's plan on small files: the command line is parsed
//! as `meibo reconcile …` would parse it, the files are read from a temporary folder through the
//! real readers, and the plan is returned as plain values to compare with tables of expected rows.

use std::collections::BTreeMap;

use anyhow::Result;
use clap::FromArgMatches;

use crate::cli::ReconcileArgs;
use crate::config::RunConfig;
use crate::lang::Lang;
use crate::pipeline::{self, Inputs};
use crate::progress::Progress;

/// The data rows of an import file, as text.
type Rows = Vec<Vec<String>>;

/// What a plan holds, as text.
#[derive(Debug)]
pub struct Planned {
    /// (row, code, detail) of every exclusion line, in report order.
    pub exclusions: Vec<(u32, &'static str, String)>,
    /// (kind, row, code) of every exclusion line, in report order.
    pub excluded_in: Vec<(&'static str, u32, &'static str)>,
    /// (row, code, detail) of every warning, in report order.
    pub warnings: Vec<(u32, &'static str, String)>,
    /// kind, action, key, field, before, after.
    pub changes: Vec<[String; 6]>,
    /// kind → action → count.
    pub counts: BTreeMap<&'static str, BTreeMap<&'static str, usize>>,
    /// CSV name → header row and data rows.
    pub files: Vec<(String, Vec<String>, Rows)>,
}

impl Planned {
    /// The data rows of one import file.
    pub fn rows(&self, csv: &str) -> Vec<Vec<&str>> {
        let (_, _, rows) = self
            .files
            .iter()
            .find(|(name, _, _)| *name == csv)
            .unwrap_or_else(|| panic!("no import file {csv}"));
        rows.iter()
            .map(|r| r.iter().map(String::as_str).collect())
            .collect()
    }
    /// The codes of the exclusions with their rows.
    pub fn excluded(&self) -> Vec<(u32, &'static str)> {
        self.exclusions.iter().map(|(r, c, _)| (*r, *c)).collect()
    }
    pub fn count(&self, kind: &str, action: &str) -> usize {
        self.counts[kind][action]
    }
}

/// Plan `meibo reconcile ARGS` with `files` (name, UTF-8 text) written into a temporary folder;
/// an argument that names one of the files is given its path.
pub fn plan(args: &[&str], files: &[(&str, &str)]) -> Result<Planned> {
    plan_and_inputs(args, files).map(|(planned, _)| planned)
}

/// [`plan`], with the records it was made from (as the readers made them).
pub fn plan_and_inputs(args: &[&str], files: &[(&str, &str)]) -> Result<(Planned, Inputs)> {
    let dir = tempfile::tempdir()?;
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text)?;
    }
    let out = dir.path().join("out");
    let mut argv: Vec<String> = vec!["meibo".into(), "reconcile".into()];
    for arg in args {
        argv.push(match files.iter().any(|(name, _)| name == arg) {
            true => dir.path().join(arg).display().to_string(),
            false => arg.to_string(),
        });
    }
    argv.extend(["--out".into(), out.display().to_string()]);
    let matches = crate::cli::command().try_get_matches_from(&argv)?;
    let matches = matches.subcommand_matches("reconcile").expect("reconcile");
    let args = ReconcileArgs::from_arg_matches(matches)?;
    let receiver = super::find(&args.to).expect("a receiving system of the registry");
    let mut command = crate::cli::command();
    command.build();
    super::refuse_foreign_flags(
        command.find_subcommand_mut("reconcile").expect("reconcile"),
        matches,
        receiver,
        Lang::En,
    )?;
    let config = RunConfig::from_args(&args, receiver, Lang::En, true)?;
    let rules = receiver.configure(matches, &config)?;
    let inputs = pipeline::read(&config, receiver, &*rules, &Progress::hidden())?;
    let plan = pipeline::plan(&inputs, receiver, &*rules, &config)?;
    let planned = Planned {
        excluded_in: plan
            .exclusions
            .iter()
            .map(|x| (x.kind.id(), x.at.row, x.code.id()))
            .collect(),
        exclusions: plan
            .exclusions
            .iter()
            .map(|x| {
                (
                    x.at.row,
                    x.code.id(),
                    x.detail.render(Lang::En).into_owned(),
                )
            })
            .collect(),
        warnings: plan
            .warnings
            .iter()
            .map(|w| {
                (
                    w.at.row,
                    w.code.id(),
                    w.detail.render(Lang::En).into_owned(),
                )
            })
            .collect(),
        changes: plan
            .changes
            .iter()
            .map(|c| {
                [
                    c.kind.id().to_string(),
                    c.action.id().to_string(),
                    c.key.clone(),
                    c.field.clone(),
                    c.before.clone(),
                    c.after.clone(),
                ]
            })
            .collect(),
        counts: plan
            .counts
            .iter()
            .map(|c| (c.key, c.by_id.clone()))
            .collect(),
        files: plan
            .files
            .iter()
            .map(|f| {
                let rows = f
                    .rows
                    .rows()
                    .map(|row| row.into_iter().map(|c| c.into_owned()).collect())
                    .collect();
                (f.csv.to_string(), f.headers.clone(), rows)
            })
            .collect(),
    };
    drop(plan);
    Ok((planned, inputs))
}

/// Rows of text as `Vec<Vec<&str>>`, for comparing with [`Planned::rows`].
pub fn rows<'a>(rows: &[&[&'a str]]) -> Vec<Vec<&'a str>> {
    rows.iter().map(|r| r.to_vec()).collect()
}
