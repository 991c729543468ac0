//! `meibo personality`: ミキワメ's personality results into kaonavi (SPEC §4, guide 001 手順4).
//! Reads the results export and kaonavi's member export, matches results to members by 社員番号
//! only, and writes the two sheets of kaonavi's system-integration templates — as CSVs and as one
//! workbook — plus the reports.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::{describe, load, print_closing_details, Loaded, Reading};
use crate::cli::PersonalityArgs;
use crate::input::{self, ReadOptions, Table};
use crate::lang::t;
use crate::model::{EmployeeSet, ResultSet, Warning};
use crate::output::{self, csv as csv_out, html, reports, summary, xlsx, Staging};
use crate::personality::sheets::{self, Column, Item};
use crate::personality::{self, PersonalityOutcome};
use crate::progress::Progress;
use crate::reason::Code;
use crate::rules::Exclusion;
use crate::source::{self, records, Field, Role, System};
use crate::Outcome;

const LATEST_CSV: &str = "personality_latest.csv";
const ALL_CSV: &str = "personality_all.csv";
const WORKBOOK: &str = "personality.xlsx";
const OUTPUT_NAMES: [&str; 7] = [
    LATEST_CSV,
    ALL_CSV,
    WORKBOOK,
    "exclusions.csv",
    "warnings.csv",
    "summary.json",
    "report.html",
];

/// Everything read for one run.
struct Inputs {
    results: (Loaded, ResultSet),
    members: (Loaded, EmployeeSet),
    /// The template file and its header row.
    template: Option<Table>,
}

/// The two sheets' columns.
struct Layout {
    latest: Vec<Column>,
    all: Vec<Column>,
}

pub fn run(args: PersonalityArgs, quiet: bool) -> Result<Outcome> {
    let reading = Reading::from_args(&args.read)?;
    let input_paths: Vec<&Path> = [
        Some(args.results.as_path()),
        Some(args.members.as_path()),
        args.template.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect();
    output::refuse_overwriting_inputs(
        &args.out,
        &OUTPUT_NAMES,
        &input_paths,
        crate::lang::current(),
    )?;

    let progress = Progress::new(quiet);
    let stage = progress.spinner(t("読み込み中", "reading"));
    let inputs = read_inputs(&args, &reading)?;
    stage.set_message(t("照合中", "matching"));
    let results = &inputs.results.1;
    let layout = Layout {
        latest: match &inputs.template {
            Some(template) => sheets::template_columns(&template.headers, results)
                .with_context(|| format!("--template {}", template.display_path()))?,
            None => sheets::latest_columns(results),
        },
        all: sheets::all_columns(results),
    };
    // Only the scales that are written can refuse a row (a template may leave some out).
    let written_scales: Vec<usize> = layout
        .latest
        .iter()
        .filter_map(|c| match c.item {
            Item::Scale(i) => Some(i),
            _ => None,
        })
        .collect();
    let outcome = personality::reconcile(
        results,
        &inputs.members.1,
        &written_scales,
        crate::lang::current(),
    );
    let warnings = warnings(&inputs);

    stage.set_message(t("書き出し中", "writing"));
    let mut staging = Staging::new(
        &args.out,
        &OUTPUT_NAMES,
        &input_paths,
        crate::lang::current(),
    )?;
    write_outputs(&mut staging, &inputs, &layout, &outcome, &warnings)?;
    let written = staging.commit()?;
    drop(stage);
    print_closing_summary(&outcome, &warnings, &written);
    Ok(if outcome.exclusions.is_empty() {
        Outcome::Clean
    } else {
        Outcome::SomeExcluded
    })
}

/// Read the results and the members concurrently; the template's header row after them.
fn read_inputs(args: &PersonalityArgs, reading: &Reading) -> Result<Inputs> {
    let result_profiles = source::profiles(&[Role::Results], Some(System::Mikiwame));
    let member_profiles = source::profiles(&[Role::Employees], Some(System::Kaonavi));
    let (results, members) = std::thread::scope(|scope| {
        let members = scope.spawn(|| -> Result<(Loaded, EmployeeSet)> {
            // Only the key is needed: a member export without names or e-mails is fine here.
            let loaded = load(
                &args.members,
                reading,
                &member_profiles,
                Some(&[Field::EmployeeNumber]),
            )?;
            let set = records::employees(&loaded.table, &loaded.map, &reading.mapping);
            Ok((loaded, set))
        });
        let results = load(&args.results, reading, &result_profiles, None).and_then(|loaded| {
            let set = records::results(&loaded.table, &loaded.map, crate::lang::current())?;
            Ok((loaded, set))
        });
        (
            results,
            members.join().expect("reader thread does not panic"),
        )
    });
    let template = match &args.template {
        None => None,
        // The header row is all that is read; --sheet names a sheet of the inputs, not of this.
        Some(path) => Some(input::read_table(
            path,
            &ReadOptions {
                encoding: reading.options.encoding,
                sheet: None,
                lang: crate::lang::current(),
            },
        )?),
    };
    Ok(Inputs {
        results: results?,
        members: members?,
        template,
    })
}

/// The results' warnings, and of the members' only the error cells: the rest of a member row
/// (names, dates, employment types) is not read by this command, so warnings about it would only
/// distract.
fn warnings(inputs: &Inputs) -> Vec<Warning> {
    let mut warnings = inputs.results.1.warnings.clone();
    warnings.extend(
        inputs
            .members
            .1
            .warnings
            .iter()
            .filter(|w| w.code == Code::CellError)
            .cloned(),
    );
    warnings
}

fn write_outputs(
    staging: &mut Staging,
    inputs: &Inputs,
    layout: &Layout,
    outcome: &PersonalityOutcome,
    warnings: &[Warning],
) -> Result<()> {
    let results = &inputs.results.1;
    let rows = |indices: &[usize], columns: &[Column]| -> Vec<Vec<String>> {
        indices
            .iter()
            .map(|&i| sheets::row(&results.records[i], columns))
            .collect()
    };
    let latest_rows = rows(&outcome.latest, &layout.latest);
    let all_rows = rows(&outcome.all, &layout.all);
    let latest_headers = headers(&layout.latest);
    let all_headers = headers(&layout.all);

    csv_out::write_import(
        &staging.file(LATEST_CSV),
        &latest_headers,
        cells(&latest_rows),
        csv_out::Encoding::Utf8Bom,
    )?;
    csv_out::write_import(
        &staging.file(ALL_CSV),
        &all_headers,
        cells(&all_rows),
        csv_out::Encoding::Utf8Bom,
    )?;
    let mut workbook = xlsx::new_workbook();
    xlsx::add_sheet(
        &mut workbook,
        xlsx::Sheet {
            name: sheets::LATEST_SHEET,
            headers: &latest_headers,
            rows: cells(&latest_rows),
        },
        crate::lang::current(),
    )?;
    xlsx::add_sheet(
        &mut workbook,
        xlsx::Sheet {
            name: sheets::ALL_SHEET,
            headers: &all_headers,
            rows: cells(&all_rows),
        },
        crate::lang::current(),
    )?;
    xlsx::save(&mut workbook, &staging.file(WORKBOOK))?;

    let lang = crate::lang::current();
    reports::write_exclusions(&staging.file("exclusions.csv"), &outcome.exclusions, lang)?;
    reports::write_warnings(&staging.file("warnings.csv"), warnings, lang)?;

    let mut input_summaries = vec![
        describe(&inputs.results.0, "results"),
        describe(&inputs.members.0, "members"),
    ];
    if let Some(template) = &inputs.template {
        input_summaries.push(summary::InputSummary {
            path: template.display_path(),
            role: "template".to_string(),
            system: System::Kaonavi.id().to_string(),
            format: template.format.name().to_string(),
            encoding: template.encoding.clone(),
            rows: template.rows.len(),
            sha256: template.sha256.clone(),
        });
    }
    let summary = summary::Summary {
        meibo_version: env!("CARGO_PKG_VERSION"),
        command: "personality",
        source_system: System::Mikiwame.id().to_string(),
        target_system: System::Kaonavi.id().to_string(),
        inputs: input_summaries,
        counts: BTreeMap::from([("results", counts(outcome))]),
        exclusions_by_reason: summary::by_id(&summary::count_codes(
            outcome.exclusions.iter().map(|x| x.code),
        )),
        warnings_by_code: summary::by_id(&summary::count_codes(warnings.iter().map(|w| w.code))),
        outputs: OUTPUT_NAMES.iter().map(|s| s.to_string()).collect(),
    };
    std::fs::write(staging.file("summary.json"), summary.to_json()).context("summary.json")?;
    let page = report_page(&summary, &latest_headers, &latest_rows, &outcome.exclusions);
    std::fs::write(staging.file("report.html"), html::render(&page)).context("report.html")?;
    Ok(())
}

/// The view of this run that report.html shows: counts, reasons, the rows refused and the rows of
/// the latest-results sheet.
fn report_page(
    summary: &summary::Summary,
    latest_headers: &[&str],
    latest_rows: &[Vec<String>],
    exclusions: &[Exclusion],
) -> html::Page {
    let counts = &summary.counts["results"];
    let columns = ["latest", "all", "excluded"];
    html::Page {
        lang: crate::lang::current(),
        title: t(
            "meibo 性格検査結果レポート: ミキワメ → kaonavi",
            "meibo personality report: ミキワメ → kaonavi",
        )
        .to_string(),
        inputs: super::page::inputs(summary),
        next_step: Some(next_step().to_string()),
        counts: html::CountTable {
            columns: vec![
                html::Label::new("latest", t("最新（1人1行）", "latest (one per member)")),
                html::Label::new("all", t("全件（1検査1行）", "all (one per test)")),
                html::Label::new("excluded", t("除外", "excluded")),
            ],
            rows: vec![html::CountRow {
                label: html::Label::new("results", t("性格検査結果", "results")),
                counts: columns
                    .iter()
                    .map(|c| counts.get(c).copied().unwrap_or(0))
                    .collect(),
            }],
        },
        exclusion_reasons: super::page::code_counts(&summary.exclusions_by_reason),
        warnings: super::page::code_counts(&summary.warnings_by_code),
        warnings_csv: "warnings.csv".to_string(),
        tree: None,
        tables: vec![
            super::page::exclusion_table(exclusions),
            html::Table::new(
                "latest",
                sheets::LATEST_SHEET,
                LATEST_CSV,
                latest_headers,
                latest_rows.len(),
                latest_rows.iter().cloned(),
            ),
        ],
    }
}

fn next_step() -> &'static str {
    t(
        "次の手順: カオナビでシステム連携テンプレートから作ったシート「最新性格検査結果(ミキワメ連携)」に personality_latest.csv を、「全性格検査結果(ミキワメ連携)」に personality_all.csv を取り込んでください（personality.xlsx に同名のシートがあります）。シート名と項目名は変えないでください。",
        "Next: in kaonavi, import personality_latest.csv into the sheet 最新性格検査結果(ミキワメ連携) and personality_all.csv into 全性格検査結果(ミキワメ連携), both created from the system-integration templates (personality.xlsx holds both under those names). Do not rename the sheets or their items.",
    )
}

fn headers(columns: &[Column]) -> Vec<&str> {
    columns.iter().map(|c| c.header.as_str()).collect()
}

fn cells(rows: &[Vec<String>]) -> impl Iterator<Item = Vec<&str>> {
    rows.iter().map(|r| r.iter().map(String::as_str).collect())
}

fn counts(outcome: &PersonalityOutcome) -> BTreeMap<&'static str, usize> {
    BTreeMap::from([
        ("latest", outcome.latest.len()),
        ("all", outcome.all.len()),
        ("excluded", outcome.excluded),
    ])
}

/// The one-screen summary that ends every run (stderr; the data files are the real output).
fn print_closing_summary(outcome: &PersonalityOutcome, warnings: &[Warning], written: &[PathBuf]) {
    eprintln!("meibo personality: ミキワメ → kaonavi");
    eprintln!(
        "  {} {} {} / {} {} / {} {}",
        t("性格検査結果:", "results:"),
        t("最新", "latest"),
        outcome.latest.len(),
        t("全件", "all"),
        outcome.all.len(),
        t("除外", "excluded"),
        outcome.excluded
    );
    print_closing_details(&outcome.exclusions, warnings, written);
    eprintln!(
        "  {}",
        t(
            "report.html をブラウザで開くと、件数・除外の一覧・取り込む行を確認できます。",
            "Open report.html in a browser for the counts, the refused rows and the rows to import."
        )
    );
    eprintln!("  {}", next_step());
}
