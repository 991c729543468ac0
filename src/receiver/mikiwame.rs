//! ミキワメ (docs/receivers/mikiwame.md), from SmartHR, kaonavi, HRBrain or ロウムメイト.
//!
//! - Departments first, keyed by code (`rules::departments` with ミキワメ's tree: unique names, at
//!   most 10 levels); current departments the source lacks are target-only, never deleted.
//! - Employees keyed by e-mail, case-insensitive (`rules::employees`); every reason that applies
//!   to a refused row is listed; a field whose column the HR export lacks keeps ミキワメ's value.
//! - Import layouts: 部署 (部署コード, 部署名, 親部署コード), parents before children,
//!   and 社員 (14 columns below). A million employees' rows are built as they are written.

use std::borrow::Cow;
use std::collections::BTreeSet;

use anyhow::Result;
use clap::ArgMatches;
use rayon::prelude::*;

use super::{About, Inputs, KeyMatch, Landing, Receiver, Rules};
use crate::cli::ImportFormat;
use crate::config::RunConfig;
use crate::model::Detail;
use crate::model::{Attr, Employee, EmployeeSet};
use crate::normalize::format_date;
use crate::plan::{Counts, ImportFile, Plan, Rows, Words};
use crate::reason::Code;
use crate::rules::choices::{self, Verdict};
use crate::rules::departments::{self, DepartmentOutcome, DepartmentRules};
use crate::rules::employees::{self, EmployeeOutcome, SourceEmployee};
use crate::rules::{push_changes, tree, Action, Kind};
use crate::source::System;

/// ミキワメ's import layouts: no public source shows them; the columns are the guides' item names
/// (docs/layouts/mikiwame.md).
pub const DEPARTMENT_HEADERS: [&str; 3] = ["部署コード", "部署名", "親部署コード"];

pub const EMPLOYEE_HEADERS: [&str; 14] = [
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

/// The attribute behind each column of [`EMPLOYEE_HEADERS`].
const EMPLOYEE_ATTRS: [Attr; 14] = [
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

fn value<'a>(e: &'a Employee, department_code: &'a str, attr: Attr) -> Cow<'a, str> {
    let date =
        |d: Option<chrono::NaiveDate>| d.map_or(Cow::Borrowed(""), |d| format_date(d).into());
    match attr {
        Attr::EmployeeNumber => e.employee_number().into(),
        Attr::FamilyName => e.family_name().into(),
        Attr::GivenName => e.given_name().into(),
        Attr::FamilyKana => e.family_kana().into(),
        Attr::GivenKana => e.given_kana().into(),
        Attr::Email => e.email().into(),
        Attr::BirthDate => date(e.birth_date),
        Attr::Gender => e.gender().into(),
        Attr::Department => department_code.into(),
        Attr::Position => e.position().into(),
        Attr::EmploymentType => e.employment_type().into(),
        Attr::HireDate => date(e.hire_date),
        Attr::RetirementDate => date(e.retirement_date),
        Attr::Retired => if e.retired { "1" } else { "0" }.into(),
    }
}

/// The import row for `e`. A field the source does not provide keeps the current employee's value
/// (an update) or stays at its default (a create): it is never blanked by a missing column.
/// Values borrow from the employees where they can (rows are built for every employee, twice for
/// a matched one).
pub fn employee_row<'a>(
    e: &'a Employee,
    department_code: &'a str,
    current: Option<&'a Employee>,
    provided: &BTreeSet<Attr>,
) -> Vec<(&'static str, Cow<'a, str>)> {
    // One pass over the set rather than a search per column: rows are built millions of times.
    let provided_mask = provided
        .iter()
        .fold(0u32, |mask, &attr| mask | 1 << attr as u32);
    EMPLOYEE_HEADERS
        .iter()
        .zip(EMPLOYEE_ATTRS)
        .map(|(&header, attr)| {
            let text = if provided_mask & 1 << attr as u32 != 0 {
                value(e, department_code, attr)
            } else {
                match current {
                    Some(c) => value(c, c.department(), attr),
                    None if attr == Attr::Retired => "0".into(),
                    None => "".into(),
                }
            };
            (header, text)
        })
        .collect()
}

pub struct Mikiwame;

static ABOUT: About = About {
    system: System::Mikiwame,
    help: "ミキワメ (docs/receivers/mikiwame.md), from SmartHR, kaonavi, HRBrain or ロウムメイト",
    help_ja: "ミキワメ（docs/receivers/mikiwame.md）: SmartHR・カオナビ・HRBrain・ロウムメイトから",
    source: None,
    takes_departments: true,
    flags: &[],
    codes: &[
        Code::DepartmentMissingCode,
        Code::DuplicateDepartmentCode,
        Code::DepartmentNameConflict,
        Code::DepartmentUnknownParent,
        Code::DepartmentCycle,
        Code::DepartmentTooDeep,
        Code::MissingName,
        Code::MissingKana,
        Code::MissingEmail,
        Code::InvalidEmail,
        Code::DuplicateEmail,
        Code::UnknownDepartment,
        Code::AmbiguousDepartment,
        Code::UnencodableCharacter,
        Code::InvalidChoice,
        Code::UnmappedGender,
    ],
    sample: &[
        "--employees",
        "samples/hrbrain/employees.csv",
        "--departments",
        "samples/hrbrain/departments.csv",
        "--current-employees",
        "samples/mikiwame/employees.csv",
        "--current-departments",
        "samples/mikiwame/departments.csv",
    ],
    landings: &[
        Landing::upserts("departments.csv", "部署", Kind::Department, "部署コード"),
        Landing {
            key_match: KeyMatch::Email,
            ..Landing::upserts("employees.csv", "社員", Kind::Employee, "メールアドレス")
        },
    ],
};

impl Receiver for Mikiwame {
    fn about(&self) -> &'static About {
        &ABOUT
    }
    fn configure(&self, _matches: &ArgMatches, config: &RunConfig) -> Result<Box<dyn Rules>> {
        Ok(Box::new(MikiwameRules {
            lang: config.lang,
            cp932: config.cp932(),
            csv: config.formats.contains(&ImportFormat::Csv),
        }))
    }
}

struct MikiwameRules {
    lang: crate::lang::Lang,
    cp932: bool,
    /// The import files are written as CSV (the next step names the files, else the sheets).
    csv: bool,
}

const DEPARTMENTS: Words = ("部署", "departments");
const EMPLOYEES: Words = ("社員", "employees");

impl Rules for MikiwameRules {
    fn import_csvs(&self) -> &'static [&'static str] {
        &["departments.csv", "employees.csv"]
    }

    fn plan<'a>(&self, inputs: &'a Inputs) -> Result<Plan<'a>> {
        let source = &inputs.employees.set;
        let current = &inputs.current_employees.set;
        let department_outcome = departments::reconcile(
            inputs.departments.as_ref().map(|i| &i.set),
            inputs.current_departments.as_ref().map(|i| &i.set),
            DepartmentRules { cp932: self.cp932 },
        );
        let mut employee_outcome = employees::reconcile(
            source,
            current,
            &department_outcome.index,
            &employee_row,
            self.cp932,
        );
        refuse_unknown_genders(inputs, &mut employee_outcome, self.lang)?;
        let mut plan = Plan::new(self.next_step());
        plan.notes.push(super::guide_layout_note(System::Mikiwame));
        plan.report_hint = Some((
            "report.html をブラウザで開くと、件数・部署ツリー・除外と変更の一覧を確認できます。",
            "Open report.html in a browser for the counts, the department tree and searchable lists.",
        ));

        plan.exclusions = department_outcome.exclusions.clone();
        plan.exclusions.par_extend(
            source
                .records
                .par_iter()
                .zip(&employee_outcome.rows)
                .flat_map_iter(|(e, row)| employees::exclusions_of(e, row)),
        );

        let changes = &mut plan.changes;
        let mut department_counts = Counts::new("departments", DEPARTMENTS, &Action::ALL);
        for row in &department_outcome.rows {
            let d = &row.record;
            push_changes(
                changes,
                Kind::Department,
                row.action,
                &d.code,
                &d.name,
                &row.changes,
            );
            department_counts.add(row.action);
        }
        for d in &department_outcome.target_only {
            push_changes(
                changes,
                Kind::Department,
                Action::TargetOnly,
                &d.code,
                &d.name,
                &[],
            );
            department_counts.add(Action::TargetOnly);
        }
        changes.par_extend(
            source
                .records
                .par_iter()
                .zip(&employee_outcome.rows)
                .flat_map_iter(|(e, row)| {
                    // Only creates and target-only lines show the name; most rows need none.
                    let name = match row.action {
                        Action::Create => e.full_name(),
                        _ => String::new(),
                    };
                    let mut lines = Vec::new();
                    push_changes(
                        &mut lines,
                        Kind::Employee,
                        row.action,
                        e.email(),
                        &name,
                        &row.changes,
                    );
                    lines
                }),
        );
        let mut employee_counts = Counts::new("employees", EMPLOYEES, &Action::ALL);
        for row in &employee_outcome.rows {
            employee_counts.add(row.action);
        }
        for &i in &employee_outcome.target_only {
            let e = &current.records[i];
            let name = e.full_name();
            push_changes(
                changes,
                Kind::Employee,
                Action::TargetOnly,
                e.email(),
                &name,
                &[],
            );
            employee_counts.add(Action::TargetOnly);
        }
        plan.counts = vec![department_counts, employee_counts];
        plan.tree = Some(tree::department_tree(&department_outcome));

        plan.files = vec![
            ImportFile::new(
                "departments.csv",
                "部署",
                &DEPARTMENT_HEADERS,
                DepartmentRows(department_outcome),
            )
            .keyed(Kind::Department, "部署コード"),
            ImportFile::new(
                "employees.csv",
                "社員",
                &EMPLOYEE_HEADERS,
                EmployeeRows {
                    source,
                    current,
                    outcome: employee_outcome,
                },
            )
            .keyed(Kind::Employee, "メールアドレス"),
        ];
        Ok(plan)
    }
}

/// 性別 is checked against ミキワメ's own options (docs/template.md): the values its export and a
/// template's data rows show, and the `[genders]` table's. A row with another value is refused
/// (`invalid-choice`); when no row holds an option the run stops (`unmapped-gender`).
fn refuse_unknown_genders(
    inputs: &Inputs,
    outcome: &mut EmployeeOutcome,
    lang: crate::lang::Lang,
) -> Result<()> {
    let source = &inputs.employees.set;
    if !source.provided.contains(&Attr::Gender) {
        return Ok(());
    }
    let mut options = super::shown_genders(inputs);
    options.extend(inputs.mapping.genders.iter().map(|(_, to)| to.as_str()));
    let written: Vec<usize> = (0..outcome.rows.len())
        .filter(|&i| matches!(outcome.rows[i].action, Action::Create | Action::Update))
        .collect();
    let values: Vec<(&str, u32)> = written
        .iter()
        .map(|&i| (source.records[i].gender(), source.records[i].at.row))
        .collect();
    let file = source
        .records
        .first()
        .map(|e| e.at.file.to_string())
        .unwrap_or_default();
    if let Verdict::Refused(rows) = choices::check("性別", &file, &values, &options, lang)? {
        for r in rows {
            let i = written[r];
            outcome.rows[i] = SourceEmployee {
                action: Action::Excluded,
                department_code: String::new(),
                matched: None,
                changes: Vec::new(),
                reasons: vec![(
                    Code::InvalidChoice,
                    Detail::Cell {
                        header: "性別".to_string(),
                        value: values[r].0.to_string(),
                    },
                )],
            };
        }
    }
    Ok(())
}

impl MikiwameRules {
    /// What to do with the import files: the guide requires departments before employees.
    fn next_step(&self) -> Words {
        if self.csv {
            (
                "次の手順: ミキワメで departments.csv（部署）を取り込んでから employees.csv（社員）を取り込んでください。",
                "Next: import departments.csv into ミキワメ first, then employees.csv.",
            )
        } else {
            (
                "次の手順: ミキワメで import.xlsx の「部署」シートを取り込んでから「社員」シートを取り込んでください。",
                "Next: import the 部署 sheet of import.xlsx into ミキワメ first, then the 社員 sheet.",
            )
        }
    }
}

/// The departments created or updated, parents before children.
struct DepartmentRows(DepartmentOutcome);

impl Rows for DepartmentRows {
    fn rows<'s>(&'s self) -> Box<dyn Iterator<Item = Vec<Cow<'s, str>>> + 's> {
        let outcome = &self.0;
        Box::new(outcome.import_order.iter().map(move |&i| {
            let row = &outcome.rows[i];
            vec![
                Cow::Borrowed(row.record.code.as_str()),
                Cow::Borrowed(row.record.name.as_str()),
                Cow::Borrowed(row.parent_code.as_str()),
            ]
        }))
    }
}

/// The employees created or updated, each row built as it is written (a million rows are not
/// held twice).
struct EmployeeRows<'a> {
    source: &'a EmployeeSet,
    current: &'a EmployeeSet,
    outcome: EmployeeOutcome,
}

impl Rows for EmployeeRows<'_> {
    fn rows<'s>(&'s self) -> Box<dyn Iterator<Item = Vec<Cow<'s, str>>> + 's> {
        Box::new(
            self.source
                .records
                .iter()
                .zip(&self.outcome.rows)
                .filter(|(_, row)| matches!(row.action, Action::Create | Action::Update))
                .map(move |(e, row)| {
                    let matched = row.matched.map(|m| &self.current.records[m]);
                    employee_row(e, &row.department_code, matched, &self.source.provided)
                        .into_iter()
                        .map(|(_, value)| value)
                        .collect()
                }),
        )
    }
}

#[cfg(test)]
mod tests {
    use crate::receiver::testing::{plan, rows};

    const HR_HEADER: &str = "従業員番号,氏,名,氏（カナ）,名（カナ）,メールアドレス,主部署\n";
    const DEPARTMENTS: &str =
        "部署項目名,組織情報コード,1階層上位の部署\n営業部,A001,\n第一営業課,A011,営業部\n";
    const CURRENT: &str =
        "社員番号,氏名（姓）,氏名（名）,姓（カナ）,名（カナ）,メールアドレス,所属部署\n\
                           1001,山田,太郎,ヤマダ,タロウ,taro@example.co.jp,A001\n";
    const CURRENT_DEPARTMENTS: &str = "部署コード,部署名,親部署コード\nA001,営業部,\n";

    fn run(hr_rows: &str) -> crate::receiver::testing::Planned {
        run_with(hr_rows, DEPARTMENTS)
    }

    /// A run on these HR rows (after the header) and this HRBrain department export.
    fn run_with(hr_rows: &str, departments: &str) -> crate::receiver::testing::Planned {
        let hr = format!("{HR_HEADER}{hr_rows}");
        plan(
            &[
                "--employees",
                "hr.csv",
                "--departments",
                "deps.csv",
                "--current-employees",
                "current.csv",
                "--current-departments",
                "current_deps.csv",
            ],
            &[
                ("hr.csv", &hr),
                ("deps.csv", departments),
                ("current.csv", CURRENT),
                ("current_deps.csv", CURRENT_DEPARTMENTS),
            ],
        )
        .unwrap()
    }

    /// Employees: each case's HR rows (row 2 on), the rows refused with their codes, and the
    /// employee import rows. A column the HRBrain export lacks keeps ミキワメ's value on an update
    /// and stays blank on a create (退職者フラグ 0).
    #[test]
    fn employee_rules() {
        type Case<'a> = (&'a str, &'a str, &'a [(u32, &'a str)], &'a [&'a [&'a str]]);
        let cases: [Case; 5] = [
            (
                "update matched case-insensitively, and a create",
                "1001,山田,太郎,ヤマダ,タロウ,TARO@Example.co.jp,第一営業課\n\
                 1002,佐藤,花子,サトウ,ハナコ,hanako@example.co.jp,営業部\n",
                &[],
                &[
                    &[
                        "1001",
                        "山田",
                        "太郎",
                        "ヤマダ",
                        "タロウ",
                        "TARO@Example.co.jp",
                        "",
                        "",
                        "A011",
                        "",
                        "",
                        "",
                        "",
                        "0",
                    ],
                    &[
                        "1002",
                        "佐藤",
                        "花子",
                        "サトウ",
                        "ハナコ",
                        "hanako@example.co.jp",
                        "",
                        "",
                        "A001",
                        "",
                        "",
                        "",
                        "",
                        "0",
                    ],
                ],
            ),
            (
                "every reason of a row is listed",
                "1003,鈴木,,,,not-an-email,存在しない課\n",
                &[
                    (2, "missing-kana"),
                    (2, "invalid-email"),
                    (2, "unknown-department"),
                ],
                &[],
            ),
            (
                "every row of a duplicated address is refused",
                "1004,田中,一郎,タナカ,イチロウ,dup@example.co.jp,営業部\n\
                 1005,田中,二郎,タナカ,ジロウ,DUP@example.co.jp,営業部\n",
                &[(2, "duplicate-email"), (3, "duplicate-email")],
                &[],
            ),
            (
                "department by path, by code and by name(code)",
                "1006,高橋,三郎,タカハシ,サブロウ,s1@example.co.jp,営業部/第一営業課\n\
                 1007,高橋,四郎,タカハシ,シロウ,s2@example.co.jp,A011\n\
                 1008,高橋,五郎,タカハシ,ゴロウ,s3@example.co.jp,第一営業課(A011)\n",
                &[],
                &[
                    &[
                        "1006",
                        "高橋",
                        "三郎",
                        "タカハシ",
                        "サブロウ",
                        "s1@example.co.jp",
                        "",
                        "",
                        "A011",
                        "",
                        "",
                        "",
                        "",
                        "0",
                    ],
                    &[
                        "1007",
                        "高橋",
                        "四郎",
                        "タカハシ",
                        "シロウ",
                        "s2@example.co.jp",
                        "",
                        "",
                        "A011",
                        "",
                        "",
                        "",
                        "",
                        "0",
                    ],
                    &[
                        "1008",
                        "高橋",
                        "五郎",
                        "タカハシ",
                        "ゴロウ",
                        "s3@example.co.jp",
                        "",
                        "",
                        "A011",
                        "",
                        "",
                        "",
                        "",
                        "0",
                    ],
                ],
            ),
            (
                "missing name and e-mail",
                "1009,,花子,,ハナコ,,営業部\n",
                &[
                    (2, "missing-name"),
                    (2, "missing-kana"),
                    (2, "missing-email"),
                ],
                &[],
            ),
        ];
        for (name, hr_rows, excluded, employees) in cases {
            let planned = run(hr_rows);
            assert_eq!(planned.excluded(), excluded, "{name}");
            assert_eq!(planned.rows("employees.csv"), rows(employees), "{name}");
        }
    }

    #[test]
    fn changes_counts_and_departments() {
        let planned = run("1001,山田,太郎,ヤマダ,タロウ,taro@example.co.jp,第一営業課\n");
        assert_eq!(
            planned.rows("departments.csv"),
            rows(&[&["A011", "第一営業課", "A001"]])
        );
        let changes: Vec<Vec<&str>> = planned
            .changes
            .iter()
            .map(|c| c.iter().map(String::as_str).collect())
            .collect();
        assert_eq!(
            changes,
            rows(&[
                &["department", "create", "A011", "", "", "第一営業課"],
                &[
                    "employee",
                    "update",
                    "taro@example.co.jp",
                    "所属部署",
                    "A001",
                    "A011"
                ],
            ])
        );
        assert_eq!(planned.count("departments", "create"), 1);
        assert_eq!(planned.count("departments", "unchanged"), 1);
        assert_eq!(planned.count("employees", "update"), 1);
        assert_eq!(planned.count("employees", "target-only"), 0);
    }

    /// Department rules: the rows refused with their code and detail.
    #[test]
    fn department_rules() {
        let deep: String = (1..=11)
            .map(|n| {
                format!(
                    "部{n},D{n},{}\n",
                    if n == 1 {
                        String::new()
                    } else {
                        format!("部{}", n - 1)
                    }
                )
            })
            .collect();
        type Case<'a> = (&'a str, String, &'a [(u32, &'a str, &'a str)]);
        let cases: [Case; 4] = [
            (
                "too deep: the detail says the level",
                deep,
                &[(12, "department-too-deep", "level 11")],
            ),
            (
                "a loop of parents",
                "甲,C1,乙\n乙,C2,甲\n".to_string(),
                &[
                    (2, "department-cycle", "C1 → C2 → C1"),
                    (3, "department-cycle", "C1 → C2 → C1"),
                ],
            ),
            (
                "a new code taking a name ミキワメ keeps under another code",
                "営業部,A009,\n".to_string(),
                &[(2, "department-name-conflict", "\"営業部\" = A001")],
            ),
            (
                "no code, and a duplicated code",
                "総務部,,\n経理部,B1,\n財務部,B1,\n".to_string(),
                &[
                    (2, "department-missing-code", "部署名 \"総務部\""),
                    (3, "duplicate-department-code", "rows 3, 4"),
                    (4, "duplicate-department-code", "rows 3, 4"),
                ],
            ),
        ];
        for (name, rows_text, expected) in cases {
            let departments = format!("部署項目名,組織情報コード,1階層上位の部署\n{rows_text}");
            let planned = run_with("", &departments);
            let found: Vec<(u32, &str, &str)> = planned
                .exclusions
                .iter()
                .map(|(row, code, detail)| (*row, *code, detail.as_str()))
                .collect();
            assert_eq!(found, expected, "{name}");
        }
    }

    /// The 第一課 case of issue 14: two departments of one name, ミキワメ refusing the second (its
    /// name is taken). A reference that fits both is ambiguous whatever became of them, with every
    /// candidate named; one that fits only the refused one is unknown, with the reason.
    #[test]
    fn references_never_drop_refused_candidates() {
        let departments = "部署項目名,組織情報コード,1階層上位の部署\n\
                           営業部,A001,\n開発部,A002,\n第一課,A011,営業部\n第一課,A021,開発部\n";
        let refs = [
            ("第一課", Some("ambiguous-department")),
            ("開発部/第一課", Some("unknown-department")),
            ("開発部 第一課", Some("unknown-department")),
            ("第一課(A021)", Some("unknown-department")),
            ("A021", Some("unknown-department")),
            ("営業部/第一課", None),
            ("営業部＞第一課", None),
            ("第一課(A011)", None),
            ("開発部(A011)", Some("unknown-department")),
        ];
        let hr: String = refs
            .iter()
            .enumerate()
            .map(|(i, (reference, _))| {
                format!("{i},山田,太郎,ヤマダ,タロウ,e{i}@example.co.jp,{reference}\n")
            })
            .collect();
        let planned = run_with(&hr, departments);
        // The department row refused first, then the employees'.
        assert_eq!(
            planned.exclusions[0].1, "department-name-conflict",
            "{:?}",
            planned.exclusions
        );
        let refused = |row: u32| planned.exclusions[1..].iter().find(|x| x.0 == row);
        for (i, (reference, expected)) in refs.iter().enumerate() {
            let found = refused(i as u32 + 2);
            assert_eq!(found.map(|x| x.1), *expected, "{reference}: {found:?}");
            if let Some((_, _, detail)) = found.filter(|_| !reference.contains("A011")) {
                assert!(
                    detail.contains("A021 開発部/第一課 → excluded department-name-conflict"),
                    "{reference}: {detail}"
                );
            }
        }
        let (_, _, detail) = refused(2).unwrap();
        assert!(
            detail.starts_with("\"第一課\": A011 営業部/第一課 → create | A021 開発部/第一課"),
            "{detail}"
        );
        let (_, _, detail) = refused(10).unwrap();
        assert_eq!(detail, "\"開発部(A011)\": A011 営業部/第一課 → create");
        let placed: Vec<&str> = planned
            .rows("employees.csv")
            .iter()
            .map(|row| row[8])
            .collect();
        assert_eq!(placed, ["A011", "A011", "A011"]);
    }
}
