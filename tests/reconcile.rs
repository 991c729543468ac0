//! `meibo reconcile --to mikiwame` on small files: exact rows, codes and cells
//! (docs/receivers/mikiwame.md, docs/output.md).

mod common;

use common::{Output, Workdir};

const CURRENT_DEPARTMENTS: &str =
    "部署コード,部署名,親部署コード\nA001,営業部,\nA002,開発部,\nA003,人事部,\n";
const CURRENT_HEADER: &str = "社員番号,氏名（姓）,氏名（名）,姓（カナ）,名（カナ）,メールアドレス,生年月日,性別,所属部署,役職,雇用形態,入社日,退職日,退職者フラグ\n";
const SMARTHR_EMPLOYEE_HEADER: &str =
    "社員番号,姓,名,姓（ヨミガナ）,名（ヨミガナ）,メールアドレス,部署1\n";

/// Run reconcile in `w` with the given source files and the standard current export.
fn reconcile(w: &Workdir, employees: &str, departments: Option<&str>, extra: &[&str]) -> Output {
    if !w.path("current_departments.csv").exists() {
        w.write("current_departments.csv", CURRENT_DEPARTMENTS);
    }
    if !w.path("current_employees.csv").exists() {
        w.write("current_employees.csv", CURRENT_HEADER);
    }
    let mut args = common::reconcile_args(employees, departments, "out");
    args.extend(extra);
    w.run(&args)
}

/// (row, kind, key, code) of every exclusion line.
fn exclusions(w: &Workdir) -> Vec<(String, String, String, String)> {
    let rows = w.read_csv("out/exclusions.csv");
    assert_eq!(
        rows[0],
        ["file", "row", "kind", "key", "name", "code", "message", "detail"]
    );
    rows[1..]
        .iter()
        .map(|r| (r[1].clone(), r[2].clone(), r[3].clone(), r[5].clone()))
        .collect()
}

fn ex(row: &str, kind: &str, key: &str, code: &str) -> (String, String, String, String) {
    (row.into(), kind.into(), key.into(), code.into())
}

/// The employees.csv data rows as (email, 所属部署) pairs.
fn employee_keys(w: &Workdir) -> Vec<(String, String)> {
    let rows = w.read_csv("out/employees.csv");
    assert_eq!(rows[0].len(), 14, "ミキワメ layout has 14 columns");
    rows[1..]
        .iter()
        .map(|r| (r[5].clone(), r[8].clone()))
        .collect()
}

fn summary(w: &Workdir) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(w.path("out/summary.json")).unwrap()).unwrap()
}

fn guide_expectations(w: &Workdir, out: &Output) {
    out.expect_code(1);
    assert_eq!(
        employee_keys(w),
        vec![
            ("001@aaa.com".into(), "A001".into()),
            ("002@aaa.com".into(), String::new())
        ],
        "{out}"
    );
    assert_eq!(
        exclusions(w),
        vec![
            ex("4", "employee", "003@aaa.com", "unknown-department"),
            ex("5", "employee", "004@aaa.com", "missing-name"),
            ex("6", "employee", "005@aaa.com", "missing-kana"),
            ex("7", "employee", "6", "missing-email"),
            ex("8", "employee", "007@aaa.com", "duplicate-email"),
            ex("9", "employee", "007@aaa.com", "duplicate-email"),
        ],
        "{out}"
    );
    let rows = w.read_csv("out/employees.csv");
    assert_eq!(
        rows[1],
        [
            "1",
            "ミキワメ",
            "太郎",
            "ミキワメ",
            "タロウ",
            "001@aaa.com",
            "",
            "",
            "A001",
            "",
            "",
            "",
            "",
            "0"
        ]
    );
    let s = summary(w);
    assert_eq!(s["counts"]["employees"]["create"], 2);
    assert_eq!(s["counts"]["employees"]["excluded"], 6);
    assert_eq!(s["exclusions_by_reason"]["duplicate-email"], 2);
}

#[test]
fn guide_example_hrbrain() {
    let w = Workdir::new();
    w.write(
        "hr.csv",
        "従業員番号,氏,名,氏（カナ）,名（カナ）,メールアドレス,主部署\n\
         1,ミキワメ,太郎,ミキワメ,タロウ,001@aaa.com,営業部(A001)\n\
         2,ミキワメ,次郎,ミキワメ,ジロウ,002@aaa.com,\n\
         3,ミキワメ,三郎,ミキワメ,サブロウ,003@aaa.com,サポート部(A004)\n\
         4,,,ミキワメ,シロウ,004@aaa.com,開発部(A002)\n\
         5,ミキワメ,五郎,,,005@aaa.com,人事部(A003)\n\
         6,ミキワメ,六郎,ミキワメ,ロクロウ,,人事部(A003)\n\
         7,ミキワメ,七郎,ミキワメ,ナナロウ,007@aaa.com,人事部(A003)\n\
         8,ミキワメ,八郎,ミキワメ,ハチロウ,007@aaa.com,人事部(A003)\n",
    );
    let out = reconcile(&w, "hr.csv", None, &[]);
    guide_expectations(&w, &out);
}

#[test]
fn guide_example_kaonavi() {
    let w = Workdir::new();
    w.write(
        "hr.csv",
        "社員番号,氏名,フリガナ,メールアドレス,所属コード\n\
         1,ミキワメ 太郎,ミキワメ タロウ,001@aaa.com,A001\n\
         2,ミキワメ 次郎,ミキワメ ジロウ,002@aaa.com,\n\
         3,ミキワメ 三郎,ミキワメ サブロウ,003@aaa.com,A004\n\
         4,,ミキワメ シロウ,004@aaa.com,A002\n\
         5,ミキワメ　五郎,,005@aaa.com,A003\n\
         6,ミキワメ 六郎,ミキワメ ロクロウ,,A003\n\
         7,ミキワメ 七郎,ミキワメ ナナロウ,007@aaa.com,A003\n\
         8,ミキワメ 八郎,ミキワメ ハチロウ,007@aaa.com,A003\n",
    );
    let out = reconcile(&w, "hr.csv", None, &[]);
    guide_expectations(&w, &out);
}

#[test]
fn guide_example_smarthr() {
    let w = Workdir::new();
    w.write(
        "hr.csv",
        format!(
            "{SMARTHR_EMPLOYEE_HEADER}\
             1,ミキワメ,太郎,ミキワメ,タロウ,001@aaa.com,営業部\n\
             2,ミキワメ,次郎,ミキワメ,ジロウ,002@aaa.com,\n\
             3,ミキワメ,三郎,ミキワメ,サブロウ,003@aaa.com,サポート部\n\
             4,,,ミキワメ,シロウ,004@aaa.com,開発部\n\
             5,ミキワメ,五郎,,,005@aaa.com,人事部\n\
             6,ミキワメ,六郎,ミキワメ,ロクロウ,,人事部\n\
             7,ミキワメ,七郎,ミキワメ,ナナロウ,007@aaa.com,人事部\n\
             8,ミキワメ,八郎,ミキワメ,ハチロウ,007@aaa.com,人事部\n"
        ),
    );
    let out = reconcile(&w, "hr.csv", None, &[]);
    guide_expectations(&w, &out);
}

/// SmartHR employees with no rows, for department-only tests.
fn no_employees(w: &Workdir) -> &'static str {
    w.write("hr.csv", SMARTHR_EMPLOYEE_HEADER);
    "hr.csv"
}

fn departments_csv(w: &Workdir) -> Vec<Vec<String>> {
    w.read_csv("out/departments.csv")
}

#[test]
fn department_missing_code_and_duplicate_code() {
    let w = Workdir::new();
    w.write(
        "deps.csv",
        "部署コード,部署名,親部署コード\n,サポート部,\nD1,企画部,\nD1,企画二部,\nD2,広報部,\n",
    );
    let out = reconcile(&w, no_employees(&w), Some("deps.csv"), &[]);
    out.expect_code(1);
    assert_eq!(
        exclusions(&w),
        vec![
            ex("2", "department", "", "department-missing-code"),
            ex("3", "department", "D1", "duplicate-department-code"),
            ex("4", "department", "D1", "duplicate-department-code"),
        ]
    );
    assert_eq!(departments_csv(&w)[1..], [vec!["D2", "広報部", ""]]);
}

#[test]
fn department_name_conflict_unless_the_owner_is_renamed() {
    let w = Workdir::new();
    // B001 takes 営業部 while A001 keeps it → conflict; C003 takes 人事部 while A003 is renamed → fine.
    w.write(
        "deps.csv",
        "部署コード,部署名,親部署コード\nB001,営業部,\nA003,人事総務部,\nC003,人事部,\n",
    );
    let out = reconcile(&w, no_employees(&w), Some("deps.csv"), &[]);
    out.expect_code(1);
    assert_eq!(
        exclusions(&w),
        vec![ex("2", "department", "B001", "department-name-conflict")]
    );
    assert_eq!(
        departments_csv(&w)[1..],
        [vec!["A003", "人事総務部", ""], vec!["C003", "人事部", ""]]
    );
    let changes = w.read_csv("out/changes.csv");
    assert!(changes.contains(&vec![
        "department".into(),
        "update".into(),
        "A003".into(),
        "部署名".into(),
        "人事部".into(),
        "人事総務部".into()
    ]));
}

#[test]
fn department_unknown_parent_also_when_the_parent_is_excluded() {
    let w = Workdir::new();
    w.write(
        "deps.csv",
        "部署コード,部署名,親部署コード\nP1,企画部,Z999\nD1,重複部,\nD1,重複部二,\nC1,子部署,D1\nA011,第一営業課,A001\n",
    );
    let out = reconcile(&w, no_employees(&w), Some("deps.csv"), &[]);
    out.expect_code(1);
    assert_eq!(
        exclusions(&w),
        vec![
            ex("2", "department", "P1", "department-unknown-parent"),
            ex("3", "department", "D1", "duplicate-department-code"),
            ex("4", "department", "D1", "duplicate-department-code"),
            ex("5", "department", "C1", "department-unknown-parent"),
        ]
    );
    let rows = w.read_csv("out/exclusions.csv");
    assert!(
        rows[1][7].contains("Z999"),
        "detail names the missing parent: {:?}",
        rows[1]
    );
    assert!(
        rows[4][7].contains("duplicate-department-code"),
        "detail says why the parent is excluded: {:?}",
        rows[4]
    );
    assert_eq!(
        departments_csv(&w)[1..],
        [vec!["A011", "第一営業課", "A001"]]
    );
}

#[test]
fn department_cycle() {
    let w = Workdir::new();
    w.write(
        "deps.csv",
        "部署コード,部署名,親部署コード\nC1,一課,C2\nC2,二課,C1\nC3,三課,C1\nS1,自己参照,S1\n",
    );
    let out = reconcile(&w, no_employees(&w), Some("deps.csv"), &[]);
    out.expect_code(1);
    assert_eq!(
        exclusions(&w),
        vec![
            ex("2", "department", "C1", "department-cycle"),
            ex("3", "department", "C2", "department-cycle"),
            ex("4", "department", "C3", "department-unknown-parent"),
            ex("5", "department", "S1", "department-cycle"),
        ]
    );
}

#[test]
fn department_too_deep_and_parents_before_children() {
    let w = Workdir::new();
    // L11 → L10 → … → L1, written children first.
    let mut csv = String::from("部署コード,部署名,親部署コード\n");
    for level in (1..=11).rev() {
        let parent = if level == 1 {
            String::new()
        } else {
            format!("L{}", level - 1)
        };
        csv += &format!("L{level},第{level}階層,{parent}\n");
    }
    w.write("deps.csv", csv);
    let out = reconcile(&w, no_employees(&w), Some("deps.csv"), &[]);
    out.expect_code(1);
    assert_eq!(
        exclusions(&w),
        vec![ex("2", "department", "L11", "department-too-deep")]
    );
    let order: Vec<String> = departments_csv(&w)[1..]
        .iter()
        .map(|r| r[0].clone())
        .collect();
    let expected: Vec<String> = (1..=10).map(|l| format!("L{l}")).collect();
    assert_eq!(order, expected);
}

#[test]
fn department_update_unchanged_and_target_only() {
    let w = Workdir::new();
    w.write(
        "deps.csv",
        "部署コード,部署名,親部署コード\nA001,営業部,\nA002,開発本部,A001\nA004,新設部,A002\n",
    );
    let out = reconcile(&w, no_employees(&w), Some("deps.csv"), &[]);
    out.expect_code(0);
    assert_eq!(
        departments_csv(&w)[1..],
        [
            vec!["A002", "開発本部", "A001"],
            vec!["A004", "新設部", "A002"]
        ]
    );
    let changes = w.read_csv("out/changes.csv");
    assert_eq!(
        changes[1..],
        [
            vec![
                "department",
                "update",
                "A002",
                "部署名",
                "開発部",
                "開発本部"
            ],
            vec!["department", "update", "A002", "親部署コード", "", "A001"],
            vec!["department", "create", "A004", "", "", "新設部"],
            vec!["department", "target-only", "A003", "", "人事部", ""],
        ]
    );
    let s = summary(&w);
    assert_eq!(s["counts"]["departments"]["unchanged"], 1);
    assert_eq!(s["counts"]["departments"]["target-only"], 1);
}

#[test]
fn employees_join_departments_created_in_this_run_but_not_excluded_ones() {
    let w = Workdir::new();
    w.write(
        "deps.csv",
        "部署コード,部署名,親部署コード\nN1,新設課,A001\n,コードなし課,A001\nX1,孤児課,ZZZ\n",
    );
    w.write(
        "hr.csv",
        format!(
            "{SMARTHR_EMPLOYEE_HEADER}\
             1,山田,一郎,ヤマダ,イチロウ,a@example.com,営業部/新設課\n\
             2,山田,二郎,ヤマダ,ジロウ,b@example.com,コードなし課\n\
             3,山田,三郎,ヤマダ,サブロウ,c@example.com,孤児課\n"
        ),
    );
    let out = reconcile(&w, "hr.csv", Some("deps.csv"), &[]);
    out.expect_code(1);
    assert_eq!(
        employee_keys(&w),
        vec![("a@example.com".into(), "N1".into())]
    );
    let rows = w.read_csv("out/exclusions.csv");
    let employee_rows: Vec<&Vec<String>> = rows.iter().filter(|r| r[2] == "employee").collect();
    assert_eq!(employee_rows.len(), 2);
    assert_eq!(employee_rows[0][5], "unknown-department");
    assert!(
        employee_rows[0][7].contains("department-missing-code"),
        "{:?}",
        employee_rows[0]
    );
    assert_eq!(employee_rows[1][5], "unknown-department");
    assert!(
        employee_rows[1][7].contains("department-unknown-parent"),
        "{:?}",
        employee_rows[1]
    );
}

#[test]
fn ambiguous_department_names_and_paths() {
    let w = Workdir::new();
    w.write(
        "current_departments.csv",
        "部署コード,部署名,親部署コード\nA001,営業部,\nA002,開発部,\nA011,第一課,A001\nA021,第一課,A002\n",
    );
    w.write(
        "hr.csv",
        format!(
            "{SMARTHR_EMPLOYEE_HEADER}\
             1,山田,一郎,ヤマダ,イチロウ,a@example.com,第一課\n\
             2,山田,二郎,ヤマダ,ジロウ,b@example.com,開発部/第一課\n\
             3,山田,三郎,ヤマダ,サブロウ,c@example.com,営業部 ＞ 第一課\n\
             4,山田,四郎,ヤマダ,シロウ,d@example.com,A011\n"
        ),
    );
    let out = reconcile(&w, "hr.csv", None, &[]);
    out.expect_code(1);
    assert_eq!(
        exclusions(&w),
        vec![ex("2", "employee", "a@example.com", "ambiguous-department")]
    );
    assert_eq!(
        employee_keys(&w),
        vec![
            ("b@example.com".into(), "A021".into()),
            ("c@example.com".into(), "A011".into()),
            ("d@example.com".into(), "A011".into()),
        ]
    );
}

#[test]
fn several_reasons_on_one_row_and_invalid_email() {
    let w = Workdir::new();
    w.write(
        "hr.csv",
        format!("{SMARTHR_EMPLOYEE_HEADER}1,,,,,not-an-address,存在しない部\n"),
    );
    let out = reconcile(&w, "hr.csv", None, &[]);
    out.expect_code(1);
    let codes: Vec<String> = exclusions(&w).into_iter().map(|e| e.3).collect();
    assert_eq!(
        codes,
        [
            "missing-name",
            "missing-kana",
            "invalid-email",
            "unknown-department"
        ]
    );
}

#[test]
fn email_differing_only_in_case_is_an_update_listing_each_changed_field() {
    let w = Workdir::new();
    w.write(
        "current_employees.csv",
        format!("{CURRENT_HEADER}1,山田,太郎,ヤマダ,タロウ,Taro.Yamada@Example.com,,,A001,,,,,0\n2,佐藤,花子,サトウ,ハナコ,hanako@example.com,,,A001,,,,,0\n"),
    );
    w.write(
        "hr.csv",
        format!(
            "{SMARTHR_EMPLOYEE_HEADER}\
             1,山田,太郎,ヤマダ,タロウ,taro.yamada@example.com,営業部\n\
             2,佐藤,花子,さとう,ハナコ,ＨＡＮＡＫＯ＠example.com,開発部\n"
        ),
    );
    let out = reconcile(&w, "hr.csv", None, &[]);
    out.expect_code(0);
    let changes = w.read_csv("out/changes.csv");
    assert_eq!(
        changes[1..],
        [
            vec![
                "employee",
                "update",
                "taro.yamada@example.com",
                "メールアドレス",
                "Taro.Yamada@Example.com",
                "taro.yamada@example.com"
            ],
            vec![
                "employee",
                "update",
                "HANAKO@example.com",
                "メールアドレス",
                "hanako@example.com",
                "HANAKO@example.com"
            ],
            vec![
                "employee",
                "update",
                "HANAKO@example.com",
                "所属部署",
                "A001",
                "A002"
            ],
        ]
    );
    let s = summary(&w);
    assert_eq!(s["counts"]["employees"]["update"], 2);
    assert_eq!(s["counts"]["employees"]["create"], 0);
}

#[test]
fn kaonavi_renamed_position_header_keeps_the_current_value_and_warns() {
    let w = Workdir::new();
    w.write(
        "current_employees.csv",
        format!(
            "{CURRENT_HEADER}1,山田,太郎,ヤマダ,タロウ,taro@example.com,,,A001,部長,正社員,,,0\n"
        ),
    );
    w.write(
        "hr.csv",
        "社員番号,氏名,フリガナ,メールアドレス,生年月日,性別,入社日,退職日,所属コード,役職名,雇用形態\n\
         1,山田 太郎,ヤマダ タロウ,taro@example.com,,,,,A002,課長,正社員\n",
    );
    let out = reconcile(&w, "hr.csv", None, &[]);
    out.expect_code(0);
    let rows = w.read_csv("out/employees.csv");
    assert_eq!(rows[1][8], "A002");
    assert_eq!(rows[1][9], "部長", "役職 kept, not blanked");
    let warnings = w.read_csv("out/warnings.csv");
    assert!(
        warnings.iter().any(|r| r[0] == "hr.csv"
            && r[1] == "1"
            && r[2] == "header-missing"
            && r[4].contains("役職")),
        "{warnings:?}"
    );
    let changes = w.read_csv("out/changes.csv");
    assert_eq!(
        changes[1..],
        [vec![
            "employee",
            "update",
            "taro@example.com",
            "所属部署",
            "A001",
            "A002"
        ]]
    );
    assert_eq!(summary(&w)["warnings_by_code"]["header-missing"], 1);
}

#[test]
fn retirement_sets_the_flag() {
    // kaonavi: 退職日 present → 退職者フラグ 1 and 退職日.
    let w = Workdir::new();
    w.write(
        "hr.csv",
        "社員番号,氏名,フリガナ,メールアドレス,退職日\n1,山田 太郎,ヤマダ タロウ,a@example.com,2024/03/31\n2,山田 次郎,ヤマダ ジロウ,b@example.com,\n",
    );
    reconcile(&w, "hr.csv", None, &[]).expect_code(0);
    let rows = w.read_csv("out/employees.csv");
    assert_eq!(
        (rows[1][12].as_str(), rows[1][13].as_str()),
        ("2024/03/31", "1")
    );
    assert_eq!((rows[2][12].as_str(), rows[2][13].as_str()), ("", "0"));

    // SmartHR and HRBrain: 在籍状況 = 退職済み → 1.
    for header in [
        "社員番号,姓,名,姓（ヨミガナ）,名（ヨミガナ）,メールアドレス,在籍状況,退職年月日",
        "従業員番号,氏,名,氏（カナ）,名（カナ）,メールアドレス,在籍状況,退職日",
    ] {
        let w = Workdir::new();
        w.write(
            "hr.csv",
            format!("{header}\n1,山田,太郎,ヤマダ,タロウ,a@example.com,退職済み,2024/03/31\n2,山田,次郎,ヤマダ,ジロウ,b@example.com,在籍中,\n"),
        );
        reconcile(&w, "hr.csv", None, &[]).expect_code(0);
        let rows = w.read_csv("out/employees.csv");
        assert_eq!(rows[1][13], "1", "{header}");
        assert_eq!(rows[2][13], "0", "{header}");
    }
}

#[test]
fn employment_type_tables() {
    type ValueTable = &'static [(&'static str, &'static str)];
    let cases: [(&str, &str, ValueTable); 3] = [
        (
            "従業員番号,氏,名,氏（カナ）,名（カナ）,メールアドレス,雇用形態",
            "hrbrain",
            &[
                ("正社員", "正社員"),
                ("契約社員", "契約社員"),
                ("派遣", "派遣社員"),
                ("パートタイム", "パート・アルバイト"),
                ("アルバイト", "パート・アルバイト"),
                ("バイト", "パート・アルバイト"),
                ("業務委託", "業務委託"),
                ("インターン", "その他"),
            ],
        ),
        (
            "社員番号,氏名,フリガナ,メールアドレス,雇用形態",
            "kaonavi",
            &[
                ("正社員", "正社員"),
                ("契約社員", "契約社員"),
                ("派遣社員", "派遣社員"),
                ("アルバイト・パート", "パート・アルバイト"),
                ("業務委託", "業務委託"),
                ("嘱託", "その他"),
            ],
        ),
        (
            "社員番号,姓,名,姓（ヨミガナ）,名（ヨミガナ）,メールアドレス,雇用形態",
            "smarthr",
            &[
                ("正社員", "正社員"),
                ("契約社員", "契約社員"),
                ("派遣社員", "派遣社員"),
                ("パート・アルバイト", "パート・アルバイト"),
                ("パート", "パート・アルバイト"),
                ("アルバイト", "パート・アルバイト"),
                ("業務委託", "業務委託"),
                ("嘱託", "その他"),
            ],
        ),
    ];
    for (header, system, table) in cases {
        let w = Workdir::new();
        let mut csv = format!("{header}\n");
        for (i, (value, _)) in table.iter().enumerate() {
            let name = if system == "kaonavi" {
                "山田 太郎,ヤマダ タロウ".to_string()
            } else {
                "山田,太郎,ヤマダ,タロウ".to_string()
            };
            csv += &format!("{i},{name},e{i}@example.com,{value}\n");
        }
        w.write("hr.csv", csv);
        reconcile(&w, "hr.csv", None, &["--from", system]).expect_code(0);
        let rows = w.read_csv("out/employees.csv");
        let got: Vec<&str> = rows[1..].iter().map(|r| r[10].as_str()).collect();
        let expected: Vec<&str> = table.iter().map(|(_, m)| *m).collect();
        assert_eq!(got, expected, "{system}");
        let warnings = w.read_csv("out/warnings.csv");
        let unmapped: Vec<&str> = warnings[1..]
            .iter()
            .filter(|r| r[2] == "unmapped-employment-type")
            .map(|r| r[1].as_str())
            .collect();
        assert_eq!(
            unmapped,
            [(table.len() + 1).to_string().as_str()],
            "{system}: only the last value warns"
        );
    }
}

#[test]
fn cp932_output_excludes_rows_it_cannot_hold_and_writes_the_rest_in_cp932() {
    let w = Workdir::new();
    w.write(
        "hr.csv",
        format!(
            "{SMARTHR_EMPLOYEE_HEADER}\
             1,𠮷田,太郎,ヨシダ,タロウ,a@example.com,営業部\n\
             2,髙﨑,健,タカサキ,ケン,b@example.com,営業部\n"
        ),
    );
    let out = reconcile(&w, "hr.csv", None, &["--encoding", "cp932"]);
    out.expect_code(1);
    assert_eq!(
        exclusions(&w),
        vec![ex(
            "2",
            "employee",
            "a@example.com",
            "unencodable-character"
        )]
    );
    let bytes = std::fs::read(w.path("out/employees.csv")).unwrap();
    let (text, had_errors) = encoding_rs::SHIFT_JIS.decode_without_bom_handling(&bytes);
    assert!(!had_errors);
    assert!(!bytes.starts_with(b"\xEF\xBB\xBF"));
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the file is CP932, not UTF-8"
    );
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(
        lines[1],
        "2,髙﨑,健,タカサキ,ケン,b@example.com,,,A001,,,,,0"
    );
    assert!(!text.contains('?'));
}

#[test]
fn out_that_would_overwrite_an_input_is_refused_and_nothing_is_written() {
    let w = Workdir::new();
    w.write("current_departments.csv", CURRENT_DEPARTMENTS);
    w.write("current_employees.csv", CURRENT_HEADER);
    w.write(
        "employees.csv",
        format!("{SMARTHR_EMPLOYEE_HEADER}1,山田,太郎,ヤマダ,タロウ,a@example.com,\n"),
    );
    let before: Vec<_> = std::fs::read_dir(w.dir())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    let original = std::fs::read(w.path("employees.csv")).unwrap();
    let out = w.run(&[
        "reconcile",
        "--employees",
        "employees.csv",
        "--current-employees",
        "current_employees.csv",
        "--out",
        ".",
    ]);
    out.expect_code(2);
    out.expect_stderr_contains("employees.csv");
    let mut after: Vec<_> = std::fs::read_dir(w.dir())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    let mut before = before;
    before.sort();
    after.sort();
    assert_eq!(before, after, "nothing written");
    assert_eq!(std::fs::read(w.path("employees.csv")).unwrap(), original);
}

#[test]
fn one_thread_and_four_threads_give_identical_outputs() {
    let samples = common::samples();
    let employees = samples.join("kaonavi/members.csv");
    let departments = samples.join("kaonavi/departments.csv");
    let current_employees = samples.join("mikiwame/employees.csv");
    let current_departments = samples.join("mikiwame/departments.csv");
    let w = Workdir::new();
    for (threads, out) in [("1", "one"), ("4", "four")] {
        w.run(&[
            "reconcile",
            "--employees",
            employees.to_str().unwrap(),
            "--departments",
            departments.to_str().unwrap(),
            "--current-employees",
            current_employees.to_str().unwrap(),
            "--current-departments",
            current_departments.to_str().unwrap(),
            "--out",
            out,
            "--threads",
            threads,
        ])
        .expect_code(1);
    }
    for name in [
        "departments.csv",
        "employees.csv",
        "exclusions.csv",
        "changes.csv",
        "warnings.csv",
        "summary.json",
    ] {
        let one = std::fs::read(w.path(&format!("one/{name}"))).unwrap();
        let four = std::fs::read(w.path(&format!("four/{name}"))).unwrap();
        assert_eq!(one, four, "{name} differs between 1 and 4 threads");
    }
}

#[test]
fn import_xlsx_holds_the_same_cells_as_the_csvs() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let samples = common::samples();
    let w = Workdir::new();
    w.run(&[
        "reconcile",
        "--employees",
        samples.join("smarthr/employees.xlsx").to_str().unwrap(),
        "--departments",
        samples.join("smarthr/departments.csv").to_str().unwrap(),
        "--current-employees",
        samples.join("mikiwame/employees.csv").to_str().unwrap(),
        "--current-departments",
        samples.join("mikiwame/departments.csv").to_str().unwrap(),
        "--out",
        "out",
    ])
    .expect_code(1);
    let mut workbook: Xlsx<_> = open_workbook(w.path("out/import.xlsx")).unwrap();
    assert_eq!(workbook.sheet_names(), ["部署", "社員"]);
    for (sheet, csv) in [
        ("部署", "out/departments.csv"),
        ("社員", "out/employees.csv"),
    ] {
        let range = workbook.worksheet_range(sheet).unwrap();
        let width = range.width();
        let cells: Vec<Vec<String>> = range
            .rows()
            .map(|row| {
                row.iter()
                    .map(|cell| match cell {
                        Data::String(s) => s.clone(),
                        Data::Empty => String::new(),
                        other => panic!("{sheet}: a non-string cell {other:?}"),
                    })
                    .collect()
            })
            .collect();
        let expected: Vec<Vec<String>> = w
            .read_csv(csv)
            .into_iter()
            .map(|mut row| {
                row.resize(width, String::new());
                row
            })
            .collect();
        assert_eq!(cells, expected, "{sheet}");
        assert!(cells.len() > 1, "{sheet} has data rows");
    }
}

#[test]
fn formula_like_values_are_neutralised_in_reports() {
    let w = Workdir::new();
    w.write(
        "hr.csv",
        format!("{SMARTHR_EMPLOYEE_HEADER}1,=HYPERLINK(\"x\"),太郎,,タロウ,a@example.com,\n"),
    );
    reconcile(&w, "hr.csv", None, &[]).expect_code(1);
    let rows = w.read_csv("out/exclusions.csv");
    assert_eq!(rows[1][4], "'=HYPERLINK(\"x\") 太郎");
}

#[test]
fn explain_knows_every_reason_with_the_guides_advice() {
    let w = Workdir::new();
    let out = w.run(&["explain"]);
    out.expect_success();
    for code in [
        "department-missing-code",
        "duplicate-department-code",
        "department-name-conflict",
        "department-unknown-parent",
        "department-cycle",
        "department-too-deep",
        "missing-name",
        "missing-kana",
        "missing-email",
        "invalid-email",
        "duplicate-email",
        "unknown-department",
        "ambiguous-department",
        "invalid-encoding",
        "unencodable-character",
        "header-missing",
        "unmapped-employment-type",
    ] {
        assert!(
            out.stdout.lines().any(|l| l.starts_with(code)),
            "explain lists {code}\n{out}"
        );
    }
    let one = w.run(&["explain", "department-missing-code"]);
    one.expect_success();
    assert!(one.stdout.contains("組織情報コード"), "{one}");
    let en = w.run(&["--lang", "en", "explain", "unknown-department"]);
    assert!(
        en.stdout.contains("Sync departments before employees"),
        "{en}"
    );
    w.run(&["explain", "no-such-code"]).expect_code(2);
}

#[test]
fn format_and_encoding_choose_the_import_files() {
    let w = Workdir::new();
    w.write(
        "hr.csv",
        format!("{SMARTHR_EMPLOYEE_HEADER}1,山田,太郎,ヤマダ,タロウ,a@example.com,営業部\n"),
    );
    reconcile(
        &w,
        "hr.csv",
        None,
        &["--format", "csv", "--encoding", "utf8"],
    )
    .expect_code(0);
    assert!(!w.path("out/import.xlsx").exists());
    let bytes = std::fs::read(w.path("out/employees.csv")).unwrap();
    assert!(bytes.starts_with("社員番号,".as_bytes()), "utf8 has no BOM");
    let reports = std::fs::read(w.path("out/exclusions.csv")).unwrap();
    assert!(
        reports.starts_with(b"\xEF\xBB\xBF"),
        "reports are always UTF-8 with BOM"
    );

    let w = Workdir::new();
    w.write(
        "hr.csv",
        format!("{SMARTHR_EMPLOYEE_HEADER}1,山田,太郎,ヤマダ,タロウ,a@example.com,営業部\n"),
    );
    reconcile(&w, "hr.csv", None, &["--format", "xlsx"]).expect_code(0);
    assert!(w.path("out/import.xlsx").exists());
    assert!(!w.path("out/employees.csv").exists());
    assert!(!w.path("out/departments.csv").exists());
    let s = summary(&w);
    assert_eq!(
        s["outputs"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|o| o.as_str() == Some("import.xlsx"))
            .count(),
        1
    );
}
