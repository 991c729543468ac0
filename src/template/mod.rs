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
use crate::source::System;

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
    /// The receiving system whose layout it is (summary.json's `inputs`).
    pub system: System,
}

/// Read a template through meibo's readers (CSV in any encoding they read, or the first sheet of
/// a workbook: `--sheet` names a sheet of the inputs, not of this).
pub fn read(arg: &TemplateArg, options: &ReadOptions, system: System) -> Result<Template> {
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
        system,
    })
}

/// `--template FILE: ` for messages.
pub fn label(path: &Path) -> String {
    format!("--template {}", path.display())
}

/// Turn the plan's import files into the templates' layouts, carrying what meibo cannot fill from
/// the current exports; refuse the run before anything is written when a value cannot be known.
pub fn apply<'a>(
    plan: &mut Plan<'a>,
    templates: &[Template],
    sources: &carry::Sources<'_, 'a>,
) -> Result<()> {
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
    // Every import file now follows the customer's template: the note that the columns follow
    // the integration guide no longer holds.
    if kinds.iter().all(|k| chosen.iter().any(|(c, _, _)| c == k)) {
        let notes = [
            crate::receiver::guide_layout_note(sources.system),
            crate::receiver::item_names_note(),
        ];
        plan.notes.retain(|n| !notes.contains(n));
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
    use crate::receiver::testing::plan;

    const HRBRAIN: &str = "従業員番号,氏,名,氏（カナ）,名（カナ）,メールアドレス,主部署\n\
        1001,山田,太郎,ヤマダ,タロウ,taro@example.co.jp,A001\n";
    const HRBRAIN_DEPARTMENTS: &str = "部署項目名,組織情報コード,1階層上位の部署\n営業部,A001,\n";
    const SMARTHR: &str =
        "社員番号,姓,名,姓（ヨミガナ）,名（ヨミガナ）,メールアドレス,生年月日,部署1\n\
        1001,山田,太郎,ヤマダ,タロウ,taro@example.co.jp,1980-05-06,営業部\n";
    const SMARTHR_DEPARTMENTS: &str = "部署コード,部署名,親部署コード\nA001,営業部,\n";

    /// The import files a bare template goes to, by the key columns it holds (and, holding two
    /// files' keys, by how many of its columns each file fills): each case's system flags, the
    /// template, and the header row of every import file after it (or the start of the error).
    #[test]
    fn a_bare_template_goes_to_the_file_of_its_key() {
        let mikiwame: &[&str] = &[
            "--employees",
            "hr.csv",
            "--departments",
            "deps.csv",
            "--current-employees",
            "cur.csv",
            "--current-departments",
            "cur_deps.csv",
        ];
        let meishi: &[&str] = &[
            "--to",
            "meishi",
            "--employees",
            "sm.csv",
            "--departments",
            "sm_deps.csv",
            "--current-employees",
            "cur_meishi.csv",
            "--current-departments",
            "cur_groups.csv",
            "--company-id",
            "x",
        ];
        let kitera: &[&str] = &[
            "--to",
            "kitera",
            "--employees",
            "sm.csv",
            "--current-employees",
            "cur_kitera.csv",
            "--default-group",
            "全社",
        ];
        type Case<'a> = (
            &'a [&'a str],
            &'a str,
            Result<&'a [(&'a str, &'a [&'a str])], &'a str>,
        );
        let cases: [Case; 6] = [
            (
                mikiwame,
                "部署名,部署コード\n",
                Ok(&[
                    ("departments.csv", &["部署名", "部署コード"]),
                    // The employee file keeps ミキワメ's default layout.
                    (
                        "employees.csv",
                        &crate::receiver::mikiwame::EMPLOYEE_HEADERS,
                    ),
                ]),
            ),
            (
                mikiwame,
                "メールアドレス,氏名（姓）\n",
                Ok(&[
                    ("departments.csv", &["部署コード", "部署名", "親部署コード"]),
                    ("employees.csv", &["メールアドレス", "氏名（姓）"]),
                ]),
            ),
            (
                mikiwame,
                "部署コード,メールアドレス\n",
                Err("--template t.csv: holds the key columns of several import files"),
            ),
            (
                meishi,
                "社員ID,グループコード,グループ名\n",
                Ok(&[
                    (
                        "departments.csv",
                        &["グループコード", "グループ名", "親グループコード"],
                    ),
                    ("employees.csv", &["社員ID", "グループコード", "グループ名"]),
                    (
                        "departments_delete.csv",
                        &["グループコード", "グループ名", "親グループコード"],
                    ),
                ]),
            ),
            (
                meishi,
                "グループコード,グループ名,親グループコード\n",
                Ok(&[
                    (
                        "departments.csv",
                        &["グループコード", "グループ名", "親グループコード"],
                    ),
                    (
                        "employees.csv",
                        &[
                            "社員ID",
                            "姓",
                            "名",
                            "メールアドレス",
                            "グループコード",
                            "グループ名",
                            "権限",
                            "初期パスワード",
                        ],
                    ),
                    (
                        "departments_delete.csv",
                        &["グループコード", "グループ名", "親グループコード"],
                    ),
                ]),
            ),
            (
                kitera,
                "名前,従業員コード\n",
                Ok(&[
                    ("users_001.csv", &["名前", "従業員コード"]),
                    (
                        "users_delete.csv",
                        &["従業員コード", "メールアドレス", "名前"],
                    ),
                ]),
            ),
        ];
        let files: &[(&str, &str)] = &[
            ("hr.csv", HRBRAIN),
            ("deps.csv", HRBRAIN_DEPARTMENTS),
            (
                "cur.csv",
                "社員番号,氏名（姓）,氏名（名）,姓（カナ）,名（カナ）,メールアドレス\n",
            ),
            ("cur_deps.csv", "部署コード,部署名,親部署コード\n"),
            ("sm.csv", SMARTHR),
            ("sm_deps.csv", SMARTHR_DEPARTMENTS),
            (
                "cur_meishi.csv",
                "社員ID,姓,名,メールアドレス,グループコード,グループ名\n",
            ),
            (
                "cur_groups.csv",
                "グループコード,グループ名,親グループコード\n,グループ1,\n",
            ),
            (
                "cur_kitera.csv",
                "従業員コード,氏名,メールアドレス,ログイン方法\n",
            ),
        ];
        for (flags, template, expected) in cases {
            let mut args = flags.to_vec();
            args.extend(["--template", "t.csv"]);
            let mut all = files.to_vec();
            all.push(("t.csv", template));
            match (plan(&args, &all), expected) {
                (Ok(planned), Ok(headers)) => {
                    let found: Vec<(&str, Vec<&str>)> = planned
                        .files
                        .iter()
                        .map(|(csv, h, _)| (csv.as_str(), h.iter().map(String::as_str).collect()))
                        .collect();
                    let want: Vec<(&str, Vec<&str>)> =
                        headers.iter().map(|(c, h)| (*c, h.to_vec())).collect();
                    assert_eq!(found, want, "{template}");
                }
                (Err(error), Err(start)) => {
                    let text = format!("{error:#}");
                    let text = text
                        .rsplit_once("/t.csv")
                        .map_or(text.clone(), |(_, rest)| format!("--template t.csv{rest}"));
                    assert!(text.starts_with(start), "{template}: {text}");
                }
                (found, _) => panic!("{template}: {:?}", found.map(|p| p.files.len())),
            }
        }
    }

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
