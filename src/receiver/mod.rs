//! Receiving systems: their keys, rules and import layouts. One file per system.
//!
//! ミキワメ's rules live in `reconcile/` (SPEC §3) with its layout in [`mikiwame`]. The systems of
//! SPEC §7 — [`meishi`], [`kitera`] and [`kaonavi`] — each turn the records read (no I/O)
//! into a [`Plan`]: the import files, the report lines and the counts; `cmd::targets` reads the
//! inputs, checks the plan's deletions against the guard and writes it.

pub mod kaonavi;
pub mod kitera;
pub mod meishi;
pub mod mikiwame;

use std::collections::{BTreeMap, HashMap};

use crate::model::Detail;
use crate::model::{DepartmentSet, Employee, EmployeeSet, Warning};
use crate::reason::Code;
use crate::rules::{unencodable_in_cp932, Action, Change, Exclusion, FieldChange, Kind};
use crate::source::Mapping;

/// The records of one run, as read.
pub struct Sets<'a> {
    pub employees: &'a EmployeeSet,
    pub departments: Option<&'a DepartmentSet>,
    pub current_employees: &'a EmployeeSet,
    pub current_departments: Option<&'a DepartmentSet>,
    /// The value tables (`--mapping`), for kaonavi's genders.
    pub mapping: &'a Mapping,
}

/// One import file: its CSV name, its sheet in `import.xlsx`, its header row and data rows.
#[derive(Debug, Clone)]
pub struct ImportFile {
    pub csv: &'static str,
    pub sheet: &'static str,
    pub headers: &'static [&'static str],
    pub rows: Vec<Vec<String>>,
}

/// Records the receiving system is to delete, against the records it holds now (the guard of
/// SPEC §7 compares the two).
#[derive(Debug, Clone, Copy)]
pub struct Deletions {
    pub kind: Kind,
    pub count: usize,
    pub current: usize,
}

/// Counts by action for one kind of record, with the actions this system has, in display order.
#[derive(Debug, Clone)]
pub struct Counts {
    /// The key in `summary.json` ("departments", "employees").
    pub key: &'static str,
    /// The closing summary's label (Japanese, English).
    pub label: (&'static str, &'static str),
    pub actions: &'static [Action],
    pub by_action: BTreeMap<&'static str, usize>,
}

impl Counts {
    pub fn new(
        key: &'static str,
        label: (&'static str, &'static str),
        actions: &'static [Action],
    ) -> Counts {
        Counts {
            key,
            label,
            actions,
            by_action: actions.iter().map(|a| (a.id(), 0)).collect(),
        }
    }
    pub fn add(&mut self, action: Action) {
        *self.by_action.entry(action.id()).or_default() += 1;
    }
    pub fn get(&self, action: Action) -> usize {
        self.by_action.get(action.id()).copied().unwrap_or(0)
    }
}

/// What a receiving system will do, ready to be written.
#[derive(Debug)]
pub struct Plan {
    /// In import order (groups before employees).
    pub files: Vec<ImportFile>,
    pub exclusions: Vec<Exclusion>,
    pub changes: Vec<Change>,
    /// Warnings the rules raised (the readers' warnings are added by the command).
    pub warnings: Vec<Warning>,
    pub counts: Vec<Counts>,
    pub deletions: Vec<Deletions>,
    /// The closing summary's last line (Japanese, English).
    pub next_step: (&'static str, &'static str),
}

/// "姓 名": the parts that are filled, joined by one half-width space.
pub fn full_name(family: &str, given: &str) -> String {
    [family, given]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The exclusion line of one employee row and one reason.
pub fn exclusion(e: &Employee, key: &str, code: Code, detail: Detail) -> Exclusion {
    Exclusion {
        at: e.at.clone(),
        kind: Kind::Employee,
        key: key.to_string(),
        name: full_name(e.family_name(), e.given_name()),
        code,
        detail,
    }
}

/// `unencodable-character` reasons for the cells of an import row that CP932 cannot hold.
pub fn unencodable(headers: &[&str], row: &[String]) -> Vec<(Code, Detail)> {
    headers
        .iter()
        .zip(row)
        .filter_map(|(header, value)| {
            unencodable_in_cp932(value).map(|c| {
                (
                    Code::UnencodableCharacter,
                    format!("{header}: {c:?} (U+{:04X})", c as u32).into(),
                )
            })
        })
        .collect()
}

/// The changed columns between the current row and the new one, for the columns in `compared`.
pub fn compare(
    headers: &'static [&'static str],
    before: &[String],
    after: &[String],
    compared: &[&str],
) -> Vec<FieldChange> {
    let mut changes = Vec::new();
    for ((header, old), new) in headers.iter().zip(before).zip(after) {
        if compared.contains(header) {
            crate::rules::diff(&mut changes, header, old, new);
        }
    }
    changes
}

/// The `changes.csv` lines of one record (see [`crate::rules::push_changes`]).
pub fn change_lines(
    kind: Kind,
    action: Action,
    key: &str,
    name: &str,
    fields: &[FieldChange],
) -> Vec<Change> {
    let mut lines = Vec::new();
    crate::rules::push_changes(&mut lines, kind, action, key, name, fields);
    lines
}

/// Source rows per non-blank key, in file order (a key with more than one row is a duplicate).
pub fn rows_by_key<'a>(
    keys: impl Iterator<Item = (usize, &'a str)>,
) -> HashMap<&'a str, Vec<usize>> {
    let mut rows: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, key) in keys.filter(|(_, k)| !k.is_empty()) {
        rows.entry(key).or_default().push(i);
    }
    rows
}

/// "rows 3, 5": the row numbers of the given records.
pub fn row_list(records: &[Employee], rows: &[usize]) -> String {
    let lines: Vec<String> = rows
        .iter()
        .map(|&r| records[r].at.row.to_string())
        .collect();
    format!("rows {}", lines.join(", "))
}

/// Current records by key; the first wins when the export repeats one. Undecodable rows and blank
/// keys are left out.
pub fn current_by_key<'a>(
    records: &'a [Employee],
    key: impl Fn(&'a Employee) -> &'a str,
) -> HashMap<&'a str, usize> {
    let mut by_key = HashMap::new();
    for (i, e) in records.iter().enumerate() {
        let k = key(e);
        if !e.undecodable && !k.is_empty() {
            by_key.entry(k).or_insert(i);
        }
    }
    by_key
}
