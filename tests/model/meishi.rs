//! A plain model of クラウド法人名刺's refusals, groups (imported and deleted) and group choice
//! (`--group-level 1`), and its 社員IDs (docs/meishi-employee-id.md): the 社員番号 where the rule
//! allows it, else the ID of the 名刺 employee with the same e-mail address, else a derived one
//! (of which only the properties are checked: the model does not hash).

use meibo::model::{Department, Employee, EmployeeSet, ParentRef};

use super::kitera::email_key;
use super::mikiwame::{code_of, departments, key, resolve, Tree};

/// The 社員ID a row must get.
#[derive(Debug, PartialEq)]
pub enum Id {
    /// Its 社員番号 (no `employee-id-generated` warning).
    Number(String),
    /// The ID of the 名刺 employee with the same e-mail address.
    Kept(String),
    /// A new one: 8 upper-case letters and digits that no other row and no 名刺 employee holds.
    Derived,
}

#[derive(Debug, Default, PartialEq)]
pub struct Outcome {
    /// (kind, row, code) of every exclusion line.
    pub excluded: Vec<(&'static str, u32, &'static str)>,
    /// Rows of the unknown-group warnings.
    pub unknown_group: Vec<u32>,
    /// departments.csv and departments_delete.csv: グループコード, グループ名, 親グループコード.
    pub groups_csv: Vec<Vec<String>>,
    pub groups_delete_csv: Vec<Vec<String>>,
}

/// The 社員ID of each row imported (not refused), by row.
pub fn ids(source: &EmployeeSet, current: &EmployeeSet, refused: &[u32]) -> Vec<(u32, Id)> {
    let imported: Vec<&Employee> = source
        .records
        .iter()
        .filter(|e| !refused.contains(&e.at.row))
        .collect();
    let symbol = |c: char| "@._-".contains(c);
    let allowed = |n: &str| {
        let chars: Vec<char> = n.chars().collect();
        (3..=24).contains(&chars.len())
            && chars
                .iter()
                .all(|&c| c.is_ascii_alphanumeric() || symbol(c))
            && !symbol(chars[0])
            && !symbol(chars[chars.len() - 1])
    };
    let mut used: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for e in &imported {
        let number = e.employee_number();
        let alone = imported
            .iter()
            .filter(|o| o.employee_number() == number)
            .count()
            == 1;
        if allowed(number) && alone {
            out.push((e.at.row, Id::Number(number.to_string())));
            continue;
        }
        // 名刺's employee with the same address, unless its ID is a 社員番号 of the HR export or
        // an earlier row kept it.
        let kept = current.records.iter().find(|c| {
            let id = c.employee_number();
            !e.email().is_empty()
                && email_key(c) == email_key(e)
                && !id.is_empty()
                && !source.records.iter().any(|s| s.employee_number() == id)
                && !used.iter().any(|u| u == id)
        });
        match kept {
            Some(c) => {
                used.push(c.employee_number().to_string());
                out.push((e.at.row, Id::Kept(c.employee_number().to_string())));
            }
            None => out.push((e.at.row, Id::Derived)),
        }
    }
    out
}

/// Whether `id` may be a derived 社員ID: 8 upper-case letters and digits, held by no 名刺 employee.
pub fn derivable(id: &str, current: &EmployeeSet) -> bool {
    id.len() == 8
        && id
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && !current.records.iter().any(|c| c.employee_number() == id)
}

/// The groups 名刺 deletes: those whose code SmartHR no longer has (never グループ1), deepest
/// first (a loop among them counts as deepest), else in the export's order.
fn deleted_groups(source_departments: &[Department], groups: &[Department]) -> Vec<Vec<String>> {
    let parent = |g: &Department| match &g.parent {
        ParentRef::Ref(p) => code_of(p),
        _ => String::new(),
    };
    let depth = |g: &Department| {
        let mut seen: Vec<String> = Vec::new();
        let mut up = parent(g);
        while !up.is_empty() {
            if seen.contains(&up) {
                return usize::MAX;
            }
            seen.push(up.clone());
            up = groups
                .iter()
                .rev()
                .find(|o| !o.undecodable && o.code == up)
                .map(parent)
                .unwrap_or_default();
        }
        seen.len()
    };
    let mut deleted: Vec<(usize, Vec<String>)> = groups
        .iter()
        .filter(|g| !g.undecodable && !g.code.is_empty() && key(&g.name) != "グループ1")
        .filter(|g| !source_departments.iter().any(|d| d.code == g.code))
        .map(|g| (depth(g), vec![g.code.clone(), g.name.clone(), parent(g)]))
        .collect();
    deleted.sort_by_key(|d| std::cmp::Reverse(d.0));
    deleted.into_iter().map(|(_, row)| row).collect()
}

pub fn run(
    source_departments: &[Department],
    groups: &[Department],
    source: &EmployeeSet,
    current: &EmployeeSet,
) -> Outcome {
    let tree = Tree {
        unique_names: false,
        max_level: u32::MAX,
    };
    let (departments, candidates) = departments(source_departments, groups, tree);
    let mut out = Outcome {
        excluded: departments.excluded,
        groups_csv: departments.departments_csv,
        groups_delete_csv: deleted_groups(source_departments, groups),
        ..Outcome::default()
    };
    // Groups whose department SmartHR no longer has are deleted (グループ1 never).
    let deleted: Vec<&str> = groups
        .iter()
        .filter(|g| !g.code.is_empty() && key(&g.name) != "グループ1")
        .filter(|g| !source_departments.iter().any(|d| d.code == g.code))
        .map(|g| g.code.as_str())
        .collect();
    for e in &source.records {
        let mut refused = false;
        if e.family_name().is_empty() {
            out.excluded.push(("employee", e.at.row, "missing-name"));
            refused = true;
        }
        if e.birth_date.is_none() {
            out.excluded
                .push(("employee", e.at.row, "missing-birth-date"));
            refused = true;
        }
        if refused || e.department().is_empty() {
            continue;
        }
        match resolve(&candidates, e.department()) {
            Ok(code) if !deleted.contains(&code.as_str()) => {}
            _ => out.unknown_group.push(e.at.row),
        }
    }
    let _ = current;
    out
}
