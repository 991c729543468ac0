//! The one-screen summary that ends every run (stderr; the data files are the real output): the
//! counts, the most frequent exclusion reasons, the warnings, the files written, where the
//! reasons are explained, and the next step.

use std::path::PathBuf;

use super::run::RunInfo;
use super::summary;
use crate::lang::Lang;
use crate::model::Warning;
use crate::plan::{Counts, Plan};

pub fn print(run: &RunInfo, plan: &Plan, written: &[PathBuf]) {
    let lang = run.lang;
    eprintln!(
        "meibo {}: {} → {}",
        run.command,
        run.source.label(),
        run.target.label()
    );
    print_counts(&plan.counts, lang);
    print_details(plan, written, lang);
    if let Some((ja, en)) = plan.report_hint {
        eprintln!("  {}", lang.pick(ja, en));
    }
    eprintln!("  {}", lang.pick(plan.next_step.0, plan.next_step.1));
}

/// One line per kind of record: its counts by column.
pub fn print_counts(counts: &[Counts], lang: Lang) {
    // English labels are padded so that the counts line up (Japanese ones are left as they are:
    // their width on a terminal is not their length).
    let labels: Vec<String> = counts
        .iter()
        .map(|c| format!("{}:", lang.pick(c.label.0, c.label.1)))
        .collect();
    let width = match lang {
        Lang::En => labels.iter().map(String::len).max().unwrap_or(0),
        Lang::Ja => 0,
    };
    for (counts, label) in counts.iter().zip(&labels) {
        let line: Vec<String> = counts
            .columns
            .iter()
            .map(|c| format!("{} {}", lang.pick(c.label.0, c.label.1), counts.get(c.id)))
            .collect();
        eprintln!("  {label:width$} {}", line.join(" / "));
    }
}

/// The warnings counted by code, and the files written.
pub fn print_warnings_and_files(warnings: &[Warning], written: &[PathBuf], lang: Lang) {
    if !warnings.is_empty() {
        let counts: Vec<String> = summary::count_codes(warnings.iter().map(|w| w.code))
            .into_iter()
            .map(|(c, n)| format!("{} {n}", c.id()))
            .collect();
        eprintln!(
            "  {} {}",
            lang.pick("警告:", "warnings:"),
            counts.join(", ")
        );
    }
    eprintln!("  {}", lang.pick("出力:", "written:"));
    for path in written {
        eprintln!("    {}", path.display());
    }
}

/// The most frequent exclusion reasons, the warnings, the files written and where the reasons
/// are explained.
fn print_details(plan: &Plan, written: &[PathBuf], lang: Lang) {
    let mut reasons: Vec<(_, usize)> = summary::count_codes(plan.exclusions.iter().map(|x| x.code))
        .into_iter()
        .collect();
    // Largest first; ties in code order, as report.html lists them.
    reasons.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.id().cmp(b.0.id())));
    if !reasons.is_empty() {
        // Five lines, or six rather than a line saying one more.
        let top = if reasons.len() <= 6 { reasons.len() } else { 5 };
        eprintln!("  {}", lang.pick("主な除外理由:", "top exclusion reasons:"));
        let width = reasons
            .iter()
            .take(top)
            .map(|(c, _)| c.id().len())
            .max()
            .unwrap_or(0);
        for (code, count) in reasons.iter().take(top) {
            eprintln!(
                "    {:width$} {count:>6}  {}",
                code.id(),
                code.message(lang)
            );
        }
        if reasons.len() > top {
            let kinds = reasons.len() - top;
            let rest: usize = reasons[top..].iter().map(|(_, n)| n).sum();
            eprintln!(
                "    {}",
                match lang {
                    Lang::Ja => format!("ほか {kinds} 種類の理由で {rest} 件（exclusions.csv）"),
                    Lang::En => format!("{kinds} more reasons, {rest} lines (exclusions.csv)"),
                }
            );
        }
    }
    print_warnings_and_files(&plan.warnings, written, lang);
    if !plan.exclusions.is_empty() {
        eprintln!(
            "  {}",
            lang.pick(
                "除外された行の理由と直し方は exclusions.csv にあります（meibo explain <コード> で詳しく）。",
                "Why rows were excluded and how to fix them: exclusions.csv (meibo explain <CODE> for more)."
            )
        );
    }
}
