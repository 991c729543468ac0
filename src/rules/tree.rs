//! The department tree as it stands after a run, for report.html: source departments with their
//! action, current departments the source lacks (target-only), and excluded rows with their
//! reasons, placed under the parent they name when it can be found.

use std::collections::HashMap;

use super::departments::{name_key, DepartmentOutcome};
use super::Action;
use crate::model::ParentRef;
use crate::normalize;
use crate::reason::Code;

/// One department of the tree, in pre-order (parents before children).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeEntry {
    pub depth: usize,
    pub code: String,
    pub name: String,
    pub action: Action,
    /// The reasons the department's row was excluded, once each.
    pub exclusions: Vec<Code>,
}

/// The tree of `outcome` in pre-order.
pub fn department_tree(outcome: &DepartmentOutcome) -> Vec<TreeEntry> {
    struct Entry<'a> {
        code: &'a str,
        name: &'a str,
        action: Action,
        parent: Option<String>,
        /// A parent given by name (or path), to be looked up by name.
        parent_name: Option<String>,
        exclusions: Vec<Code>,
    }
    let mut reasons: HashMap<(&str, u32), Vec<Code>> = HashMap::new();
    for x in &outcome.exclusions {
        let codes = reasons.entry((&*x.at.file, x.at.row)).or_default();
        if !codes.contains(&x.code) {
            codes.push(x.code);
        }
    }
    let parent_of = |parent: &ParentRef| -> (Option<String>, Option<String>) {
        match parent {
            ParentRef::Root => (None, None),
            ParentRef::Ref(reference) => (
                Some(normalize::code(reference)).filter(|c| !c.is_empty()),
                Some(name_key(reference)),
            ),
            ParentRef::Path(path) => (None, path.last().map(|n| name_key(n))),
        }
    };
    let mut entries: Vec<Entry> = Vec::new();
    for row in &outcome.rows {
        let d = &row.record;
        let (parent, parent_name) = if row.action == Action::Excluded {
            parent_of(&d.parent)
        } else {
            (
                Some(row.parent_code.clone()).filter(|p| !p.is_empty()),
                None,
            )
        };
        entries.push(Entry {
            code: &d.code,
            name: &d.name,
            action: row.action,
            parent,
            parent_name,
            exclusions: reasons
                .get(&(&*d.at.file, d.at.row))
                .cloned()
                .unwrap_or_default(),
        });
    }
    for d in &outcome.target_only {
        let (parent, _) = parent_of(&d.parent);
        entries.push(Entry {
            code: &d.code,
            name: &d.name,
            action: Action::TargetOnly,
            parent,
            parent_name: None,
            exclusions: Vec::new(),
        });
    }

    // A code stands for the first department that is not excluded, else the first one; a name
    // likewise, but a name two departments share (in the same group) stands for neither.
    let mut by_code: HashMap<&str, usize> = HashMap::new();
    let mut by_name: [HashMap<String, Option<usize>>; 2] = Default::default();
    for pass_excluded in [false, true] {
        for (i, e) in entries.iter().enumerate() {
            if (e.action == Action::Excluded) != pass_excluded {
                continue;
            }
            if !e.code.is_empty() {
                by_code.entry(e.code).or_insert(i);
            }
            by_name[usize::from(pass_excluded)]
                .entry(name_key(e.name))
                .and_modify(|found| *found = None)
                .or_insert(Some(i));
        }
    }
    let named = |name: &String| {
        by_name
            .iter()
            .find_map(|names| names.get(name).copied())
            .flatten()
    };
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); entries.len()];
    let mut roots = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let parent = e
            .parent
            .as_deref()
            .and_then(|code| by_code.get(code).copied())
            .or_else(|| e.parent_name.as_ref().and_then(named))
            .filter(|&p| p != i);
        match parent {
            Some(p) => children[p].push(i),
            None => roots.push(i),
        }
    }

    // Pre-order walk; departments caught in a loop of parents (never reached from a root) start
    // their own subtree, and the loop is cut where it comes back.
    let mut visited = vec![false; entries.len()];
    let mut nodes = Vec::with_capacity(entries.len());
    let starts: Vec<usize> = roots.into_iter().chain(0..entries.len()).collect();
    for start in starts {
        let mut stack = vec![(start, 0usize)];
        while let Some((i, depth)) = stack.pop() {
            if visited[i] {
                continue;
            }
            visited[i] = true;
            let e = &entries[i];
            nodes.push(TreeEntry {
                depth,
                code: e.code.to_string(),
                name: e.name.to_string(),
                action: e.action,
                exclusions: e.exclusions.clone(),
            });
            stack.extend(children[i].iter().rev().map(|&c| (c, depth + 1)));
        }
    }
    nodes
}
