//! What a run will do, ready to be written: the import files, the report lines and the counts.
//!
//! Every receiving system (`receiver/`) and the personality command turn the records they read into
//! one [`Plan`]; `output::write` writes any plan the same way, and `output::closing` prints its
//! closing summary. A plan holds values, never rendered text: the language is chosen when it is
//! written.

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::model::Warning;
use crate::rules::tree::TreeEntry;
use crate::rules::{Action, Change, Exclusion, Kind};

/// Text a person reads, in both languages: (Japanese, English).
pub type Words = (&'static str, &'static str);

/// The data rows of an import file. Small files hold their rows; a million-employee file builds
/// each row as it is written (twice when both CSV and XLSX are written), so rows are never held
/// twice in memory.
pub trait Rows: Sync {
    fn rows<'s>(&'s self) -> Box<dyn Iterator<Item = Vec<Cow<'s, str>>> + 's>;
    fn count(&self) -> usize {
        self.rows().count()
    }
}

impl Rows for Vec<Vec<String>> {
    fn rows<'s>(&'s self) -> Box<dyn Iterator<Item = Vec<Cow<'s, str>>> + 's> {
        Box::new(self.iter().map(|row| {
            row.iter()
                .map(|cell| Cow::Borrowed(cell.as_str()))
                .collect()
        }))
    }
    fn count(&self) -> usize {
        self.len()
    }
}

/// One import file: its CSV name, its sheet in the workbook, its header row and its rows. Names
/// are fixed, except those of an import split into numbered files (KiteRa's `users_001.csv` …).
pub struct ImportFile<'a> {
    pub csv: Cow<'static, str>,
    pub sheet: Cow<'static, str>,
    pub headers: Vec<String>,
    pub rows: Box<dyn Rows + 'a>,
    /// A sheet of the import workbook too. A list a person acts on by hand (クラウド法人名刺's
    /// groups to delete) stays out of a workbook the receiving system imports whole, and is
    /// written as a CSV whatever `--format` says.
    pub in_workbook: bool,
}

impl<'a> ImportFile<'a> {
    pub fn new(
        csv: impl Into<Cow<'static, str>>,
        sheet: impl Into<Cow<'static, str>>,
        headers: &[&str],
        rows: impl Rows + 'a,
    ) -> ImportFile<'a> {
        ImportFile {
            csv: csv.into(),
            sheet: sheet.into(),
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: Box::new(rows),
            in_workbook: true,
        }
    }
    /// The same file kept out of the import workbook (see [`ImportFile::in_workbook`]).
    pub fn outside_workbook(self) -> ImportFile<'a> {
        ImportFile {
            in_workbook: false,
            ..self
        }
    }
}

/// The numbered files an import of at most `batch` rows per file is split into: `stem_001.csv`,
/// `stem_002.csv` … (three digits, so that they sort in import order; more only past 999 files),
/// on sheets `sheet_001` …; at least one file, empty when there are no rows.
pub fn batches<'a>(
    stem: &str,
    sheet: &str,
    headers: &[&str],
    rows: Vec<Vec<String>>,
    batch: usize,
) -> Vec<ImportFile<'a>> {
    let mut rows = rows.into_iter().peekable();
    let mut files = Vec::new();
    loop {
        let chunk: Vec<Vec<String>> = rows.by_ref().take(batch).collect();
        let number = files.len() + 1;
        files.push(ImportFile::new(
            format!("{stem}_{number:03}.csv"),
            format!("{sheet}_{number:03}"),
            headers,
            chunk,
        ));
        if rows.peek().is_none() {
            return files;
        }
    }
}

/// One column of a count line: its id (summary.json, report.html), the word the closing summary
/// uses, and report.html's heading where that says more.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub id: &'static str,
    pub label: Words,
    pub heading: Option<Words>,
}

impl Column {
    pub fn of(action: Action) -> Column {
        Column {
            id: action.id(),
            label: action.label(),
            heading: None,
        }
    }
}

/// Counts for one kind of record, with the columns this system has, in display order.
#[derive(Debug, Clone)]
pub struct Counts {
    /// The key in `summary.json` ("departments", "employees", "results").
    pub key: &'static str,
    pub label: Words,
    pub columns: Vec<Column>,
    pub by_id: BTreeMap<&'static str, usize>,
}

impl Counts {
    /// Counts by action, every action of `actions` starting at zero.
    pub fn new(key: &'static str, label: Words, actions: &[Action]) -> Counts {
        Counts::of_columns(key, label, actions.iter().map(|&a| Column::of(a)).collect())
    }
    pub fn of_columns(key: &'static str, label: Words, columns: Vec<Column>) -> Counts {
        Counts {
            key,
            label,
            by_id: columns.iter().map(|c| (c.id, 0)).collect(),
            columns,
        }
    }
    pub fn add(&mut self, action: Action) {
        self.add_n(action.id(), 1);
    }
    pub fn add_n(&mut self, id: &'static str, n: usize) {
        *self.by_id.entry(id).or_default() += n;
    }
    pub fn get(&self, id: &str) -> usize {
        self.by_id.get(id).copied().unwrap_or(0)
    }
}

/// Records the receiving system is to delete, against the records it holds now (the deletion
/// guard compares the two).
#[derive(Debug, Clone, Copy)]
pub struct Deletions {
    pub kind: Kind,
    pub count: usize,
    pub current: usize,
}

/// What a run will do.
pub struct Plan<'a> {
    /// In import order.
    pub files: Vec<ImportFile<'a>>,
    /// The workbook that holds the files as sheets.
    pub workbook: &'static str,
    pub exclusions: Vec<Exclusion>,
    /// `changes.csv`'s lines.
    pub changes: Vec<Change>,
    /// Whether the run writes `changes.csv` (personality results have no changes to list).
    pub changes_csv: bool,
    pub warnings: Vec<Warning>,
    pub counts: Vec<Counts>,
    pub deletions: Vec<Deletions>,
    /// The closing summary's last line and report.html's first.
    pub next_step: Words,
    /// Lines the closing summary prints before the next step and report.html shows under it:
    /// where the layout comes from, how an import is split (Japanese, English).
    pub notes: Vec<(String, String)>,
    /// What report.html shows, for the closing summary.
    pub report_hint: Option<Words>,
    /// The department tree report.html shows.
    pub tree: Option<Vec<TreeEntry>>,
    /// An import file report.html also shows as a searchable table: its index and the table's id.
    pub shown_file: Option<(usize, &'static str)>,
}

impl<'a> Plan<'a> {
    /// An empty plan of a reconcile run (import.xlsx, changes.csv).
    pub fn new(next_step: Words) -> Plan<'a> {
        Plan {
            files: Vec::new(),
            workbook: IMPORT_WORKBOOK,
            exclusions: Vec::new(),
            changes: Vec::new(),
            changes_csv: true,
            warnings: Vec::new(),
            counts: Vec::new(),
            deletions: Vec::new(),
            next_step,
            notes: Vec::new(),
            report_hint: None,
            tree: None,
            shown_file: None,
        }
    }
}

/// The workbook of a reconcile run's import files.
pub const IMPORT_WORKBOOK: &str = "import.xlsx";
