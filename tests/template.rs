//! `meibo reconcile --template` through the built binary, for every receiving system (ミキワメ,
//! クラウド法人名刺, KiteRa, kaonavi) with CSV and XLSX templates: the import file's columns, order
//! and spelling are exactly the template's; a column meibo cannot fill is carried from the current
//! export for the records it holds (exact values) and stops the run (exit 2, nothing written) for a
//! new record; refused templates; the choice values of kaonavi's 性別 (docs/template.md).

mod common;

use common::{Output, Workdir};

/// A CSV written by the run, header included.
fn csv(w: &Workdir, name: &str) -> Vec<Vec<String>> {
    w.read_csv(name)
}

fn rows(lines: &[&[&str]]) -> Vec<Vec<String>> {
    lines
        .iter()
        .map(|l| l.iter().map(|c| c.to_string()).collect())
        .collect()
}

/// A workbook with one sheet holding `lines` as text cells.
fn xlsx(w: &Workdir, name: &str, lines: &[&[&str]]) -> String {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, line) in lines.iter().enumerate() {
        for (c, cell) in line.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *cell).unwrap();
        }
    }
    let path = w.path(name);
    book.save(&path).unwrap();
    name.to_string()
}

/// CP932 bytes of `text` (a template saved by Excel on Japanese Windows).
fn cp932(text: &str) -> Vec<u8> {
    let (bytes, _, bad) = encoding_rs::SHIFT_JIS.encode(text);
    assert!(!bad);
    bytes.into_owned()
}

/// Every test of a template runs with each: a CP932 CSV (as Excel saves one on Japanese Windows)
/// and a workbook.
const FORMATS: [&str; 2] = ["csv", "xlsx"];

/// A template with this header row, in `format`; its file name.
fn template(w: &Workdir, stem: &str, format: &str, header: &[&str]) -> String {
    let name = format!("{stem}.{format}");
    match format {
        "csv" => {
            w.write(&name, cp932(&(header.join(",") + "\r\n")));
            name
        }
        _ => xlsx(w, &name, &[header]),
    }
}

/// The cells of the first sheet of a workbook the run wrote, by sheet name.
fn sheet(w: &Workdir, name: &str, sheet: &str) -> Vec<Vec<String>> {
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto(w.path(name)).unwrap();
    let range = book.worksheet_range(sheet).unwrap();
    range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
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
// kaonavi (--to kaonavi, from ロウムメイト)

const ROUMUMATE_HEADER: &str = "社員番号\t姓\t名\t姓（ヨミガナ）\t名（ヨミガナ）\tメールアドレス\t性別\t生年月日\t入社日\t従業員ステータス\t状況\t雇用形態\n";
/// kaonavi's member export with a custom item (血液型) and 雇用形態, which meibo does not fill.
const KAONAVI_MEMBERS: &str = "社員番号,氏名,フリガナ,性別,生年月日,入社日,雇用形態,血液型\n\
    1001,山田 太郎,ヤマダ タロウ,男性,1980/05/06,2010/04/01,正社員,A\n\
    1002,佐藤 花子,サトウ ハナコ,女性,1990/01/02,2015/04/01,契約社員,\n";

fn kaonavi_files(w: &Workdir, hr_rows: &str) {
    w.write("hr.tsv", format!("{ROUMUMATE_HEADER}{hr_rows}"));
    w.write("members.csv", KAONAVI_MEMBERS);
}

fn kaonavi(w: &Workdir, template: &str, out: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "reconcile",
        "--to",
        "kaonavi",
        "--employees",
        "hr.tsv",
        "--current-employees",
        "members.csv",
        "--template",
        template,
        "--out",
        out,
    ];
    args.extend(extra);
    w.run(&args)
}

/// A template (CP932 CSV, then XLSX) in another order, spelled its own way, with two items meibo
/// does not fill: the updated members' rows carry 血液型 and 雇用形態 from kaonavi's export, blank
/// stays blank.
#[test]
fn kaonavi_template_carries_custom_items() {
    for format in FORMATS {
        let w = Workdir::new();
        kaonavi_files(
            &w,
            "1001\t山田\t太郎\tヤマダ\tタロウ\t\t男性\t1980-05-06\t2011-04-01\t在籍\tデータ入力完了\t正社員\n\
             1002\t佐藤\t花子\tサトウ\tハナコ\t\t女性\t1990-01-02\t2016-04-01\t在籍\tデータ入力完了\t正社員\n",
        );
        let file = template(
            &w,
            "template",
            format,
            &["血液型", "入社日", "社員番号", "氏名", "雇用形態"],
        );
        let run = kaonavi(&w, &file, "out", &[]);
        run.expect_success();
        assert_eq!(
            csv(&w, "out/employees.csv"),
            rows(&[
                &["血液型", "入社日", "社員番号", "氏名", "雇用形態"],
                &["A", "2011/04/01", "1001", "山田 太郎", "正社員"],
                &["", "2016/04/01", "1002", "佐藤 花子", "契約社員"],
            ]),
            "{format}"
        );
        assert_eq!(
            sheet(&w, "out/import.xlsx", "基本情報"),
            csv(&w, "out/employees.csv")
        );
        let summary: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(w.path("out/summary.json")).unwrap())
                .unwrap();
        let roles: Vec<&str> = summary["inputs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["role"].as_str().unwrap())
            .collect();
        assert_eq!(roles, ["employees", "current-employees", "template"]);
        assert_eq!(summary["inputs"][2]["system"], "kaonavi");
        assert_eq!(summary["inputs"][2]["path"], file.as_str());
    }
}

/// A new member has no 血液型 kaonavi could know: the run stops before writing anything, naming
/// the column, the import row and the key, in both languages.
#[test]
fn kaonavi_new_member_with_a_carried_column_stops_the_run() {
    let w = Workdir::new();
    kaonavi_files(
        &w,
        "1001\t山田\t太郎\tヤマダ\tタロウ\t\t男性\t1980-05-06\t2011-04-01\t在籍\tデータ入力完了\t正社員\n\
         1003\t鈴木\t一郎\tスズキ\tイチロウ\t\t男性\t1985-03-04\t2020-04-01\t在籍\tデータ入力完了\t正社員\n",
    );
    for format in FORMATS {
        let file = template(&w, "template", format, &["社員番号", "氏名", "血液型"]);
        let run = kaonavi(&w, &file, "out", &[]);
        run.expect_code(2).expect_stderr_contains(&format!(
            "[template-value-unknown] --template {file}: 埋められない列 \"血液型\": 現在のエクスポート members.csv にない記録 1 件は値が分からないため中止しました: employees.csv 行 3 (社員番号 \"1003\")",
        ));
        run.expect_stderr_contains("何も書き出していません。");
        nothing_written(&w, "out", &run);
    }
    w.write("template.csv", "社員番号,氏名,血液型\n");
    let run = kaonavi(&w, "template.csv", "out", &["--lang", "en"]);
    run.expect_code(2).expect_stderr_contains(
        "[template-value-unknown] --template template.csv: columns meibo cannot fill \"血液型\": the current export members.csv does not hold 1 of the records, so their values are unknown: employees.csv row 3 (社員番号 \"1003\")",
    );
    nothing_written(&w, "out", &run);

    // A column the current export lacks cannot be carried even for members it holds.
    w.write("template2.csv", "社員番号,氏名,趣味\n");
    let run = kaonavi(&w, "template2.csv", "out", &[]);
    run.expect_code(2).expect_stderr_contains(
        "[template-value-unknown] --template template2.csv: 埋められない列 \"趣味\": 現在のエクスポート members.csv にもこの列がないため",
    );
    nothing_written(&w, "out", &run);

    // --map names the renamed item: the column is filled by meibo, nothing to carry.
    w.write("template3.csv", "社員番号,ジェンダー,氏名\n");
    let run = kaonavi(&w, "template3.csv", "out", &["--map", "gender=ジェンダー"]);
    run.expect_success();
    assert_eq!(
        csv(&w, "out/employees.csv"),
        rows(&[
            &["社員番号", "ジェンダー", "氏名"],
            &["1001", "男性", "山田 太郎"],
            &["1003", "男性", "鈴木 一郎"],
        ])
    );
}

/// 性別 choices: an option kaonavi shows (its export, or the data rows of an export used as the
/// template) is accepted; a value it does not show stops the run naming the value and its row.
#[test]
fn kaonavi_gender_options_from_the_export_and_the_template() {
    let w = Workdir::new();
    kaonavi_files(
        &w,
        "1001\t山田\t太郎\tヤマダ\tタロウ\t\t男性\t1980-05-06\t2011-04-01\t在籍\tデータ入力完了\t正社員\n\
         1002\t佐藤\t花子\tサトウ\tハナコ\t\t回答しない\t1990-01-02\t2016-04-01\t在籍\tデータ入力完了\t正社員\n",
    );
    w.write("template.csv", "社員番号,氏名,性別\n");
    let run = kaonavi(&w, "template.csv", "out", &[]);
    run.expect_code(2)
        .expect_stderr_contains("[unmapped-gender] hr.tsv: カオナビの選択肢に紐づかない性別の値があります: \"回答しない\"（3 行目）");
    nothing_written(&w, "out", &run);
    // The template is an export whose rows show the option.
    let template = xlsx(
        &w,
        "template.xlsx",
        &[
            &["社員番号", "氏名", "性別"],
            &["9001", "見本 一郎", "回答しない"],
        ],
    );
    let run = kaonavi(&w, &template, "out", &[]);
    run.expect_success();
    assert_eq!(
        csv(&w, "out/employees.csv"),
        rows(&[
            &["社員番号", "氏名", "性別"],
            &["1001", "山田 太郎", "男性"],
            &["1002", "佐藤 花子", "回答しない"],
        ])
    );
}

// ------------------------------------------------------------------------------------------------
// ミキワメ (default --to)

const HRBRAIN_EMPLOYEES: &str =
    "従業員番号,氏,名,氏（カナ）,名（カナ）,メールアドレス,主部署,性別\n\
    1001,山田,太郎,ヤマダ,タロウ,taro@example.co.jp,A011,男性\n";
const HRBRAIN_DEPARTMENTS: &str =
    "部署項目名,組織情報コード,1階層上位の部署\n営業部,A001,\n第一営業課,A011,営業部\n";
/// ミキワメ's exports with a column meibo does not fill (部署の説明, 社内メモ).
const MIKIWAME_EMPLOYEES: &str =
    "社員番号,氏名（姓）,氏名（名）,姓（カナ）,名（カナ）,メールアドレス,所属部署,性別,社内メモ\n\
    1001,山田,太郎,ヤマダ,タロウ,TARO@example.co.jp,A001,男性,リーダー候補\n";
const MIKIWAME_DEPARTMENTS: &str =
    "部署コード,部署名,親部署コード,部署の説明\nA001,営業部,,本社営業\nA011,第一課,A001,東京\n";

fn mikiwame_files(w: &Workdir) {
    w.write("hr.csv", HRBRAIN_EMPLOYEES);
    w.write("deps.csv", HRBRAIN_DEPARTMENTS);
    w.write("current.csv", MIKIWAME_EMPLOYEES);
    w.write("current_deps.csv", MIKIWAME_DEPARTMENTS);
}

fn mikiwame(w: &Workdir, templates: &[&str], out: &str) -> Output {
    mikiwame_files(w);
    let mut args = vec![
        "reconcile",
        "--employees",
        "hr.csv",
        "--departments",
        "deps.csv",
        "--current-employees",
        "current.csv",
        "--current-departments",
        "current_deps.csv",
        "--out",
        out,
    ];
    for t in templates {
        args.extend(["--template", t]);
    }
    w.run(&args)
}

/// Two templates: one named for the employees and a bare one that fits only the departments (its
/// key column 部署コード), each in both formats. Each file takes its template's columns; 社内メモ
/// and 部署の説明 are carried by e-mail (any letter case) and by code. A new employee has no 社内メモ
/// ミキワメ could know: the run stops before writing.
#[test]
fn mikiwame_templates_for_both_files() {
    for (employees_format, departments_format) in [("xlsx", "csv"), ("csv", "xlsx")] {
        let w = Workdir::new();
        let employees = template(
            &w,
            "社員テンプレート",
            employees_format,
            &[
                "メールアドレス",
                "社内メモ",
                "氏名(姓)",
                "氏名(名)",
                "所属部署コード",
            ],
        );
        let departments = template(
            &w,
            "部署テンプレート",
            departments_format,
            &["部署名", "部署コード", "部署の説明"],
        );
        let named = format!("employees={employees}");
        let run = mikiwame(&w, &[&named, &departments], "out");
        run.expect_success();
        // Both files follow the customer's templates: no note that the layout is the guide's.
        assert!(
            !run.stderr
                .contains("取り込みレイアウトは公開されていません"),
            "{run}"
        );
        let one = mikiwame(&w, &[&named], "one");
        assert!(
            one.stderr
                .contains("取り込みファイルの列は連携手順書によるものです（ミキワメの取り込みレイアウトは公開されていません）"),
            "{one}"
        );
        assert_eq!(
            csv(&w, "out/departments.csv"),
            rows(&[
                &["部署名", "部署コード", "部署の説明"],
                &["第一営業課", "A011", "東京"],
            ])
        );
        assert_eq!(
            csv(&w, "out/employees.csv"),
            rows(&[
                &[
                    "メールアドレス",
                    "社内メモ",
                    "氏名(姓)",
                    "氏名(名)",
                    "所属部署コード"
                ],
                &["taro@example.co.jp", "リーダー候補", "山田", "太郎", "A011"],
            ])
        );
        assert_eq!(
            sheet(&w, "out/import.xlsx", "社員"),
            csv(&w, "out/employees.csv")
        );

        w.write(
            "hr.csv",
            format!(
                "{HRBRAIN_EMPLOYEES}1002,佐藤,次郎,サトウ,ジロウ,jiro@example.co.jp,A011,男性\n"
            ),
        );
        let run = w.run(&[
            "reconcile",
            "--employees",
            "hr.csv",
            "--departments",
            "deps.csv",
            "--current-employees",
            "current.csv",
            "--current-departments",
            "current_deps.csv",
            "--template",
            &named,
            "--template",
            &departments,
            "--out",
            "out2",
        ]);
        run.expect_code(2).expect_stderr_contains(&format!(
            "[template-value-unknown] --template {employees}: 埋められない列 \"社内メモ\": 現在のエクスポート current.csv にない記録 1 件は値が分からないため中止しました: employees.csv 行 3 (メールアドレス \"jiro@example.co.jp\")"
        ));
        nothing_written(&w, "out2", &run);
    }
}

/// Templates that cannot be placed are refused before anything is written.
#[test]
fn refused_templates() {
    let w = Workdir::new();
    mikiwame_files(&w);
    let cases: [(&str, &str, &str); 4] = [
        (
            "no key column of any file",
            "氏名（姓）,氏名（名）\n",
            "fits no import file: it has no key column (departments: 部署コード; employees: メールアドレス)",
        ),
        (
            "the key columns of both files",
            "部署コード,メールアドレス\n",
            "holds the key columns of several import files; which one it is for is ambiguous (departments: 部署コード; employees: メールアドレス). name the kind: --template departments=FILE / --template employees=FILE",
        ),
        (
            "a blank header between columns",
            "メールアドレス,,氏名（姓）\n",
            "a template column has no header: column 2",
        ),
        (
            "two columns of one item",
            "メールアドレス,氏名（姓）,氏名(姓)\n",
            "two template columns name the same item: \"氏名（姓）\" / \"氏名(姓)\"",
        ),
    ];
    for (name, template, message) in cases {
        w.write("t.csv", template);
        let run = w.run(&[
            "--lang",
            "en",
            "reconcile",
            "--employees",
            "hr.csv",
            "--departments",
            "deps.csv",
            "--current-employees",
            "current.csv",
            "--current-departments",
            "current_deps.csv",
            "--out",
            "out",
            "--template",
            "t.csv",
        ]);
        run.expect_code(2);
        assert!(run.stderr.contains(message), "{name}\n{run}");
        nothing_written(&w, "out", &run);
    }
}

// ------------------------------------------------------------------------------------------------
// クラウド法人名刺 (--to meishi) and KiteRa (--to kitera), from SmartHR

const SMARTHR: &str =
    "社員番号,姓,名,姓（ヨミガナ）,名（ヨミガナ）,メールアドレス,生年月日,在籍状況,部署1\n\
    1001,山本,翔太,ヤマモト,ショウタ,shota@example.co.jp,1990-07-15,在籍中,営業部\n\
    1002,中村,大輔,ナカムラ,ダイスケ,daisuke@example.co.jp,1987-11-03,在籍中,営業部\n";

/// 名刺: a template of the employee import (both formats) with a column set by hand in 名刺 (役職)
/// and another order; the group import keeps its layout. A new employee stops the run.
#[test]
fn meishi_template_carries_a_column_set_by_hand() {
    for format in FORMATS {
        let w = Workdir::new();
        w.write("hr.csv", SMARTHR);
        w.write("deps.csv", "部署コード,部署名,親部署コード\nA001,営業部,\n");
        w.write(
            "employees.csv",
            "社員ID,姓,名,メールアドレス,グループコード,グループ名,権限,役職\n\
             1001,山本,翔太,old@example.co.jp,A001,営業部,申請者,課長\n\
             1002,中村,大輔,daisuke@example.co.jp,A001,営業部,承認者,\n",
        );
        w.write(
            "groups.csv",
            "グループコード,グループ名,親グループコード\n,グループ1,\nA001,営業部,\n",
        );
        let file = template(
            &w,
            "template",
            format,
            &["社員ID", "役職", "メールアドレス", "姓", "名"],
        );
        let run = |out: &str| {
            w.run(&[
                "reconcile",
                "--to",
                "meishi",
                "--employees",
                "hr.csv",
                "--departments",
                "deps.csv",
                "--current-employees",
                "employees.csv",
                "--current-departments",
                "groups.csv",
                "--company-id",
                "example",
                "--template",
                &file,
                "--out",
                out,
            ])
        };
        run("out").expect_success();
        assert_eq!(
            csv(&w, "out/employees.csv"),
            rows(&[
                &["社員ID", "役職", "メールアドレス", "姓", "名"],
                &["1001", "課長", "shota@example.co.jp", "山本", "翔太"],
            ])
        );
        assert_eq!(
            csv(&w, "out/departments.csv")[0],
            ["グループコード", "グループ名", "親グループコード"]
        );
        w.write(
            "hr.csv",
            format!("{SMARTHR}1003,伊藤,美咲,イトウ,ミサキ,misaki@example.co.jp,1993-02-28,在籍中,営業部\n"),
        );
        let stopped = run("out2");
        stopped.expect_code(2).expect_stderr_contains(&format!(
            "[template-value-unknown] --template {file}: 埋められない列 \"役職\": 現在のエクスポート employees.csv にない記録 1 件は値が分からないため中止しました: employees.csv 行 3 (社員ID \"1003\")"
        ));
        nothing_written(&w, "out2", &stopped);
    }
}

/// KiteRa: a template (both formats) in the user import's columns, another order, with a column
/// KiteRa holds that meibo does not fill (備考) — carried for the user it holds, and the run stops
/// for the user it does not. 役割 is one of meibo's own columns (carried by the rules).
#[test]
fn kitera_template() {
    for format in FORMATS {
        let w = Workdir::new();
        w.write(
            "users.csv",
            "従業員コード,メールアドレス,名前,役割,認証方法,備考\n\
         1001,shota@example.co.jp,山本 翔,管理者,パスワード,出向中\n\
         1002,old@example.co.jp,中村 大輔,メンバー,SSO,\n",
        );
        let file = template(
            &w,
            "template",
            format,
            &[
                "メールアドレス",
                "従業員コード",
                "名前",
                "備考",
                "役割",
                "認証方法",
            ],
        );
        let run = |hr: &str, out: &str| {
            w.write("hr.csv", hr);
            w.run(&[
                "reconcile",
                "--to",
                "kitera",
                "--employees",
                "hr.csv",
                "--current-employees",
                "users.csv",
                "--template",
                &file,
                "--out",
                out,
            ])
        };
        let done = run(SMARTHR, "out");
        done.expect_success();
        // The template decides the columns: no note that they are the help page's item names.
        assert!(!done.stderr.contains("ユーザーデータツール"), "{done}");
        assert_eq!(
            csv(&w, "out/users_001.csv"),
            rows(&[
                &[
                    "メールアドレス",
                    "従業員コード",
                    "名前",
                    "備考",
                    "役割",
                    "認証方法"
                ],
                &[
                    "shota@example.co.jp",
                    "1001",
                    "山本 翔太",
                    "出向中",
                    "管理者",
                    "パスワード"
                ],
                // Without --auth, 1002 keeps the SSO KiteRa holds.
                &[
                    "daisuke@example.co.jp",
                    "1002",
                    "中村 大輔",
                    "",
                    "メンバー",
                    "SSO"
                ],
            ])
        );
        let new_user = format!(
            "{SMARTHR}1003,伊藤,美咲,イトウ,ミサキ,misaki@example.co.jp,1993-02-28,在籍中,開発部\n"
        );
        let stopped = run(&new_user, "out2");
        stopped.expect_code(2).expect_stderr_contains(
            "埋められない列 \"備考\": 現在のエクスポート users.csv にない記録 1 件は値が分からないため中止しました: users_001.csv 行 4 (従業員コード \"1003\")",
        );
        nothing_written(&w, "out2", &stopped);
    }
}

/// ミキワメ's 性別 against the options it shows (its export: 男性, 女性): a row with another value
/// is refused as `invalid-choice`; a template export whose rows show the value makes it an option;
/// when no row holds an option the run stops (`unmapped-gender`), fixed by a `[genders]` table.
#[test]
fn mikiwame_gender_choices() {
    let w = Workdir::new();
    mikiwame_files(&w);
    w.write(
        "current.csv",
        "社員番号,氏名（姓）,氏名（名）,姓（カナ）,名（カナ）,メールアドレス,所属部署,性別\n\
         1001,山田,太郎,ヤマダ,タロウ,taro@example.co.jp,A001,男性\n\
         1009,高橋,花子,タカハシ,ハナコ,hanako@example.co.jp,A001,女性\n",
    );
    let hr = |rows: &str| {
        w.write(
            "hr.csv",
            format!("従業員番号,氏,名,氏（カナ）,名（カナ）,メールアドレス,主部署,性別\n{rows}"),
        );
    };
    let args = |out: &'static str, extra: &[&'static str]| {
        let mut args = vec![
            "reconcile",
            "--employees",
            "hr.csv",
            "--departments",
            "deps.csv",
            "--current-employees",
            "current.csv",
            "--current-departments",
            "current_deps.csv",
            "--out",
            out,
        ];
        args.extend(extra);
        args
    };
    hr(
        "1001,山田,太郎,ヤマダ,タロウ,taro@example.co.jp,A011,男性\n\
        1002,佐藤,次郎,サトウ,ジロウ,jiro@example.co.jp,A011,未回答\n",
    );
    let run = w.run(&args("out", &[]));
    run.expect_code(1);
    let exclusions: Vec<[String; 4]> = csv(&w, "out/exclusions.csv")[1..]
        .iter()
        .map(|r| [r[1].clone(), r[3].clone(), r[5].clone(), r[7].clone()])
        .collect();
    assert_eq!(
        exclusions,
        [[
            "3".to_string(),
            "jiro@example.co.jp".to_string(),
            "invalid-choice".to_string(),
            "性別: \"未回答\"".to_string()
        ]]
    );
    let written: Vec<String> = csv(&w, "out/employees.csv")[1..]
        .iter()
        .map(|r| r[5].clone())
        .collect();
    assert_eq!(written, ["taro@example.co.jp"]);

    // An export given as the template shows 未回答 in its rows: an option.
    w.write(
        "template.csv",
        "メールアドレス,氏名（姓）,性別\nsample@example.co.jp,見本,未回答\n",
    );
    let run = w.run(&args("out2", &["--template", "template.csv"]));
    run.expect_success();
    assert_eq!(
        csv(&w, "out2/employees.csv"),
        rows(&[
            &["メールアドレス", "氏名（姓）", "性別"],
            &["taro@example.co.jp", "山田", "男性"],
            &["jiro@example.co.jp", "佐藤", "未回答"],
        ])
    );

    // No row holds an option: the column is unmapped, the run stops.
    hr("1001,山田,太郎,ヤマダ,タロウ,taro@example.co.jp,A011,男\n\
        1002,佐藤,次郎,サトウ,ジロウ,jiro@example.co.jp,A011,男\n");
    let run = w.run(&args("out3", &["--lang", "en"]));
    run.expect_code(2).expect_stderr_contains(
        "[unmapped-gender] hr.csv: 性別: every value written is one the receiving system has no option for: \"男\" (rows 2, 3). the options the receiving system shows (current export and template): 女性, 男性.",
    );
    nothing_written(&w, "out3", &run);
    w.write("mapping.toml", "[genders]\n\"男\" = \"男性\"\n");
    let run = w.run(&args("out3", &["--mapping", "mapping.toml"]));
    run.expect_success();
}

// ------------------------------------------------------------------------------------------------
// The bundled templates (samples/templates/, written by samples/make_samples.py)

/// kaonavi's template runs on the samples as the README shows it: its columns, the member's own
/// cells and the carried メールアドレス, 役職 (blank in kaonavi) and 雇用形態.
#[test]
fn bundled_kaonavi_template_runs_on_the_samples() {
    let readme =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .unwrap();
    let line = readme
        .lines()
        .find(|l| l.contains("--template samples/templates/kaonavi_基本情報.csv"))
        .expect("the README shows the template command");
    let shown = line
        .strip_prefix("cargo run --release -- ")
        .expect("a cargo run line");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let args: Vec<String> = shown
        .split(' ')
        .map(|a| match a.starts_with("samples/") {
            true => root.join(a).display().to_string(),
            false if a == "out-template" => "out".to_string(),
            false => a.to_string(),
        })
        .collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let w = Workdir::new();
    let run = w.run(&args);
    run.expect_code(1);
    assert_eq!(
        csv(&w, "out/employees.csv"),
        rows(&[
            &[
                "社員番号",
                "氏名",
                "フリガナ",
                "メールアドレス",
                "入社日",
                "性別",
                "生年月日",
                "役職",
                "雇用形態"
            ],
            &[
                "1011",
                "木村 彩",
                "キムラ アヤ",
                "aya.kimura@example.co.jp",
                "2021/07/01",
                "女性",
                "1998/03/03",
                "",
                "アルバイト・パート"
            ],
        ])
    );
}

/// The other bundled templates reorder the columns meibo fills: each sample run writes the
/// employee import in exactly the template's columns (名刺's template goes to the employee file,
/// whose columns fill more of it than the group file's, though it holds グループコード too).
#[test]
fn bundled_templates_run_on_the_samples() {
    let samples = common::samples();
    let path = |rel: &str| samples.join(rel).display().to_string();
    let cases: [(&str, Vec<String>, &str, &[&str]); 3] = [
        (
            "mikiwame_社員.xlsx",
            [
                "--employees",
                "hrbrain/employees.csv",
                "--departments",
                "hrbrain/departments.csv",
                "--current-employees",
                "mikiwame/employees.csv",
                "--current-departments",
                "mikiwame/departments.csv",
            ]
            .iter()
            .map(|a| {
                if a.starts_with("--") {
                    a.to_string()
                } else {
                    path(a)
                }
            })
            .collect(),
            "employees.csv",
            &[
                "daisuke.nakamura@example.co.jp",
                "1002",
                "中村",
                "大輔",
                "ナカムラ",
                "ダイスケ",
                "A012",
                "係長",
                "正社員",
                "男性",
                "1987/11/03",
                "2018/10/01",
                "",
                "0",
            ],
        ),
        (
            "meishi_社員.xlsx",
            [
                "--to",
                "meishi",
                "--employees",
                "smarthr/employees.xlsx",
                "--departments",
                "smarthr/departments.csv",
                "--current-employees",
                "meishi/employees.csv",
                "--current-departments",
                "meishi/groups.csv",
                "--company-id",
                "example",
            ]
            .iter()
            .map(|a| {
                if a.starts_with("--") || !a.contains('/') {
                    a.to_string()
                } else {
                    path(a)
                }
            })
            .collect(),
            "import.xlsx#社員",
            &[
                "1003",
                "ito.misaki@example.co.jp",
                "伊藤",
                "美咲",
                "A002",
                "開発部",
                "",
                "",
            ],
        ),
        (
            "kitera_ユーザー.csv",
            [
                "--to",
                "kitera",
                "--employees",
                "smarthr/employees.xlsx",
                "--current-employees",
                "kitera/users.csv",
            ]
            .iter()
            .map(|a| {
                if a.starts_with("--") || !a.contains('/') {
                    a.to_string()
                } else {
                    path(a)
                }
            })
            .collect(),
            "users_001.csv",
            &[
                "ito.misaki@example.co.jp",
                "1003",
                "伊藤 美咲",
                "担当者",
                "パスワード",
            ],
        ),
    ];
    for (template, args, written, first) in cases {
        let w = Workdir::new();
        let template_path = path(&format!("templates/{template}"));
        let mut all: Vec<&str> = vec!["reconcile"];
        all.extend(args.iter().map(String::as_str));
        all.extend(["--template", &template_path, "--out", "out"]);
        let run = w.run(&all);
        run.expect_code(1);
        let written = match written.split_once('#') {
            Some((book, name)) => sheet(&w, &format!("out/{book}"), name),
            None => csv(&w, &format!("out/{written}")),
        };
        let header: Vec<String> = if template.ends_with(".xlsx") {
            let mut book = calamine::open_workbook_auto(&template_path).unwrap();
            let range = calamine::Reader::worksheet_range_at(&mut book, 0)
                .unwrap()
                .unwrap();
            range
                .rows()
                .next()
                .unwrap()
                .iter()
                .map(|c| c.to_string())
                .collect()
        } else {
            csv(&w, &template_path)[0].clone()
        };
        assert_eq!(written[0], header, "{template}\n{run}");
        assert_eq!(written[1], *first, "{template}");
    }
}
