//! Employees (docs/receivers/mikiwame.md): keyed by e-mail (case-insensitive); each refused row
//! lists every reason that applies; every row of a duplicated e-mail is refused; departments must
//! exist after the run. Rule checks run in parallel; results keep the source order whatever the
//! number of threads.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use super::departments::{DepartmentIndex, Resolution};
use super::{unencodable_in_cp932, Action, Exclusion, FieldChange, Kind};
use crate::model::{Attr, Employee, EmployeeSet};
use crate::model::{Candidate, DepartmentReference, Detail};
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
    pub reasons: Vec<(Code, Detail)>,
}

#[derive(Debug)]
pub struct EmployeeOutcome {
    pub rows: Vec<SourceEmployee>,
    /// Indices into the current records of employees the source does not have.
    pub target_only: Vec<usize>,
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
    // Keys are hashed once each, while the maps are built (side by side, one per core); every
    // later question is an index into the arrays built with them. The maps use FxHash, not
    // SipHash: nothing untrusted can flood them in a batch run on the user's own files.
    let valid_emails: Vec<bool> = source
        .records
        .par_iter()
        .map(|e| !e.undecodable && normalize::is_valid_email(e.email()))
        .collect();
    let ((current_by_key, current_first), (source_keys, resolved)) = rayon::join(
        || current_by_key(current),
        || {
            rayon::join(
                || SourceKeys::build(source, &valid_emails),
                || resolve_departments(source, departments),
            )
        },
    );
    // Which current employees (by the first row of their key) some source row names.
    let named: Vec<AtomicBool> = (0..current.records.len())
        .map(|_| AtomicBool::new(false))
        .collect();

    let rows: Vec<SourceEmployee> = source
        .records
        .par_iter()
        .enumerate()
        .map(|(index, e)| {
            let valid_email = valid_emails[index];
            let mut reasons = Vec::new();
            if e.undecodable {
                reasons.push((Code::InvalidEncoding, Detail::None));
                return excluded(reasons);
            }
            if e.family_name().is_empty() {
                reasons.push((Code::MissingName, Detail::None));
            }
            if e.family_kana().is_empty() {
                reasons.push((Code::MissingKana, Detail::None));
            }
            if e.email().is_empty() {
                reasons.push((Code::MissingEmail, Detail::None));
            } else if !valid_email {
                reasons.push((Code::InvalidEmail, Detail::Value(e.email().to_string())));
            } else if let Some(rows) = source_keys.duplicates_of(index) {
                reasons.push((
                    Code::DuplicateEmail,
                    Detail::Rows {
                        value: e.email_key().to_string(),
                        rows: rows.map(|row| source.records[row].at.row).collect(),
                    },
                ));
            }
            let matched = current_by_key.get(e.email_key()).copied();
            if let Some(first) = matched {
                named[first].store(true, Ordering::Relaxed);
            }
            let department_code = if source.provided.contains(&Attr::Department) {
                let (resolution, detail) = &resolved[&(e.department(), e.department_is_code)];
                let detail = || Detail::Reference(detail.clone().expect("made for every refusal"));
                match resolution {
                    Resolution::Blank => String::new(),
                    Resolution::Found(code) => code.clone(),
                    Resolution::Unknown(_) => {
                        reasons.push((Code::UnknownDepartment, detail()));
                        String::new()
                    }
                    Resolution::Ambiguous(_) => {
                        reasons.push((Code::AmbiguousDepartment, detail()));
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
                            format!("{field}: {c:?} (U+{:04X})", c as u32).into(),
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
        .iter()
        .zip(&current_first)
        .enumerate()
        .filter(|&(_, (e, &first))| {
            !e.email_key().is_empty()
                && (first == NONE || !named[first as usize].load(Ordering::Relaxed))
        })
        .map(|(i, _)| i)
        .collect();
    EmployeeOutcome { rows, target_only }
}

/// No row (in the index arrays below).
const NONE: u32 = u32::MAX;

/// Current employees by key (the first wins when the export repeats an address), and for each
/// current row the first row of its key ([`NONE`] without one).
fn current_by_key(current: &EmployeeSet) -> (FxHashMap<&str, usize>, Vec<u32>) {
    let mut by_key: FxHashMap<&str, usize> = FxHashMap::default();
    by_key.reserve(current.records.len());
    let mut first_of = vec![NONE; current.records.len()];
    for (i, e) in current.records.iter().enumerate() {
        if !e.email_key().is_empty() && !e.undecodable {
            first_of[i] = *by_key.entry(e.email_key()).or_insert(i) as u32;
        }
    }
    (by_key, first_of)
}

/// The source rows grouped by e-mail key, for duplicate detection: every row of a key whose valid
/// addresses are two or more is a duplicate, and its detail lists them all in file order.
struct SourceKeys {
    /// For each row, the first row with its key ([`NONE`] without a key).
    first_of: Vec<u32>,
    /// At a key's first row: how many of its rows have a valid address, and the first of them.
    valid_count: Vec<u32>,
    first_valid: Vec<u32>,
    /// For each row with a valid address, the next with the same key ([`NONE`] at the last).
    next_valid: Vec<u32>,
}

impl SourceKeys {
    fn build(source: &EmployeeSet, valid_emails: &[bool]) -> SourceKeys {
        let n = source.records.len();
        let mut keys = SourceKeys {
            first_of: vec![NONE; n],
            valid_count: vec![0; n],
            first_valid: vec![NONE; n],
            next_valid: vec![NONE; n],
        };
        let mut last_valid = vec![NONE; n];
        let mut first_by_key: FxHashMap<&str, u32> = FxHashMap::default();
        first_by_key.reserve(n);
        for (i, e) in source.records.iter().enumerate() {
            if e.email_key().is_empty() {
                continue;
            }
            let row = i as u32;
            let first = *first_by_key.entry(e.email_key()).or_insert(row) as usize;
            keys.first_of[i] = first as u32;
            if valid_emails[i] {
                keys.valid_count[first] += 1;
                match last_valid[first] {
                    NONE => keys.first_valid[first] = row,
                    last => keys.next_valid[last as usize] = row,
                }
                last_valid[first] = row;
            }
        }
        keys
    }

    /// The rows sharing `row`'s key when they are duplicates (`row` must have a valid address).
    fn duplicates_of(&self, row: usize) -> Option<impl Iterator<Item = usize> + '_> {
        let first = self.first_of[row];
        if first == NONE || self.valid_count[first as usize] < 2 {
            return None;
        }
        let mut next = self.first_valid[first as usize];
        Some(std::iter::from_fn(move || {
            let row = (next != NONE).then_some(next as usize)?;
            next = self.next_valid[row];
            Some(row)
        }))
    }
}

/// A reference's resolution, and the detail its refused rows share.
type Resolved = (Resolution, Option<Arc<DepartmentReference>>);

/// Every distinct department reference of the source, resolved once: a million rows name a few
/// thousand departments, and resolving one (NFKC, paths, names) costs far more than a look-up.
/// The detail of a reference that is refused is made once too, and shared by its rows.
fn resolve_departments<'a>(
    source: &'a EmployeeSet,
    departments: &DepartmentIndex,
) -> FxHashMap<(&'a str, bool), Resolved> {
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
            let detail = match &resolution {
                Resolution::Unknown(candidates) | Resolution::Ambiguous(candidates) => {
                    Some(reference_detail(reference, candidates))
                }
                Resolution::Blank | Resolution::Found(_) => None,
            };
            ((reference, code_only), (resolution, detail))
        })
        .collect()
}

/// The detail of an unknown or ambiguous reference: the reference and every department it fits.
fn reference_detail(reference: &str, candidates: &[Candidate]) -> Arc<DepartmentReference> {
    Arc::new(DepartmentReference {
        slot: None,
        reference: reference.to_string(),
        candidates: candidates.to_vec(),
    })
}

fn excluded(reasons: Vec<(Code, Detail)>) -> SourceEmployee {
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
