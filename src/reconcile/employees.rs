//! Employees (SPEC §3.2): keyed by e-mail (case-insensitive); each refused row lists every reason
//! that applies; every row of a duplicated e-mail is refused; departments must exist after the run.
//! Rule checks run in parallel; results keep the source order whatever the number of threads.

use std::borrow::Cow;
use std::collections::BTreeSet;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use super::departments::{DepartmentIndex, Resolution};
use super::{unencodable_in_cp932, Action, Exclusion, FieldChange, Kind};
use crate::model::{Attr, Employee, EmployeeSet};
use crate::normalize;
use crate::reason::Code;

/// The outcome for one source employee row.
#[derive(Debug, Clone)]
pub struct SourceEmployee {
    pub action: Action,
    /// The resolved department code ("" when blank).
    pub department_code: String,
    /// Index into the current records of the matched employee.
    pub matched: Option<usize>,
    pub changes: Vec<FieldChange>,
    pub reasons: Vec<(Code, String)>,
}

#[derive(Debug)]
pub struct EmployeeOutcome {
    pub rows: Vec<SourceEmployee>,
    /// Indices into the current records of employees the source does not have.
    pub target_only: Vec<usize>,
}

/// How the rows of the source share one e-mail key.
#[derive(Debug, Clone, Copy, Default)]
struct KeyRows {
    /// Rows whose address is valid (two or more: every one of them is a duplicate).
    valid: u32,
}

/// Decide what happens to every source employee. `layout` builds the receiving system's row for
/// an employee (used to compare, field by field, with the current row).
pub fn reconcile<L>(
    source: &EmployeeSet,
    current: &EmployeeSet,
    departments: &DepartmentIndex,
    layout: &L,
    cp932: bool,
) -> EmployeeOutcome
where
    L: for<'a> Fn(
            &'a Employee,
            &'a str,
            Option<&'a Employee>,
            &BTreeSet<Attr>,
        ) -> Vec<(&'static str, Cow<'a, str>)>
        + Sync,
{
    // The maps below hold a million keys: FxHash, not SipHash (no untrusted input can flood them
    // in a batch run on the user's own files, and it is several times faster). They are built
    // side by side, one per core.
    let valid_emails: Vec<bool> = source
        .records
        .par_iter()
        .map(|e| !e.undecodable && normalize::is_valid_email(e.email()))
        .collect();
    let (current_by_key, (source_keys, resolved)) = rayon::join(
        || current_by_key(current),
        || {
            rayon::join(
                || source_keys(source, &valid_emails),
                || resolve_departments(source, departments),
            )
        },
    );
    // The rows of each duplicated key, in file order.
    let duplicated: Vec<(&str, u32)> = source
        .records
        .par_iter()
        .zip(&valid_emails)
        .filter(|&(e, &valid)| {
            valid
                && source_keys
                    .get(e.email_key())
                    .is_some_and(|rows| rows.valid > 1)
        })
        .map(|(e, _)| (e.email_key(), e.at.row))
        .collect();
    let mut duplicate_rows: FxHashMap<&str, Vec<u32>> = FxHashMap::default();
    for (key, row) in duplicated {
        duplicate_rows.entry(key).or_default().push(row);
    }

    let rows: Vec<SourceEmployee> = source
        .records
        .par_iter()
        .zip(&valid_emails)
        .map(|(e, &valid_email)| {
            let mut reasons = Vec::new();
            if e.undecodable {
                reasons.push((Code::InvalidEncoding, String::new()));
                return excluded(reasons);
            }
            if e.family_name().is_empty() {
                reasons.push((Code::MissingName, String::new()));
            }
            if e.family_kana().is_empty() {
                reasons.push((Code::MissingKana, String::new()));
            }
            if e.email().is_empty() {
                reasons.push((Code::MissingEmail, String::new()));
            } else if !valid_email {
                reasons.push((Code::InvalidEmail, format!("{:?}", e.email())));
            } else if let Some(rows) = duplicate_rows.get(e.email_key()) {
                let lines: Vec<String> = rows.iter().map(u32::to_string).collect();
                reasons.push((
                    Code::DuplicateEmail,
                    format!("{} (rows {})", e.email_key(), lines.join(", ")),
                ));
            }
            let matched = current_by_key.get(e.email_key()).copied();
            let department_code = if source.provided.contains(&Attr::Department) {
                match &resolved[&(e.department(), e.department_is_code)] {
                    Resolution::Blank => String::new(),
                    Resolution::Found(code) => code.clone(),
                    Resolution::Unknown(why) => {
                        let detail = if why.is_empty() {
                            format!("{:?}", e.department())
                        } else {
                            format!("{:?}: {why}", e.department())
                        };
                        reasons.push((Code::UnknownDepartment, detail));
                        String::new()
                    }
                    Resolution::Ambiguous(codes) => {
                        reasons.push((
                            Code::AmbiguousDepartment,
                            format!("{:?}: {codes}", e.department()),
                        ));
                        String::new()
                    }
                }
            } else {
                String::new()
            };
            if !reasons.is_empty() {
                return excluded(reasons);
            }
            let before = matched.map(|m| &current.records[m]);
            let after = layout(e, &department_code, before, &source.provided);
            if cp932 {
                for (field, value) in &after {
                    if let Some(c) = unencodable_in_cp932(value) {
                        reasons.push((
                            Code::UnencodableCharacter,
                            format!("{field}: {c:?} (U+{:04X})", c as u32),
                        ));
                    }
                }
                if !reasons.is_empty() {
                    return excluded(reasons);
                }
            }
            let mut changes = Vec::new();
            let action = match before {
                None => Action::Create,
                Some(current_employee) => {
                    let previous = layout(
                        current_employee,
                        current_employee.department(),
                        None,
                        &current.provided,
                    );
                    for ((field, new), (_, old)) in after.iter().zip(previous.iter()) {
                        super::diff(&mut changes, field, old, new);
                    }
                    if changes.is_empty() {
                        Action::Unchanged
                    } else {
                        Action::Update
                    }
                }
            };
            // `after` borrows `department_code`, which moves into the outcome.
            drop(after);
            SourceEmployee {
                action,
                department_code,
                matched,
                changes,
                reasons,
            }
        })
        .collect();

    let target_only = current
        .records
        .par_iter()
        .enumerate()
        .filter(|(_, e)| !e.email_key().is_empty() && !source_keys.contains_key(e.email_key()))
        .map(|(i, _)| i)
        .collect();
    EmployeeOutcome { rows, target_only }
}

/// Current employees by key (the first wins when the export repeats an address).
fn current_by_key(current: &EmployeeSet) -> FxHashMap<&str, usize> {
    let mut by_key: FxHashMap<&str, usize> = FxHashMap::default();
    by_key.reserve(current.records.len());
    for (i, e) in current.records.iter().enumerate() {
        if !e.email_key().is_empty() && !e.undecodable {
            by_key.entry(e.email_key()).or_insert(i);
        }
    }
    by_key
}

/// Every key of the source, counting the rows with a valid address for duplicate detection.
fn source_keys<'a>(source: &'a EmployeeSet, valid_emails: &[bool]) -> FxHashMap<&'a str, KeyRows> {
    let mut keys: FxHashMap<&str, KeyRows> = FxHashMap::default();
    keys.reserve(source.records.len());
    for (e, &valid) in source.records.iter().zip(valid_emails) {
        if !e.email_key().is_empty() {
            let rows = keys.entry(e.email_key()).or_default();
            if valid {
                rows.valid += 1;
            }
        }
    }
    keys
}

/// Every distinct department reference of the source, resolved once: a million rows name a few
/// thousand departments, and resolving one (NFKC, paths, names) costs far more than a look-up.
fn resolve_departments<'a>(
    source: &'a EmployeeSet,
    departments: &DepartmentIndex,
) -> FxHashMap<(&'a str, bool), Resolution> {
    if !source.provided.contains(&Attr::Department) {
        return FxHashMap::default();
    }
    let distinct: FxHashSet<(&str, bool)> = source
        .records
        .par_iter()
        .filter(|e| !e.undecodable)
        .fold(FxHashSet::default, |mut distinct, e| {
            distinct.insert((e.department(), e.department_is_code));
            distinct
        })
        .reduce(FxHashSet::default, |mut all, part| {
            all.extend(part);
            all
        });
    let distinct: Vec<(&str, bool)> = distinct.into_iter().collect();
    distinct
        .into_par_iter()
        .map(|(reference, code_only)| {
            let resolution = departments.resolve(reference, code_only);
            ((reference, code_only), resolution)
        })
        .collect()
}

fn excluded(reasons: Vec<(Code, String)>) -> SourceEmployee {
    SourceEmployee {
        action: Action::Excluded,
        department_code: String::new(),
        matched: None,
        changes: Vec::new(),
        reasons,
    }
}

/// The exclusion lines of one source row.
pub fn exclusions_of<'a>(
    e: &'a Employee,
    row: &'a SourceEmployee,
) -> impl Iterator<Item = Exclusion> + 'a {
    let name = e.full_name();
    row.reasons.iter().map(move |(code, detail)| Exclusion {
        at: e.at.clone(),
        kind: Kind::Employee,
        key: if e.email().is_empty() {
            e.employee_number().to_string()
        } else {
            e.email().to_string()
        },
        name: name.clone(),
        code: *code,
        detail: detail.clone(),
    })
}
