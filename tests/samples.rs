//! `meibo inspect` on every bundled sample (samples/, written by samples/make_samples.py) reports
//! the system and role that exported it, its format and encoding, its data row count, the full
//! `field ← column` mapping and the warnings the sample was built to show.

mod common;

use std::path::{Path, PathBuf};

use common::{samples, Workdir};

struct Sample {
    /// Path under samples/.
    file: &'static str,
    /// The `system: … role: …` line.
    system: &'static str,
    /// The `format: …` line.
    format: &'static str,
    /// The `header row: … data rows: …` line.
    rows: &'static str,
    /// The mapping block, heading included.
    mapping: &'static [&'static str],
    /// Everything after the mapping: unused columns (if any) and the warnings.
    rest: &'static [&'static str],
}

const MAPPING: &str = "  mapping (field ← column):";

fn check(sample: &Sample) {
    let path = samples().join(sample.file);
    let shown = path.display().to_string();
    let out = Workdir::new().run(&["--lang", "en", "inspect", &shown]);
    out.expect_success();
    let mut expected = vec![
        shown.as_str(),
        sample.system,
        sample.format,
        sample.rows,
        MAPPING,
    ];
    expected.extend(sample.mapping);
    expected.extend(sample.rest);
    assert_eq!(
        out.stdout_lines(),
        expected,
        "{} — the whole report differs\n{out}",
        sample.file
    );
}

const HRBRAIN_DEPARTMENTS: Sample = Sample {
    file: "hrbrain/departments.csv",
    system: "  system: hrbrain (HRBrain)  role: departments (departments)",
    format: "  format: csv  encoding: UTF-8  delimiter: ,",
    rows: "  header row: 1  data rows: 7",
    mapping: &[
        "    department_name        ← 部署項目名",
        "    department_code        ← 組織情報コード",
        "    parent                 ← 1階層上位の部署",
    ],
    rest: &["  warnings: 0"],
};

const HRBRAIN_EMPLOYEES: Sample = Sample {
    file: "hrbrain/employees.csv",
    system: "  system: hrbrain (HRBrain)  role: employees (employees)",
    format: "  format: csv  encoding: UTF-8 (BOM)  delimiter: ,",
    rows: "  header row: 1  data rows: 19",
    mapping: &[
        "    employee_number        ← 従業員番号",
        "    family_name            ← 氏",
        "    given_name             ← 名",
        "    family_kana            ← 氏（カナ）",
        "    given_kana             ← 名（カナ）",
        "    business_family_name   ← ビジネスネーム（氏）",
        "    business_given_name    ← ビジネスネーム（名）",
        "    business_family_kana   ← ビジネスネーム（氏カナ）",
        "    business_given_kana    ← ビジネスネーム（名カナ）",
        // the export's header has a stray trailing space; it is shown as written
        "    email                  ← メールアドレス ",
        "    birth_date             ← 生年月日",
        "    gender                 ← 性別",
        "    hire_date              ← 入社日",
        "    employment_status      ← 在籍状況",
        "    employment_type        ← 雇用形態",
        "    department             ← 主部署",
        "    position               ← 役職・職位",
    ],
    rest: &[
        "  warnings: 1 (unmapped-employment-type 1)",
        "    row     11  unmapped-employment-type   \"インターン\" → その他",
    ],
};

const KAONAVI_DEPARTMENTS: Sample = Sample {
    file: "kaonavi/departments.csv",
    system: "  system: kaonavi (kaonavi)  role: departments (departments)",
    format: "  format: csv  encoding: CP932  delimiter: ,",
    rows: "  header row: 1  data rows: 7",
    mapping: &[
        "    department_code        ← 所属コード",
        "    department_name        ← 所属名",
        "    parent                 ← 上位所属コード",
    ],
    rest: &["  warnings: 0"],
};

/// The 所属ツリー CSV as kaonavi downloads it (the flat kaonavi/departments.csv keeps the older
/// layout, so both stay tested).
const KAONAVI_DEPARTMENTS_TREE: Sample = Sample {
    file: "kaonavi/departments_tree.csv",
    system: "  system: kaonavi (kaonavi)  role: departments (levels) (departments (level columns))",
    format: "  format: csv  encoding: CP932  delimiter: ,",
    rows: "  header row: 1  data rows: 7",
    mapping: &[
        "    level1_code            ← 所属1コード",
        "    level1                 ← 所属名1",
        "    level2_code            ← 所属2コード",
        "    level2                 ← 所属名2",
    ],
    rest: &["  warnings: 0"],
};

const KAONAVI_MEMBERS: Sample = Sample {
    file: "kaonavi/members.csv",
    system: "  system: kaonavi (kaonavi)  role: employees (employees)",
    format: "  format: csv  encoding: CP932  delimiter: ,",
    rows: "  header row: 1  data rows: 19",
    mapping: &[
        "    employee_number        ← 社員番号",
        "    full_name              ← 氏名",
        "    full_kana              ← フリガナ",
        "    email                  ← メールアドレス",
        "    birth_date             ← 生年月日",
        "    gender                 ← 性別",
        "    hire_date              ← 入社日",
        "    retirement_date        ← 退職日",
        "    department             ← 所属",
        "    position               ← 役職",
        "    employment_type        ← 雇用形態",
    ],
    rest: &[
        "  warnings: 3 (name-not-split 2, unmapped-employment-type 1)",
        "    row     11  unmapped-employment-type   \"嘱託\" → その他",
        "    row     12  name-not-split             氏名: \"木村彩\"",
        "    row     12  name-not-split             フリガナ: \"キムラアヤ\"",
    ],
};

const DEPARTMENT_MAPPING: &[&str] = &[
    "    department_code        ← 部署コード",
    "    department_name        ← 部署名",
    "    parent                 ← 親部署コード",
];

const MIKIWAME_DEPARTMENTS: Sample = Sample {
    file: "mikiwame/departments.csv",
    // the same headers as SmartHR's export: the folder name decides
    system: "  system: mikiwame (ミキワメ)  role: departments (departments)  (same layout as: smarthr departments)",
    format: "  format: csv  encoding: UTF-8 (BOM)  delimiter: ,",
    rows: "  header row: 1  data rows: 6",
    mapping: DEPARTMENT_MAPPING,
    rest: &["  warnings: 0"],
};

const MIKIWAME_EMPLOYEES: Sample = Sample {
    file: "mikiwame/employees.csv",
    system: "  system: mikiwame (ミキワメ)  role: employees (employees)",
    format: "  format: csv  encoding: UTF-8 (BOM)  delimiter: ,",
    rows: "  header row: 1  data rows: 7",
    mapping: &[
        "    employee_number        ← 社員番号",
        "    family_name            ← 氏名（姓）",
        "    given_name             ← 氏名（名）",
        "    family_kana            ← 姓（カナ）",
        "    given_kana             ← 名（カナ）",
        "    email                  ← メールアドレス",
        "    birth_date             ← 生年月日",
        "    gender                 ← 性別",
        "    department_code        ← 所属部署",
        "    position               ← 役職",
        "    employment_type        ← 雇用形態",
        "    hire_date              ← 入社日",
        "    retirement_date        ← 退職日",
        "    retired_flag           ← 退職者フラグ",
    ],
    rest: &["  warnings: 0"],
};

/// ミキワメ's exports after the sample plan was imported (`meibo verify`): the same layouts.
const MIKIWAME_AFTER_DEPARTMENTS: Sample = Sample {
    file: "mikiwame/after/departments.csv",
    rows: "  header row: 1  data rows: 7",
    ..MIKIWAME_DEPARTMENTS
};

const MIKIWAME_AFTER_EMPLOYEES: Sample = Sample {
    file: "mikiwame/after/employees.csv",
    rows: "  header row: 1  data rows: 13",
    ..MIKIWAME_EMPLOYEES
};

const MIKIWAME_RESULTS: Sample = Sample {
    file: "mikiwame/results.csv",
    system: "  system: mikiwame (ミキワメ)  role: results (personality results)",
    format: "  format: csv  encoding: UTF-8 (BOM)  delimiter: ,",
    rows: "  header row: 1  data rows: 11",
    mapping: &[
        "    employee_number        ← 社員番号",
        "    full_name              ← 氏名",
        "    email                  ← メールアドレス",
        "    exam_date              ← 受検日",
        "    type16                 ← 16タイプ",
        "    detail_url             ← 受検者詳細URL",
    ],
    rest: &[
        "  scale columns (偏差値): 傾聴傾向, 主張傾向, 関係維持傾向, 問題解決志向, 感情配慮志向, 無私性, 楽観性, 独立性, 妥協力, 批判性, 客観視傾向, 気分転換傾向, 協力要請傾向, 状況受容傾向, 感情抑制傾向, 新奇性, 自己効力感, やりきる力, ポジティブシンキング, 重要な他者, 積極性, 社交性",
        "  warnings: 0",
    ],
};

const ROUMUMATE_EMPLOYEES: Sample = Sample {
    file: "roumumate/employees.tsv",
    system: "  system: roumumate (ロウムメイト)  role: employees (employees)",
    format: "  format: tsv  encoding: CP932  delimiter: tab",
    rows: "  header row: 1  data rows: 21",
    mapping: &[
        "    employee_number        ← 社員番号",
        "    family_name            ← 姓",
        "    given_name             ← 名",
        "    family_kana            ← 姓（ヨミガナ）",
        "    given_kana             ← 名（ヨミガナ）",
        "    business_name          ← ビジネスネーム",
        "    business_kana          ← ビジネスネーム（ヨミガナ）",
        "    email                  ← メールアドレス",
        "    birth_date             ← 生年月日",
        "    gender                 ← 性別",
        "    hire_date              ← 入社日",
        "    employment_status      ← 従業員ステータス",
        "    entry_status           ← 状況",
        "    employment_type        ← 雇用形態",
    ],
    rest: &[
        "  warnings: 1 (unmapped-employment-type 1)",
        "    row     11  unmapped-employment-type   \"嘱託\" → その他",
    ],
};

const SMARTHR_DEPARTMENTS: Sample = Sample {
    file: "smarthr/departments.csv",
    // the same headers as ミキワメ's export: the folder name decides
    system: "  system: smarthr (SmartHR)  role: departments (departments)  (same layout as: mikiwame departments)",
    format: "  format: csv  encoding: UTF-8 (BOM)  delimiter: ,",
    rows: "  header row: 1  data rows: 7",
    mapping: DEPARTMENT_MAPPING,
    rest: &["  warnings: 0"],
};

const SMARTHR_DEPARTMENT_LEVELS: Sample = Sample {
    file: "smarthr/departments_levels.csv",
    system: "  system: smarthr (SmartHR)  role: departments (levels) (departments (level columns))",
    format: "  format: csv  encoding: UTF-8  delimiter: ,",
    rows: "  header row: 1  data rows: 7",
    mapping: &[
        "    department_code        ← code",
        "    level1                 ← level1",
        "    level2                 ← level2",
        "    level3                 ← level3",
        "    level4                 ← level4",
        "    level5                 ← level5",
        "    level6                 ← level6",
        "    level7                 ← level7",
        "    level8                 ← level8",
        "    level9                 ← level9",
        "    level10                ← level10",
    ],
    rest: &["  warnings: 0"],
};

const SMARTHR_EMPLOYEES: Sample = Sample {
    file: "smarthr/employees.xlsx",
    system: "  system: smarthr (SmartHR)  role: employees (employees)",
    format: "  format: xlsx  sheet: 従業員",
    rows: "  header row: 1  data rows: 19",
    mapping: &[
        "    employee_number        ← 社員番号",
        "    family_name            ← 姓",
        "    given_name             ← 名",
        "    family_kana            ← 姓（ヨミガナ）",
        "    given_kana             ← 名（ヨミガナ）",
        "    business_family_name   ← ビジネスネーム：姓",
        "    business_given_name    ← ビジネスネーム：名",
        "    business_family_kana   ← ビジネスネーム：姓（ヨミガナ）",
        "    business_given_kana    ← ビジネスネーム：名（ヨミガナ）",
        "    email                  ← メールアドレス",
        "    birth_date             ← 生年月日",
        "    gender                 ← 戸籍上の性別",
        "    hire_date              ← 入社年月日",
        "    employment_status      ← 在籍状況",
        "    retirement_date        ← 退職年月日",
        "    employment_type        ← 雇用形態",
        "    department             ← 部署1 部署",
        "    position               ← 役職1 役職",
    ],
    rest: &[
        "  warnings: 2 (cell-error 1, unmapped-employment-type 1)",
        "    row      7  cell-error                 役職1 役職: #N/A",
        "    row     11  unmapped-employment-type   \"嘱託\" → その他",
    ],
};

const KITERA_USERS: Sample = Sample {
    file: "kitera/users.csv",
    system: "  system: kitera (KiteRa)  role: employees (employees)",
    format: "  format: csv  encoding: UTF-8 (BOM)  delimiter: ,",
    rows: "  header row: 1  data rows: 7",
    mapping: &[
        "    employee_number        ← 従業員コード",
        "    full_name              ← 名前",
        "    email                  ← メールアドレス",
        "    role                   ← 役割",
        "    login_method           ← 認証方法",
    ],
    rest: &["  warnings: 0"],
};

const MEISHI_EMPLOYEES: Sample = Sample {
    file: "meishi/employees.csv",
    system: "  system: meishi (クラウド法人名刺)  role: employees (employees)",
    format: "  format: csv  encoding: UTF-8 (BOM)  delimiter: ,",
    rows: "  header row: 1  data rows: 8",
    mapping: &[
        "    employee_number        ← 社員ID",
        "    family_name            ← 姓",
        "    given_name             ← 名",
        "    email                  ← メールアドレス",
        "    department_code        ← グループコード",
        "    department             ← グループ名",
    ],
    // 権限 is 名刺's own: imported employees get 申請者, and the sync never changes it
    rest: &["  columns not used: 権限", "  warnings: 0"],
};

const MEISHI_GROUPS: Sample = Sample {
    file: "meishi/groups.csv",
    system: "  system: meishi (クラウド法人名刺)  role: departments (departments)",
    format: "  format: csv  encoding: UTF-8 (BOM)  delimiter: ,",
    rows: "  header row: 1  data rows: 7",
    mapping: &[
        "    department_code        ← グループコード",
        "    department_name        ← グループ名",
        "    parent                 ← 親グループコード",
    ],
    rest: &["  warnings: 0"],
};

const ALL: &[&Sample] = &[
    &HRBRAIN_DEPARTMENTS,
    &HRBRAIN_EMPLOYEES,
    &KAONAVI_DEPARTMENTS,
    &KAONAVI_DEPARTMENTS_TREE,
    &KAONAVI_MEMBERS,
    &KITERA_USERS,
    &MEISHI_EMPLOYEES,
    &MEISHI_GROUPS,
    &MIKIWAME_DEPARTMENTS,
    &MIKIWAME_EMPLOYEES,
    &MIKIWAME_AFTER_DEPARTMENTS,
    &MIKIWAME_AFTER_EMPLOYEES,
    &MIKIWAME_RESULTS,
    &ROUMUMATE_EMPLOYEES,
    &SMARTHR_DEPARTMENTS,
    &SMARTHR_DEPARTMENT_LEVELS,
    &SMARTHR_EMPLOYEES,
];

#[test]
fn hrbrain_departments() {
    check(&HRBRAIN_DEPARTMENTS);
}

#[test]
fn hrbrain_employees() {
    check(&HRBRAIN_EMPLOYEES);
}

#[test]
fn kaonavi_departments() {
    check(&KAONAVI_DEPARTMENTS);
}

#[test]
fn kaonavi_departments_tree() {
    check(&KAONAVI_DEPARTMENTS_TREE);
}

#[test]
fn kaonavi_members() {
    check(&KAONAVI_MEMBERS);
}

#[test]
fn kitera_users() {
    check(&KITERA_USERS);
}

#[test]
fn meishi_employees() {
    check(&MEISHI_EMPLOYEES);
}

#[test]
fn meishi_groups() {
    check(&MEISHI_GROUPS);
}

#[test]
fn mikiwame_departments() {
    check(&MIKIWAME_DEPARTMENTS);
}

#[test]
fn mikiwame_employees() {
    check(&MIKIWAME_EMPLOYEES);
}

#[test]
fn mikiwame_after_the_import() {
    check(&MIKIWAME_AFTER_DEPARTMENTS);
    check(&MIKIWAME_AFTER_EMPLOYEES);
}

#[test]
fn mikiwame_results() {
    check(&MIKIWAME_RESULTS);
}

#[test]
fn roumumate_employees() {
    check(&ROUMUMATE_EMPLOYEES);
}

#[test]
fn smarthr_departments() {
    check(&SMARTHR_DEPARTMENTS);
}

#[test]
fn smarthr_department_levels() {
    check(&SMARTHR_DEPARTMENT_LEVELS);
}

#[test]
fn smarthr_employees() {
    check(&SMARTHR_EMPLOYEES);
}

/// Every data file under samples/ has its expectation above (a new sample must be added there).
#[test]
fn every_sample_file_is_covered() {
    fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("read samples/") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                walk(&path, found);
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("csv" | "tsv" | "xlsx" | "xls" | "ods")
            ) {
                found.push(path);
            }
        }
    }
    let root = samples();
    let mut found = Vec::new();
    walk(&root, &mut found);
    let mut found: Vec<String> = found
        .iter()
        .map(|p| {
            let relative = p.strip_prefix(&root).expect("under samples/");
            relative.to_string_lossy().replace('\\', "/")
        })
        .collect();
    found.sort();
    let mut expected: Vec<String> = ALL.iter().map(|s| s.file.to_string()).collect();
    expected.sort();
    assert_eq!(found, expected);
}

/// All samples at once: one report per file, in the order given, separated by one blank line.
#[test]
fn all_samples_in_one_run() {
    let paths: Vec<String> = ALL
        .iter()
        .map(|s| samples().join(s.file).display().to_string())
        .collect();
    let mut args = vec!["--lang", "en", "inspect"];
    args.extend(paths.iter().map(String::as_str));
    let out = Workdir::new().run(&args);
    out.expect_success();
    let reports: Vec<&str> = out.stdout.split("\n\n").collect();
    assert_eq!(reports.len(), ALL.len(), "{out}");
    for (report, path) in reports.iter().zip(&paths) {
        assert_eq!(report.lines().next(), Some(path.as_str()), "{out}");
    }
}
