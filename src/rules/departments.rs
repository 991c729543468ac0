//! Departments (docs/receivers/mikiwame.md): keyed by code; parents must exist, no loops, at most
//! 10 levels; current departments missing from the source are reported, never deleted.
//!
//! The result also carries the [`DepartmentIndex`] employees are resolved against: the
//! departments that will exist after this run (current ones plus those created), by code, path and
//! name — excluded departments do not count, but are remembered so the detail can say why.

use std::collections::{HashMap, HashSet};

use unicode_normalization::UnicodeNormalization;

use super::{diff, unencodable_in_cp932, Action, Exclusion, FieldChange, Kind};
use crate::model::{Candidate, Detail, Fate};
use crate::model::{Department, DepartmentSet, ParentRef};
use crate::normalize;
use crate::reason::Code;

/// The receiving system's maximum depth (root = level 1).
pub const MAX_LEVEL: u32 = 10;

/// Department-name comparison key: NFKC, no whitespace.
pub fn name_key(name: &str) -> String {
    name.nfkc().filter(|c| !c.is_whitespace()).collect()
}

/// The outcome for one source department row.
#[derive(Debug, Clone)]
pub struct SourceDepartment {
    pub record: Department,
    pub action: Action,
    pub parent_code: String,
    pub level: u32,
    pub changes: Vec<FieldChange>,
}

#[derive(Debug)]
pub struct DepartmentOutcome {
    pub rows: Vec<SourceDepartment>,
    /// Indices into `rows` of creates and updates, parents before children.
    pub import_order: Vec<usize>,
    pub target_only: Vec<Department>,
    pub exclusions: Vec<Exclusion>,
    pub index: DepartmentIndex,
}

/// Options that change the rules.
#[derive(Debug, Clone, Copy, Default)]
pub struct DepartmentRules {
    /// Refuse names the CP932 output could not hold.
    pub cp932: bool,
}

/// What the receiving system's department tree allows, and what its columns are called.
#[derive(Debug, Clone, Copy)]
pub struct Tree {
    /// A new department may not take a name another code keeps (ミキワメ); クラウド法人名刺 creates a
    /// group even when one of the same name exists.
    pub unique_names: bool,
    /// The deepest level allowed (root = level 1).
    pub max_level: u32,
    /// Column names for the changes of an update.
    pub name_field: &'static str,
    pub parent_field: &'static str,
}

impl Tree {
    pub const MIKIWAME: Tree = Tree {
        unique_names: true,
        max_level: MAX_LEVEL,
        name_field: "部署名",
        parent_field: "親部署コード",
    };
}

#[derive(Debug, Clone)]
enum State {
    Valid(u32),
    Excluded(Code, Detail),
}

pub fn reconcile(
    source: Option<&DepartmentSet>,
    current: Option<&DepartmentSet>,
    rules: DepartmentRules,
) -> DepartmentOutcome {
    reconcile_tree(source, current, rules, Tree::MIKIWAME)
}

/// [`reconcile`] for a receiving system whose tree has other limits than ミキワメ's.
pub fn reconcile_tree(
    source: Option<&DepartmentSet>,
    current: Option<&DepartmentSet>,
    rules: DepartmentRules,
    tree: Tree,
) -> DepartmentOutcome {
    let empty: Vec<Department> = Vec::new();
    let source_records = source.map(|s| &s.records).unwrap_or(&empty);
    let current_records = current.map(|s| &s.records).unwrap_or(&empty);

    // Current departments by code (the first wins if the export repeats one).
    let mut current_by_code: HashMap<&str, &Department> = HashMap::new();
    for d in current_records
        .iter()
        .filter(|d| !d.undecodable && !d.code.is_empty())
    {
        current_by_code.entry(d.code.as_str()).or_insert(d);
    }

    // 1. Row rules.
    let mut reasons: Vec<Vec<(Code, Detail)>> = vec![Vec::new(); source_records.len()];
    for (i, d) in source_records.iter().enumerate() {
        if d.undecodable {
            reasons[i].push((Code::InvalidEncoding, Detail::None));
            continue;
        }
        if d.code.is_empty() {
            reasons[i].push((
                Code::DepartmentMissingCode,
                format!("部署名 {:?}", d.name).into(),
            ));
        }
        if rules.cp932 {
            if let Some(c) = unencodable_in_cp932(&d.name).or_else(|| unencodable_in_cp932(&d.code))
            {
                reasons[i].push((
                    Code::UnencodableCharacter,
                    format!("{c:?} (U+{:04X})", c as u32).into(),
                ));
            }
        }
    }
    let mut rows_by_code: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, d) in source_records.iter().enumerate() {
        if !d.undecodable && !d.code.is_empty() {
            rows_by_code.entry(d.code.as_str()).or_default().push(i);
        }
    }
    for rows in rows_by_code.values().filter(|rows| rows.len() > 1) {
        let lines: Vec<u32> = rows.iter().map(|&i| source_records[i].at.row).collect();
        for &i in rows {
            reasons[i].push((
                Code::DuplicateDepartmentCode,
                Detail::Rows {
                    value: String::new(),
                    rows: lines.clone(),
                },
            ));
        }
    }

    // 2. Name conflicts: a new (or renamed) department may not take a name another code keeps.
    let candidate = |i: usize, reasons: &[Vec<(Code, Detail)>]| reasons[i].is_empty();
    let source_codes: HashSet<&str> = rows_by_code.keys().copied().collect();
    let mut claimed: HashMap<String, String> = HashMap::new();
    for d in current_records
        .iter()
        .filter(|d| !d.undecodable && !d.code.is_empty())
    {
        let renamed = rows_by_code.get(d.code.as_str()).is_some_and(|rows| {
            rows.iter()
                .any(|&i| name_key(&source_records[i].name) != name_key(&d.name))
        });
        if !renamed {
            claimed
                .entry(name_key(&d.name))
                .or_insert_with(|| d.code.clone());
        }
    }
    for i in 0..source_records.len() {
        if !tree.unique_names || !candidate(i, &reasons) {
            continue;
        }
        let d = &source_records[i];
        let key = name_key(&d.name);
        match claimed.get(&key) {
            Some(owner) if owner != &d.code => {
                let renaming = current_by_code
                    .get(d.code.as_str())
                    .is_some_and(|c| name_key(&c.name) != key);
                if renaming || !current_by_code.contains_key(d.code.as_str()) {
                    reasons[i].push((
                        Code::DepartmentNameConflict,
                        format!("{:?} = {owner}", d.name).into(),
                    ));
                }
            }
            Some(_) => {}
            None => {
                claimed.insert(key, d.code.clone());
            }
        }
    }

    // 3. Parents: by code, else by name or path among the source and current departments.
    let by_code: HashMap<&str, usize> =
        rows_by_code.iter().map(|(&c, rows)| (c, rows[0])).collect();
    let mut names: HashMap<String, Vec<String>> = HashMap::new();
    for d in source_records
        .iter()
        .filter(|d| !d.undecodable && !d.code.is_empty())
    {
        names
            .entry(name_key(&d.name))
            .or_default()
            .push(d.code.clone());
    }
    for d in current_records
        .iter()
        .filter(|d| !d.code.is_empty() && !source_codes.contains(d.code.as_str()))
    {
        names
            .entry(name_key(&d.name))
            .or_default()
            .push(d.code.clone());
    }
    for codes in names.values_mut() {
        codes.sort();
        codes.dedup();
    }
    // Full paths of the level-layout departments (their parent is given as a path).
    // A path several departments have fits none of them (the HR data does not say which).
    let mut paths: HashMap<Vec<String>, Vec<String>> = HashMap::new();
    for d in source_records.iter().filter(|d| !d.code.is_empty()) {
        let full: Vec<String> = match &d.parent {
            ParentRef::Path(parent_path) => parent_path
                .iter()
                .chain([&d.name])
                .map(|s| name_key(s))
                .collect(),
            ParentRef::Root => vec![name_key(&d.name)],
            ParentRef::Ref(_) => continue,
        };
        let codes = paths.entry(full).or_default();
        if !codes.contains(&d.code) {
            codes.push(d.code.clone());
        }
    }
    let resolve_parent = |d: &Department| -> Result<Option<String>, String> {
        match &d.parent {
            ParentRef::Root => Ok(None),
            ParentRef::Ref(reference) => {
                let code = normalize::code(reference);
                if by_code.contains_key(code.as_str())
                    || current_by_code.contains_key(code.as_str())
                {
                    Ok(Some(code))
                } else {
                    match names.get(&name_key(reference)).map(Vec::as_slice) {
                        Some([only]) => Ok(Some(only.clone())),
                        Some(many) if many.len() > 1 => {
                            Err(format!("{reference:?}: {}", many.join(" / ")))
                        }
                        _ => Err(format!("{reference:?}")),
                    }
                }
            }
            ParentRef::Path(path) => {
                let key: Vec<String> = path.iter().map(|s| name_key(s)).collect();
                match paths.get(&key).map(Vec::as_slice) {
                    Some([code]) => Ok(Some(code.clone())),
                    Some(many) if many.len() > 1 => {
                        Err(format!("{:?}: {}", path.join("/"), many.join(" / ")))
                    }
                    _ => match names
                        .get(key.last().map(String::as_str).unwrap_or(""))
                        .map(Vec::as_slice)
                    {
                        Some([only]) => Ok(Some(only.clone())),
                        _ => Err(format!("{:?}", path.join("/"))),
                    },
                }
            }
        }
    };
    // Every row's parent, refused rows included: the paths employees' references are matched
    // against are those the HR export names.
    let row_parents: Vec<Result<Option<String>, String>> =
        source_records.iter().map(resolve_parent).collect();
    let mut parent_of: HashMap<String, Result<Option<String>, String>> = HashMap::new();
    for (i, d) in source_records.iter().enumerate() {
        if candidate(i, &reasons) {
            parent_of.insert(d.code.clone(), row_parents[i].clone());
        }
    }

    // 4. Walk each candidate's chain of parents: unknown parents, loops, depth.
    let mut state: HashMap<String, State> = HashMap::new();
    for (i, d) in source_records.iter().enumerate() {
        if !reasons[i].is_empty() && !d.code.is_empty() && by_code.get(d.code.as_str()) == Some(&i)
        {
            let (code, _) = &reasons[i][0];
            state.insert(
                d.code.clone(),
                State::Excluded(
                    *code,
                    Detail::Rows {
                        value: String::new(),
                        rows: vec![d.at.row],
                    },
                ),
            );
        }
    }
    for (i, d) in source_records.iter().enumerate() {
        if candidate(i, &reasons) && !state.contains_key(&d.code) {
            walk(
                &d.code,
                &parent_of,
                &current_by_code,
                tree.max_level,
                &mut state,
            );
        }
    }

    // 5. Actions.
    let mut rows = Vec::with_capacity(source_records.len());
    let mut exclusions = Vec::new();
    for (i, d) in source_records.iter().enumerate() {
        let mut row = SourceDepartment {
            record: d.clone(),
            action: Action::Excluded,
            parent_code: String::new(),
            level: 0,
            changes: Vec::new(),
        };
        if reasons[i].is_empty() {
            match state.get(&d.code) {
                Some(State::Valid(level)) => {
                    row.level = *level;
                    row.parent_code = parent_of
                        .get(&d.code)
                        .and_then(|p| p.clone().ok())
                        .flatten()
                        .unwrap_or_default();
                    match current_by_code.get(d.code.as_str()) {
                        Some(current) => {
                            diff(&mut row.changes, tree.name_field, &current.name, &d.name);
                            let current_parent = match &current.parent {
                                ParentRef::Ref(p) => normalize::code(p),
                                _ => String::new(),
                            };
                            diff(
                                &mut row.changes,
                                tree.parent_field,
                                &current_parent,
                                &row.parent_code,
                            );
                            row.action = if row.changes.is_empty() {
                                Action::Unchanged
                            } else {
                                Action::Update
                            };
                        }
                        None => row.action = Action::Create,
                    }
                }
                Some(State::Excluded(code, detail)) => reasons[i].push((*code, detail.clone())),
                None => reasons[i].push((Code::DepartmentUnknownParent, Detail::None)),
            }
        }
        for (code, detail) in &reasons[i] {
            exclusions.push(Exclusion {
                at: d.at.clone(),
                kind: Kind::Department,
                key: d.code.clone(),
                name: d.name.clone(),
                code: *code,
                detail: detail.clone(),
            });
        }
        rows.push(row);
    }
    // Without a source department export there is nothing to be missing from.
    let target_only: Vec<Department> = current_records
        .iter()
        .filter(|d| {
            source.is_some() && !d.code.is_empty() && !source_codes.contains(d.code.as_str())
        })
        .cloned()
        .collect();
    let mut import_order: Vec<usize> = (0..rows.len())
        .filter(|&i| matches!(rows[i].action, Action::Create | Action::Update))
        .collect();
    import_order.sort_by_key(|&i| (rows[i].level, i));
    let row_parents: Vec<Option<String>> =
        row_parents.into_iter().map(|p| p.ok().flatten()).collect();
    let index = DepartmentIndex::build(&rows, current_records, &row_parents, &reasons);
    DepartmentOutcome {
        rows,
        import_order,
        target_only,
        exclusions,
        index,
    }
}

/// Decide the state of `start` and of every department on its chain of parents.
fn walk(
    start: &str,
    parent_of: &HashMap<String, Result<Option<String>, String>>,
    current_by_code: &HashMap<&str, &Department>,
    max_level: u32,
    state: &mut HashMap<String, State>,
) {
    let mut chain: Vec<String> = Vec::new();
    let mut on_chain: HashSet<String> = HashSet::new();
    let mut cursor = start.to_string();
    // The state of the first department above the chain (None = above the root).
    let base: Option<State> = loop {
        if let Some(known) = state.get(&cursor) {
            break Some(known.clone());
        }
        if on_chain.contains(&cursor) {
            let from = chain.iter().position(|c| c == &cursor).unwrap_or(0);
            let members: Vec<String> = chain[from..].to_vec();
            let detail = members.join(" → ") + " → " + &cursor;
            for member in &members {
                state.insert(
                    member.clone(),
                    State::Excluded(Code::DepartmentCycle, detail.clone().into()),
                );
            }
            chain.truncate(from);
            break Some(State::Excluded(Code::DepartmentCycle, detail.into()));
        }
        on_chain.insert(cursor.clone());
        chain.push(cursor.clone());
        let parent = match parent_of.get(&cursor) {
            Some(Ok(parent)) => parent.clone(),
            Some(Err(reference)) => {
                let code = chain.pop().expect("just pushed");
                state.insert(
                    code,
                    State::Excluded(Code::DepartmentUnknownParent, reference.clone().into()),
                );
                break chain
                    .last()
                    .and_then(|c| state.get(c))
                    .cloned()
                    .or_else(|| {
                        Some(State::Excluded(
                            Code::DepartmentUnknownParent,
                            reference.clone().into(),
                        ))
                    });
            }
            // Not a source candidate: a current department keeps its current parent.
            None => match current_by_code.get(cursor.as_str()) {
                Some(current) => match &current.parent {
                    ParentRef::Ref(p)
                        if !p.is_empty()
                            && current_by_code.contains_key(normalize::code(p).as_str()) =>
                    {
                        Some(normalize::code(p))
                    }
                    _ => None,
                },
                None => {
                    chain.pop();
                    break Some(State::Excluded(
                        Code::DepartmentUnknownParent,
                        cursor.clone().into(),
                    ));
                }
            },
        };
        match parent {
            Some(parent) => cursor = parent,
            None => break None,
        }
    };
    // Unwind from the top of the chain down to `start`.
    let mut above = base;
    let mut above_code: Option<String> = if state.contains_key(&cursor) {
        Some(cursor.clone())
    } else {
        None
    };
    for code in chain.iter().rev() {
        if state.contains_key(code) {
            above = state.get(code).cloned();
            above_code = Some(code.clone());
            continue;
        }
        let mine = match &above {
            None => State::Valid(1),
            Some(State::Valid(level)) if level + 1 > max_level => State::Excluded(
                Code::DepartmentTooDeep,
                Detail::TooDeep { level: level + 1 },
            ),
            Some(State::Valid(level)) => State::Valid(level + 1),
            Some(State::Excluded(Code::DepartmentTooDeep, detail)) => {
                let level = match detail {
                    Detail::TooDeep { level } => *level,
                    _ => max_level,
                };
                State::Excluded(
                    Code::DepartmentTooDeep,
                    Detail::TooDeep { level: level + 1 },
                )
            }
            Some(State::Excluded(reason, _)) => State::Excluded(
                Code::DepartmentUnknownParent,
                format!(
                    "{} {} ({})",
                    above_code.clone().unwrap_or_default(),
                    "excluded:",
                    reason.id()
                )
                .into(),
            ),
        };
        state.insert(code.clone(), mine.clone());
        above = Some(mine);
        above_code = Some(code.clone());
    }
}

/// A department that exists after the run.
#[derive(Debug, Clone)]
pub struct KnownDepartment {
    pub code: String,
    pub name: String,
    pub parent: Option<String>,
}

/// Every department an employee's reference may fit, for resolving references
/// (docs/department-references.md): those that exist after the run (current ones plus those
/// created) and the source rows that were refused. A reference is never settled by dropping the
/// candidates that were refused.
#[derive(Debug, Default)]
pub struct DepartmentIndex {
    /// The departments after the run, one per code.
    pub known: Vec<KnownDepartment>,
    by_code: HashMap<String, usize>,
    /// `known` (same order), then the refused source rows: each with its path and fate.
    candidates: Vec<Candidate>,
    /// The refused source rows by code: indices into `candidates`.
    refused_by_code: HashMap<String, Vec<usize>>,
    /// Every trailing part of a candidate's path (name keys; the bare name included) → candidates.
    by_suffix: HashMap<Vec<String>, Vec<usize>>,
    /// Name-key paths of `candidates`.
    key_paths: Vec<Vec<String>>,
}

/// How an employee's department reference resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    Blank,
    Found(String),
    /// Fits no department that exists after the run: the refused ones it fits (maybe none).
    Unknown(Vec<Candidate>),
    /// Fits more than one department, whatever became of them.
    Ambiguous(Vec<Candidate>),
}

impl DepartmentIndex {
    fn build(
        rows: &[SourceDepartment],
        current: &[Department],
        row_parents: &[Option<String>],
        reasons: &[Vec<(Code, Detail)>],
    ) -> DepartmentIndex {
        let mut index = DepartmentIndex::default();
        let mut fates: Vec<Fate> = Vec::new();
        let mut add = |index: &mut DepartmentIndex, known: KnownDepartment, fate: Fate| {
            if !index.by_code.contains_key(&known.code) {
                index.by_code.insert(known.code.clone(), index.known.len());
                index.known.push(known);
                fates.push(fate);
            }
        };
        // Created and updated departments take their new name and parent; the rest keep the current.
        for row in rows {
            let fate = match row.action {
                Action::Create => Fate::Create,
                Action::Update => Fate::Update,
                Action::Unchanged => Fate::Unchanged,
                _ => continue,
            };
            let known = KnownDepartment {
                code: row.record.code.clone(),
                name: row.record.name.clone(),
                parent: Some(row.parent_code.clone()).filter(|p| !p.is_empty()),
            };
            add(&mut index, known, fate);
        }
        for d in current
            .iter()
            .filter(|d| !d.undecodable && !d.code.is_empty())
        {
            let parent = match &d.parent {
                ParentRef::Ref(p) => Some(normalize::code(p)).filter(|p| !p.is_empty()),
                _ => None,
            };
            let known = KnownDepartment {
                code: d.code.clone(),
                name: d.name.clone(),
                parent,
            };
            add(&mut index, known, Fate::Kept);
        }
        // Nodes: (code, name, parent code); the known first, then the refused rows.
        let mut nodes: Vec<(&str, &str, Option<&str>)> = index
            .known
            .iter()
            .map(|k| (k.code.as_str(), k.name.as_str(), k.parent.as_deref()))
            .collect();
        for (i, row) in rows.iter().enumerate() {
            if row.action != Action::Excluded || row.record.undecodable {
                continue;
            }
            let code = reasons[i]
                .first()
                .map(|r| r.0)
                .unwrap_or(Code::DepartmentUnknownParent);
            fates.push(Fate::Excluded {
                code,
                at: row.record.at.clone(),
            });
            if !row.record.code.is_empty() {
                index
                    .refused_by_code
                    .entry(row.record.code.clone())
                    .or_default()
                    .push(nodes.len());
            }
            nodes.push((
                &row.record.code,
                &row.record.name,
                row_parents[i].as_deref(),
            ));
        }
        // A parent code names the department after the run, else the first refused row with it.
        let node_of = |code: &str| {
            index
                .by_code
                .get(code)
                .copied()
                .or_else(|| index.refused_by_code.get(code).map(|v| v[0]))
        };
        let mut candidates = Vec::with_capacity(nodes.len());
        let mut key_paths = Vec::with_capacity(nodes.len());
        for (position, fate) in fates.into_iter().enumerate() {
            // Names from the node up to the root (loops cut).
            let mut path: Vec<&str> = Vec::new();
            let mut seen = HashSet::new();
            let mut cursor = Some(position);
            while let Some(at) = cursor {
                if !seen.insert(at) || path.len() > 64 {
                    break;
                }
                let (_, name, parent) = nodes[at];
                path.push(name);
                cursor = parent.and_then(node_of);
            }
            path.reverse();
            key_paths.push(path.iter().map(|n| name_key(n)).collect::<Vec<_>>());
            candidates.push(Candidate {
                code: nodes[position].0.to_string(),
                path: path.iter().map(|n| n.to_string()).collect(),
                fate,
            });
        }
        for (position, path) in key_paths.iter().enumerate() {
            for start in 0..path.len() {
                index
                    .by_suffix
                    .entry(path[start..].to_vec())
                    .or_default()
                    .push(position);
            }
        }
        index.candidates = candidates;
        index.key_paths = key_paths;
        index
    }

    /// Resolve a reference: a code, `名前(コード)`, or a path or trailing part of one (a bare name
    /// included) — the first form that fits something decides. Within a form, a reference that
    /// fits more than one department is ambiguous, refused ones counted.
    pub fn resolve(&self, reference: &str, code_only: bool) -> Resolution {
        let reference = normalize::trim(reference);
        if reference.is_empty() {
            return Resolution::Blank;
        }
        let code = normalize::code(reference);
        if self.by_code.contains_key(&code) {
            return Resolution::Found(code);
        }
        if code_only || self.refused_by_code.contains_key(&code) {
            return Resolution::Unknown(self.refused(&code));
        }
        if let Some((name, inner)) = code
            .strip_suffix(')')
            .and_then(|s| s.rsplit_once('('))
            .map(|(name, inner)| (name, inner.trim()))
        {
            let with_code: Vec<usize> = self
                .by_code
                .get(inner)
                .copied()
                .into_iter()
                .chain(
                    self.refused_by_code
                        .get(inner)
                        .into_iter()
                        .flatten()
                        .copied(),
                )
                .collect();
            if !with_code.is_empty() {
                let segments = segments(name, false);
                let fitting: Vec<usize> = with_code
                    .iter()
                    .copied()
                    .filter(|&c| self.key_paths[c].ends_with(&segments))
                    .collect();
                if fitting.is_empty() {
                    return Resolution::Unknown(self.listed(&with_code));
                }
                return self.decide(&fitting);
            }
        }
        let mut fitting: Vec<usize> = Vec::new();
        for spaced in [true, false] {
            let segments = segments(reference, spaced);
            if let Some(found) = self.by_suffix.get(&segments) {
                fitting.extend(found);
            }
        }
        fitting.sort_unstable();
        fitting.dedup();
        if fitting.is_empty() {
            return Resolution::Unknown(Vec::new());
        }
        self.decide(&fitting)
    }

    /// One department fits (by code: a refused row and the department the receiving system keeps
    /// under its code are one): found when it exists after the run. More than one: ambiguous.
    fn decide(&self, fitting: &[usize]) -> Resolution {
        let identity = |c: usize| match self.candidates[c].code.as_str() {
            "" => Err(c),
            code => Ok(code),
        };
        let first = identity(fitting[0]);
        if fitting.iter().any(|&c| identity(c) != first) {
            return Resolution::Ambiguous(self.listed(fitting));
        }
        match fitting.iter().find(|&&c| c < self.known.len()) {
            Some(&c) => Resolution::Found(self.known[c].code.clone()),
            None => Resolution::Unknown(self.listed(fitting)),
        }
    }

    /// The department after the run with this code, as a candidate.
    pub fn candidates_of(&self, code: &str) -> Vec<Candidate> {
        self.listed(self.by_code.get(code).copied().as_slice())
    }

    fn refused(&self, code: &str) -> Vec<Candidate> {
        self.listed(self.refused_by_code.get(code).map_or(&[], Vec::as_slice))
    }

    fn listed(&self, positions: &[usize]) -> Vec<Candidate> {
        positions
            .iter()
            .map(|&c| self.candidates[c].clone())
            .collect()
    }
}

/// The name keys of a path reference: split at `/ ／ > ＞`, or with `spaced` at whitespace
/// (only when that gives more than one part; else no segments, which fit nothing).
fn segments(reference: &str, spaced: bool) -> Vec<String> {
    let explicit = ['/', '／', '>', '＞'];
    if spaced && reference.contains(explicit) {
        return Vec::new();
    }
    let parts: Vec<String> = if spaced {
        reference
            .split(char::is_whitespace)
            .map(name_key)
            .filter(|s| !s.is_empty())
            .collect()
    } else {
        reference
            .split(explicit)
            .map(name_key)
            .filter(|s| !s.is_empty())
            .collect()
    };
    if spaced && parts.len() < 2 {
        return Vec::new();
    }
    parts
}
