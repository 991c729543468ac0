//! Writing what `meibo verify` found, in reconcile's layout and through its writers: `verify.csv`
//! (one line per planned change or surprise), `warnings.csv`, `summary.json` and `report.html`,
//! switched into place together (`output::Staging`); then the closing summary on stderr.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Serialize;

use super::{is_failure, Finding, Verified, RESULTS};
use crate::labels;
use crate::lang::Lang;
use crate::output::summary::{self, InputSummary};
use crate::output::{csv as csv_out, html, reports, run::code_counts, Staging};
use crate::plan::Words;

pub const NAMES: [&str; 4] = ["verify.csv", "warnings.csv", "summary.json", "report.html"];

pub const VERIFY_HEADERS: [&str; 10] = [
    "kind", "action", "key", "field", "before", "planned", "found", "result", "message", "detail",
];

/// The cells of one verify.csv line; report.html shows the same cells.
pub fn finding_cells(f: &Finding, lang: Lang) -> [Cow<'_, str>; 10] {
    [
        f.kind.id().into(),
        f.action.id().into(),
        f.key.as_str().into(),
        f.field.as_str().into(),
        f.before.as_str().into(),
        f.planned.as_str().into(),
        f.found.as_str().into(),
        f.code.id().into(),
        f.code.message(lang).into(),
        f.detail.render(lang),
    ]
}

/// `summary.json` of a verify run.
#[derive(Serialize)]
pub struct VerifySummary {
    pub meibo_version: &'static str,
    pub command: &'static str,
    pub target_system: String,
    /// The plan folder as given.
    pub plan: String,
    /// The exports taken after the import.
    pub inputs: Vec<InputSummary>,
    /// kind → result → count.
    pub counts: BTreeMap<&'static str, BTreeMap<&'static str, usize>>,
    pub results: BTreeMap<&'static str, usize>,
    pub warnings_by_code: BTreeMap<&'static str, usize>,
    pub outputs: Vec<String>,
}

fn summary_of(verified: &Verified) -> VerifySummary {
    VerifySummary {
        meibo_version: env!("CARGO_PKG_VERSION"),
        command: "verify",
        target_system: verified.target().id().to_string(),
        plan: verified.plan.dir.display().to_string(),
        inputs: verified
            .exports
            .iter()
            .map(|e| InputSummary {
                path: e.table.display_path(),
                role: e.role.to_string(),
                system: e.system.map(|s| s.id().to_string()).unwrap_or_default(),
                format: e.table.format.name().to_string(),
                encoding: e.table.encoding.clone(),
                rows: e.rows,
                sha256: e.table.sha256.clone(),
            })
            .collect(),
        counts: verified
            .counts
            .iter()
            .map(|c| (c.key, c.by_id.clone()))
            .collect(),
        results: summary::by_id(&summary::count_codes(
            verified.findings.iter().map(|f| f.code),
        )),
        warnings_by_code: summary::by_id(&summary::count_codes(
            verified.warnings.iter().map(|w| w.code),
        )),
        outputs: NAMES.iter().map(|n| n.to_string()).collect(),
    }
}

/// The closing summary's last line and report.html's first.
fn next_step(verified: &Verified) -> Words {
    if verified.failures() == 0 {
        (
            "計画した変更はすべて反映されています。計画外の変更もありません。",
            "Every planned change landed, and nothing changed that was not planned.",
        )
    } else {
        (
            "次の手順: verify.csv（report.html で検索できます）の not-applied・landed-differently・unplanned-change の行を確認し、連携先で直すか meibo reconcile からやり直してください。",
            "Next: check the not-applied, landed-differently and unplanned-change lines of verify.csv (searchable in report.html); correct them in the receiving system, or run meibo reconcile again.",
        )
    }
}

fn page(verified: &Verified, summary: &VerifySummary, lang: Lang) -> html::Page {
    let target = verified.target().name(lang);
    let mut inputs = vec![html::InputLine {
        role: labels::role("plan", lang).to_string(),
        path: summary.plan.clone(),
        system: target.to_string(),
        rows: verified.plan.sheets.iter().map(|s| s.rows.rows.len()).sum(),
    }];
    inputs.extend(summary.inputs.iter().map(|i| html::InputLine::of(i, lang)));
    let failures: BTreeMap<&'static str, usize> = summary
        .results
        .iter()
        .filter(|(id, _)| RESULTS.iter().any(|c| c.id() == **id && is_failure(*c)))
        .map(|(&id, &n)| (id, n))
        .collect();
    const HEADINGS: [Words; 10] = [
        ("種別", "kind"),
        ("計画", "action"),
        ("キー", "key"),
        ("項目", "field"),
        ("変更前", "before"),
        ("計画した値", "planned"),
        ("取り込み後", "found"),
        ("結果", "result"),
        ("メッセージ", "message"),
        ("詳細", "detail"),
    ];
    let step = next_step(verified);
    html::Page {
        lang,
        title: format!(
            "{}: {target}",
            lang.pick("meibo 検証レポート", "meibo verify report")
        ),
        inputs,
        next_step: Some(lang.pick(step.0, step.1).to_string()),
        notes: Vec::new(),
        counts: html::CountTable {
            columns: RESULTS
                .iter()
                .map(|&c| {
                    let (ja, en) = super::result_label(c);
                    html::Label::new(c.id(), lang.pick(ja, en))
                })
                .collect(),
            rows: verified
                .counts
                .iter()
                .map(|c| html::CountRow {
                    label: html::Label::new(c.key, lang.pick(c.label.0, c.label.1)),
                    counts: RESULTS.iter().map(|r| c.get(r.id())).collect(),
                })
                .collect(),
        },
        chart: Some(html::ChartText {
            title: lang
                .pick(
                    "反映されなかった変更（結果別）",
                    "What did not land, by result",
                )
                .to_string(),
            empty: lang
                .pick(
                    "計画どおりにすべて反映されています。",
                    "Everything landed as planned.",
                )
                .to_string(),
        }),
        exclusion_reasons: code_counts(&failures, lang),
        warnings: code_counts(&summary.warnings_by_code, lang),
        warnings_csv: "warnings.csv".to_string(),
        tree: None,
        tables: vec![html::Table::new(
            "verify",
            lang.pick(
                "計画した変更と計画外の変更",
                "Planned changes and surprises",
            ),
            "verify.csv",
            &HEADINGS.map(|(ja, en)| lang.pick(ja, en)),
            verified.findings.len(),
            verified.findings.iter().map(|f| {
                let mut cells: Vec<String> = finding_cells(f, lang)
                    .into_iter()
                    .map(Cow::into_owned)
                    .collect();
                // The kind and action in words; verify.csv keeps their ids.
                cells[0] = labels::kind(f.kind.id(), verified.target(), lang);
                cells[1] = labels::action(f.action.id(), lang);
                // A whole record (no field): its presence before, planned and found, in words.
                if f.field.is_empty() {
                    for cell in &mut cells[4..7] {
                        if let Some(word) = super::presence_label(cell, lang) {
                            *cell = word.to_string();
                        }
                    }
                }
                cells
            }),
        )],
    }
}

/// Write the files into `out` and switch them into place; returns the paths a person opens.
/// `inputs` (the plan's files and the exports) are never overwritten.
pub fn write(
    out: &Path,
    inputs: &[&Path],
    verified: &Verified,
    lang: Lang,
) -> Result<Vec<PathBuf>> {
    let mut staging = Staging::new(out, &NAMES, inputs, lang)?;
    let paths: Vec<PathBuf> = NAMES.iter().map(|n| staging.file(n)).collect();
    csv_out::write_report(
        &paths[0],
        &VERIFY_HEADERS,
        verified.findings.iter().map(|f| finding_cells(f, lang)),
    )?;
    reports::write_warnings(reports::Sink::File(&paths[1]), &verified.warnings, lang)?;
    let summary = summary_of(verified);
    let json = serde_json::to_string_pretty(&summary).expect("plain data serialises") + "\n";
    std::fs::write(&paths[2], json).context("summary.json")?;
    std::fs::write(&paths[3], html::render(&page(verified, &summary, lang)))
        .context("report.html")?;
    staging.commit()
}

/// The one-screen summary that ends a verify run (stderr). A closed stderr is an error the caller
/// turns into a quiet end.
pub fn closing(verified: &Verified, written: &[PathBuf], lang: Lang) -> std::io::Result<()> {
    use std::io::Write;
    let mut err = std::io::stderr().lock();
    writeln!(
        err,
        "meibo verify: {} ({} {})",
        verified.target().name(lang),
        lang.pick("計画:", "plan:"),
        verified.plan.dir.display()
    )?;
    crate::output::closing::print_counts(&mut err, &verified.counts, lang)?;
    let results = summary::count_codes(verified.findings.iter().map(|f| f.code));
    let failed: Vec<_> = results.iter().filter(|(c, _)| is_failure(**c)).collect();
    if !failed.is_empty() {
        writeln!(
            err,
            "  {}",
            lang.pick("反映されなかったもの:", "what did not land:")
        )?;
        for (code, count) in failed {
            writeln!(
                err,
                "    {:<20} {count:>6}  {}",
                code.id(),
                code.message(lang)
            )?;
        }
    }
    crate::output::closing::print_warnings_and_files(&mut err, &verified.warnings, written, lang)?;
    let step = next_step(verified);
    writeln!(err, "  {}", lang.pick(step.0, step.1))
}
