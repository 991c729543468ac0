//! `meibo reconcile --to meishi|kitera|kaonavi` on small files (docs/receivers/): exact
//! import rows, report lines and codes for every rule, the deletion guard, the flags each system
//! takes, and one run per system on the bundled samples.

mod common;

use calamine::Reader;
use common::{samples, Output, Workdir};

/// The data rows of a CSV written by the run (header checked separately where it matters).
fn data(w: &Workdir, name: &str) -> Vec<Vec<String>> {
    w.read_csv(name)[1..].to_vec()
}

/// (row, kind, key, code) of every exclusion line.
fn exclusions(w: &Workdir, out: &str) -> Vec<[String; 4]> {
    data(w, &format!("{out}/exclusions.csv"))
        .into_iter()
        .map(|r| [r[1].clone(), r[2].clone(), r[3].clone(), r[5].clone()])
        .collect()
}

fn ex(row: &str, kind: &str, key: &str, code: &str) -> [String; 4] {
    [row.into(), kind.into(), key.into(), code.into()]
}

/// (row, code, detail) of every warning line.
fn warnings(w: &Workdir, out: &str) -> Vec<[String; 3]> {
    data(w, &format!("{out}/warnings.csv"))
        .into_iter()
        .map(|r| [r[1].clone(), r[2].clone(), r[4].clone()])
        .collect()
}

fn rows(lines: &[&[&str]]) -> Vec<Vec<String>> {
    lines
        .iter()
        .map(|l| l.iter().map(|c| c.to_string()).collect())
        .collect()
}

fn summary(w: &Workdir, out: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(w.path(&format!("{out}/summary.json"))).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Nothing at all was written into `out` (a refused run).
#[track_caller]
fn nothing_written(w: &Workdir, out: &str, run: &Output) {
    let entries: Vec<String> = std::fs::read_dir(w.path(out))
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    assert!(entries.is_empty(), "{entries:?}\n{run}");
}

// ------------------------------------------------------------------------------------------------
// クラウド法人名刺 (--to meishi)
// ------------------------------------------------------------------------------------------------

const GROUPS_HEADER: &str = "グループコード,グループ名,親グループコード\n";
const MEISHI_HEADER: &str = "社員ID,姓,名,メールアドレス,グループコード,グループ名,権限\n";
const MEISHI_LAYOUT: [&str; 8] = [
    "社員ID",
    "姓",
    "名",
    "メールアドレス",
    "グループコード",
    "グループ名",
    "権限",
    "初期パスワード",
];

/// Run `--to meishi` with `hr.csv` (and `deps.csv` when written) against `groups.csv` and
/// `members.csv` (empty but for グループ1 unless written before).
fn meishi(w: &Workdir, out: &str, extra: &[&str]) -> Output {
    if !w.path("groups.csv").exists() {
        w.write("groups.csv", format!("{GROUPS_HEADER},グループ1,\n"));
    }
    if !w.path("members.csv").exists() {
        w.write("members.csv", MEISHI_HEADER);
    }
    let mut args = vec![
        "reconcile",
        "--to",
        "meishi",
        "--employees",
        "hr.csv",
        "--current-employees",
        "members.csv",
        "--current-departments",
        "groups.csv",
        "--company-id",
        "acme",
        "--out",
        out,
    ];
    if w.path("deps.csv").exists() {
        args.extend(["--departments", "deps.csv"]);
    }
    args.extend(extra);
    w.run(&args)
}

#[test]
fn meishi_groups_keep_parent_links_allow_same_names_and_any_depth() {
    let w = Workdir::new();
    w.write(
        "groups.csv",
        format!("{GROUPS_HEADER},グループ1,\nD1,本社,\nX9,営業部,\n"),
    );
    let mut deps = String::from(
        "部署コード,部署名,親部署コード\nD3,第一課,D2\nD1,本社,\nD2,営業部,D1\nX9,営業部,\n",
    );
    // Eleven levels: ミキワメ's limit of ten does not apply to groups.
    for level in 1..=11 {
        let parent = if level == 1 {
            String::new()
        } else {
            format!("L{}", level - 1)
        };
        deps += &format!("L{level},階層{level},{parent}\n");
    }
    w.write("deps.csv", deps);
    w.write("hr.csv", "社員番号,姓,名,生年月日\n");
    let out = meishi(&w, "out", &[]);
    out.expect_success();
    let groups = w.read_csv("out/departments.csv");
    assert_eq!(
        groups[0],
        ["グループコード", "グループ名", "親グループコード"]
    );
    let mut expected = vec![
        vec!["L1", "階層1", ""],
        vec!["D2", "営業部", "D1"],
        vec!["L2", "階層2", "L1"],
        vec!["D3", "第一課", "D2"],
    ];
    let deeper: Vec<[String; 3]> = (3..=11)
        .map(|l| [format!("L{l}"), format!("階層{l}"), format!("L{}", l - 1)])
        .collect();
    expected.extend(
        deeper
            .iter()
            .map(|r| r.iter().map(String::as_str).collect()),
    );
    assert_eq!(groups[1..], expected, "{out}");
    let s = summary(&w, "out");
    assert_eq!(s["target_system"], "meishi");
    assert_eq!(
        s["counts"]["departments"],
        serde_json::json!({"create": 13, "update": 0, "unchanged": 2, "delete": 0,
                           "target-only": 0, "excluded": 0})
    );
    // Same name, another code: a new group, not department-name-conflict.
    assert!(data(&w, "out/exclusions.csv").is_empty());
}

#[test]
fn meishi_group_level_picks_department_n_and_none_means_group_1() {
    let w = Workdir::new();
    w.write(
        "deps.csv",
        "部署コード,部署名,親部署コード\nD1,本社,\nD2,営業部,D1\nD3,開発部,D1\n",
    );
    w.write(
        "groups.csv",
        format!("{GROUPS_HEADER},グループ1,\nD1,本社,\nD2,営業部,D1\nD3,開発部,D1\n"),
    );
    w.write(
        "members.csv",
        format!("{MEISHI_HEADER}1003,佐藤,次郎,jiro@example.com,D3,開発部,申請者\n1004,鈴木,三郎,,D2,営業部,承認者\n"),
    );
    w.write(
        "hr.csv",
        "社員番号,姓,名,生年月日,部署1,部署2\n\
         1001,山田,太郎,1990/01/01,本社/営業部,本社/開発部\n\
         1002,田中,花子,1991/02/02,本社/営業部,\n\
         1003,佐藤,次郎,1992/03/03,本社/開発部,本社/営業部\n\
         1004,鈴木,三郎,1993/04/04,本社/開発部,\n\
         1005,高橋,四郎,1994/05/05,,存在しない部\n",
    );
    let out = meishi(&w, "level2", &["--group-level", "2"]);
    out.expect_success();
    assert_eq!(w.read_csv("level2/employees.csv")[0], MEISHI_LAYOUT);
    assert_eq!(
        data(&w, "level2/employees.csv"),
        rows(&[
            &[
                "1001",
                "山田",
                "太郎",
                "",
                "D3",
                "開発部",
                "申請者",
                "acme-1990-01-01"
            ],
            // 部署2 blank: a new employee goes to グループ1 …
            &[
                "1002",
                "田中",
                "花子",
                "",
                "",
                "グループ1",
                "申請者",
                "acme-1991-02-02"
            ],
            // … an existing one takes 部署2 when it is set (e-mail kept: no such column) …
            &[
                "1003",
                "佐藤",
                "次郎",
                "jiro@example.com",
                "D2",
                "営業部",
                "",
                ""
            ],
            &[
                "1005",
                "高橋",
                "四郎",
                "",
                "",
                "グループ1",
                "申請者",
                "acme-1994-05-05"
            ],
        ]),
        "{out}"
    );
    // … and keeps its group when 部署2 is blank (1004 unchanged).
    assert_eq!(
        data(&w, "level2/changes.csv"),
        rows(&[
            &["employee", "create", "1001", "", "", "山田 太郎"],
            &["employee", "create", "1002", "", "", "田中 花子"],
            &["employee", "update", "1003", "グループ", "D3", "D2"],
            &["employee", "create", "1005", "", "", "高橋 四郎"],
        ])
    );
    assert_eq!(
        warnings(&w, "level2"),
        [[
            "6".to_string(),
            "unknown-group".into(),
            "部署2 \"存在しない部\"".into()
        ]]
    );

    // No --group-level (or none): 適用しない — new employees in グループ1, existing ones kept.
    for (out_dir, extra) in [("plain", &[][..]), ("none", &["--group-level", "none"][..])] {
        meishi(&w, out_dir, extra).expect_success();
        let written: Vec<(String, String)> = data(&w, &format!("{out_dir}/employees.csv"))
            .into_iter()
            .map(|r| (r[0].clone(), r[5].clone()))
            .collect();
        assert_eq!(
            written,
            [
                ("1001".to_string(), "グループ1".to_string()),
                ("1002".into(), "グループ1".into()),
                ("1005".into(), "グループ1".into()),
            ],
            "{out_dir}"
        );
        assert!(warnings(&w, out_dir).is_empty());
    }

    // The same download as SmartHR writes it (`部署N 部署`, CP932, issue 12) picks the same groups.
    let text = std::fs::read_to_string(w.path("hr.csv"))
        .unwrap()
        .replace("部署1,部署2", "部署1 部署,部署2 部署");
    w.write("hr.csv", encoding_rs::SHIFT_JIS.encode(&text).0);
    meishi(&w, "real", &["--group-level", "2"]).expect_success();
    assert_eq!(
        w.read_csv("real/employees.csv"),
        w.read_csv("level2/employees.csv")
    );
    assert_eq!(
        w.read_csv("real/changes.csv"),
        w.read_csv("level2/changes.csv")
    );
}

#[test]
fn meishi_employee_id_is_the_number_when_it_fits_else_a_stable_generated_one() {
    let w = Workdir::new();
    w.write(
        "hr.csv",
        "社員番号,姓,名,メールアドレス,生年月日\n\
         ab1,一,太郎,,1990/01/01\n\
         12,二,太郎,,1990/01/01\n\
         -abc,三,太郎,,1990/01/01\n\
         abc.,四,太郎,,1990/01/01\n\
         a.b@c_d-e,五,太郎,,1990/01/01\n\
         ＡＢ１２３,六,太郎,,1990/01/01\n\
         ,七,太郎,,1990/01/01\n\
         777,八,太郎,,1990/01/01\n\
         777,九,太郎,,1990/01/01\n\
         1234567890123456789012345,十,太郎,,1990/01/01\n\
         山田1,十一,太郎,,1990/01/01\n\
         ,山田,太郎,,1990/01/01\n\
         ,山田,太郎,,1990/01/01\n",
    );
    let out = meishi(&w, "out", &[]);
    out.expect_success();
    let ids: Vec<String> = data(&w, "out/employees.csv")
        .into_iter()
        .map(|r| r[0].clone())
        .collect();
    assert_eq!(
        ids,
        [
            // Pinned: the derivation from fields that do not change (docs/meishi-employee-id.md).
            "ab1",
            "3G43E9EQ",
            "XPH05X7C",
            "DSOD9R5X",
            "a.b@c_d-e",
            "AB123",
            "V98ZCFBB",
            "J4TY7F9T",
            "G0BCNYWM",
            "9VJ7RWGM",
            "09H7P7Y4",
            // Same name and birth date, no 社員番号 or e-mail: derived again with a counter.
            "94TFCQ71",
            "LE1I0L5K",
        ],
        "{out}"
    );
    assert_eq!(
        warnings(&w, "out"),
        [
            [
                "3",
                "employee-id-generated",
                &format!(
                    "社員番号 \"12\": 3〜24 文字ではありません → 社員ID {}",
                    ids[1]
                )
            ],
            [
                "4",
                "employee-id-generated",
                &format!(
                    "社員番号 \"-abc\": 先頭か末尾が記号です → 社員ID {}",
                    ids[2]
                )
            ],
            [
                "5",
                "employee-id-generated",
                &format!(
                    "社員番号 \"abc.\": 先頭か末尾が記号です → 社員ID {}",
                    ids[3]
                )
            ],
            [
                "8",
                "employee-id-generated",
                &format!("社員番号 \"\": 空欄 → 社員ID {}", ids[6])
            ],
            [
                "9",
                "employee-id-generated",
                &format!(
                    "社員番号 \"777\": ほかの行と同じです（9, 10 行目） → 社員ID {}",
                    ids[7]
                )
            ],
            [
                "10",
                "employee-id-generated",
                &format!(
                    "社員番号 \"777\": ほかの行と同じです（9, 10 行目） → 社員ID {}",
                    ids[8]
                )
            ],
            [
                "11",
                "employee-id-generated",
                &format!(
                    "社員番号 \"1234567890123456789012345\": 3〜24 文字ではありません → 社員ID {}",
                    ids[9]
                )
            ],
            [
                "12",
                "employee-id-generated",
                &format!(
                    "社員番号 \"山田1\": A-Z a-z 0-9 @ . _ - 以外の文字があります → 社員ID {}",
                    ids[10]
                )
            ],
            [
                "13",
                "employee-id-generated",
                &format!("社員番号 \"\": 空欄 → 社員ID {}", ids[11])
            ],
            [
                "14",
                "employee-id-generated",
                &format!("社員番号 \"\": 空欄 → 社員ID {}", ids[12])
            ],
        ]
        .map(|r| r.map(String::from))
    );
    // Same input, same IDs: a second run writes the same file byte for byte.
    meishi(&w, "again", &[]).expect_success();
    assert_eq!(
        std::fs::read(w.path("out/employees.csv")).unwrap(),
        std::fs::read(w.path("again/employees.csv")).unwrap()
    );
    // And once imported, the generated IDs match: nothing to create.
    let mut current = String::from(MEISHI_HEADER);
    for r in data(&w, "out/employees.csv") {
        current += &format!(
            "{},{},{},{},{},{},申請者\n",
            r[0], r[1], r[2], r[3], r[4], r[5]
        );
    }
    w.write("members.csv", current);
    meishi(&w, "third", &[]).expect_success();
    assert!(data(&w, "third/employees.csv").is_empty());
    assert_eq!(summary(&w, "third")["counts"]["employees"]["unchanged"], 13);
    // Employees imported by meibo before issue 14 (IDs from 社員番号, e-mail and name) keep theirs.
    let older = [
        "ab1",
        "5MS23WVA",
        "W2XPX3PR",
        "E8F7HKVW",
        "a.b@c_d-e",
        "AB123",
        "ZDXPTRQZ",
        "0FQY4IAR",
        "SWLJGQ6V",
        "OI09YEAA",
        "YRCV966J",
        "0CHLD3VT",
        "VHI3CWSH",
    ];
    let mut current = String::from(MEISHI_HEADER);
    for (r, id) in data(&w, "out/employees.csv").iter().zip(older) {
        current += &format!("{id},{},{},{},{},{},申請者\n", r[1], r[2], r[3], r[4], r[5]);
    }
    w.write("members.csv", current);
    meishi(&w, "fourth", &[]).expect_success();
    assert!(data(&w, "fourth/employees.csv").is_empty());
    assert_eq!(
        summary(&w, "fourth")["counts"]["employees"]["unchanged"],
        13
    );
}

#[test]
fn meishi_employees_without_name_or_birth_date_are_not_imported() {
    let w = Workdir::new();
    w.write(
        "hr.csv",
        "社員番号,姓,名,生年月日\n\
         2001,,太郎,1990/01/01\n\
         2002,山田,花子,\n\
         2003,,,\n\
         2004,佐藤,一郎,1990/13/45\n\
         2005,鈴木,二郎,平成2年4月1日\n",
    );
    let out = meishi(&w, "out", &[]);
    out.expect_code(1);
    assert_eq!(
        exclusions(&w, "out"),
        [
            ex("2", "employee", "2001", "missing-name"),
            ex("3", "employee", "2002", "missing-birth-date"),
            ex("4", "employee", "2003", "missing-name"),
            ex("4", "employee", "2003", "missing-birth-date"),
            ex("5", "employee", "2004", "missing-birth-date"),
        ],
        "{out}"
    );
    assert_eq!(
        warnings(&w, "out"),
        [[
            "5".to_string(),
            "invalid-date".into(),
            "生年月日: \"1990/13/45\"".into()
        ]]
    );
    assert_eq!(
        data(&w, "out/employees.csv"),
        rows(&[&[
            "2005",
            "鈴木",
            "二郎",
            "",
            "",
            "グループ1",
            "申請者",
            "acme-1990-04-01"
        ]])
    );
}

#[test]
fn meishi_members_of_deleted_departments_go_to_group_1() {
    let w = Workdir::new();
    w.write("deps.csv", "部署コード,部署名,親部署コード\nD1,本社,\n");
    w.write(
        "groups.csv",
        format!("{GROUPS_HEADER}G0,グループ1,\nD1,本社,\nD8,旧部署A,\nD9,旧部署B,D8\n"),
    );
    w.write(
        "members.csv",
        format!(
            "{MEISHI_HEADER}3001,山田,太郎,,D9,旧部署B,申請者\n3002,田中,花子,,D8,旧部署A,承認者\n\
             3003,佐藤,次郎,,D1,本社,申請者\n3004,鈴木,三郎,,G0,グループ1,申請者\n"
        ),
    );
    w.write(
        "hr.csv",
        "社員番号,姓,名,生年月日\n3001,山田,太郎,1990/01/01\n3004,鈴木,三郎,1991/01/01\n",
    );
    // Two of four groups would go: more than 20 %.
    let refused = meishi(&w, "refused", &[]);
    refused
        .expect_code(2)
        .expect_stderr_contains("[mass-delete]")
        .expect_stderr_contains("2 / 4");
    nothing_written(&w, "refused", &refused);

    let out = meishi(&w, "out", &["--allow-mass-delete"]);
    out.expect_success();
    // Deepest first; グループ1 is never deleted.
    assert_eq!(
        data(&w, "out/departments_delete.csv"),
        rows(&[&["D9", "旧部署B", "D8"], &["D8", "旧部署A", ""]])
    );
    assert_eq!(
        data(&w, "out/employees.csv"),
        rows(&[
            &["3001", "山田", "太郎", "", "G0", "グループ1", "", ""],
            &["3002", "田中", "花子", "", "G0", "グループ1", "", ""],
        ]),
        "{out}"
    );
    assert_eq!(
        data(&w, "out/changes.csv"),
        rows(&[
            &["department", "target-only", "G0", "", "グループ1", ""],
            &["department", "delete", "D8", "", "旧部署A", ""],
            &["department", "delete", "D9", "", "旧部署B", ""],
            &["employee", "update", "3001", "グループ", "D9", "G0"],
            &["employee", "update", "3002", "グループ", "D8", "G0"],
            &["employee", "target-only", "3003", "", "佐藤 次郎", ""],
        ])
    );
    let s = summary(&w, "out");
    assert_eq!(s["counts"]["departments"]["delete"], 2);
    assert_eq!(
        s["counts"]["employees"],
        serde_json::json!({"create": 0, "update": 2, "unchanged": 1, "target-only": 1,
                           "excluded": 0})
    );
    // The limit can also be raised instead.
    meishi(&w, "raised", &["--max-deletions", "2"]).expect_success();
    meishi(&w, "share", &["--max-deletions", "50%"]).expect_success();
    let low = meishi(&w, "low", &["--max-deletions", "49%"]);
    low.expect_code(2);
    nothing_written(&w, "low", &low);
}

/// 名刺's 一括処理 imports Excel: import.xlsx is the import — every cell a text cell (leading
/// zeros kept, a value that looks like a formula or a number stays the text it is), no formula,
/// the groups before the employees; the groups to delete are a CSV list beside it, written even
/// with `--format xlsx`. The closing summary says the layout is the guide's and names --template.
#[test]
fn meishi_import_workbook_has_text_cells_and_no_formulas() {
    use calamine::{Data, Reader};
    let w = Workdir::new();
    w.write(
        "groups.csv",
        format!("{GROUPS_HEADER},グループ1,\nX9,旧部署,\n"),
    );
    w.write(
        "deps.csv",
        "部署コード,部署名,親部署コード\n0012,@営業,\n0013,=1+2,0012\n",
    );
    w.write(
        "hr.csv",
        "社員番号,姓,名,メールアドレス,生年月日\n\
         007,=SUM(A1),+81,,1990/01/01\n\
         0100,-5,1.5E3,a@example.com,平成2年4月1日\n",
    );
    let out = meishi(
        &w,
        "out",
        &["--format", "xlsx", "--lang", "en", "--allow-mass-delete"],
    );
    out.expect_success()
        .expect_stderr_contains("The import files' columns follow the integration guide (クラウド法人名刺's import layout is not public); give --template with クラウド法人名刺's import template or export to match it exactly.")
        .expect_stderr_contains("import import.xlsx (sheets グループ and 社員, groups first); then delete the groups of departments_delete.csv");
    assert!(!w.path("out/employees.csv").exists() && !w.path("out/departments.csv").exists());
    assert_eq!(
        data(&w, "out/departments_delete.csv"),
        rows(&[&["X9", "旧部署", ""]])
    );
    let path = w.path("out/import.xlsx");
    let mut workbook = calamine::open_workbook_auto(&path).unwrap();
    assert_eq!(workbook.sheet_names(), ["グループ", "社員"]);
    let expected: [(&str, &[&[&str]]); 2] = [
        (
            "グループ",
            &[
                &["グループコード", "グループ名", "親グループコード"],
                &["0012", "@営業", ""],
                &["0013", "=1+2", "0012"],
            ],
        ),
        (
            "社員",
            &[
                &MEISHI_LAYOUT,
                &[
                    "007",
                    "=SUM(A1)",
                    "+81",
                    "",
                    "",
                    "グループ1",
                    "申請者",
                    "acme-1990-01-01",
                ],
                &[
                    "0100",
                    "-5",
                    "1.5E3",
                    "a@example.com",
                    "",
                    "グループ1",
                    "申請者",
                    "acme-1990-04-01",
                ],
            ],
        ),
    ];
    for (sheet, want) in expected {
        let range = workbook.worksheet_range(sheet).unwrap();
        let mut cells = Vec::new();
        for row in range.rows() {
            let mut line = Vec::new();
            for cell in row {
                match cell {
                    Data::String(text) => line.push(text.clone()),
                    Data::Empty => line.push(String::new()),
                    other => panic!("{sheet}: a cell that is not text: {other:?}"),
                }
            }
            line.resize(want[0].len(), String::new());
            cells.push(line);
        }
        assert_eq!(cells, rows(want), "{sheet}");
        let formulas = workbook.worksheet_formula(sheet).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "{sheet}: a formula"
        );
    }
}

#[test]
fn meishi_same_name_employees_are_distinct() {
    let w = Workdir::new();
    w.write(
        "members.csv",
        format!("{MEISHI_HEADER}9001,山田,太郎,taro@example.com,,グループ1,申請者\n"),
    );
    w.write(
        "hr.csv",
        "社員番号,姓,名,メールアドレス,生年月日\n\
         9002,山田,太郎,taro@example.com,1990/01/01\n\
         9003,山田,太郎,taro@example.com,1990/01/01\n",
    );
    let out = meishi(&w, "out", &[]);
    out.expect_success();
    assert_eq!(
        data(&w, "out/changes.csv"),
        rows(&[
            &["employee", "create", "9002", "", "", "山田 太郎"],
            &["employee", "create", "9003", "", "", "山田 太郎"],
            &["employee", "target-only", "9001", "", "山田 太郎", ""],
        ])
    );
    assert_eq!(data(&w, "out/employees.csv").len(), 2);
}

// ------------------------------------------------------------------------------------------------
// KiteRa (--to kitera)
// ------------------------------------------------------------------------------------------------

const KITERA_HEADER: &str = "従業員コード,メールアドレス,名前,役割,認証方法\n";
/// KiteRa's ユーザーインポート layout (help.kitera-cloud.jp/biz/manual/articles/3635).
const KITERA_IMPORT: [&str; 5] = ["従業員コード", "メールアドレス", "名前", "役割", "認証方法"];
const SMARTHR_USERS: &str =
    "社員番号,姓,名,ビジネスネーム：姓,ビジネスネーム：名,メールアドレス,在籍状況\n";

fn kitera(w: &Workdir, out: &str, extra: &[&str]) -> Output {
    if !w.path("users.csv").exists() {
        w.write("users.csv", KITERA_HEADER);
    }
    let mut args = vec![
        "reconcile",
        "--to",
        "kitera",
        "--employees",
        "hr.csv",
        "--current-employees",
        "users.csv",
        "--out",
        out,
    ];
    args.extend(extra);
    w.run(&args)
}

#[test]
fn kitera_users_carry_code_email_name_role_and_login() {
    let w = Workdir::new();
    w.write(
        "users.csv",
        format!("{KITERA_HEADER}K001,taro@example.com,山田 太郎,管理者,パスワード\nK002,hanako@example.com,佐藤 花子,メンバー,パスワード\n"),
    );
    w.write(
        "hr.csv",
        format!(
            "{SMARTHR_USERS}\
             K001,山田,太郎,,,taro@example.com,在籍中\n\
             K002,山田,花子,佐藤,花子,hanako@example.com,在籍中\n\
             K003,田中,一郎,,,ichiro@example.com,在籍中\n\
             K004,鈴木,二郎,,,,休職中\n"
        ),
    );
    let out = kitera(&w, "sso", &["--auth", "sso"]);
    out.expect_success();
    let users = w.read_csv("sso/users_001.csv");
    assert_eq!(users[0], KITERA_IMPORT);
    assert_eq!(
        users[1..],
        rows(&[
            // a registered user keeps the 役割 KiteRa has
            &["K001", "taro@example.com", "山田 太郎", "管理者", "SSO"],
            // business name first
            &["K002", "hanako@example.com", "佐藤 花子", "メンバー", "SSO"],
            // a new user's blank 役割 is the importer's メンバー
            &["K003", "ichiro@example.com", "田中 一郎", "", "SSO"],
            // no e-mail: registered by 従業員コード, password login
            &["K004", "", "鈴木 二郎", "", "パスワード"],
        ]),
        "{out}"
    );
    assert_eq!(
        data(&w, "sso/changes.csv"),
        rows(&[
            &[
                "employee",
                "update",
                "K001",
                "認証方法",
                "パスワード",
                "SSO"
            ],
            &[
                "employee",
                "update",
                "K002",
                "認証方法",
                "パスワード",
                "SSO"
            ],
            &["employee", "create", "K003", "", "", "田中 一郎"],
            &["employee", "create", "K004", "", "", "鈴木 二郎"],
        ])
    );
    // One file: no line about a split, and the workbook's sheet is the file's.
    assert!(!out.stderr.contains("ファイルに分けました"), "{out}");
    let sheets = workbook_sheets(&w.path("sso/import.xlsx"));
    assert_eq!(sheets, ["ユーザー_001", "ユーザー削除"]);

    let out = kitera(&w, "password", &[]);
    out.expect_success();
    assert_eq!(
        data(&w, "password/users_001.csv"),
        rows(&[
            &["K003", "ichiro@example.com", "田中 一郎", "", "パスワード"],
            &["K004", "", "鈴木 二郎", "", "パスワード"],
        ]),
        "{out}"
    );
    assert_eq!(
        summary(&w, "password")["counts"]["employees"],
        serde_json::json!({"create": 2, "update": 0, "unchanged": 2, "delete": 0, "skipped": 0,
                           "target-only": 0, "excluded": 0})
    );
}

/// The sheet names of a workbook, in order.
fn workbook_sheets(path: &std::path::Path) -> Vec<String> {
    use calamine::Reader;
    calamine::open_workbook_auto(path)
        .expect("a workbook")
        .sheet_names()
        .to_vec()
}

/// 1,205 new users: two files of 1,000 and 205 in source order, whose rows add up to exactly the
/// users meibo creates; the closing summary and report.html say how many files and their order.
#[test]
fn kitera_1205_users_are_split_into_two_files_in_import_order() {
    let w = Workdir::new();
    let mut source = String::from(SMARTHR_USERS);
    let mut expected: Vec<Vec<String>> = Vec::new();
    for i in 1..=1205 {
        let code = format!("E{i:05}");
        let email = format!("user{i}@example.com");
        source += &format!("{code},社員,{i},,,{email},在籍中\n");
        expected.push(vec![
            code,
            email,
            format!("社員 {i}"),
            String::new(),
            "パスワード".into(),
        ]);
    }
    // A refused row and a retiree in between: neither is in the files.
    source += "E-BAD,社員,誤,,,not-an-address,在籍中\nR00001,退職,者,,,r@example.com,退職済み\n";
    w.write("hr.csv", &source);
    for (lang, split, order) in [
        (
            "ja",
            "ユーザーは 2 ファイルに分けました（KiteRa のユーザーインポートは 1 回 1000 人まで）。",
            "この順に取り込んでください: users_001.csv (1000 人) → users_002.csv (205 人)",
        ),
        (
            "en",
            "The users are split into 2 files (KiteRa's user import takes at most 1000 users at a time).",
            "Import them in this order: users_001.csv (1000 users) → users_002.csv (205 users)",
        ),
    ] {
        let out = kitera(&w, lang, &["--lang", lang]);
        out.expect_code(1)
            .expect_stderr_contains(split)
            .expect_stderr_contains(order);
        let first = w.read_csv(&format!("{lang}/users_001.csv"));
        let second = w.read_csv(&format!("{lang}/users_002.csv"));
        assert_eq!(first[0], KITERA_IMPORT);
        assert_eq!(second[0], KITERA_IMPORT);
        assert_eq!((first.len() - 1, second.len() - 1), (1000, 205));
        let written: Vec<Vec<String>> = first[1..].iter().chain(&second[1..]).cloned().collect();
        assert_eq!(written, expected);
        assert!(!w.path(&format!("{lang}/users_003.csv")).exists());
        let s = summary(&w, lang);
        assert_eq!(s["counts"]["employees"]["create"], 1205);
        assert_eq!(
            s["outputs"].as_array().unwrap()[..3],
            ["users_001.csv", "users_002.csv", "users_delete.csv"]
        );
        let html = std::fs::read_to_string(w.path(&format!("{lang}/report.html"))).unwrap();
        let note = html
            .lines()
            .find(|l| l.starts_with("<p class=\"import-note\" id=\"import-note-1\">"))
            .expect("the note on the split")
            .replace("&#39;", "'");
        assert!(note.contains(split) && note.ends_with(&format!("{order}</p>")), "{note}");
        // The workbook holds the same files, one sheet each, in the same order.
        let sheets = workbook_sheets(&w.path(&format!("{lang}/import.xlsx")));
        assert_eq!(sheets, ["ユーザー_001", "ユーザー_002", "ユーザー削除"]);
    }
}

#[test]
fn kitera_a_registered_user_whose_role_is_unknown_stops_the_run() {
    let w = Workdir::new();
    w.write(
        "users.csv",
        "従業員コード,メールアドレス,名前,認証方法\nK001,taro@example.com,山田 太郎,パスワード\n",
    );
    w.write(
        "hr.csv",
        format!("{SMARTHR_USERS}K001,山田,太郎,,,new@example.com,在籍中\n"),
    );
    let out = kitera(&w, "out", &[]);
    out.expect_code(2)
        .expect_stderr_contains("--current-employees: KiteRa のユーザー一覧に「役割」がないため、更新する 1 人の役割がわかりません")
        .expect_stderr_contains("K001 (");
    nothing_written(&w, "out", &out);
}

#[test]
fn kitera_retired_users_are_listed_for_deletion_and_the_guard_stops_mass_deletion() {
    let w = Workdir::new();
    let mut current = String::from(KITERA_HEADER);
    let mut source = String::from(SMARTHR_USERS);
    for i in 1..=10 {
        current += &format!("U{i:02},u{i}@example.com,社員 {i},メンバー,パスワード\n");
        let status = if i <= 2 { "退職済み" } else { "在籍中" };
        source += &format!("U{i:02},社員,{i},,,u{i}@example.com,{status}\n");
    }
    source += "R99,退職,太郎,,,r99@example.com,退職済み\n";
    w.write("users.csv", &current);
    w.write("hr.csv", &source);
    // Two of ten (20 %) is not more than the default limit.
    let out = kitera(&w, "out", &[]);
    out.expect_success().expect_stderr_contains(
        "users_delete.csv のユーザー（退職者）は［ユーザー管理］で削除してください",
    );
    let deleted = w.read_csv("out/users_delete.csv");
    assert_eq!(deleted[0], ["従業員コード", "メールアドレス", "名前"]);
    assert_eq!(
        deleted[1..],
        rows(&[
            &["U01", "u1@example.com", "社員 1"],
            &["U02", "u2@example.com", "社員 2"],
        ])
    );
    assert!(data(&w, "out/users_001.csv").is_empty());
    assert_eq!(
        data(&w, "out/changes.csv"),
        rows(&[
            &["employee", "delete", "U01", "", "社員 1", ""],
            &["employee", "delete", "U02", "", "社員 2", ""],
            // retired and not in KiteRa: nothing to do, not an exclusion
            &["employee", "skipped", "R99", "在籍状況", "退職済み", ""],
        ])
    );
    let counts = &summary(&w, "out")["counts"]["employees"];
    assert_eq!(counts["delete"], 2);
    assert_eq!(counts["skipped"], 1);
    assert_eq!(counts["unchanged"], 8);

    // A third retirement: 30 % > 20 % — refused, nothing written.
    w.write(
        "hr.csv",
        source.replace(
            "U03,社員,3,,,u3@example.com,在籍中",
            "U03,社員,3,,,u3@example.com,退職済み",
        ),
    );
    let refused = kitera(&w, "refused", &[]);
    refused
        .expect_code(2)
        .expect_stderr_contains("[mass-delete]")
        .expect_stderr_contains("3 / 10");
    nothing_written(&w, "refused", &refused);
    let refused = kitera(&w, "count2", &["--max-deletions", "2"]);
    refused.expect_code(2);
    nothing_written(&w, "count2", &refused);
    for (out_dir, extra) in [
        ("count3", &["--max-deletions", "3"][..]),
        ("share", &["--max-deletions", "30%"][..]),
        ("allowed", &["--allow-mass-delete"][..]),
    ] {
        kitera(&w, out_dir, extra).expect_success();
        assert_eq!(data(&w, &format!("{out_dir}/users_delete.csv")).len(), 3);
    }
}

#[test]
fn kitera_refuses_what_its_sync_would_fail_on() {
    let w = Workdir::new();
    w.write(
        "hr.csv",
        format!(
            "{SMARTHR_USERS}\
             A-01,山田,太郎,,,a@example.com,在籍中\n\
             ＡＢ－１,佐藤,花子,,,b@EXAMPLE.co.jp,在籍中\n\
             A_01,田中,一郎,,,c@example.com,在籍中\n\
             一二三,鈴木,二郎,,,d@example.com,在籍中\n\
             ,高橋,三郎,,,e@example.com,在籍中\n\
             D-1,伊藤,四郎,,,not-an-address,在籍中\n\
             D-2,渡辺,五郎,,,f@gmail.com,在籍中\n\
             D-3,中村,六郎,,,g@sub.example.com,在籍中\n\
             D-4,小林,七郎,,,h@example.com,在籍中\n\
             D-4,加藤,八郎,,,i@example.com,在籍中\n\
             D-5,吉田,九郎,,,same@example.com,在籍中\n\
             D-6,山口,十郎,,,Same@example.com,在籍中\n\
             D-7,,,,,j@example.com,在籍中\n"
        ),
    );
    let out = kitera(
        &w,
        "out",
        &[
            "--allowed-domain",
            "example.com",
            "--allowed-domain",
            "@Example.CO.JP",
        ],
    );
    out.expect_code(1);
    assert_eq!(
        exclusions(&w, "out"),
        [
            ex("4", "employee", "A_01", "invalid-employee-code"),
            ex("5", "employee", "一二三", "invalid-employee-code"),
            ex("6", "employee", "e@example.com", "missing-employee-code"),
            ex("7", "employee", "D-1", "invalid-email"),
            ex("8", "employee", "D-2", "email-domain-not-allowed"),
            ex("9", "employee", "D-3", "email-domain-not-allowed"),
            ex("10", "employee", "D-4", "duplicate-employee-code"),
            ex("11", "employee", "D-4", "duplicate-employee-code"),
            ex("12", "employee", "D-5", "duplicate-email"),
            ex("13", "employee", "D-6", "duplicate-email"),
            ex("14", "employee", "D-7", "missing-name"),
        ],
        "{out}"
    );
    let details: Vec<String> = data(&w, "out/exclusions.csv")
        .into_iter()
        .map(|r| r[7].clone())
        .collect();
    assert_eq!(details[0], "\"A_01\": '_'");
    assert_eq!(details[4], "gmail.com（許可: example.com, example.co.jp）");
    assert_eq!(details[6], "D-4（10, 11 行目）");
    // Full-width letters and digits are read as half-width: ＡＢ－１ is AB-1.
    assert_eq!(
        data(&w, "out/users_001.csv"),
        rows(&[
            &["A-01", "a@example.com", "山田 太郎", "", "パスワード"],
            &["AB-1", "b@EXAMPLE.co.jp", "佐藤 花子", "", "パスワード"],
        ])
    );
}

#[test]
fn kitera_user_limit_excludes_new_users_past_it_in_file_order() {
    let w = Workdir::new();
    w.write(
        "users.csv",
        format!("{KITERA_HEADER}U01,u1@example.com,社員 一,メンバー,パスワード\nU02,u2@example.com,社員 二,メンバー,パスワード\n"),
    );
    w.write(
        "hr.csv",
        format!(
            "{SMARTHR_USERS}\
             U01,社員,一,,,u1@example.com,在籍中\n\
             N01,新人,一,,,n1@example.com,在籍中\n\
             X01,新人,誤,,,broken,在籍中\n\
             N02,新人,二,,,n2@example.com,在籍中\n\
             N03,新人,三,,,n3@example.com,在籍中\n\
             N04,新人,四,,,,在籍中\n\
             U02,社員,二,,,u2@example.com,退職済み\n"
        ),
    );
    // Two users now, one deleted: room for two new ones under a limit of three.
    let out = kitera(&w, "out", &["--user-limit", "3", "--allow-mass-delete"]);
    out.expect_code(1);
    assert_eq!(
        exclusions(&w, "out"),
        [
            ex("4", "employee", "X01", "invalid-email"),
            ex("6", "employee", "N03", "user-limit-exceeded"),
            ex("7", "employee", "N04", "user-limit-exceeded"),
        ],
        "{out}"
    );
    let created: Vec<String> = data(&w, "out/users_001.csv")
        .into_iter()
        .map(|r| r[0].clone())
        .collect();
    assert_eq!(created, ["N01", "N02"]);
}

// ------------------------------------------------------------------------------------------------
// kaonavi members from ロウムメイト (--to kaonavi)
// ------------------------------------------------------------------------------------------------

const ROUMUMATE_HEADER: &str = "社員番号,姓,名,姓（ヨミガナ）,名（ヨミガナ）,ビジネスネーム,ビジネスネーム（ヨミガナ）,メールアドレス,生年月日,性別,入社日,従業員ステータス,状況,雇用形態\n";
const KAONAVI_HEADER: &str = "社員番号,氏名,フリガナ,性別,生年月日,入社日\n";

fn kaonavi(w: &Workdir, out: &str, extra: &[&str]) -> Output {
    if !w.path("members.csv").exists() {
        w.write("members.csv", KAONAVI_HEADER);
    }
    let mut args = vec![
        "reconcile",
        "--to",
        "kaonavi",
        "--employees",
        "hr.csv",
        "--current-employees",
        "members.csv",
        "--out",
        out,
    ];
    args.extend(extra);
    w.run(&args)
}

/// A ロウムメイト row: 社員番号, 姓, 名, status, 状況, 雇用形態, 入社日 (the rest fixed).
fn roumumate_row(number: &str, status: &str, progress: &str, kind: &str, hired: &str) -> String {
    format!("{number},社員,{number},シャイン,イチ,,,,1990-01-01,男性,{hired},{status},{progress},{kind}\n")
}

#[test]
fn kaonavi_members_layout_key_names_readings_and_dates() {
    let w = Workdir::new();
    w.write(
        "members.csv",
        format!(
            "{KAONAVI_HEADER}１００１,山田　太郎,ヤマダ　タロウ,男性,1990/07/15,2015/04/01\n\
             1002,木村彩,キムラアヤ,女性,1998/03/03,2021/07/01\n\
             1003,山田 花子,ヤマダ ハナコ,女性,1989/04/18,2013/04/01\n\
             9999,退職済 社員,,男性,1970/01/01,1990/04/01\n"
        ),
    );
    w.write(
        "hr.csv",
        format!(
            "{ROUMUMATE_HEADER}\
             1001,山田,太郎,やまだ,たろう,,,a@example.jp,1990-07-15,男性,20150401,在籍,データ入力完了,正社員\n\
             1002,木村,彩,キムラ,アヤ,,,,1998-03-03,女性,2021-07-01,在籍,データ入力完了,パート\n\
             1003,山田,花子,ヤマダ,ハナコ,佐藤 花子,サトウ ハナコ,,1989-04-18,女性,2013-04-01,休職,データ入力完了,正社員\n\
             1004,森,悠斗,ﾓﾘ,ﾕｳﾄ,,,,2002-08-08,男性,2025-04-01,在籍,データ入力完了,正社員\n"
        ),
    );
    let out = kaonavi(&w, "out", &[]);
    out.expect_success();
    let members = w.read_csv("out/employees.csv");
    assert_eq!(
        members[0],
        ["社員番号", "氏名", "フリガナ", "性別", "生年月日", "入社日"]
    );
    assert_eq!(
        members[1..],
        rows(&[
            &[
                "1002",
                "木村 彩",
                "キムラ アヤ",
                "女性",
                "1998/03/03",
                "2021/07/01"
            ],
            &[
                "1003",
                "佐藤 花子",
                "サトウ ハナコ",
                "女性",
                "1989/04/18",
                "2013/04/01"
            ],
            &[
                "1004",
                "森 悠斗",
                "モリ ユウト",
                "男性",
                "2002/08/08",
                "2025/04/01"
            ],
        ]),
        "{out}"
    );
    assert_eq!(
        data(&w, "out/changes.csv"),
        rows(&[
            &["employee", "update", "1002", "氏名", "木村彩", "木村 彩"],
            &[
                "employee",
                "update",
                "1002",
                "フリガナ",
                "キムラアヤ",
                "キムラ アヤ"
            ],
            &[
                "employee",
                "update",
                "1003",
                "氏名",
                "山田 花子",
                "佐藤 花子"
            ],
            &[
                "employee",
                "update",
                "1003",
                "フリガナ",
                "ヤマダ ハナコ",
                "サトウ ハナコ"
            ],
            &["employee", "create", "1004", "", "", "森 悠斗"],
            &["employee", "target-only", "9999", "", "退職済 社員", ""],
        ])
    );
    // 1001 (full-width １００１ in kaonavi, U+3000 in its name, hiragana reading) is unchanged;
    // the one-cell names of the kaonavi export raise no name-not-split.
    assert!(warnings(&w, "out").is_empty(), "{out}");
    assert_eq!(summary(&w, "out")["counts"]["employees"]["unchanged"], 1);
}

/// kaonavi reads dates only as yyyy/mm/dd (support.kaonavi.jp/setup-setting/step03/: Japanese
/// eras and yyyy年mm月dd日 are errors): every date is written so, whatever the source wrote.
#[test]
fn kaonavi_dates_are_written_as_yyyy_mm_dd_from_eras_and_compact_forms() {
    let w = Workdir::new();
    let row = |number: &str, birth: &str, hired: &str| {
        format!("{number},社員,{number},シャイン,イチ,,,,{birth},男性,{hired},在籍,データ入力完了,正社員\n")
    };
    w.write(
        "hr.csv",
        [
            ROUMUMATE_HEADER.to_string(),
            row("2001", "平成2年4月1日", "20150401"),
            row("2002", "H3.4.1", "令和2年10月1日"),
            row("2003", "1985年1月20日", "2021/7/1"),
            row("2004", "S60.12.31", "2019.04.01"),
            row("2005", "1999-2-3", "R1.5.1"),
        ]
        .concat(),
    );
    let out = kaonavi(&w, "out", &[]);
    out.expect_success();
    let dates: Vec<[String; 3]> = data(&w, "out/employees.csv")
        .into_iter()
        .map(|r| [r[0].clone(), r[4].clone(), r[5].clone()])
        .collect();
    let expected = [
        ["2001", "1990/04/01", "2015/04/01"],
        ["2002", "1991/04/01", "2020/10/01"],
        ["2003", "1985/01/20", "2021/07/01"],
        ["2004", "1985/12/31", "2019/04/01"],
        ["2005", "1999/02/03", "2019/05/01"],
    ]
    .map(|r| r.map(String::from));
    assert_eq!(dates, expected, "{out}");
    assert!(warnings(&w, "out").is_empty(), "{out}");
}

#[test]
fn kaonavi_carries_only_entered_employees_who_are_not_applicants_or_retired() {
    let w = Workdir::new();
    w.write(
        "hr.csv",
        format!(
            "{ROUMUMATE_HEADER}{}{}{}{}{}{},清水,蓮,シミズ,レン,,,ren@example.com,2001-05-20,男性,,応募者,データ入力完了,正社員\n",
            roumumate_row("2001", "在籍", "データ入力完了", "正社員", "2020-04-01"),
            roumumate_row("2002", "休職", "データ入力完了", "正社員", "2020-04-01"),
            roumumate_row("2003", "応募者", "データ入力完了", "正社員", "2020-04-01"),
            roumumate_row("2004", "退職", "データ入力完了", "正社員", "2020-04-01"),
            roumumate_row("2005", "在籍", "入力中", "正社員", "2020-04-01"),
            roumumate_row("2006", "内定者", "データ入力完了", "正社員", "2020-04-01"),
        ),
    );
    let out = kaonavi(&w, "out", &[]);
    out.expect_success();
    let carried: Vec<String> = data(&w, "out/employees.csv")
        .into_iter()
        .map(|r| r[0].clone())
        .collect();
    assert_eq!(carried, ["2001", "2002", "2006"], "{out}");
    // Left out by the guide's filter: not refused, so in changes.csv, not exclusions.csv.
    assert!(data(&w, "out/exclusions.csv").is_empty());
    let skipped: Vec<Vec<String>> = data(&w, "out/changes.csv")
        .into_iter()
        .filter(|r| r[1] == "skipped")
        .collect();
    assert_eq!(
        skipped,
        rows(&[
            &[
                "employee",
                "skipped",
                "2003",
                "従業員ステータス",
                "応募者",
                ""
            ],
            &[
                "employee",
                "skipped",
                "2004",
                "従業員ステータス",
                "退職",
                ""
            ],
            &["employee", "skipped", "2005", "状況", "入力中", ""],
            &[
                "employee",
                "skipped",
                "ren@example.com",
                "従業員ステータス",
                "応募者",
                ""
            ],
        ])
    );
    assert_eq!(
        summary(&w, "out")["counts"]["employees"],
        serde_json::json!({"create": 3, "update": 0, "unchanged": 0, "skipped": 4,
                           "target-only": 0, "excluded": 0})
    );
}

#[test]
fn kaonavi_optional_filters_on_employment_type_and_hire_date() {
    let w = Workdir::new();
    w.write(
        "hr.csv",
        format!(
            "{ROUMUMATE_HEADER}{}{}{}{}{}{}",
            roumumate_row("3001", "在籍", "データ入力完了", "正社員", "2020-01-01"),
            roumumate_row("3002", "在籍", "データ入力完了", "契約社員", "2023-03-31"),
            roumumate_row("3003", "在籍", "データ入力完了", "パート", "2021-01-01"),
            roumumate_row("3004", "在籍", "データ入力完了", "正社員", "2019-12-31"),
            roumumate_row("3005", "在籍", "データ入力完了", "正社員", "2023-04-01"),
            roumumate_row("3006", "在籍", "データ入力完了", "正社員", ""),
        ),
    );
    let out = kaonavi(
        &w,
        "out",
        &[
            "--employment-type",
            "正社員",
            "--employment-type",
            "契約社員",
            "--hired-from",
            "2020/01/01",
            "--hired-until",
            "令和5年3月31日",
        ],
    );
    out.expect_success();
    assert_eq!(
        data(&w, "out/changes.csv"),
        rows(&[
            &["employee", "create", "3001", "", "", "社員 3001"],
            &["employee", "create", "3002", "", "", "社員 3002"],
            &["employee", "skipped", "3003", "雇用形態", "パート", ""],
            &["employee", "skipped", "3004", "入社日", "2019/12/31", ""],
            &["employee", "skipped", "3005", "入社日", "2023/04/01", ""],
            &["employee", "skipped", "3006", "入社日", "", ""],
        ]),
        "{out}"
    );
}

#[test]
fn kaonavi_gender_values_must_all_map_or_nothing_is_written() {
    let w = Workdir::new();
    let row = |number: &str, gender: &str, status: &str| {
        format!("{number},社員,{number},,,,,,1990-01-01,{gender},2020-04-01,{status},データ入力完了,正社員\n")
    };
    w.write(
        "hr.csv",
        format!(
            "{ROUMUMATE_HEADER}{}{}{}{}{}{}{}",
            row("4001", "男性", "在籍"),
            row("4002", "女性", "在籍"),
            row("4003", "その他", "在籍"),
            row("4004", "無回答", "在籍"),
            row("4005", "その他", "在籍"),
            row("4006", "", "在籍"),
            // every option must be linked, even one only an applicant has
            row("4007", "X", "応募者"),
        ),
    );
    let refused = kaonavi(&w, "out", &[]);
    refused
        .expect_code(2)
        .expect_stderr_contains("[unmapped-gender]")
        .expect_stderr_contains("\"X\"（8 行目）")
        .expect_stderr_contains("\"その他\"（4, 6 行目）")
        .expect_stderr_contains("\"無回答\"（5 行目）");
    nothing_written(&w, "out", &refused);

    w.write(
        "mapping.toml",
        "[genders]\n\"その他\" = \"その他\"\n\"無回答\" = \"未回答\"\n\"X\" = \"その他\"\n",
    );
    let out = kaonavi(&w, "mapped", &["--mapping", "mapping.toml"]);
    out.expect_success();
    let genders: Vec<(String, String)> = data(&w, "mapped/employees.csv")
        .into_iter()
        .map(|r| (r[0].clone(), r[3].clone()))
        .collect();
    assert_eq!(
        genders,
        [
            ("4001".to_string(), "男性".to_string()),
            ("4002".into(), "女性".into()),
            ("4003".into(), "その他".into()),
            ("4004".into(), "未回答".into()),
            ("4005".into(), "その他".into()),
            ("4006".into(), String::new()),
        ]
    );
}

#[test]
fn kaonavi_key_is_the_employee_number() {
    let w = Workdir::new();
    w.write(
        "hr.csv",
        format!(
            "{ROUMUMATE_HEADER}{}{}{}{}{}",
            roumumate_row("", "在籍", "データ入力完了", "正社員", "2020-04-01"),
            roumumate_row("5001", "在籍", "データ入力完了", "正社員", "2020-04-01"),
            roumumate_row("5001", "在籍", "データ入力完了", "正社員", "2020-04-01"),
            // an applicant sharing a number is not carried, so not a duplicate
            roumumate_row("5002", "応募者", "データ入力完了", "正社員", "2020-04-01"),
            "5002,,,,,,,,1990-01-01,男性,2020-04-01,在籍,データ入力完了,正社員\n",
        ),
    );
    let out = kaonavi(&w, "out", &[]);
    out.expect_code(1);
    assert_eq!(
        exclusions(&w, "out"),
        [
            ex("2", "employee", "", "missing-employee-code"),
            ex("3", "employee", "5001", "duplicate-employee-code"),
            ex("4", "employee", "5001", "duplicate-employee-code"),
            ex("6", "employee", "5002", "missing-name"),
        ],
        "{out}"
    );
}

// ------------------------------------------------------------------------------------------------
// Flags
// ------------------------------------------------------------------------------------------------

#[test]
fn flags_of_another_receiving_system_are_usage_errors() {
    let w = Workdir::new();
    w.write(
        "hr.csv",
        format!("{SMARTHR_USERS}K1,山田,太郎,,,a@example.com,在籍中\n"),
    );
    w.write("users.csv", KITERA_HEADER);
    w.write("groups.csv", format!("{GROUPS_HEADER},グループ1,\n"));
    w.write(
        "mikiwame.csv",
        "社員番号,氏名（姓）,氏名（名）,姓（カナ）,名（カナ）,メールアドレス\n",
    );
    let base = |to: &str, current: &str| -> Vec<String> {
        [
            "reconcile",
            "--employees",
            "hr.csv",
            "--current-employees",
            current,
            "--out",
            "out",
            "--to",
            to,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    };
    let cases: Vec<(Vec<String>, &[&str], &str)> = vec![
        (
            base("mikiwame", "mikiwame.csv"),
            &["--user-limit", "3"],
            "--user-limit",
        ),
        (
            base("mikiwame", "mikiwame.csv"),
            &["--allow-mass-delete"],
            "--allow-mass-delete",
        ),
        (
            base("kitera", "users.csv"),
            &["--default-group", "g", "--group-level", "1"],
            "--group-level",
        ),
        (
            base("kitera", "users.csv"),
            &[
                "--default-group",
                "g",
                "--current-departments",
                "groups.csv",
            ],
            "--current-departments",
        ),
        (
            base("kitera", "users.csv"),
            &["--default-group", "g", "--employment-type", "正社員"],
            "--employment-type",
        ),
        (
            base("kitera", "users.csv"),
            &["--default-group", "g", "--from", "hrbrain"],
            "--from",
        ),
        (
            base("kitera", "users.csv"),
            &["--default-group", "g", "--max-deletions", "many"],
            "--max-deletions",
        ),
        (
            base("kitera", "users.csv"),
            &["--default-group", "g", "--allowed-domain", "not a domain"],
            "--allowed-domain",
        ),
        (base("meishi", "users.csv"), &[], "--company-id"),
        (
            base("meishi", "users.csv"),
            &["--company-id", "c", "--group-level", "11"],
            "--group-level",
        ),
        (
            base("meishi", "users.csv"),
            &["--company-id", "c", "--group-level", "1"],
            "--departments",
        ),
        (
            base("meishi", "users.csv"),
            &["--company-id", "c", "--auth", "sso"],
            "--auth",
        ),
        (
            base("kaonavi", "users.csv"),
            &["--company-id", "c"],
            "--company-id",
        ),
        (
            base("kaonavi", "users.csv"),
            &["--hired-from", "someday"],
            "--hired-from",
        ),
    ];
    for (mut args, extra, named) in cases {
        args.extend(extra.iter().map(|s| s.to_string()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = w.run(&args);
        out.expect_code(2).expect_stderr_contains(named);
        nothing_written(&w, "out", &out);
    }
}

#[test]
fn explain_knows_the_new_codes() {
    let w = Workdir::new();
    for (code, kind) in [
        ("missing-birth-date", "除外"),
        ("missing-employee-code", "除外"),
        ("duplicate-employee-code", "除外"),
        ("invalid-employee-code", "除外"),
        ("email-domain-not-allowed", "除外"),
        ("user-limit-exceeded", "除外"),
        ("employee-id-generated", "警告"),
        ("unknown-group", "警告"),
        ("mass-delete", "中止"),
        ("unmapped-gender", "中止"),
    ] {
        let out = w.run(&["explain", code]);
        out.expect_success();
        assert_eq!(out.stdout_lines()[0], format!("{code} ({kind})"), "{out}");
    }
    w.run(&["explain", "invalid-employee-code"])
        .expect_success()
        .expect_lines(&["  SmartHRの社員番号から記号・空白・漢字などを取り除いてください。"]);
}

// ------------------------------------------------------------------------------------------------
// The README's commands on the samples
// ------------------------------------------------------------------------------------------------

fn sample(name: &str) -> String {
    samples().join(name).display().to_string()
}

#[test]
fn samples_meishi() {
    let w = Workdir::new();
    let out = w.run(&[
        "reconcile",
        "--to",
        "meishi",
        "--employees",
        &sample("smarthr/employees.xlsx"),
        "--departments",
        &sample("smarthr/departments.csv"),
        "--current-employees",
        &sample("meishi/employees.csv"),
        "--current-departments",
        &sample("meishi/groups.csv"),
        "--group-level",
        "1",
        "--company-id",
        "example",
        "--out",
        "out",
    ]);
    out.expect_code(1);
    let s = summary(&w, "out");
    assert_eq!(
        s["counts"],
        serde_json::json!({
            "departments": {"create": 1, "update": 0, "unchanged": 5, "delete": 1,
                            "target-only": 0, "excluded": 1},
            "employees": {"create": 12, "update": 3, "unchanged": 4, "target-only": 1,
                          "excluded": 1},
        }),
        "{out}"
    );
    assert_eq!(
        s["warnings_by_code"],
        serde_json::json!({"cell-error": 1, "unknown-group": 1})
    );
    assert_eq!(
        data(&w, "out/departments_delete.csv"),
        rows(&[&["A090", "総務部", ""]])
    );
    // import.xlsx, the import, holds the groups and the employees as sheets, in import order,
    // with the same cells; the groups to delete by hand are not in it.
    let mut workbook = calamine::open_workbook_auto(w.path("out/import.xlsx")).unwrap();
    assert_eq!(workbook.sheet_names(), ["グループ", "社員"]);
    let sheet = workbook.worksheet_range("社員").unwrap();
    let cells: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(cells, w.read_csv("out/employees.csv"));
}

#[test]
fn samples_kitera() {
    let w = Workdir::new();
    let out = w.run(&[
        "reconcile",
        "--to",
        "kitera",
        "--employees",
        &sample("smarthr/employees.xlsx"),
        "--current-employees",
        &sample("kitera/users.csv"),
        "--allowed-domain",
        "example.co.jp",
        "--user-limit",
        "12",
        "--out",
        "out",
    ]);
    out.expect_code(1);
    let s = summary(&w, "out");
    assert_eq!(
        s["counts"]["employees"],
        // 1002 logs in by SSO in KiteRa: without --auth that is kept, so 1002 is unchanged.
        serde_json::json!({"create": 6, "update": 1, "unchanged": 4, "delete": 1, "skipped": 0,
                           "target-only": 1, "excluded": 7}),
        "{out}"
    );
    assert_eq!(
        s["exclusions_by_reason"],
        serde_json::json!({"email-domain-not-allowed": 7, "missing-name": 1})
    );
    assert_eq!(
        data(&w, "out/users_001.csv").last().unwrap(),
        &["1106", "", "ミキワメ 六郎", "", "パスワード"]
    ); // KiteRa's SSO for 1002 is kept: 1002 is not written at all.
    assert!(
        !data(&w, "out/users_001.csv").iter().any(|r| r[0] == "1002"),
        "{out}"
    );
}

#[test]
fn samples_kaonavi() {
    let w = Workdir::new();
    let out = w.run(&[
        "reconcile",
        "--to",
        "kaonavi",
        "--employees",
        &sample("roumumate/employees.tsv"),
        "--current-employees",
        &sample("kaonavi/members.csv"),
        "--out",
        "out",
    ]);
    out.expect_code(1);
    let s = summary(&w, "out");
    assert_eq!(
        s["counts"]["employees"],
        serde_json::json!({"create": 0, "update": 1, "unchanged": 16, "skipped": 3,
                           "target-only": 0, "excluded": 1}),
        "{out}"
    );
    assert_eq!(
        data(&w, "out/employees.csv"),
        rows(&[&[
            "1011",
            "木村 彩",
            "キムラ アヤ",
            "女性",
            "1998/03/03",
            "2021/07/01"
        ]])
    );
}

/// Every receiving system's run writes report.html: one page, nothing loaded from outside, and
/// the counts summary.json has.
#[test]
fn every_target_writes_a_report_with_the_summary_counts() {
    let runs: [(&str, Vec<String>); 3] = [
        (
            "meishi",
            vec![
                "--employees".into(),
                sample("smarthr/employees.xlsx"),
                "--departments".into(),
                sample("smarthr/departments.csv"),
                "--current-employees".into(),
                sample("meishi/employees.csv"),
                "--current-departments".into(),
                sample("meishi/groups.csv"),
                "--company-id".into(),
                "example".into(),
                "--group-level".into(),
                "1".into(),
                "--allow-mass-delete".into(),
            ],
        ),
        (
            "kitera",
            vec![
                "--employees".into(),
                sample("smarthr/employees.xlsx"),
                "--current-employees".into(),
                sample("kitera/users.csv"),
                "--allow-mass-delete".into(),
            ],
        ),
        (
            "kaonavi",
            vec![
                "--employees".into(),
                sample("roumumate/employees.tsv"),
                "--current-employees".into(),
                sample("kaonavi/members.csv"),
            ],
        ),
    ];
    for (target, flags) in runs {
        let w = Workdir::new();
        let mut args: Vec<&str> = vec!["reconcile", "--to", target, "--out", "out"];
        args.extend(flags.iter().map(String::as_str));
        let out = w.run(&args);
        assert!(matches!(out.code, 0 | 1), "{out}");
        let html = std::fs::read_to_string(w.path("out/report.html")).expect("report.html");
        let s = summary(&w, "out");
        assert!(
            s["outputs"]
                .as_array()
                .unwrap()
                .iter()
                .any(|o| o == "report.html"),
            "{target}"
        );
        assert_eq!(
            html.matches("<script").count(),
            1,
            "{target}: only the page's own script"
        );
        assert!(
            !html.contains("<link") && !html.contains(" src=\"http"),
            "{target}"
        );
        for (kind, counts) in s["counts"].as_object().unwrap() {
            for (action, n) in counts.as_object().unwrap() {
                let cell = format!("data-count=\"{kind}.{action}\">{}<", n.as_u64().unwrap());
                assert!(html.contains(&cell), "{target}: no {cell}");
            }
        }
    }
}
