//! `meibo verify` (docs/verify.md): after the import, prove that the plan landed.
//!
//! Reads the output folder of an earlier `reconcile` (its plan: summary.json, changes.csv,
//! exclusions.csv and the import files — `read`) and the receiving system's export taken after the
//! import, and says for every planned create, update and delete whether it landed:
//! - `applied` — as planned (an update: one line per field it changes);
//! - `not-applied` — a record to create is missing, one to delete is still there, a field to update
//!   still holds its value from before;
//! - `landed-differently` — the field holds a third value (before → planned → found);
//! - `unplanned-change` — a field or record the plan left alone has changed, appeared or gone;
//! - `not-planned` — a row the plan excluded (not a failure).
//!
//! The receiving system comes from summary.json; each import file is matched to the export of its
//! kind by the system's key ([`crate::receiver::Landing`]), column by column under the import file's
//! headers (columns the export does not have are not compared). Values are compared after NFKC and
//! trimming, and two dates are the same date however each is written. Unplanned changes need the
//! export the plan was made from: it is read from the path summary.json records when its SHA-256
//! still matches (warning `plan-input-changed` otherwise). Whole records are shown with the words
//! `present` / `absent` in before, planned and found.

pub mod read;
pub mod write;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use anyhow::{Context, Result};

use crate::config::Reading;
use crate::input::{self, Table};
use crate::lang::Lang;
use crate::model::{Detail, Provenance, Warning};
use crate::normalize;
use crate::plan::{Column, Counts, Words};
use crate::reason::Code;
use crate::rules::{Action, Kind};
use crate::source::{self, Role, System};
use read::{Keyed, PlanFolder};

/// What a verify run reads and writes.
pub struct Settings {
    pub plan: PathBuf,
    pub employees: PathBuf,
    pub departments: Option<PathBuf>,
    pub out: PathBuf,
    pub reading: Reading,
}

/// One line of verify.csv: a planned change, or a difference nobody planned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub kind: Kind,
    /// What the plan does with the record (create, update, delete; unchanged, target-only or
    /// excluded for a record it leaves alone).
    pub action: Action,
    pub key: String,
    /// The column; blank for the whole record.
    pub field: String,
    pub before: String,
    pub planned: String,
    pub found: String,
    pub code: Code,
    pub detail: Detail,
}

/// The results, in the order verify.csv lists them.
pub const RESULTS: [Code; 5] = [
    Code::Applied,
    Code::NotApplied,
    Code::LandedDifferently,
    Code::UnplannedChange,
    Code::NotPlanned,
];

/// What did not land as planned: the results that make the exit status 1.
pub fn is_failure(code: Code) -> bool {
    matches!(
        code,
        Code::NotApplied | Code::LandedDifferently | Code::UnplannedChange
    )
}

fn result_label(code: Code) -> Words {
    match code {
        Code::Applied => ("反映済み", "applied"),
        Code::NotApplied => ("未反映", "not applied"),
        Code::LandedDifferently => ("計画と相違", "landed differently"),
        Code::UnplannedChange => ("計画外の変更", "unplanned"),
        _ => ("対象外（除外）", "not planned"),
    }
}

/// A whole record's presence, in before / planned / found.
const PRESENT: &str = "present";
const ABSENT: &str = "absent";

/// A whole record's presence in words (report.html; verify.csv keeps the ids).
pub fn presence_label(value: &str, lang: Lang) -> Option<&'static str> {
    match value {
        PRESENT => Some(lang.pick("あり", "present")),
        ABSENT => Some(lang.pick("なし", "absent")),
        _ => None,
    }
}

/// A plan runs stale after this long.
const STALE_AFTER: Duration = Duration::from_secs(7 * 24 * 60 * 60);

/// One export given to verify, read.
pub struct Export {
    /// The file as read (its rows are compared, then dropped).
    pub table: Table,
    /// Data rows read.
    pub rows: usize,
    /// The system its headers fit (`None`: none).
    pub system: Option<System>,
    pub role: &'static str,
}

/// Everything a verify run found.
pub struct Verified {
    pub plan: PlanFolder,
    pub exports: Vec<Export>,
    pub findings: Vec<Finding>,
    pub warnings: Vec<Warning>,
    pub counts: Vec<Counts>,
}

impl Verified {
    pub fn target(&self) -> System {
        self.plan.receiver.system()
    }
    pub fn failures(&self) -> usize {
        self.findings.iter().filter(|f| is_failure(f.code)).count()
    }
}

/// Read the plan and the exports, and compare them.
pub fn run(settings: &Settings) -> Result<Verified> {
    let reading = &settings.reading;
    let lang = reading.lang();
    let plan = read::plan(&settings.plan, reading)?;
    let target = plan.receiver.system();
    let mut warnings = Vec::new();
    let mut exports = Vec::new();
    let mut findings = Vec::new();
    let mut counts = Vec::new();
    // Each kind of record: the export given, its role in summary.json (the plan's input of the
    // same role is the export the plan was made from), the profiles it may fit, and its counts.
    for (kind, path, role, source_role, key, label) in [
        (
            Kind::Department,
            settings.departments.as_deref(),
            "current-departments",
            Role::Departments,
            "departments",
            ("部署", "departments"),
        ),
        (
            Kind::Employee,
            Some(settings.employees.as_path()),
            "current-employees",
            Role::Employees,
            "employees",
            ("社員", "employees"),
        ),
    ] {
        let sheets: Vec<&read::ImportSheet> = plan
            .sheets
            .iter()
            .filter(|s| s.landing.kind == kind)
            .collect();
        let Some(first) = sheets.first() else {
            continue;
        };
        let planned_rows: usize = sheets.iter().map(|s| s.rows.rows.len()).sum();
        let Some(path) = path else {
            if planned_rows > 0 {
                anyhow::bail!(
                    "--current-departments: {}",
                    lang.pick(
                        "計画に部署の取り込みがあります。取り込み後の部署のエクスポートを指定してください",
                        "the plan imports departments: give the departments export taken after the import"
                    )
                );
            }
            continue;
        };
        let mut table = input::read_table(path, &reading.options)?;
        let system = detect(&table, source_role, reading);
        let whole_file = |code: Code, detail: String| Warning {
            at: Provenance {
                file: table.display_path().into(),
                row: 0,
            },
            code,
            detail: detail.into(),
        };
        if system != Some(target) {
            warnings.push(whole_file(
                Code::WrongSystem,
                format!("{} → {}", target.id(), system.map_or("?", System::id)),
            ));
        }
        let recorded = plan.inputs.iter().find(|i| i.role == role);
        if recorded.is_some_and(|i| i.sha256 == table.sha256) {
            warnings.push(whole_file(Code::ExportUnchanged, table.sha256.clone()));
        }
        if let Some(detail) = stale(plan.made, path) {
            warnings.push(whole_file(Code::PlanStale, detail));
        }
        let rows = table.rows.len();
        let after = Keyed::take(&mut table, first.landing.key, first.landing.key_match)
            .with_context(|| {
                format!(
                    "{}: {} {}",
                    path.display(),
                    first.landing.key,
                    read::missing(lang)
                )
            })?;
        let before = match recorded {
            None => None,
            Some(input) => {
                let read = input::read_table(Path::new(&input.path), &reading.options).ok();
                match read.filter(|t| t.sha256 == input.sha256) {
                    Some(mut t) => Keyed::take(&mut t, first.landing.key, first.landing.key_match),
                    None => {
                        warnings.push(Warning {
                            at: Provenance {
                                file: input.path.as_str().into(),
                                row: 0,
                            },
                            code: Code::PlanInputChanged,
                            detail: Detail::from(input.sha256.clone()),
                        });
                        None
                    }
                }
            }
        };
        let found = check(kind, &sheets, &plan, &after, before.as_ref());
        let mut kind_counts = Counts::of_columns(
            key,
            label,
            RESULTS
                .iter()
                .map(|&code| Column {
                    id: code.id(),
                    label: result_label(code),
                    heading: None,
                })
                .collect(),
        );
        for f in &found {
            kind_counts.add_n(f.code.id(), 1);
        }
        counts.push(kind_counts);
        findings.extend(found);
        exports.push(Export {
            table,
            rows,
            system,
            role,
        });
    }
    Ok(Verified {
        plan,
        exports,
        findings,
        warnings,
        counts,
    })
}

/// The system whose export `table` looks like (its own profiles first).
fn detect(table: &Table, role: Role, reading: &Reading) -> Option<System> {
    let profiles = source::profiles(&[role], None);
    let map = source::detect(table, &profiles, &reading.mapping, None, reading.lang()).ok()?;
    let receiving = map
        .also_fits
        .iter()
        .chain(std::iter::once(&map.profile))
        .map(|p| p.system)
        .find(|s| !s.is_hr());
    Some(receiving.unwrap_or(map.profile.system))
}

/// "plan 2026-11-01, export 2026-12-02" when the export was taken long after the plan.
fn stale(made: Option<SystemTime>, export: &Path) -> Option<String> {
    let made = made?;
    let taken = std::fs::metadata(export).and_then(|m| m.modified()).ok()?;
    let age = taken.duration_since(made).ok()?;
    if age <= STALE_AFTER {
        return None;
    }
    let day = |t: SystemTime| chrono::DateTime::<chrono::Utc>::from(t).format("%Y-%m-%d");
    Some(format!(
        "summary.json {}, export {} ({} days)",
        day(made),
        day(taken),
        // Whole days, rounded: file times lag the clock by a few milliseconds.
        (age.as_secs() + 43_200) / 86_400
    ))
}

/// Two cells hold the same value: equal after NFKC and trimming, the same reading (hiragana and
/// katakana alike, as meibo reads readings), or the same date however each is written.
pub fn same(a: &str, b: &str) -> bool {
    // Most cells are written alike: nothing to normalise.
    if a == b {
        return true;
    }
    let (a, b) = (normalize::code(a), normalize::code(b));
    a == b
        || normalize::kana(&a) == normalize::kana(&b)
        || matches!(
            (normalize::parse_date(&a), normalize::parse_date(&b)),
            (Ok(Some(x)), Ok(Some(y))) if x == y
        )
}

/// Every finding of one kind of record.
fn check(
    kind: Kind,
    sheets: &[&read::ImportSheet],
    plan: &PlanFolder,
    after: &Keyed,
    before: Option<&Keyed>,
) -> Vec<Finding> {
    let key_match = sheets[0].landing.key_match;
    // The plan's lines by key: its action and the fields it changes.
    let mut lines: HashMap<String, (Action, HashSet<&str>)> = HashMap::new();
    for change in plan.changes.iter().filter(|c| c.kind == kind) {
        let entry = lines
            .entry(key_match.key(&change.key))
            .or_insert((change.action, HashSet::new()));
        entry.1.insert(change.field.as_str());
    }
    let mut findings = Vec::new();
    let mut planned: HashSet<&str> = HashSet::new();
    for sheet in sheets {
        let landing = sheet.landing;
        // Columns are looked up once per file, not once per row: (import column, header, the
        // export's column, the before export's column).
        let compared: Vec<(usize, &String, usize, Option<usize>)> = sheet
            .rows
            .headers
            .iter()
            .enumerate()
            .filter_map(|(i, h)| Some((i, h, after.column(h)?, before.and_then(|b| b.column(h)))))
            .collect();
        // The before export's other columns, which the plan leaves alone.
        let others: Vec<(usize, &String, usize)> = before
            .map(|b| shared_columns(b, after, |h| sheet.rows.column(h).is_none()))
            .unwrap_or_default();
        for (key, cells) in &sheet.rows.rows {
            planned.insert(key);
            let shown_key = sheet.rows.key_cell(cells);
            let action = match (landing.deletes, lines.get(key)) {
                (true, _) => Action::Delete,
                (false, Some((action @ (Action::Create | Action::Update), _))) => *action,
                _ if before.is_some_and(|b| b.get(key).is_some()) => Action::Update,
                _ => Action::Create,
            };
            let line = |field: &str, values: [&str; 3], code: Code| Finding {
                kind,
                action,
                key: shown_key.to_string(),
                field: field.to_string(),
                before: values[0].to_string(),
                planned: values[1].to_string(),
                found: values[2].to_string(),
                code,
                detail: Detail::None,
            };
            let found = after.get(key);
            let before_row = before.and_then(|b| b.get(key));
            match (action, found) {
                (Action::Delete, None) => {
                    findings.push(line("", [PRESENT, ABSENT, ABSENT], Code::Applied))
                }
                (Action::Delete, Some(_)) => {
                    findings.push(line("", [PRESENT, ABSENT, PRESENT], Code::NotApplied))
                }
                (Action::Create, None) => {
                    findings.push(line("", [ABSENT, PRESENT, ABSENT], Code::NotApplied))
                }
                (_, None) => {
                    findings.push(line("", [PRESENT, PRESENT, ABSENT], Code::UnplannedChange))
                }
                (_, Some(found)) => {
                    let changed_fields = lines.get(key).map(|(_, f)| f);
                    let mut field_lines = Vec::new();
                    let mut unplanned = Vec::new();
                    for &(i, header, column, before_column) in &compared {
                        let planned_value = cells[i].as_str();
                        let blank_kept = landing.kept_when_blank.contains(&header.as_str())
                            && planned_value.is_empty();
                        let listed = changed_fields.is_some_and(|f| f.contains(header.as_str()));
                        // The key matched already; it is compared only where the plan changes
                        // how it is written (an e-mail's letter case).
                        let key_unchanged = *header == landing.key && !listed;
                        if key_unchanged || blank_kept {
                            continue;
                        }
                        let found_value = found[column].as_str();
                        if action == Action::Create {
                            if !same(planned_value, found_value) {
                                field_lines.push(line(
                                    header,
                                    ["", planned_value, found_value],
                                    Code::LandedDifferently,
                                ));
                            }
                            continue;
                        }
                        let before_value = before_row
                            .zip(before_column)
                            .map_or(planned_value, |(b, c)| b[c].as_str());
                        let changed = listed || !same(before_value, planned_value);
                        let values = [before_value, planned_value, found_value];
                        if changed {
                            let code = if same(found_value, planned_value) {
                                Code::Applied
                            } else if same(found_value, before_value) {
                                Code::NotApplied
                            } else {
                                Code::LandedDifferently
                            };
                            field_lines.push(line(header, values, code));
                        } else if !same(found_value, planned_value) {
                            unplanned.push(line(header, values, Code::UnplannedChange));
                        }
                    }
                    if field_lines.is_empty() && unplanned.is_empty() {
                        let from = if action == Action::Create {
                            ABSENT
                        } else {
                            PRESENT
                        };
                        field_lines.push(line("", [from, PRESENT, PRESENT], Code::Applied));
                    }
                    findings.extend(field_lines);
                    findings.extend(unplanned);
                    if let Some(before_row) = before_row {
                        findings.extend(untouched_fields(&others, before_row, found).map(
                            |(field, was, now)| line(field, [was, was, now], Code::UnplannedChange),
                        ));
                    }
                }
            }
        }
    }
    if let Some(before) = before {
        findings.extend(unplanned_records(kind, &lines, &planned, before, after));
    }
    findings.extend(
        plan.excluded
            .iter()
            .filter(|x| x.kind == kind)
            .map(|x| Finding {
                kind,
                action: Action::Excluded,
                key: x.key.clone(),
                field: String::new(),
                before: String::new(),
                planned: String::new(),
                found: String::new(),
                code: Code::NotPlanned,
                detail: Detail::Refused {
                    codes: x.codes.join(" "),
                    file: x.file.clone(),
                    row: x.row.clone(),
                },
            }),
    );
    findings
}

/// The columns the before and the after export share, as (before column, header, after column),
/// for the headers `wanted` keeps.
fn shared_columns<'a>(
    before: &'a Keyed,
    after: &Keyed,
    wanted: impl Fn(&str) -> bool,
) -> Vec<(usize, &'a String, usize)> {
    before
        .headers
        .iter()
        .enumerate()
        .filter(|(_, h)| wanted(h))
        .filter_map(|(i, h)| Some((i, h, after.column(h)?)))
        .collect()
}

/// (header, before, after) of the `columns` whose value differs after.
fn untouched_fields<'a>(
    columns: &'a [(usize, &'a String, usize)],
    before_row: &'a [String],
    after_row: &'a [String],
) -> impl Iterator<Item = (&'a str, &'a str, &'a str)> + 'a {
    columns.iter().filter_map(move |&(b, header, a)| {
        (!same(&before_row[b], &after_row[a])).then_some((
            header.as_str(),
            before_row[b].as_str(),
            after_row[a].as_str(),
        ))
    })
}

/// Records the plan left alone that changed, went or appeared.
fn unplanned_records(
    kind: Kind,
    lines: &HashMap<String, (Action, HashSet<&str>)>,
    planned: &HashSet<&str>,
    before: &Keyed,
    after: &Keyed,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    let finding = |key: &str, field: String, values: [String; 3], action: Action| Finding {
        kind,
        action,
        key: key.to_string(),
        field,
        before: values[0].clone(),
        planned: values[1].clone(),
        found: values[2].clone(),
        code: Code::UnplannedChange,
        detail: Detail::None,
    };
    let common = shared_columns(before, after, |_| true);
    let mut seen = HashSet::new();
    for (key, cells) in &before.rows {
        if planned.contains(key.as_str()) || !seen.insert(key.as_str()) {
            continue;
        }
        let action = lines.get(key).map_or(Action::Unchanged, |(a, _)| *a);
        let shown_key = before.key_cell(cells);
        match after.get(key) {
            None => findings.push(finding(
                shown_key,
                String::new(),
                [PRESENT, PRESENT, ABSENT].map(str::to_string),
                action,
            )),
            Some(now) => {
                findings.extend(untouched_fields(&common, cells, now).map(
                    |(field, was, found)| {
                        finding(
                            shown_key,
                            field.to_string(),
                            [was, was, found].map(str::to_string),
                            action,
                        )
                    },
                ));
            }
        }
    }
    for (key, cells) in &after.rows {
        if before.get(key).is_none() && !planned.contains(key.as_str()) && seen.insert(key) {
            findings.push(finding(
                after.key_cell(cells),
                String::new(),
                [ABSENT, ABSENT, PRESENT].map(str::to_string),
                Action::Unchanged,
            ));
        }
    }
    findings
}
