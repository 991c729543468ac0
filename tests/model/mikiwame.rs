//! A second, deliberately plain implementation of ミキワメ's rules (docs/receivers/mikiwame.md and
//! docs/department-references.md), written from those pages: plain loops over small lists, no
//! indexes, no parallelism, no code shared with `src/` beyond the records the readers make.

use meibo::model::{Attr, Department, Employee, EmployeeSet, ParentRef};
use unicode_normalization::UnicodeNormalization;

/// What the model says a run does: the same shapes as `receiver::testing::Planned`.
#[derive(Debug, Default, PartialEq)]
pub struct Outcome {
    /// (kind, row, code) of every exclusion line, departments first, each in file order.
    pub excluded: Vec<(&'static str, u32, &'static str)>,
    /// kind, action, key, field, before, after.
    pub changes: Vec<[String; 6]>,
    pub departments_csv: Vec<Vec<String>>,
    pub employees_csv: Vec<Vec<String>>,
}

fn nfkc(s: &str) -> String {
    s.nfkc().collect()
}

/// Codes: NFKC, trimmed.
pub fn code_of(s: &str) -> String {
    nfkc(s).trim().to_string()
}

/// Names compare after NFKC without whitespace.
pub fn key(s: &str) -> String {
    nfkc(s).chars().filter(|c| !c.is_whitespace()).collect()
}

/// An e-mail address as docs/receivers/mikiwame.md takes it: local@domain, the domain dotted labels
/// of letters, digits and hyphens, the local part without leading, trailing or doubled dots.
pub fn valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
    let domain_ok = domain.contains('.')
        && domain.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    email.len() <= 254 && local_ok && domain_ok
}

#[derive(Debug, Clone, PartialEq)]
enum State {
    Level(u32),
    Out(&'static str),
}

/// A department an employee's reference may fit.
pub struct Candidate {
    code: String,
    path: Vec<String>,
    after_run: bool,
}

/// What a receiving system's department tree allows.
#[derive(Clone, Copy)]
pub struct Tree {
    pub unique_names: bool,
    pub max_level: u32,
}

pub fn run(
    source_departments: &[Department],
    current_departments: &[Department],
    source: &EmployeeSet,
    current: &EmployeeSet,
) -> Outcome {
    let tree = Tree {
        unique_names: true,
        max_level: 10,
    };
    let (mut out, candidates) = departments(source_departments, current_departments, tree);
    employees(&mut out, &candidates, source, current);
    out
}

/// The department rules (docs/receivers/mikiwame.md); and every department an employee's reference
/// may fit.
pub fn departments(
    source_departments: &[Department],
    current_departments: &[Department],
    tree: Tree,
) -> (Outcome, Vec<Candidate>) {
    let mut out = Outcome::default();
    let sd: Vec<&Department> = source_departments.iter().collect();
    let cd: Vec<&Department> = current_departments
        .iter()
        .filter(|d| !d.undecodable && !d.code.is_empty())
        .collect();
    let first_current = |code: &str| cd.iter().find(|d| d.code == code).copied();
    let current_parent = |d: &Department| match &d.parent {
        ParentRef::Ref(p) => code_of(p),
        _ => String::new(),
    };

    // Row rules.
    let mut reasons: Vec<Vec<&'static str>> = vec![Vec::new(); sd.len()];
    for (i, d) in sd.iter().enumerate() {
        if d.code.is_empty() {
            reasons[i].push("department-missing-code");
        }
    }
    for (i, d) in sd.iter().enumerate() {
        if !d.code.is_empty() && sd.iter().filter(|o| o.code == d.code).count() > 1 {
            reasons[i].push("duplicate-department-code");
        }
    }
    // Names: a new or renamed department may not take a name another code keeps.
    let renamed = |code: &str, name: &str| {
        sd.iter()
            .any(|s| s.code == code && key(&s.name) != key(name))
    };
    let mut claims: Vec<(String, String)> = Vec::new();
    for c in &cd {
        if !renamed(&c.code, &c.name) && !claims.iter().any(|(n, _)| *n == key(&c.name)) {
            claims.push((key(&c.name), c.code.clone()));
        }
    }
    for (i, d) in sd.iter().enumerate() {
        if !reasons[i].is_empty() || !tree.unique_names {
            continue;
        }
        match claims.iter().find(|(n, _)| *n == key(&d.name)) {
            Some((_, owner)) if *owner != d.code => {
                let renaming = first_current(&d.code).is_some_and(|c| key(&c.name) != key(&d.name));
                if renaming || first_current(&d.code).is_none() {
                    reasons[i].push("department-name-conflict");
                }
            }
            Some(_) => {}
            None => claims.push((key(&d.name), d.code.clone())),
        }
    }

    // Parents: a code of the source or of ミキワメ, else the one department of that name.
    let source_has = |code: &str| sd.iter().any(|s| !s.code.is_empty() && s.code == code);
    // SmartHR's level layout names the parent by its path from the root: the department of that
    // path, when exactly one has it; else, like a name, the one department of the last name.
    let full_path = |s: &Department| -> Option<Vec<String>> {
        match &s.parent {
            ParentRef::Root => Some(vec![key(&s.name)]),
            ParentRef::Path(p) => Some(p.iter().chain([&s.name]).map(|n| key(n)).collect()),
            ParentRef::Ref(_) => None,
        }
    };
    let parent_of = |d: &Department| -> Result<Option<String>, ()> {
        let reference = match &d.parent {
            ParentRef::Root => return Ok(None),
            ParentRef::Ref(reference) => {
                let code = code_of(reference);
                if source_has(&code) || first_current(&code).is_some() {
                    return Ok(Some(code));
                }
                reference.clone()
            }
            ParentRef::Path(path) => {
                let wanted: Vec<String> = path.iter().map(|n| key(n)).collect();
                let mut codes: Vec<String> = Vec::new();
                for s in &sd {
                    if !s.code.is_empty()
                        && full_path(s).as_ref() == Some(&wanted)
                        && !codes.contains(&s.code)
                    {
                        codes.push(s.code.clone());
                    }
                }
                match codes.len() {
                    1 => return Ok(Some(codes.remove(0))),
                    0 => path.last().cloned().unwrap_or_default(),
                    _ => return Err(()),
                }
            }
        };
        let reference = &reference;
        let mut codes: Vec<String> = Vec::new();
        for s in &sd {
            if !s.code.is_empty() && key(&s.name) == key(reference) && !codes.contains(&s.code) {
                codes.push(s.code.clone());
            }
        }
        for c in &cd {
            if !source_has(&c.code) && key(&c.name) == key(reference) && !codes.contains(&c.code) {
                codes.push(c.code.clone());
            }
        }
        match codes.as_slice() {
            [only] => Ok(Some(only.clone())),
            _ => Err(()),
        }
    };
    // The state of a code: excluded rows first; a source department by its chain; a current one
    // by its current parent (one that is no current code counts as the root).
    let candidate_row = |code: &str| sd.iter().position(|s| s.code == code);
    fn state_of(
        max_level: u32,
        code: &str,
        stack: &mut Vec<String>,
        memo: &mut Vec<(String, State)>,
        up: &dyn Fn(&str) -> Result<Option<String>, &'static str>,
    ) -> State {
        if let Some((_, s)) = memo.iter().find(|(c, _)| c == code) {
            return s.clone();
        }
        if let Some(at) = stack.iter().position(|c| c == code) {
            // A loop: every member is refused.
            for member in stack[at..].iter().cloned() {
                memo.push((member, State::Out("department-cycle")));
            }
            return State::Out("department-cycle");
        }
        let state = match up(code) {
            Err(reason) => State::Out(reason),
            Ok(None) => State::Level(1),
            Ok(Some(parent)) => {
                stack.push(code.to_string());
                let above = state_of(max_level, &parent, stack, memo, up);
                stack.pop();
                if let Some((_, s)) = memo.iter().find(|(c, _)| c == code) {
                    return s.clone(); // decided as a member of a loop
                }
                match above {
                    State::Level(l) if l + 1 > max_level => State::Out("department-too-deep"),
                    State::Level(l) => State::Level(l + 1),
                    State::Out("department-too-deep") => State::Out("department-too-deep"),
                    State::Out(_) => State::Out("department-unknown-parent"),
                }
            }
        };
        memo.push((code.to_string(), state.clone()));
        state
    }
    let up = |code: &str| -> Result<Option<String>, &'static str> {
        if let Some(i) = candidate_row(code) {
            if let Some(first) = reasons[i].first() {
                return Err(first);
            }
            return parent_of(sd[i]).map_err(|_| "department-unknown-parent");
        }
        match first_current(code) {
            Some(c) => {
                let p = current_parent(c);
                Ok((!p.is_empty() && first_current(&p).is_some()).then_some(p))
            }
            None => Err("department-unknown-parent"),
        }
    };
    let mut memo: Vec<(String, State)> = Vec::new();
    let mut levels: Vec<u32> = vec![0; sd.len()];
    let mut actions: Vec<&'static str> = vec!["excluded"; sd.len()];
    let mut department_changes: Vec<Vec<[String; 3]>> = vec![Vec::new(); sd.len()];
    let mut parents: Vec<String> = vec![String::new(); sd.len()];
    let states: Vec<Option<State>> = sd
        .iter()
        .enumerate()
        .map(|(i, d)| {
            reasons[i]
                .is_empty()
                .then(|| state_of(tree.max_level, &d.code, &mut Vec::new(), &mut memo, &up))
        })
        .collect();
    for (i, d) in sd.iter().enumerate() {
        let Some(state) = states[i].clone() else {
            continue;
        };
        match state {
            State::Out(reason) => reasons[i].push(reason),
            State::Level(level) => {
                levels[i] = level;
                parents[i] = parent_of(d).ok().flatten().unwrap_or_default();
                actions[i] = match first_current(&d.code) {
                    None => "create",
                    Some(c) => {
                        let mut fields = Vec::new();
                        if c.name != d.name {
                            fields.push(["部署名".into(), c.name.clone(), d.name.clone()]);
                        }
                        if current_parent(c) != parents[i] {
                            fields.push([
                                "親部署コード".into(),
                                current_parent(c),
                                parents[i].clone(),
                            ]);
                        }
                        let action = if fields.is_empty() {
                            "unchanged"
                        } else {
                            "update"
                        };
                        department_changes[i] = fields;
                        action
                    }
                };
            }
        }
    }
    for (i, d) in sd.iter().enumerate() {
        for reason in &reasons[i] {
            out.excluded.push(("department", d.at.row, reason));
        }
        let line = |action: &str, field: &str, before: &str, after: &str| {
            ["department", action, &d.code, field, before, after].map(String::from)
        };
        match actions[i] {
            "create" => out.changes.push(line("create", "", "", &d.name)),
            "update" => {
                for [field, before, after] in &department_changes[i] {
                    out.changes.push(line("update", field, before, after));
                }
            }
            _ => {}
        }
    }
    for c in current_departments {
        if !c.code.is_empty() && !source_has(&c.code) {
            out.changes
                .push(["department", "target-only", &c.code, "", &c.name, ""].map(String::from));
        }
    }
    for level in 1..=levels.iter().copied().max().unwrap_or(0) {
        for (i, d) in sd.iter().enumerate() {
            if matches!(actions[i], "create" | "update") && levels[i] == level {
                out.departments_csv
                    .push(vec![d.code.clone(), d.name.clone(), parents[i].clone()]);
            }
        }
    }

    // Candidates for employees' references: every department after the run, then every refused
    // row, each with its path of names.
    let mut nodes: Vec<(String, String, Option<String>, bool)> = Vec::new();
    for (i, d) in sd.iter().enumerate() {
        if actions[i] != "excluded" {
            nodes.push((
                d.code.clone(),
                d.name.clone(),
                Some(parents[i].clone()),
                true,
            ));
        }
    }
    for c in &cd {
        if !nodes.iter().any(|n| n.0 == c.code) {
            nodes.push((
                c.code.clone(),
                c.name.clone(),
                Some(current_parent(c)),
                true,
            ));
        }
    }
    for (i, d) in sd.iter().enumerate() {
        if actions[i] == "excluded" {
            nodes.push((
                d.code.clone(),
                d.name.clone(),
                parent_of(d).ok().flatten(),
                false,
            ));
        }
    }
    let node_of = |code: &str| {
        nodes.iter().position(|n| n.3 && n.0 == code).or_else(|| {
            nodes
                .iter()
                .position(|n| !n.3 && !code.is_empty() && n.0 == code)
        })
    };
    let candidates: Vec<Candidate> = (0..nodes.len())
        .map(|start| {
            let mut path = Vec::new();
            let mut seen = Vec::new();
            let mut at = Some(start);
            while let Some(n) = at {
                if seen.contains(&n) {
                    break;
                }
                seen.push(n);
                path.insert(0, key(&nodes[n].1));
                at = nodes[n]
                    .2
                    .as_deref()
                    .filter(|p| !p.is_empty())
                    .and_then(node_of);
            }
            Candidate {
                code: nodes[start].0.clone(),
                path,
                after_run: nodes[start].3,
            }
        })
        .collect();

    (out, candidates)
}

fn employees(
    out: &mut Outcome,
    candidates: &[Candidate],
    source: &EmployeeSet,
    current: &EmployeeSet,
) {
    let records = &source.records;
    let email_key = |e: &Employee| e.email().to_lowercase().nfkc().collect::<String>();
    let named: Vec<bool> = current
        .records
        .iter()
        .map(|c| {
            let first = current
                .records
                .iter()
                .find(|o| !o.email().is_empty() && email_key(o) == email_key(c));
            first.is_some_and(|f| records.iter().any(|e| email_key(e) == email_key(f)))
        })
        .collect();
    for e in records {
        let mut reasons: Vec<&'static str> = Vec::new();
        if e.family_name().is_empty() {
            reasons.push("missing-name");
        }
        if e.family_kana().is_empty() {
            reasons.push("missing-kana");
        }
        if e.email().is_empty() {
            reasons.push("missing-email");
        } else if !valid_email(e.email()) {
            reasons.push("invalid-email");
        } else if records
            .iter()
            .filter(|o| valid_email(o.email()) && email_key(o) == email_key(e))
            .count()
            > 1
        {
            reasons.push("duplicate-email");
        }
        let mut department = String::new();
        if source.provided.contains(&Attr::Department) {
            match resolve(candidates, e.department()) {
                Ok(code) => department = code,
                Err(reason) => reasons.push(reason),
            }
        }
        if !reasons.is_empty() {
            for reason in reasons {
                out.excluded.push(("employee", e.at.row, reason));
            }
            continue;
        }
        let matched = current
            .records
            .iter()
            .find(|c| !c.email().is_empty() && email_key(c) == email_key(e));
        let row = import_row(e, &department, matched, &source.provided);
        let line = |action: &str, field: &str, before: &str, after: &str| {
            ["employee", action, e.email(), field, before, after].map(String::from)
        };
        match matched {
            None => {
                out.changes.push(line("create", "", "", &e.full_name()));
                out.employees_csv.push(row);
            }
            Some(c) => {
                let before = import_row(c, c.department(), None, &current.provided);
                let mut changed = false;
                for (column, (old, new)) in HEADERS.iter().zip(before.iter().zip(&row)) {
                    if old != new {
                        changed = true;
                        out.changes.push(line("update", column, old, new));
                    }
                }
                if changed {
                    out.employees_csv.push(row);
                }
            }
        }
    }
    for (c, named) in current.records.iter().zip(named) {
        if !c.email().is_empty() && !named {
            out.changes.push(
                ["employee", "target-only", c.email(), "", &c.full_name(), ""].map(String::from),
            );
        }
    }
}

const HEADERS: [&str; 14] = [
    "社員番号",
    "氏名（姓）",
    "氏名（名）",
    "姓（カナ）",
    "名（カナ）",
    "メールアドレス",
    "生年月日",
    "性別",
    "所属部署",
    "役職",
    "雇用形態",
    "入社日",
    "退職日",
    "退職者フラグ",
];

/// ミキワメ's 14 columns; a column the export lacks keeps the current value (blank, 0 when new).
fn import_row(
    e: &Employee,
    department: &str,
    current: Option<&Employee>,
    provided: &std::collections::BTreeSet<Attr>,
) -> Vec<String> {
    let attrs = [
        Attr::EmployeeNumber,
        Attr::FamilyName,
        Attr::GivenName,
        Attr::FamilyKana,
        Attr::GivenKana,
        Attr::Email,
        Attr::BirthDate,
        Attr::Gender,
        Attr::Department,
        Attr::Position,
        Attr::EmploymentType,
        Attr::HireDate,
        Attr::RetirementDate,
        Attr::Retired,
    ];
    let value = |e: &Employee, department: &str, attr: Attr| -> String {
        let date = |d: Option<chrono::NaiveDate>| {
            d.map(|d| d.format("%Y/%m/%d").to_string())
                .unwrap_or_default()
        };
        match attr {
            Attr::EmployeeNumber => e.employee_number().into(),
            Attr::FamilyName => e.family_name().into(),
            Attr::GivenName => e.given_name().into(),
            Attr::FamilyKana => e.family_kana().into(),
            Attr::GivenKana => e.given_kana().into(),
            Attr::Email => e.email().into(),
            Attr::BirthDate => date(e.birth_date),
            Attr::Gender => e.gender().into(),
            Attr::Department => department.into(),
            Attr::Position => e.position().into(),
            Attr::EmploymentType => e.employment_type().into(),
            Attr::HireDate => date(e.hire_date),
            Attr::RetirementDate => date(e.retirement_date),
            Attr::Retired => if e.retired { "1" } else { "0" }.into(),
        }
    };
    attrs
        .iter()
        .map(|&attr| {
            if provided.contains(&attr) {
                value(e, department, attr)
            } else {
                match current {
                    Some(c) => value(c, c.department(), attr),
                    None if attr == Attr::Retired => "0".into(),
                    None => String::new(),
                }
            }
        })
        .collect()
}

/// docs/department-references.md: a code; `名前(コード)`; a path, a trailing part of one or a bare
/// name. More than one department fitting is ambiguous; only refused ones, unknown.
pub fn resolve(candidates: &[Candidate], reference: &str) -> Result<String, &'static str> {
    let reference = reference.trim();
    if reference.is_empty() {
        return Ok(String::new());
    }
    let code = code_of(reference);
    if candidates.iter().any(|c| c.after_run && c.code == code) {
        return Ok(code);
    }
    if candidates
        .iter()
        .any(|c| !c.code.is_empty() && c.code == code)
    {
        return Err("unknown-department");
    }
    let split = |text: &str| -> Vec<String> {
        text.split(['/', '／', '>', '＞'])
            .map(key)
            .filter(|s| !s.is_empty())
            .collect()
    };
    let fits =
        |c: &Candidate, segments: &[String]| !segments.is_empty() && c.path.ends_with(segments);
    if let Some(open) = code.rfind('(').filter(|_| code.ends_with(')')) {
        let (name, inner) = (&code[..open], code[open + 1..code.len() - 1].trim());
        let with_code: Vec<&Candidate> = candidates.iter().filter(|c| c.code == inner).collect();
        if !with_code.is_empty() {
            let segments = split(name);
            let fitting: Vec<&Candidate> = with_code
                .into_iter()
                .filter(|c| segments.is_empty() || fits(c, &segments))
                .collect();
            return decide(&fitting);
        }
    }
    let mut fitting: Vec<&Candidate> = Vec::new();
    let spaced: Vec<String> = reference
        .split(char::is_whitespace)
        .map(key)
        .filter(|s| !s.is_empty())
        .collect();
    let has_separator = reference.contains(['/', '／', '>', '＞']);
    for c in candidates {
        let by_spaces = !has_separator && spaced.len() > 1 && fits(c, &spaced);
        if by_spaces || fits(c, &split(reference)) {
            fitting.push(c);
        }
    }
    decide(&fitting)
}

fn decide(fitting: &[&Candidate]) -> Result<String, &'static str> {
    let Some(first) = fitting.first() else {
        return Err("unknown-department");
    };
    let one = fitting
        .iter()
        .all(|c| !c.code.is_empty() && c.code == first.code || std::ptr::eq(*c, *first));
    if !one {
        return Err("ambiguous-department");
    }
    match fitting.iter().find(|c| c.after_run) {
        Some(c) => Ok(c.code.clone()),
        None => Err("unknown-department"),
    }
}
