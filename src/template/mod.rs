//! `reconcile --template`: the receiving system's own import template (or export) decides an
//! import file's columns, their order and their spelling (docs/template.md).
//!
//! - A template is matched to the import files of one kind of record: named (`employees=FILE`,
//!   `departments=FILE`) or, for a bare `FILE`, the one kind whose key column the template has.
//! - Each template column is one of the file's own columns (the same header, or a header that the
//!   receiving system's export profile or `--map` gives the same field), or a column meibo cannot
//!   fill: that one is carried from the current export, matched by the record's key
//!   ([`carry`]). Where no value can be known (a record the current export does not hold, or an
//!   export without the column) the run stops before anything is written.
//! - Files of records to delete keep their layout.

pub mod carry;
pub mod columns;

use std::path::{Path, PathBuf};

use anyhow::{bail, Result};

use crate::input::{self, ReadOptions, Table};
use crate::lang::Lang;
use crate::plan::Plan;
use crate::rules::Kind;

/// One `--template` value: the kind of record it is for, when named, and the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateArg {
    pub kind: Option<Kind>,
    pub path: PathBuf,
}

/// The kinds a template may name, as `--template KIND=FILE` spells them.
pub const KINDS: [(&str, Kind); 2] = [
    ("employees", Kind::Employee),
    ("departments", Kind::Department),
];

/// The kind's name in `--template KIND=FILE`.
pub fn kind_name(kind: Kind) -> &'static str {
    KINDS
        .iter()
        .find(|(_, k)| *k == kind)
        .map_or("employees", |(name, _)| name)
}

impl TemplateArg {
    /// `employees=FILE`, `departments=FILE` or `FILE` (a path that merely holds `=` is a path).
    pub fn parse(text: &str) -> TemplateArg {
        if let Some((name, path)) = text.split_once('=') {
            if let Some(&(_, kind)) = KINDS.iter().find(|(n, _)| *n == name.trim()) {
                return TemplateArg {
                    kind: Some(kind),
                    path: PathBuf::from(path),
                };
            }
        }
        TemplateArg {
            kind: None,
            path: PathBuf::from(text),
        }
    }
}

/// A template as read: which kind it was given for, and its table (the header row decides the
/// columns; data rows, when it has any, are an export's).
pub struct Template {
    pub kind: Option<Kind>,
    pub table: Table,
}

/// Read a template through meibo's readers (CSV in any encoding they read, or the first sheet of
/// a workbook: `--sheet` names a sheet of the inputs, not of this).
pub fn read(arg: &TemplateArg, options: &ReadOptions) -> Result<Template> {
    let table = input::read_table(
        &arg.path,
        &ReadOptions {
            encoding: options.encoding,
            sheet: None,
            lang: options.lang,
        },
    )?;
    Ok(Template {
        kind: arg.kind,
        table,
    })
}

/// `--template FILE: ` for messages.
pub fn label(path: &Path) -> String {
    format!("--template {}", path.display())
}

/// Turn the plan's import files into the templates' layouts, carrying what meibo cannot fill from
/// the current exports; refuse the run before anything is written when a value cannot be known.
pub fn apply(plan: &mut Plan, templates: &[Template], sources: &carry::Sources) -> Result<()> {
    let lang = sources.lang;
    let kinds: Vec<Kind> = plan
        .files
        .iter()
        .filter_map(|f| f.records.map(|r| r.kind))
        .fold(Vec::new(), |mut kinds, kind| {
            if !kinds.contains(&kind) {
                kinds.push(kind);
            }
            kinds
        });
    let mut chosen: Vec<(Kind, &Template, columns::Layout)> = Vec::new();
    for template in templates {
        let path = template.table.display_path();
        let (kind, layout) = columns::choose(template, &kinds, plan, sources)?;
        if let Some((_, earlier, _)) = chosen.iter().find(|(k, _, _)| *k == kind) {
            bail!(
                "{}: {} {} ({}, {})",
                label(&template.table.path),
                t(
                    lang,
                    "同じ種類の取り込みファイルにテンプレートが2つあります:",
                    "two templates for the same import file:"
                ),
                kind_name(kind),
                earlier.table.display_path(),
                path
            );
        }
        chosen.push((kind, template, layout));
    }
    for (kind, template, layout) in chosen {
        carry::apply(plan, kind, template, layout, sources)?;
    }
    Ok(())
}

pub(crate) fn t(lang: Lang, ja: &'static str, en: &'static str) -> &'static str {
    lang.pick(ja, en)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_args() {
        let cases = [
            ("employees=a.csv", Some(Kind::Employee), "a.csv"),
            ("departments=b.xlsx", Some(Kind::Department), "b.xlsx"),
            ("a.csv", None, "a.csv"),
            ("x=y.csv", None, "x=y.csv"),
            (" employees =c.csv", Some(Kind::Employee), "c.csv"),
        ];
        for (text, kind, path) in cases {
            let arg = TemplateArg::parse(text);
            assert_eq!(arg.kind, kind, "{text}");
            assert_eq!(arg.path, PathBuf::from(path), "{text}");
        }
    }
}
