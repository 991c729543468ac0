//! クラウド法人名刺 (docs/receivers/meishi.md): SmartHR's departments become groups, its employees the
//! 社員リスト.
//!
//! Groups
//! - SmartHR departments become groups keyed by 部署コード (= グループコード), with the same
//!   parent/child links, under ミキワメ's department rules (docs/receivers/mikiwame.md) except two the
//!   guide lifts: a group is created even when one of the same name exists, and there is no depth
//!   limit.
//! - A current group whose code SmartHR no longer has is a deleted department: the group is
//!   deleted (the deletion guard applies) and its members go to グループ1. Groups without a code
//!   (グループ1, groups made in 名刺 itself) and the group named グループ1 are never deleted.
//!
//! Employees
//! - Key: 社員ID = 社員番号 when it is 3–24 characters of `[A-Za-z0-9@._-]`, neither first nor
//!   last a symbol, and no other imported employee has it. Otherwise (warning
//!   `employee-id-generated`) the employee keeps the ID 名刺 already holds for them — the one
//!   derived from the same identity, else the one of the 名刺 employee with the same e-mail
//!   address — and only a new person gets a new ID: 8 upper-case letters and digits from the
//!   SHA-256 of fields that do not change ([`id_basis`]: 社員番号; with the e-mail when rows share
//!   it; the e-mail without one), derived again with a counter while anyone in the run or in 名刺
//!   holds it. So a changed e-mail or name keeps the ID, and two people never share one
//!   (docs/meishi-employee-id.md). Employees are never matched by name: two of the same name are
//!   two employees.
//! - Refused: `missing-name` (no 姓) and `missing-birth-date` (none, or unreadable).
//! - Group: `--group-level N` picks 部署N. None chosen, or 部署N blank: a new employee goes to
//!   グループ1 and an existing one keeps its group (the guide's 例2). A 部署N that fits no group
//!   (or an excluded one) → グループ1 with warning `unknown-group`.
//! - New employees get 権限 申請者 and the initial password `<company id>-YYYY-MM-DD` (birth
//!   date); updates leave both blank (名刺 keeps them). Updates compare 姓, 名, メールアドレス and
//!   the group.
//! - Employees only 名刺 has are reported (target-only) and never deleted (their business cards
//!   would go with them); those whose group is deleted are updated to グループ1.

use super::{usage, About, FlagSet, Inputs, Landing, Reads, Receiver, Rules, DELETION_FLAGS};
use crate::config::RunConfig;
use crate::rules::deletions::{DeletionArgs, Guard};
use crate::source::{Field, System};
use anyhow::{bail, Context, Result};
use clap::{ArgMatches, FromArgMatches};
use std::collections::{HashMap, HashSet};

use sha2::{Digest, Sha256};

use super::{change_lines, compare, current_by_key, exclusion, full_name, unencodable, Sets};
use crate::lang::Lang;
use crate::model::{Attr, Department, Employee, ParentRef, Warning};
use crate::model::{Candidate, DepartmentReference, Detail, Fate};
use crate::normalize;
use crate::plan::{Counts, Deletions, ImportFile, Plan, Words};
use crate::reason::Code;
use crate::rules::departments::{self, name_key, DepartmentRules, Resolution, Tree};
use crate::rules::{diff, Action, Exclusion, FieldChange, Kind};

/// The groups import sheet, and the layout of 名刺's current group export. No public source shows
/// the 一括処理 workbook's columns: these are the guide's items (docs/layouts/meishi.md).
pub const GROUP_HEADERS: [&str; 3] = ["グループコード", "グループ名", "親グループコード"];
/// The 社員リスト import sheet. The current export has the same columns but the last two.
pub const EMPLOYEE_HEADERS: [&str; 8] = [
    "社員ID",
    "姓",
    "名",
    "メールアドレス",
    "グループコード",
    "グループ名",
    "権限",
    "初期パスワード",
];
/// The default group.
pub const GROUP_1: &str = "グループ1";
/// Every imported employee's role (the guide: 申請者権限でインポートされます).
const ROLE: &str = "申請者";

const GROUP_ACTIONS: &[Action] = &[
    Action::Create,
    Action::Update,
    Action::Unchanged,
    Action::Delete,
    Action::TargetOnly,
    Action::Excluded,
];
const EMPLOYEE_ACTIONS: &[Action] = &[
    Action::Create,
    Action::Update,
    Action::Unchanged,
    Action::TargetOnly,
    Action::Excluded,
];

const TREE: Tree = Tree {
    unique_names: false,
    max_level: u32::MAX,
    name_field: "グループ名",
    parent_field: "親グループコード",
};

/// The settings of 名刺's SmartHR sync, from the flags.
#[derive(Debug, Clone)]
pub struct Options {
    /// Which 部署 (1–10) decides the group; `None` = 適用しない.
    pub group_level: Option<usize>,
    pub company_id: String,
    pub cp932: bool,
    /// The import workbook is written (`--format` has xlsx): the next step names it.
    pub workbook: bool,
    /// The language of the warnings' details.
    pub lang: Lang,
}

/// Why a 社員番号 cannot be a 社員ID as it is, in Japanese and English (`None` = it can, if
/// unique).
pub fn id_rule_broken(number: &str) -> Option<Words> {
    let is_symbol = |c: char| matches!(c, '@' | '.' | '_' | '-');
    let length = number.chars().count();
    if number.is_empty() {
        Some(("空欄", "blank"))
    } else if !(3..=24).contains(&length) {
        Some(("3〜24 文字ではありません", "not 3-24 characters"))
    } else if !number
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || is_symbol(c))
    {
        Some((
            "A-Z a-z 0-9 @ . _ - 以外の文字があります",
            "characters other than A-Z a-z 0-9 @ . _ -",
        ))
    } else if number.starts_with(is_symbol) || number.ends_with(is_symbol) {
        Some(("先頭か末尾が記号です", "a symbol first or last"))
    } else {
        None
    }
}

/// How many derivations of one identity are tried when matching 名刺's existing employees.
const DERIVATIONS_TRIED: u32 = 8;

/// What a derived 社員ID is derived from: the fields that do not change while the person stays
/// the same person. 社員番号 alone; when several rows share it, with the e-mail address that tells
/// them apart; without one, the e-mail address (else 姓, 名 and birth date: nothing better is left).
pub fn id_basis(e: &Employee, number_shared: bool) -> String {
    let number = e.employee_number();
    match (number.is_empty(), number_shared) {
        (false, false) => format!("no\u{1f}{number}"),
        (false, true) => format!("no\u{1f}{number}\u{1f}{}", e.email_key()),
        (true, _) if !e.email_key().is_empty() => format!("mail\u{1f}{}", e.email_key()),
        (true, _) => format!(
            "name\u{1f}{}\u{1f}{}\u{1f}{}",
            e.family_name(),
            e.given_name(),
            e.birth_date.map(|d| d.to_string()).unwrap_or_default()
        ),
    }
}

/// What meibo derived IDs from before issue 14 (社員番号, e-mail, 姓, 名): still recognised in
/// 名刺's export, so that employees imported then keep their IDs.
fn legacy_basis(e: &Employee) -> String {
    format!(
        "{}\u{1f}{}\u{1f}{}\u{1f}{}",
        e.employee_number(),
        e.email_key(),
        e.family_name(),
        e.given_name()
    )
}

/// The `attempt`-th derived 社員ID of an identity ([`id_basis`]): 8 upper-case letters and digits
/// from the SHA-256 of the basis (and the attempt, from the second on).
pub fn derived_id(basis: &str, attempt: u32) -> String {
    const ALPHABET: &[u8; 36] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut identity = basis.to_string();
    if attempt > 0 {
        identity.push_str(&format!("\u{1f}{attempt}"));
    }
    let digest = Sha256::digest(identity.as_bytes());
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&digest[..8]);
    let mut n = u64::from_be_bytes(bytes);
    let mut id = [0u8; 8];
    for slot in id.iter_mut().rev() {
        *slot = ALPHABET[(n % 36) as usize];
        n /= 36;
    }
    String::from_utf8(id.to_vec()).expect("ASCII")
}

/// A group as an employee row names it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Group {
    code: String,
    name: String,
}

impl Group {
    /// How a change shows it: the code, or the name of a group without one.
    fn shown(&self) -> &str {
        if self.code.is_empty() {
            &self.name
        } else {
            &self.code
        }
    }
    /// Groups are the same by code; by name when one of them has no code (グループ1, or a current
    /// export without グループコード).
    fn same(&self, other: &Group) -> bool {
        if self.code.is_empty() || other.code.is_empty() {
            name_key(&self.name) == name_key(&other.name)
        } else {
            self.code == other.code
        }
    }
}

/// The groups after the run: names by code, the deleted codes and グループ1.
struct Groups {
    names: HashMap<String, String>,
    deleted: HashSet<String>,
    group1: Group,
}

impl Groups {
    fn by_code(&self, code: &str) -> Group {
        Group {
            code: code.to_string(),
            name: self.names.get(code).cloned().unwrap_or_default(),
        }
    }
    /// A current employee's group, or グループ1 when that group is deleted.
    fn current_of(&self, c: &Employee) -> Group {
        if c.department().is_empty() {
            return self.group1.clone();
        }
        if !c.department_is_code {
            return Group {
                code: String::new(),
                name: c.department().to_string(),
            };
        }
        if self.deleted.contains(c.department()) {
            return self.group1.clone();
        }
        self.by_code(c.department())
    }
}

pub fn plan<'a>(sets: &Sets, options: &Options) -> Plan<'a> {
    // 名刺's 一括処理 imports Excel workbooks (docs/layouts/meishi.md): the workbook is the import.
    let mut plan = Plan::new(if options.workbook {
        (
            "次の手順: クラウド法人名刺の一括処理で import.xlsx（シート「グループ」と「社員」。グループが先）を取り込み、そのあと departments_delete.csv のグループを削除してください（削除したデータは復元できません。先に名刺リストをエクスポートしてバックアップしてください）。",
            "Next: in クラウド法人名刺's bulk processing (一括処理), import import.xlsx (sheets グループ and 社員, groups first); then delete the groups of departments_delete.csv (deleted data cannot be restored: export the card lists first as a backup).",
        )
    } else {
        (
            "次の手順: クラウド法人名刺の一括処理で departments.csv（グループ）を取り込んでから employees.csv（社員リスト）を取り込み、departments_delete.csv のグループを削除してください（削除したデータは復元できません。先に名刺リストをエクスポートしてバックアップしてください）。",
            "Next: in クラウド法人名刺's bulk processing, import departments.csv (groups) first, then employees.csv (社員リスト); then delete the groups of departments_delete.csv (deleted data cannot be restored: export the card lists first as a backup).",
        )
    });
    plan.notes.push(super::guide_layout_note(System::Meishi));
    let groups = plan_groups(sets, options, &mut plan);
    plan_employees(sets, options, &groups, &mut plan);
    // Groups are deleted last, once their members have moved.
    let delete = plan.files.remove(1);
    plan.files.push(delete);
    plan
}

fn plan_groups(
    sets: &Sets,
    options: &Options,
    plan: &mut Plan,
) -> (Groups, departments::DepartmentIndex) {
    let outcome = departments::reconcile_tree(
        sets.departments,
        sets.current_departments,
        DepartmentRules {
            cp932: options.cp932,
        },
        TREE,
    );
    let mut counts = Counts::new("departments", ("グループ", "groups"), GROUP_ACTIONS);
    for row in &outcome.rows {
        let d = &row.record;
        plan.changes.extend(change_lines(
            Kind::Department,
            row.action,
            &d.code,
            &d.name,
            &row.changes,
        ));
        counts.add(row.action);
    }
    // Deleted departments: their groups go (deepest first), except グループ1.
    let current: &[Department] = sets
        .current_departments
        .map(|s| s.records.as_slice())
        .unwrap_or(&[]);
    let parent_of = |d: &Department| match &d.parent {
        ParentRef::Ref(p) => normalize::code(p),
        _ => String::new(),
    };
    let parents: HashMap<&str, String> = current
        .iter()
        .map(|d| (d.code.as_str(), parent_of(d)))
        .collect();
    // A group's depth starts from its own parent: 名刺 may hold two groups of one code.
    let depth = |d: &Department| {
        let mut cursor = parent_of(d);
        if cursor.is_empty() {
            return 0;
        }
        let mut depth = 1;
        while let Some(parent) = parents.get(cursor.as_str()).filter(|p| !p.is_empty()) {
            depth += 1;
            if depth > 64 {
                break;
            }
            cursor = parent.clone();
        }
        depth
    };
    let mut deleted: Vec<&Department> = Vec::new();
    for d in &outcome.target_only {
        let action = if name_key(&d.name) == GROUP_1 {
            Action::TargetOnly
        } else {
            deleted.push(d);
            Action::Delete
        };
        plan.changes.extend(change_lines(
            Kind::Department,
            action,
            &d.code,
            &d.name,
            &[],
        ));
        counts.add(action);
    }
    deleted.sort_by_key(|d| std::cmp::Reverse(depth(d)));
    plan.deletions.push(Deletions {
        kind: Kind::Department,
        count: deleted.len(),
        current: current.iter().filter(|d| !d.undecodable).count(),
    });
    plan.exclusions.extend(outcome.exclusions.iter().cloned());
    plan.files.push(
        ImportFile::new(
            "departments.csv",
            "グループ",
            &GROUP_HEADERS,
            outcome
                .import_order
                .iter()
                .map(|&i| {
                    let row = &outcome.rows[i];
                    vec![
                        row.record.code.clone(),
                        row.record.name.clone(),
                        row.parent_code.clone(),
                    ]
                })
                .collect::<Vec<_>>(),
        )
        .keyed(Kind::Department, "グループコード"),
    );
    // Groups are deleted by hand: the list stays out of the workbook 名刺 imports.
    plan.files.push(
        ImportFile::new(
            "departments_delete.csv",
            "グループ削除",
            &GROUP_HEADERS,
            deleted
                .iter()
                .map(|d| vec![d.code.clone(), d.name.clone(), parent_of(d)])
                .collect::<Vec<_>>(),
        )
        .outside_workbook(),
    );
    plan.counts.push(counts);

    let group1_code = current
        .iter()
        .find(|d| !d.undecodable && name_key(&d.name) == GROUP_1)
        .map(|d| d.code.clone())
        .unwrap_or_default();
    let groups = Groups {
        names: outcome
            .index
            .known
            .iter()
            .map(|k| (k.code.clone(), k.name.clone()))
            .collect(),
        deleted: deleted.iter().map(|d| d.code.clone()).collect(),
        group1: Group {
            code: group1_code,
            name: GROUP_1.to_string(),
        },
    };
    (groups, outcome.index)
}

fn plan_employees(
    sets: &Sets,
    options: &Options,
    (groups, index): &(Groups, departments::DepartmentIndex),
    plan: &mut Plan,
) {
    let source = sets.employees;
    let current = sets.current_employees;
    let records = &source.records;

    // 1. Refusals.
    let reasons: Vec<Vec<(Code, Detail)>> = records
        .iter()
        .map(|e| {
            let mut reasons = Vec::new();
            if e.undecodable {
                reasons.push((Code::InvalidEncoding, Detail::None));
                return reasons;
            }
            if e.family_name().is_empty() {
                reasons.push((Code::MissingName, Detail::None));
            }
            if e.birth_date.is_none() {
                reasons.push((Code::MissingBirthDate, Detail::None));
            }
            reasons
        })
        .collect();

    // 2. 社員ID: the 社員番号 where it may be, else the existing 名刺 employee's, else derived.
    let imported = |i: usize| reasons[i].is_empty();
    let mut number_rows: HashMap<&str, Vec<usize>> = HashMap::new();
    for i in (0..records.len()).filter(|&i| imported(i)) {
        let number = records[i].employee_number();
        if !number.is_empty() {
            number_rows.entry(number).or_default().push(i);
        }
    }
    let shared = |number: &str| number_rows.get(number).is_some_and(|rows| rows.len() > 1);
    let mut taken: HashSet<String> = number_rows
        .iter()
        .filter(|(n, rows)| rows.len() == 1 && id_rule_broken(n).is_none())
        .map(|(n, _)| n.to_string())
        .collect();
    let mut ids: Vec<String> = vec![String::new(); records.len()];
    // The rows whose 社員番号 cannot be their 社員ID, with why.
    let mut generated: Vec<(usize, String)> = Vec::new();
    for i in (0..records.len()).filter(|&i| imported(i)) {
        let number = records[i].employee_number();
        let lang = options.lang;
        match id_rule_broken(number) {
            Some(rule) => generated.push((i, format!("{number:?}: {}", lang.pick(rule.0, rule.1)))),
            None if shared(number) => {
                let rows: Vec<u32> = number_rows[number]
                    .iter()
                    .map(|&r| records[r].at.row)
                    .collect();
                let why = lang.pick("ほかの行と同じです", "not unique");
                let text = crate::lang::with_rows(lang, why, &rows, usize::MAX);
                generated.push((i, format!("{number:?}: {text}")))
            }
            None => ids[i] = number.to_string(),
        }
    }
    let bases: Vec<String> = generated
        .iter()
        .map(|&(i, _)| id_basis(&records[i], shared(records[i].employee_number())))
        .collect();
    // The existing 名刺 employee first: the one holding an ID derived from the same identity
    // (or as meibo derived IDs before from 社員番号, e-mail and name), then the one with the same e-mail address (IDs of older runs, a changed 社員番号).
    let current_ids: HashMap<&str, &Employee> = current
        .records
        .iter()
        .filter(|c| !c.undecodable && !c.employee_number().is_empty())
        .map(|c| (c.employee_number(), c))
        .collect();
    let mut kept: Vec<Option<Words>> = vec![None; generated.len()];
    for (slot, basis) in bases.iter().enumerate() {
        let legacy = legacy_basis(&records[generated[slot].0]);
        let id = [basis, &legacy]
            .into_iter()
            .flat_map(|basis| (0..DERIVATIONS_TRIED).map(|attempt| derived_id(basis, attempt)))
            .find(|id| current_ids.contains_key(id.as_str()) && !taken.contains(id));
        if let Some(id) = id {
            taken.insert(id.clone());
            ids[generated[slot].0] = id;
            kept[slot] = Some(("社員ID", "社員ID"));
        }
    }
    let source_numbers: HashSet<&str> = records.iter().map(|e| e.employee_number()).collect();
    for (slot, &(i, _)) in generated.iter().enumerate() {
        let email = records[i].email_key();
        if kept[slot].is_some() || email.is_empty() {
            continue;
        }
        let same_address = current.records.iter().find(|c| {
            !c.undecodable
                && c.email_key() == email
                && !c.employee_number().is_empty()
                && !taken.contains(c.employee_number())
                && !source_numbers.contains(c.employee_number())
        });
        if let Some(c) = same_address {
            taken.insert(c.employee_number().to_string());
            ids[i] = c.employee_number().to_string();
            kept[slot] = Some(("メールアドレス", "e-mail address"));
        }
    }
    // Else derived: never an ID another employee holds, in this run or in 名刺.
    for (slot, (i, why)) in generated.iter().enumerate() {
        if kept[slot].is_none() {
            let id = (0..)
                .map(|attempt| derived_id(&bases[slot], attempt))
                .find(|id| !taken.contains(id) && !current_ids.contains_key(id.as_str()))
                .expect("an unused ID");
            taken.insert(id.clone());
            ids[*i] = id;
        }
        let id = &ids[*i];
        let detail = match (kept[slot], options.lang) {
            (None, _) => format!("社員番号 {why} → 社員ID {id}"),
            (Some((by, _)), Lang::Ja) => {
                format!("社員番号 {why} → 社員ID {id}（名刺の既存社員: {by}）")
            }
            (Some((_, by)), Lang::En) => {
                format!("社員番号 {why} → 社員ID {id} (the 名刺 employee with the same {by})")
            }
        };
        plan.warnings.push(Warning {
            at: records[*i].at.clone(),
            code: Code::EmployeeIdGenerated,
            detail: detail.into(),
        });
    }

    // 3. Rows.
    let current_by_id = current_by_key(&current.records, |e| e.employee_number());
    let mut counts = Counts::new("employees", ("社員", "employees"), EMPLOYEE_ACTIONS);
    let mut rows = Vec::new();
    let mut exclusions: Vec<Exclusion> = Vec::new();
    for (i, e) in records.iter().enumerate() {
        let name = full_name(e.family_name(), e.given_name());
        let mut refused = reasons[i].clone();
        let id = ids[i].as_str();
        let matched = current_by_id.get(id).map(|&m| &current.records[m]);
        let mut row = Vec::new();
        if refused.is_empty() {
            let group = group_of(e, matched, options, groups, index, &mut plan.warnings);
            row = employee_row(
                e,
                id,
                matched,
                &group,
                source.provided.contains(&Attr::Email),
                options,
            );
            if options.cp932 {
                refused = unencodable(&EMPLOYEE_HEADERS, &row);
            }
        }
        if !refused.is_empty() {
            let key = if id.is_empty() {
                e.employee_number()
            } else {
                id
            };
            exclusions.extend(
                refused
                    .into_iter()
                    .map(|(code, detail)| exclusion(e, key, code, detail)),
            );
            counts.add(Action::Excluded);
            continue;
        }
        let action = match matched {
            None => Action::Create,
            Some(c) => {
                let fields = employee_changes(c, &row, groups);
                let action = if fields.is_empty() {
                    Action::Unchanged
                } else {
                    Action::Update
                };
                plan.changes
                    .extend(change_lines(Kind::Employee, action, id, &name, &fields));
                action
            }
        };
        if action == Action::Create {
            plan.changes
                .extend(change_lines(Kind::Employee, action, id, &name, &[]));
        }
        if action != Action::Unchanged {
            rows.push(row);
        }
        counts.add(action);
    }

    // 4. Employees only 名刺 has: kept; moved to グループ1 when their group is deleted.
    let mut in_source: HashSet<&str> = ids.iter().map(String::as_str).collect();
    // A refused row's 社員番号 still names its employee: not target-only.
    in_source.extend(
        (0..records.len())
            .filter(|&i| !imported(i))
            .map(|i| records[i].employee_number()),
    );
    // An ID 名刺's export repeats is one employee: reported and moved once.
    let mut seen: HashSet<&str> = HashSet::new();
    for c in current.records.iter().filter(|c| !c.undecodable) {
        if c.employee_number().is_empty()
            || in_source.contains(c.employee_number())
            || !seen.insert(c.employee_number())
        {
            continue;
        }
        let name = full_name(c.family_name(), c.given_name());
        let moved = c.department_is_code && groups.deleted.contains(c.department());
        if moved {
            let row = vec![
                c.employee_number().to_string(),
                c.family_name().to_string(),
                c.given_name().to_string(),
                c.email().to_string(),
                groups.group1.code.clone(),
                groups.group1.name.clone(),
                String::new(),
                String::new(),
            ];
            let fields = employee_changes(c, &row, groups);
            plan.changes.extend(change_lines(
                Kind::Employee,
                Action::Update,
                c.employee_number(),
                &name,
                &fields,
            ));
            rows.push(row);
            counts.add(Action::Update);
        } else {
            plan.changes.extend(change_lines(
                Kind::Employee,
                Action::TargetOnly,
                c.employee_number(),
                &name,
                &[],
            ));
            counts.add(Action::TargetOnly);
        }
    }
    plan.exclusions.extend(exclusions);
    plan.files.push(
        ImportFile::new("employees.csv", "社員", &EMPLOYEE_HEADERS, rows)
            .keyed(Kind::Employee, "社員ID"),
    );
    plan.counts.push(counts);
}

/// The group of an imported employee (see the module notes).
fn group_of(
    e: &Employee,
    matched: Option<&Employee>,
    options: &Options,
    groups: &Groups,
    index: &departments::DepartmentIndex,
    warnings: &mut Vec<Warning>,
) -> Group {
    let reference = options.group_level.map_or("", |n| e.department_slot(n));
    if reference.is_empty() {
        return match matched {
            Some(c) => groups.current_of(c),
            None => groups.group1.clone(),
        };
    }
    let level = options.group_level.unwrap_or(1);
    let mut unknown = |candidates: Vec<Candidate>| {
        // A group that is deleted is no group to join.
        let candidates = candidates
            .into_iter()
            .map(|mut c| {
                if groups.deleted.contains(&c.code) {
                    c.fate = Fate::Deleted;
                }
                c
            })
            .collect();
        warnings.push(Warning {
            at: e.at.clone(),
            code: Code::UnknownGroup,
            detail: Detail::Reference(std::sync::Arc::new(DepartmentReference {
                slot: Some(level as u8),
                reference: reference.to_string(),
                candidates,
            })),
        });
        groups.group1.clone()
    };
    match index.resolve(reference, false) {
        Resolution::Found(code) if groups.deleted.contains(&code) => {
            unknown(index.candidates_of(&code))
        }
        Resolution::Found(code) => groups.by_code(&code),
        Resolution::Unknown(candidates) | Resolution::Ambiguous(candidates) => unknown(candidates),
        Resolution::Blank => groups.group1.clone(),
    }
}

fn employee_row(
    e: &Employee,
    id: &str,
    matched: Option<&Employee>,
    group: &Group,
    email_provided: bool,
    options: &Options,
) -> Vec<String> {
    let email = match (email_provided, matched) {
        (false, Some(c)) => c.email().to_string(),
        (false, None) => String::new(),
        (true, _) => e.email().to_string(),
    };
    let (role, password) = match (matched, e.birth_date) {
        (None, Some(birth)) => (
            ROLE.to_string(),
            format!("{}-{}", options.company_id, birth.format("%Y-%m-%d")),
        ),
        _ => (String::new(), String::new()),
    };
    vec![
        id.to_string(),
        e.family_name().to_string(),
        e.given_name().to_string(),
        email,
        group.code.clone(),
        group.name.clone(),
        role,
        password,
    ]
}

/// The changes between a current employee and its new row: 姓, 名, メールアドレス and the group.
fn employee_changes(c: &Employee, row: &[String], groups: &Groups) -> Vec<FieldChange> {
    let before = vec![
        c.employee_number().to_string(),
        c.family_name().to_string(),
        c.given_name().to_string(),
        c.email().to_string(),
    ];
    let mut fields = compare(
        &EMPLOYEE_HEADERS,
        &before,
        row,
        &["姓", "名", "メールアドレス"],
    );
    let was = if c.department().is_empty() {
        groups.group1.clone()
    } else if c.department_is_code {
        groups.by_code(c.department())
    } else {
        Group {
            code: String::new(),
            name: c.department().to_string(),
        }
    };
    let now = Group {
        code: row[4].clone(),
        name: row[5].clone(),
    };
    if !was.same(&now) {
        diff(&mut fields, "グループ", was.shown(), now.shown());
    }
    fields
}

// クラウド法人名刺's flags (plain comment: a doc comment would become the command's about).
#[derive(clap::Args, Debug, Clone, Default)]
pub struct MeishiArgs {
    /// meishi: which of SmartHR's 部署1…部署10 decides an employee's group (1-10), or none
    /// (default): every new employee goes to グループ1.
    #[arg(
        long,
        value_name = "N|none",
        help_heading = "クラウド法人名刺 (--to meishi)"
    )]
    pub group_level: Option<String>,
    /// meishi: the company ID; the initial password is <company id>-YYYY-MM-DD (birth date). Required.
    #[arg(
        long,
        value_name = "ID",
        help_heading = "クラウド法人名刺 (--to meishi)"
    )]
    pub company_id: Option<String>,
}

static FLAGS: FlagSet = FlagSet {
    name: "meishi",
    augment: <MeishiArgs as clap::Args>::augment_args,
};

pub struct Meishi;

static ABOUT: About = About {
    system: System::Meishi,
    help: "クラウド法人名刺 (docs/receivers/meishi.md), from SmartHR: groups and 社員リスト",
    help_ja: "クラウド法人名刺（docs/receivers/meishi.md）: SmartHR からグループと社員リスト",
    source: Some(System::SmartHr),
    takes_departments: true,
    flags: &[&FLAGS, &DELETION_FLAGS],
    codes: &[
        Code::DepartmentMissingCode,
        Code::DuplicateDepartmentCode,
        Code::DepartmentUnknownParent,
        Code::DepartmentCycle,
        Code::MissingName,
        Code::MissingBirthDate,
        Code::UnencodableCharacter,
        Code::EmployeeIdGenerated,
        Code::UnknownGroup,
        Code::MassDelete,
    ],
    sample: &[
        "--to",
        "meishi",
        "--employees",
        "samples/smarthr/employees.xlsx",
        "--departments",
        "samples/smarthr/departments.csv",
        "--current-employees",
        "samples/meishi/employees.csv",
        "--current-departments",
        "samples/meishi/groups.csv",
        "--group-level",
        "1",
        "--company-id",
        "example",
    ],
    landings: &[
        Landing::upserts(
            "departments.csv",
            "グループ",
            Kind::Department,
            "グループコード",
        ),
        Landing::deletions(
            "departments_delete.csv",
            "グループ削除",
            Kind::Department,
            "グループコード",
        ),
        // An update leaves 権限 and 初期パスワード blank: 名刺 keeps them.
        Landing {
            kept_when_blank: &["権限", "初期パスワード"],
            ..Landing::upserts("employees.csv", "社員", Kind::Employee, "社員ID")
        },
    ],
};

impl Receiver for Meishi {
    fn about(&self) -> &'static About {
        &ABOUT
    }
    fn configure(&self, matches: &ArgMatches, config: &RunConfig) -> Result<Box<dyn Rules>> {
        let lang = config.lang;
        let args = MeishiArgs::from_arg_matches(matches)?;
        let guard = Guard::from_args(&DeletionArgs::from_arg_matches(matches)?, lang)?;
        let mut required = vec![Field::EmployeeNumber, Field::FamilyName];
        let group_level = match args.group_level.as_deref().map(normalize::code) {
            None => None,
            Some(v) if v.eq_ignore_ascii_case("none") => None,
            Some(v) => Some(
                v.parse::<usize>()
                    .ok()
                    .filter(|n| (1..=10).contains(n))
                    .ok_or_else(|| {
                        usage(
                            "--group-level",
                            &v,
                            (
                                "1〜10 か none で指定してください（SmartHRの部署1〜部署10）",
                                "expected 1-10 or none (SmartHR's 部署1…部署10)",
                            ),
                            lang,
                        )
                    })?,
            ),
        };
        if let Some(n) = group_level {
            required.push(Field::DEPARTMENTS[n - 1]);
            if config.departments.is_none() {
                bail!(
                    "--group-level {n}: {}",
                    lang.pick(
                        "部署をグループとして適用するには --departments でSmartHRの部署エクスポートを指定してください（ガイド: 部署⇒グループも同期されます）",
                        "applying departments as groups needs SmartHR's department export in --departments (the guide: departments are synced to groups too)"
                    )
                );
            }
        }
        let company_id = args
            .company_id
            .as_deref()
            .map(normalize::code)
            .filter(|c| !c.is_empty())
            .with_context(|| {
                format!(
                    "--to meishi: {}",
                    lang.pick(
                        "--company-id で企業IDを指定してください（初期パスワード「企業ID-生年月日」に使います）",
                        "give the company ID with --company-id (the initial password is <company id>-<birth date>)"
                    )
                )
            })?;
        required.push(Field::BirthDate);
        Ok(Box::new(MeishiRules {
            options: Options {
                group_level,
                company_id,
                cp932: config.cp932(),
                workbook: config.formats.contains(&crate::cli::ImportFormat::Xlsx),
                lang: config.lang,
            },
            guard,
            reads: Reads::keyed_by_employee_number(
                required,
                &[Field::Email, Field::BirthDate],
                None,
            ),
        }))
    }
}

struct MeishiRules {
    options: Options,
    guard: Guard,
    reads: Reads,
}

impl Rules for MeishiRules {
    fn reads(&self) -> &Reads {
        &self.reads
    }
    fn import_csvs(&self) -> &'static [&'static str] {
        &["departments.csv", "employees.csv", "departments_delete.csv"]
    }
    fn guard(&self) -> Option<Guard> {
        Some(self.guard)
    }
    fn plan<'a>(&self, inputs: &'a Inputs) -> Result<Plan<'a>> {
        Ok(plan(&Sets::of(inputs), &self.options))
    }
}

#[cfg(test)]
mod tests {
    use crate::receiver::testing::{plan, rows, Planned};

    const HR_HEADER: &str =
        "社員番号,姓,名,姓（ヨミガナ）,名（ヨミガナ）,メールアドレス,生年月日,部署1\n";
    const DEPARTMENTS: &str =
        "部署コード,部署名,親部署コード\nA001,営業部,\nA011,第一営業課,A001\n";
    const CURRENT: &str = "社員ID,姓,名,メールアドレス,グループコード,グループ名\n\
                           1001,山田,太郎,taro@example.co.jp,A001,営業部\n\
                           1009,木村,健,ken@example.co.jp,B001,旧部署\n";
    const GROUPS: &str =
        "グループコード,グループ名,親グループコード\n,グループ1,\nA001,営業部,\nB001,旧部署,\n";

    fn run(hr_rows: &str, extra: &[&str]) -> anyhow::Result<Planned> {
        let hr = format!("{HR_HEADER}{hr_rows}");
        let mut args = vec![
            "--to",
            "meishi",
            "--employees",
            "hr.csv",
            "--departments",
            "deps.csv",
            "--current-employees",
            "current.csv",
            "--current-departments",
            "groups.csv",
            "--company-id",
            "acme",
            "--group-level",
            "1",
        ];
        args.extend(extra);
        plan(
            &args,
            &[
                ("hr.csv", &hr),
                ("deps.csv", DEPARTMENTS),
                ("current.csv", CURRENT),
                ("groups.csv", GROUPS),
            ],
        )
    }

    /// New employees get 申請者 and the initial password; an existing one is compared and keeps
    /// 名刺's role and password (blank); a deleted group's member moves to グループ1.
    #[test]
    fn employees_groups_and_deletions() {
        let planned = run(
            "1001,山田,太郎,ヤマダ,タロウ,taro@example.co.jp,1980/05/06,営業部/第一営業課\n\
             1002,佐藤,花子,サトウ,ハナコ,hanako@example.co.jp,1990/01/02,営業部\n\
             1003,鈴木,一郎,スズキ,イチロウ,ichiro@example.co.jp,,営業部\n",
            &["--max-deletions", "1"],
        )
        .unwrap();
        assert_eq!(planned.excluded(), [(4, "missing-birth-date")]);
        assert_eq!(
            planned.rows("departments.csv"),
            rows(&[&["A011", "第一営業課", "A001"]])
        );
        assert_eq!(
            planned.rows("departments_delete.csv"),
            rows(&[&["B001", "旧部署", ""]])
        );
        assert_eq!(
            planned.rows("employees.csv"),
            rows(&[
                &[
                    "1001",
                    "山田",
                    "太郎",
                    "taro@example.co.jp",
                    "A011",
                    "第一営業課",
                    "",
                    ""
                ],
                &[
                    "1002",
                    "佐藤",
                    "花子",
                    "hanako@example.co.jp",
                    "A001",
                    "営業部",
                    "申請者",
                    "acme-1990-01-02"
                ],
                &[
                    "1009",
                    "木村",
                    "健",
                    "ken@example.co.jp",
                    "",
                    "グループ1",
                    "",
                    ""
                ],
            ])
        );
        assert_eq!(planned.count("departments", "delete"), 1);
        assert_eq!(planned.count("employees", "update"), 2);
        assert_eq!(planned.count("employees", "create"), 1);
        assert_eq!(planned.count("employees", "excluded"), 1);
    }

    /// A 社員番号 that cannot be a 社員ID gets a derived one (warned), the same on every run.
    /// (A new person: one whose e-mail 名刺 has keeps that employee's ID, see below.)
    #[test]
    fn derived_ids_are_stable_and_warned() {
        let derive = || {
            let planned = run(
                "12,山田,太郎,ヤマダ,タロウ,taro.yamada@example.co.jp,1980/05/06,営業部\n",
                &["--allow-mass-delete"],
            )
            .unwrap();
            let warned: Vec<(u32, &str)> = planned
                .warnings
                .iter()
                .filter(|(_, code, _)| *code == "employee-id-generated")
                .map(|(row, code, _)| (*row, *code))
                .collect();
            assert_eq!(warned, [(2, "employee-id-generated")]);
            planned.rows("employees.csv")[0][0].to_string()
        };
        let id = derive();
        assert_eq!(id.len(), 8);
        assert!(
            id.bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()),
            "{id}"
        );
        assert_eq!(derive(), id);
    }

    /// The guard stops a run that deletes more groups than allowed (1 of 3 is over 20 %).
    #[test]
    fn mass_deletion_is_refused() {
        let error = run("", &[]).unwrap_err();
        assert!(
            format!("{error:#}").starts_with("[mass-delete] クラウド法人名刺 would lose"),
            "{error:#}"
        );
        assert!(run("", &["--allow-mass-delete"]).is_ok());
    }

    /// Issue 14: a generated 社員ID stays the person's over three monthly runs while their e-mail
    /// and name change (each run's 名刺 export is the previous run's result), an ID of an older
    /// derivation is kept by e-mail, and a newcomer never takes anyone's ID.
    #[test]
    fn generated_ids_survive_a_three_run_history() {
        const HEADER: &str = "社員ID,姓,名,メールアドレス,グループコード,グループ名\n";
        let month = |hr_rows: &str, current: &str| {
            plan(
                &[
                    "--to",
                    "meishi",
                    "--employees",
                    "hr.csv",
                    "--current-employees",
                    "current.csv",
                    "--company-id",
                    "acme",
                ],
                &[
                    ("hr.csv", &format!("{HR_HEADER}{hr_rows}")),
                    ("current.csv", &format!("{HEADER}{current}")),
                ],
            )
            .unwrap()
        };
        // 名刺 after an import: the rows it held, updated or joined by the imported ones.
        let after = |current: &str, planned: &Planned| {
            let mut held: Vec<Vec<String>> = current
                .lines()
                .map(|l| l.split(',').map(String::from).collect())
                .collect();
            for row in planned.rows("employees.csv") {
                let row: Vec<String> = row[..6].iter().map(|c| c.to_string()).collect();
                match held.iter_mut().find(|h| h[0] == row[0]) {
                    Some(h) => *h = row,
                    None => held.push(row),
                }
            }
            held.iter().map(|h| h.join(",") + "\n").collect::<String>()
        };
        let ids = |planned: &Planned| -> Vec<String> {
            planned
                .rows("employees.csv")
                .iter()
                .map(|r| r[0].to_string())
                .collect()
        };
        let old_id = "OLD00001,木村,健一,ken@example.co.jp,,グループ1\n";
        let first = month(
            "12,山田,太郎,ヤマダ,タロウ,taro@example.co.jp,1980/05/06,\n\
             A 1,佐藤,花子,サトウ,ハナコ,hanako@example.co.jp,1990/01/02,\n\
             X,木村,健,キムラ,ケン,ken@example.co.jp,1985/03/04,\n",
            old_id,
        );
        let first_ids = ids(&first);
        assert_eq!(
            first_ids[2], "OLD00001",
            "an older derivation's ID is kept by e-mail"
        );
        let current = after(old_id, &first);
        let second = month(
            "12,山田,太郎,ヤマダ,タロウ,taro.yamada@example.co.jp,1980/05/06,\n\
             A 1,鈴木,花子,スズキ,ハナコ,hanako@example.co.jp,1990/01/02,\n\
             X,木村,健,キムラ,ケン,ken@example.co.jp,1985/03/04,\n",
            &current,
        );
        assert_eq!(
            ids(&second),
            first_ids[..2],
            "changed e-mail and name: updates"
        );
        assert_eq!(second.count("employees", "update"), 2);
        assert_eq!(second.count("employees", "create"), 0);
        let current = after(&current, &second);
        let third = month(
            "12,山田,太一,ヤマダ,タイチ,taichi@example.co.jp,1980/05/06,\n\
             A 1,鈴木,花子,スズキ,ハナコ,suzuki@example.co.jp,1990/01/02,\n\
             X,木村,健,キムラ,ケン,ken@example.co.jp,1985/03/04,\n\
             7,山田,太郎,ヤマダ,タロウ,taro@example.co.jp,1999/09/09,\n",
            &current,
        );
        let third_ids = ids(&third);
        assert_eq!(third_ids[..2], first_ids[..2]);
        assert_eq!(third.count("employees", "update"), 2);
        assert_eq!(third.count("employees", "create"), 1);
        let newcomer = &third_ids[2];
        assert!(
            !first_ids.contains(newcomer),
            "{newcomer} is someone else's"
        );
        let kept: Vec<&String> = third
            .warnings
            .iter()
            .filter(|(_, code, _)| *code == "employee-id-generated")
            .map(|(_, _, detail)| detail)
            .collect();
        assert_eq!(kept.len(), 4, "{kept:?}");
        assert!(
            kept[0].ends_with("(the 名刺 employee with the same 社員ID)"),
            "{}",
            kept[0]
        );
    }
}
