//! One personality run: read the results, kaonavi's members and the optional template in
//! parallel, then plan the two sheets of kaonavi's system-integration templates (as CSVs and one
//! workbook) with the reports, for `output::write`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::sheets::{self, Column, Item};
use crate::config::{Loaded, Reading};
use crate::input::{self, ReadOptions, Table};
use crate::model::{EmployeeSet, ResultSet, Warning};
use crate::output::summary::InputSummary;
use crate::pipeline::describe;
use crate::plan::{Column as CountColumn, Counts, ImportFile, Plan};
use crate::reason::Code;
use crate::source::{self, records, Field, Role, System};

pub const LATEST_CSV: &str = "personality_latest.csv";
pub const ALL_CSV: &str = "personality_all.csv";
pub const WORKBOOK: &str = "personality.xlsx";
pub const IMPORT_CSVS: [&str; 2] = [LATEST_CSV, ALL_CSV];

/// The files of a run.
pub struct Paths {
    pub results: PathBuf,
    pub members: PathBuf,
    pub template: Option<PathBuf>,
}

/// Everything read for one run.
pub struct Inputs {
    pub results: (Loaded, ResultSet),
    pub members: (Loaded, EmployeeSet),
    /// The template file and its header row.
    pub template: Option<Table>,
}

/// Read the results and the members concurrently; the template's header row after them.
pub fn read(paths: &Paths, reading: &Reading) -> Result<Inputs> {
    let result_profiles = source::profiles(&[Role::Results], Some(System::Mikiwame));
    let member_profiles = source::profiles(&[Role::Employees], Some(System::Kaonavi));
    let (results, members) = std::thread::scope(|scope| {
        let members = scope.spawn(|| -> Result<(Loaded, EmployeeSet)> {
            // Only the key is needed: a member export without names or e-mails is fine here.
            let loaded = reading.load(
                &paths.members,
                &member_profiles,
                Some(&[Field::EmployeeNumber]),
            )?;
            let set = records::employees(&loaded.table, &loaded.map, &reading.mapping);
            Ok((loaded, set))
        });
        let results = reading
            .load(&paths.results, &result_profiles, None)
            .and_then(|loaded| {
                let set = records::results(&loaded.table, &loaded.map, reading.lang())?;
                Ok((loaded, set))
            });
        (
            results,
            members.join().expect("reader thread does not panic"),
        )
    });
    let template = match &paths.template {
        None => None,
        // The header row is all that is read; --sheet names a sheet of the inputs, not of this.
        Some(path) => Some(input::read_table(
            path,
            &ReadOptions {
                encoding: reading.options.encoding,
                sheet: None,
                lang: reading.lang(),
            },
        )?),
    };
    Ok(Inputs {
        results: results?,
        members: members?,
        template,
    })
}

impl Inputs {
    /// The personal values of every result and member read, for `--redact`.
    pub fn personal_values(&self) -> Vec<String> {
        let mut values: Vec<String> = self
            .members
            .1
            .records
            .iter()
            .flat_map(crate::output::redact::employee_values)
            .collect();
        for result in &self.results.1.records {
            let local = result.email.rsplit_once('@').map_or("", |(local, _)| local);
            values.extend([
                result.employee_number.clone(),
                result.name.clone(),
                local.to_string(),
                local.to_lowercase(),
            ]);
            values.extend(result.name.split_whitespace().map(str::to_string));
        }
        values
    }

    /// The inputs as `summary.json` lists them.
    pub fn summaries(&self) -> Vec<InputSummary> {
        let mut list = vec![
            describe(&self.results.0, "results"),
            describe(&self.members.0, "members"),
        ];
        if let Some(template) = &self.template {
            list.push(InputSummary {
                path: template.display_path(),
                role: "template".to_string(),
                system: System::Kaonavi.id().to_string(),
                format: template.format.name().to_string(),
                encoding: template.encoding.clone(),
                rows: template.rows.len(),
                sha256: template.sha256.clone(),
            });
        }
        list
    }
}

/// The two sheets, the refused results and the counts.
pub fn plan(inputs: &Inputs, reading: &Reading) -> Result<Plan<'static>> {
    let results = &inputs.results.1;
    let latest_columns = match &inputs.template {
        Some(template) => sheets::template_columns(&template.headers, results, reading.lang())
            .with_context(|| format!("--template {}", template.display_path()))?,
        None => sheets::latest_columns(results),
    };
    let all_columns = sheets::all_columns(results);
    // Only the scales that are written can refuse a row (a template may leave some out).
    let written_scales: Vec<usize> = latest_columns
        .iter()
        .filter_map(|c| match c.item {
            Item::Scale(i) => Some(i),
            _ => None,
        })
        .collect();
    let outcome = super::reconcile(results, &inputs.members.1, &written_scales, reading.lang());
    let rows = |indices: &[usize], columns: &[Column]| -> Vec<Vec<String>> {
        indices
            .iter()
            .map(|&i| sheets::row(&results.records[i], columns))
            .collect()
    };
    let headers =
        |columns: &[Column]| -> Vec<String> { columns.iter().map(|c| c.header.clone()).collect() };

    let mut plan = Plan::new((
        "次の手順: カオナビでシステム連携テンプレートから作ったシート「最新性格検査結果(ミキワメ連携)」に personality_latest.csv を、「全性格検査結果(ミキワメ連携)」に personality_all.csv を取り込んでください（personality.xlsx に同名のシートがあります）。シート名と項目名は変えないでください。",
        "Next: in kaonavi, import personality_latest.csv into the sheet 最新性格検査結果(ミキワメ連携) and personality_all.csv into 全性格検査結果(ミキワメ連携), both created from the system-integration templates (personality.xlsx holds both under those names). Do not rename the sheets or their items.",
    ));
    plan.report_hint = Some((
        "report.html をブラウザで開くと、件数・除外の一覧・取り込む行を確認できます。",
        "Open report.html in a browser for the counts, the refused rows and the rows to import.",
    ));
    plan.workbook = WORKBOOK;
    plan.changes_csv = false;
    plan.files = vec![
        ImportFile {
            csv: LATEST_CSV.into(),
            sheet: sheets::LATEST_SHEET.into(),
            headers: headers(&latest_columns),
            rows: Box::new(rows(&outcome.latest, &latest_columns)),
            in_workbook: true,
        },
        ImportFile {
            csv: ALL_CSV.into(),
            sheet: sheets::ALL_SHEET.into(),
            headers: headers(&all_columns),
            rows: Box::new(rows(&outcome.all, &all_columns)),
            in_workbook: true,
        },
    ];
    plan.shown_file = Some((0, "latest"));
    let column = |id, label, heading| CountColumn {
        id,
        label,
        heading: Some(heading),
    };
    let mut counts = Counts::of_columns(
        "results",
        ("性格検査結果", "results"),
        vec![
            column(
                "latest",
                ("最新", "latest"),
                ("最新（1人1行）", "latest (one per member)"),
            ),
            column(
                "all",
                ("全件", "all"),
                ("全件（1検査1行）", "all (one per test)"),
            ),
            column("excluded", ("除外", "excluded"), ("除外", "excluded")),
        ],
    );
    counts.by_id = BTreeMap::from([
        ("latest", outcome.latest.len()),
        ("all", outcome.all.len()),
        ("excluded", outcome.excluded),
    ]);
    plan.counts = vec![counts];
    plan.exclusions = outcome.exclusions;
    plan.warnings = warnings(inputs);
    Ok(plan)
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

/// The input files, for the --out safety check.
pub fn input_paths(paths: &Paths) -> Vec<&Path> {
    [
        Some(paths.results.as_path()),
        Some(paths.members.as_path()),
        paths.template.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect()
}
