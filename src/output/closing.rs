//! The one-screen summary that ends every run (stderr; the data files are the real output): the
//! counts, the most frequent exclusion reasons, the warnings, the files written, where the
//! reasons are explained, and the next step.

use std::io::Write;
use std::path::PathBuf;

use super::run::RunInfo;
use super::summary;
use crate::lang::Lang;
use crate::model::Warning;
use crate::plan::{Counts, Plan};

/// Write the closing summary on stderr. A closed stderr (`2>&1 | head`) is an error the caller
/// turns into a quiet end.
pub fn print(run: &RunInfo, plan: &Plan, written: &[PathBuf]) -> std::io::Result<()> {
    let lang = run.lang;
    let mut err = std::io::stderr().lock();
    writeln!(
        err,
        "meibo {}: {} → {}",
        run.command,
        run.source.name(lang),
        run.target.name(lang)
    )?;
    print_counts(&mut err, &plan.counts, lang)?;
    print_details(&mut err, plan, written, lang)?;
    if run.redactor.is_some() {
        writeln!(
            err,
            "  {}",
            lang.pick(
                "diagnostic.zip は個人情報（氏名・読み・メールアドレスのローカル部・生年月日・社員番号）を伏せた診断用の束です。サポートに送れます。redaction-lookup.csv と鍵は送らないでください。",
                "diagnostic.zip holds the reports with personal values (names, readings, e-mail local parts, birth dates, employee numbers) replaced by tokens: it may go to support. Keep redaction-lookup.csv and the key."
            )
        )?;
    } else if !plan.exclusions.is_empty() {
        writeln!(
            err,
            "  {}",
            lang.pick(
                "サポートに相談するときは --redact を付けて実行すると、個人情報を伏せた diagnostic.zip ができます。",
                "To ask support, run again with --redact: diagnostic.zip holds the reports with personal values hidden."
            )
        )?;
    }
    if let Some((ja, en)) = plan.report_hint {
        writeln!(err, "  {}", lang.pick(ja, en))?;
    }
    for (ja, en) in &plan.notes {
        writeln!(err, "  {}", lang.pick(ja, en))?;
    }
    writeln!(err, "  {}", lang.pick(plan.next_step.0, plan.next_step.1))
}

/// One line per kind of record: its counts by column.
pub fn print_counts(err: &mut impl Write, counts: &[Counts], lang: Lang) -> std::io::Result<()> {
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
        writeln!(err, "  {label:width$} {}", line.join(" / "))?;
    }
    Ok(())
}

/// The warnings counted by code, and the files written.
pub fn print_warnings_and_files(
    err: &mut impl Write,
    warnings: &[Warning],
    written: &[PathBuf],
    lang: Lang,
) -> std::io::Result<()> {
    if !warnings.is_empty() {
        let counts: Vec<String> = summary::count_codes(warnings.iter().map(|w| w.code))
            .into_iter()
            .map(|(c, n)| format!("{} {n}", c.id()))
            .collect();
        writeln!(
            err,
            "  {} {}",
            lang.pick("警告:", "warnings:"),
            counts.join(", ")
        )?;
    }
    writeln!(err, "  {}", lang.pick("出力:", "written:"))?;
    for path in written {
        writeln!(err, "    {}", path.display())?;
    }
    Ok(())
}

/// The most frequent exclusion reasons, the warnings, the files written and where the reasons
/// are explained.
fn print_details(
    err: &mut impl Write,
    plan: &Plan,
    written: &[PathBuf],
    lang: Lang,
) -> std::io::Result<()> {
    let mut reasons: Vec<(_, usize)> = summary::count_codes(plan.exclusions.iter().map(|x| x.code))
        .into_iter()
        .collect();
    // Largest first; ties in code order, as report.html lists them.
    reasons.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.id().cmp(b.0.id())));
    if !reasons.is_empty() {
        // Five lines, or six rather than a line saying one more.
        let top = if reasons.len() <= 6 { reasons.len() } else { 5 };
        writeln!(
            err,
            "  {}",
            lang.pick("主な除外理由:", "top exclusion reasons:")
        )?;
        let width = reasons
            .iter()
            .take(top)
            .map(|(c, _)| c.id().len())
            .max()
            .unwrap_or(0);
        for (code, count) in reasons.iter().take(top) {
            writeln!(
                err,
                "    {:width$} {count:>6}  {}",
                code.id(),
                code.message(lang)
            )?;
        }
        if reasons.len() > top {
            let kinds = reasons.len() - top;
            let rest: usize = reasons[top..].iter().map(|(_, n)| n).sum();
            writeln!(
                err,
                "    {}",
                match lang {
                    Lang::Ja => format!("ほか {kinds} 種類の理由で {rest} 件（exclusions.csv）"),
                    Lang::En => format!("{kinds} more reasons, {rest} lines (exclusions.csv)"),
                }
            )?;
        }
    }
    print_warnings_and_files(err, &plan.warnings, written, lang)?;
    if !plan.exclusions.is_empty() {
        writeln!(
            err,
            "  {}",
            lang.pick(
                "除外された行の理由と直し方は exclusions.csv にあります（meibo explain <コード> で詳しく）。",
                "Why rows were excluded and how to fix them: exclusions.csv (meibo explain <CODE> for more)."
            )
        )?;
    }
    Ok(())
}
