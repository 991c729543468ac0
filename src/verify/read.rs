//! Reading what `meibo verify` compares: the plan folder of an earlier `reconcile` (summary.json,
//! changes.csv, exclusions.csv and the import files), the receiving system's export taken after
//! the import, and — when it is still where summary.json says and unchanged — the export the plan
//! was made from.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use anyhow::{bail, Context, Result};
use serde_json::Value;

use crate::config::Reading;
use crate::input::{self, ReadOptions, Table};
use crate::lang::Lang;
use crate::receiver::{self, KeyMatch, Landing, Receiver};
use crate::rules::{Action, Kind};
use crate::source::header_key;

/// An input of the plan, as its summary.json lists it.
#[derive(Debug, Clone)]
pub struct PlanInput {
    pub role: String,
    pub path: String,
    pub sha256: String,
}

/// A line of the plan's changes.csv.
#[derive(Debug, Clone)]
pub struct PlannedChange {
    pub kind: Kind,
    pub action: Action,
    pub key: String,
    pub field: String,
    pub before: String,
}

/// A row the plan excluded: one per (file, row), with every reason.
#[derive(Debug, Clone)]
pub struct ExcludedRow {
    pub file: String,
    pub row: String,
    pub kind: Kind,
    pub key: String,
    pub codes: Vec<String>,
}

/// A table's rows by key, with its columns by header.
pub struct Keyed {
    pub path: String,
    pub headers: Vec<String>,
    columns: HashMap<String, usize>,
    key_column: usize,
    /// In file order: (key, cells).
    pub rows: Vec<(String, Vec<String>)>,
    by_key: HashMap<String, usize>,
}

impl Keyed {
    /// The rows of `table` keyed by its column `key` (blank keys left out; the first row of a
    /// repeated key wins), taken out of the table rather than copied. `None` when the table has
    /// no such column.
    pub fn take(table: &mut Table, key: &str, key_match: KeyMatch) -> Option<Keyed> {
        let columns: HashMap<String, usize> = table
            .headers
            .iter()
            .enumerate()
            .map(|(i, h)| (header_key(h), i))
            .collect();
        let key_column = *columns.get(&header_key(key))?;
        let width = table.headers.len();
        let mut keyed = Keyed {
            path: table.display_path(),
            headers: table.headers.clone(),
            columns,
            key_column,
            rows: Vec::with_capacity(table.rows.len()),
            by_key: HashMap::with_capacity(table.rows.len()),
        };
        for row in std::mem::take(&mut table.rows) {
            if row.undecodable {
                continue;
            }
            let k = key_match.key(row.cell(key_column));
            if k.is_empty() {
                continue;
            }
            let mut cells = row.cells;
            cells.resize(width, String::new());
            keyed.by_key.entry(k.clone()).or_insert(keyed.rows.len());
            keyed.rows.push((k, cells));
        }
        Some(keyed)
    }
    pub fn get(&self, key: &str) -> Option<&[String]> {
        self.by_key.get(key).map(|&i| self.rows[i].1.as_slice())
    }
    /// A row's key as the file writes it.
    pub fn key_cell<'a>(&self, cells: &'a [String]) -> &'a str {
        &cells[self.key_column]
    }
    pub fn column(&self, header: &str) -> Option<usize> {
        self.columns.get(&header_key(header)).copied()
    }
}

/// One import file of the plan with its rows.
pub struct ImportSheet {
    pub landing: &'static Landing,
    pub rows: Keyed,
}

/// The sheet names of the plan's workbook (none when it wrote no workbook).
fn workbook_sheet_names(path: &Path) -> Vec<String> {
    use calamine::Reader;
    calamine::open_workbook_auto(path)
        .map(|w| w.sheet_names().to_vec())
        .unwrap_or_default()
}

/// The plan folder, read.
pub struct PlanFolder {
    pub dir: PathBuf,
    pub receiver: &'static dyn Receiver,
    pub inputs: Vec<PlanInput>,
    /// When summary.json was written (the plan's date).
    pub made: Option<SystemTime>,
    pub sheets: Vec<ImportSheet>,
    pub changes: Vec<PlannedChange>,
    pub excluded: Vec<ExcludedRow>,
}

fn not_a_plan(dir: &Path, lang: Lang) -> String {
    format!(
        "--plan {}: {}",
        dir.display(),
        lang.pick(
            "meibo reconcile の出力フォルダではありません（summary.json・changes.csv・取り込みファイルが必要です）",
            "not the output folder of meibo reconcile (summary.json, changes.csv and the import files are needed)"
        )
    )
}

/// A report CSV of the plan: its header row and data rows, cells as meibo wrote them before a
/// spreadsheet would run them (the leading apostrophe of docs/output.md removed).
fn report(dir: &Path, name: &str, options: &ReadOptions, lang: Lang) -> Result<Table> {
    let mut table =
        input::read_table(&dir.join(name), options).with_context(|| not_a_plan(dir, lang))?;
    for row in &mut table.rows {
        for cell in &mut row.cells {
            if cell.starts_with("'") && cell[1..].starts_with(['=', '+', '-', '@', '\t', '\r']) {
                cell.remove(0);
            }
        }
    }
    Ok(table)
}

fn kind_of(id: &str) -> Option<Kind> {
    Kind::ALL.into_iter().find(|k| k.id() == id)
}

fn action_of(id: &str) -> Option<Action> {
    Action::EVERY.into_iter().find(|a| a.id() == id)
}

/// Read the plan folder of an earlier reconcile run.
pub fn plan(dir: &Path, reading: &Reading) -> Result<PlanFolder> {
    let lang = reading.lang();
    let summary_path = dir.join("summary.json");
    let text = std::fs::read_to_string(&summary_path).with_context(|| not_a_plan(dir, lang))?;
    let summary: Value =
        serde_json::from_str(&text).with_context(|| format!("{}: JSON", summary_path.display()))?;
    let target = summary["target_system"].as_str().unwrap_or_default();
    let receiver = match (summary["command"].as_str(), receiver::find(target)) {
        (Some("reconcile"), Some(receiver)) => receiver,
        _ => bail!(
            "{}: {} {target:?}",
            not_a_plan(dir, lang),
            lang.pick("連携先:", "receiving system:")
        ),
    };
    let inputs = summary["inputs"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|i| PlanInput {
            role: i["role"].as_str().unwrap_or_default().to_string(),
            path: i["path"].as_str().unwrap_or_default().to_string(),
            sha256: i["sha256"].as_str().unwrap_or_default().to_string(),
        })
        .collect();
    let made = std::fs::metadata(&summary_path)
        .and_then(|m| m.modified())
        .ok();

    let mut sheets = Vec::new();
    let workbook = dir.join(crate::plan::IMPORT_WORKBOOK);
    let workbook_sheets = workbook_sheet_names(&workbook);
    for landing in receiver.about().landings {
        // A batched import's numbered files, as many as the run wrote (at least one).
        let files: Vec<(String, String)> = if landing.batched {
            (1..)
                .map(|n| landing.numbered(n))
                .enumerate()
                .take_while(|(i, (csv, sheet))| {
                    *i == 0 || dir.join(csv).exists() || workbook_sheets.contains(sheet)
                })
                .map(|(_, names)| names)
                .collect()
        } else {
            vec![(landing.csv.to_string(), landing.sheet.to_string())]
        };
        for (csv, sheet) in files {
            let csv = dir.join(csv);
            let mut table = if csv.exists() {
                input::read_table(&csv, &reading.options)?
            } else {
                // A run with --format xlsx: the same rows on the workbook's sheet.
                let options = ReadOptions {
                    sheet: Some(sheet),
                    ..reading.options.clone()
                };
                input::read_table(&workbook, &options).with_context(|| not_a_plan(dir, lang))?
            };
            let rows =
                Keyed::take(&mut table, landing.key, landing.key_match).with_context(|| {
                    format!(
                        "{}: {} {}",
                        table.display_path(),
                        landing.key,
                        missing(lang)
                    )
                })?;
            sheets.push(ImportSheet { landing, rows });
        }
    }

    let changes_table = report(dir, "changes.csv", &reading.options, lang)?;
    let changes = changes_table
        .rows
        .iter()
        .filter_map(|r| {
            Some(PlannedChange {
                kind: kind_of(r.cell(0))?,
                action: action_of(r.cell(1))?,
                key: r.cell(2).to_string(),
                field: r.cell(3).to_string(),
                before: r.cell(4).to_string(),
            })
        })
        .collect();
    let exclusions_table = report(dir, "exclusions.csv", &reading.options, lang)?;
    let mut excluded: Vec<ExcludedRow> = Vec::new();
    for r in &exclusions_table.rows {
        let Some(kind) = kind_of(r.cell(2)) else {
            continue;
        };
        let (file, row) = (r.cell(0), r.cell(1));
        match excluded.last_mut() {
            Some(last) if last.file == file && last.row == row => {
                last.codes.push(r.cell(5).to_string())
            }
            _ => excluded.push(ExcludedRow {
                file: file.to_string(),
                row: row.to_string(),
                kind,
                key: r.cell(3).to_string(),
                codes: vec![r.cell(5).to_string()],
            }),
        }
    }
    Ok(PlanFolder {
        dir: dir.to_path_buf(),
        receiver,
        inputs,
        made,
        sheets,
        changes,
        excluded,
    })
}

/// "column missing", for a key column a file lacks.
pub fn missing(lang: Lang) -> &'static str {
    lang.pick("の列がありません", "column missing")
}
