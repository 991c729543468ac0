//! A plain model of クラウド法人名刺's refusals and group choice (`--group-level 1`), and the
//! properties of its 社員IDs (docs/meishi-employee-id.md): never shared, kept when 名刺 has them.

use meibo::model::{Department, EmployeeSet};

use super::mikiwame::{departments, key, resolve, Tree};

#[derive(Debug, Default, PartialEq)]
pub struct Outcome {
    /// (kind, row, code) of every exclusion line.
    pub excluded: Vec<(&'static str, u32, &'static str)>,
    /// Rows of the unknown-group warnings.
    pub unknown_group: Vec<u32>,
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
