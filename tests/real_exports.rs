//! The HR systems' real downloads (issue 12, docs/): SmartHR's `部署1 部署`/`役職1 役職` headers in
//! CP932 CSV and XLSX (クラウド法人名刺's `--group-level` on `部署N 部署` is in tests/targets.rs), kaonavi's 所属ツリー with numbered level columns, HRBrain's two
//! bulk-registration templates, SmartHR's 従業員+家族 縦並び download, and the mapping file `inspect`
//! prints for a custom download format. Each runs the binary and asserts exact rows.

mod common;

use common::{Output, Workdir};
use rust_xlsxwriter::Workbook;

/// Text as CP932 (Windows-31J), as SmartHR's and kaonavi's CSV downloads are written.
fn cp932(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(text);
    assert!(!unmappable, "{text:?} is not CP932");
    bytes.into_owned()
}

/// The data rows of a CSV the run wrote.
fn data(w: &Workdir, name: &str) -> Vec<Vec<String>> {
    w.read_csv(name)[1..].to_vec()
}

/// Rows written as one comma-separated line each (no cell here holds a comma).
fn rows(lines: &[&str]) -> Vec<Vec<String>> {
    lines
        .iter()
        .map(|l| l.split(',').map(String::from).collect())
        .collect()
}

/// (row, code, detail) of every warning line.
fn warnings(w: &Workdir, out: &str) -> Vec<[String; 3]> {
    data(w, &format!("{out}/warnings.csv"))
        .into_iter()
        .map(|r| [r[1].clone(), r[2].clone(), r[4].clone()])
        .collect()
}

const MIKIWAME_DEPARTMENTS: &str =
    "部署コード,部署名,親部署コード\nA001,営業部,\nA011,第一営業課,A001\nA002,開発部,\n";
const MIKIWAME_EMPLOYEES: &str = "社員番号,氏名（姓）,氏名（名）,姓（カナ）,名（カナ）,メールアドレス,生年月日,性別,所属部署,役職,雇用形態,入社日,退職日,退職者フラグ\n";

/// `reconcile --to mikiwame` of `employees` (and `departments` when given) against a small
/// current ミキワメ export.
fn to_mikiwame(w: &Workdir, employees: &str, departments: Option<&str>, out: &str) -> Output {
    w.write("current_departments.csv", MIKIWAME_DEPARTMENTS);
    w.write("current_employees.csv", MIKIWAME_EMPLOYEES);
    w.run(&common::reconcile_args(employees, departments, out))
}

// ------------------------------------------------------------------------------------------------
// SmartHR: 部署1 部署 … 部署10 部署, 役職1 役職 …
// ------------------------------------------------------------------------------------------------

/// The columns of SmartHR's 従業員情報 download that meibo reads, spelled as the download writes
/// them (support.smarthr.jp 360026105994), with the neighbours a real download has.
const SMARTHR_REAL_HEADER: [&str; 14] = [
    "社員番号",
    "姓",
    "名",
    "姓（ヨミガナ）",
    "名（ヨミガナ）",
    "ビジネスネーム：姓",
    "メールアドレス",
    "戸籍上の性別",
    "入社年月日",
    "在籍状況",
    "部署1 部署",
    "部署2 部署",
    "役職1 役職",
    "役職2 役職",
];

const SMARTHR_REAL_ROWS: [[&str; 14]; 2] = [
    [
        "1001",
        "山本",
        "翔太",
        "ヤマモト",
        "ショウタ",
        "",
        "shota.yamamoto@example.co.jp",
        "男性",
        "2015/04/01",
        "在籍中",
        "営業部/第一営業課",
        "開発部",
        "主任",
        "",
    ],
    [
        "1002",
        "伊藤",
        "美咲",
        "イトウ",
        "ミサキ",
        "",
        "misaki.ito@example.co.jp",
        "女性",
        "2018/10/01",
        "在籍中",
        "開発部",
        "",
        "課長",
        "",
    ],
];

fn smarthr_real_csv() -> String {
    std::iter::once(SMARTHR_REAL_HEADER)
        .chain(SMARTHR_REAL_ROWS)
        .map(|r| r.join(","))
        .collect::<Vec<_>>()
        .join("\r\n")
        + "\r\n"
}

fn smarthr_real_xlsx() -> Vec<u8> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (r, row) in std::iter::once(SMARTHR_REAL_HEADER)
        .chain(SMARTHR_REAL_ROWS)
        .enumerate()
    {
        for (c, cell) in row.iter().enumerate() {
            if !cell.is_empty() {
                sheet.write_string(r as u32, c as u16, *cell).unwrap();
            }
        }
    }
    workbook.save_to_buffer().unwrap()
}

#[test]
fn smarthr_real_headers_give_department_and_position_without_header_missing() {
    let w = Workdir::new();
    w.write("smarthr.csv", cp932(&smarthr_real_csv()));
    w.write("smarthr.xlsx", smarthr_real_xlsx());
    for (file, out) in [("smarthr.csv", "out_csv"), ("smarthr.xlsx", "out_xlsx")] {
        let run = to_mikiwame(&w, file, None, out);
        run.expect_success();
        // 所属部署 is the department's code; 役職 is 役職1 役職; 役職2 役職 is not read.
        assert_eq!(
            data(&w, &format!("{out}/employees.csv")),
            rows(&[
                "1001,山本,翔太,ヤマモト,ショウタ,shota.yamamoto@example.co.jp,,男性,A011,主任,,2015/04/01,,0",
                "1002,伊藤,美咲,イトウ,ミサキ,misaki.ito@example.co.jp,,女性,A002,課長,,2018/10/01,,0",
            ]),
            "{run}"
        );
        // Not one header-missing for 部署 or 役職 (生年月日 and 雇用形態 are really absent).
        let codes: Vec<String> = warnings(&w, out)
            .into_iter()
            .map(|[_, code, detail]| format!("{code} {detail}"))
            .collect();
        assert!(
            codes
                .iter()
                .all(|c| !c.contains("部署") && !c.contains("役職")),
            "{codes:?}\n{run}"
        );
    }
    w.run(&["--lang", "en", "inspect", "smarthr.csv"])
        .expect_success()
        .expect_lines(&[
            "    department             ← 部署1 部署",
            "    department2            ← 部署2 部署",
            "    position               ← 役職1 役職",
            "  columns not used: 役職2 役職",
        ]);
}

// ------------------------------------------------------------------------------------------------
// kaonavi: 所属ツリー with 所属Nコード / 所属名N pairs; members by 所属コード or a space path
// ------------------------------------------------------------------------------------------------

/// A 所属ツリー CSV of `depth` levels as kaonavi writes it: one 所属 a row, its ancestors' pairs
/// filled in from the root (K1 階層1 → … → K`depth`), plus 第一営業課 whose parent 営業部 has no row
/// of its own.
fn kaonavi_tree(depth: usize) -> Vec<u8> {
    let header: Vec<String> = (1..=depth)
        .flat_map(|n| [format!("所属{n}コード"), format!("所属名{n}")])
        .collect();
    let mut lines = vec![header.join(",")];
    for level in 1..=depth {
        let mut cells: Vec<String> = (1..=level)
            .flat_map(|n| [format!("K{n}"), format!("階層{n}")])
            .collect();
        cells.resize(depth * 2, String::new());
        lines.push(cells.join(","));
    }
    if depth >= 2 {
        let mut cells: Vec<String> = ["A001", "営業部", "A011", "第一営業課"]
            .map(String::from)
            .to_vec();
        cells.resize(depth * 2, String::new());
        lines.push(cells.join(","));
    }
    cp932(&(lines.join("\r\n") + "\r\n"))
}

#[test]
fn kaonavi_tree_of_1_to_10_levels_is_read_as_departments_with_parents() {
    let w = Workdir::new();
    w.write(
        "members.csv",
        cp932("社員番号,氏名,フリガナ,メールアドレス\r\n"),
    );
    for depth in 1..=10 {
        let tree = format!("tree{depth}.csv");
        let out = format!("out{depth}");
        w.write(&tree, kaonavi_tree(depth));
        let run = to_mikiwame(&w, "members.csv", Some(&tree), &out);
        run.expect_success();
        let mut expected: Vec<Vec<String>> = (1..=depth)
            .map(|n| {
                let parent = if n == 1 {
                    String::new()
                } else {
                    format!("K{}", n - 1)
                };
                vec![format!("K{n}"), format!("階層{n}"), parent]
            })
            .collect();
        // 営業部 A001 and 第一営業課 A011 under it are ミキワメ's already: unchanged, so not
        // written (a wrong parent would be an update).
        let mut written = data(&w, &format!("{out}/departments.csv"));
        written.sort();
        expected.sort();
        assert_eq!(written, expected, "depth {depth}\n{run}");
        assert!(
            data(&w, &format!("{out}/exclusions.csv")).is_empty(),
            "{run}"
        );
    }
}

#[test]
fn kaonavi_members_by_code_or_space_path_resolve_against_the_tree() {
    let w = Workdir::new();
    w.write("tree.csv", kaonavi_tree(3));
    w.write(
        "members.csv",
        cp932(
            "社員番号,氏名,フリガナ,メールアドレス,所属コード,所属\r\n\
             1001,山本 翔太,ヤマモト ショウタ,a@example.co.jp,K3,\r\n\
             1002,伊藤 美咲,イトウ ミサキ,b@example.co.jp,,営業部 第一営業課\r\n\
             1003,木村 彩,キムラ アヤ,c@example.co.jp,,階層1 階層2\r\n\
             1004,小林 誠,コバヤシ マコト,d@example.co.jp,,K1\r\n",
        ),
    );
    let run = to_mikiwame(&w, "members.csv", Some("tree.csv"), "out");
    run.expect_success();
    let departments: Vec<(String, String)> = data(&w, "out/employees.csv")
        .into_iter()
        .map(|r| (r[0].clone(), r[8].clone()))
        .collect();
    assert_eq!(
        departments,
        [
            ("1001", "K3"),
            ("1002", "A011"),
            ("1003", "K2"),
            ("1004", "K1")
        ]
        .map(|(a, b)| (a.to_string(), b.to_string())),
        "{run}"
    );
}

// ------------------------------------------------------------------------------------------------
// HRBrain: the two bulk-registration templates (主部署 by name, or by 組織情報コード)
// ------------------------------------------------------------------------------------------------

#[test]
fn hrbrain_templates_by_name_and_by_code_both_read() {
    let w = Workdir::new();
    let template = |department_header: &str, sales: &str, dev: &str| {
        format!(
            "従業員番号,メールアドレス,氏,名,氏（カナ）,名（カナ）,生年月日,性別,入社年月日,雇用形態,在籍状況,{department_header},副部署1,副部署2,副部署3,副部署4,役職・職位\r\n\
             1001,shota.yamamoto@example.co.jp,山本,翔太,ヤマモト,ショウタ,1990/07/15,男性,2015/04/01,正社員,在籍中,{sales},{dev},,,,主任\r\n\
             1002,misaki.ito@example.co.jp,伊藤,美咲,イトウ,ミサキ,1992/01/20,女性,2018/10/01,パートタイム,在籍中,{dev},,,,,\r\n"
        )
    };
    let files = [
        // [テンプレートダウンロード]: 組織情報 by 項目名 (a path or a unique name).
        (
            "by_name.csv",
            template("主部署", "営業部/第一営業課", "開発部"),
        ),
        // [テンプレートダウンロード(組織情報コード)]: the same cells hold 組織情報コード.
        ("by_code.csv", template("主部署", "A011", "A002")),
        (
            "by_code_header.csv",
            template("主部署（組織情報コード）", "A011", "A002"),
        ),
    ];
    for (file, text) in files {
        w.write(file, text);
        let out = format!("out_{file}");
        let run = to_mikiwame(&w, file, None, &out);
        run.expect_success();
        assert_eq!(
            data(&w, &format!("{out}/employees.csv")),
            rows(&[
                "1001,山本,翔太,ヤマモト,ショウタ,shota.yamamoto@example.co.jp,1990/07/15,男性,A011,主任,正社員,2015/04/01,,0",
                "1002,伊藤,美咲,イトウ,ミサキ,misaki.ito@example.co.jp,1992/01/20,女性,A002,,パート・アルバイト,2018/10/01,,0",
            ]),
            "{file}\n{run}"
        );
        assert!(data(&w, &format!("{out}/warnings.csv")).is_empty(), "{run}");
    }
}

// ------------------------------------------------------------------------------------------------
// SmartHR: 従業員情報+家族情報, 縦並び (one row per family member) and 横並び
// ------------------------------------------------------------------------------------------------

#[test]
fn smarthr_family_rows_download_stops_naming_the_download_to_take() {
    let w = Workdir::new();
    w.write(
        "family.csv",
        cp932(
            "社員番号,姓,名,姓（ヨミガナ）,名（ヨミガナ）,メールアドレス,部署1 部署,家族 続柄,家族 姓,家族 名\r\n\
             1001,山本,翔太,ヤマモト,ショウタ,shota.yamamoto@example.co.jp,開発部,妻,山本,花子\r\n\
             1001,山本,翔太,ヤマモト,ショウタ,shota.yamamoto@example.co.jp,開発部,長男,山本,一郎\r\n\
             1002,伊藤,美咲,イトウ,ミサキ,misaki.ito@example.co.jp,開発部,,,\r\n",
        ),
    );
    let run = to_mikiwame(&w, "family.csv", None, "out");
    run.expect_code(2).expect_stderr_contains(
        "family.csv: SmartHRの「従業員情報+家族情報」を家族情報の出力形式「縦並び」でダウンロードしたファイルです（家族1人に1行: 社員番号 1001 が行 2 と行 3）。従業員リストの[一覧のダウンロード]で、ダウンロード対象範囲を「従業員情報」にするか、家族情報の出力形式を「横並び」にしてダウンロードし直してください。",
    );
    assert!(!w.path("out").exists(), "nothing written\n{run}");
    w.run(&["--lang", "en", "inspect", "family.csv"])
        .expect_code(2)
        .expect_stderr_contains(
            "family.csv: this is SmartHR's 従業員情報+家族情報 download with family rows 縦並び (one row per family member: 社員番号 1001 on rows 2 and 3).",
        );

    // 横並び: one row per employee, family members side by side — read as usual.
    w.write(
        "family_side.csv",
        cp932(
            "社員番号,姓,名,姓（ヨミガナ）,名（ヨミガナ）,メールアドレス,部署1 部署,家族1 続柄,家族1 姓,家族2 続柄,家族2 姓\r\n\
             1001,山本,翔太,ヤマモト,ショウタ,shota.yamamoto@example.co.jp,開発部,妻,山本,長男,山本\r\n\
             1002,伊藤,美咲,イトウ,ミサキ,misaki.ito@example.co.jp,開発部,,,,\r\n",
        ),
    );
    let run = to_mikiwame(&w, "family_side.csv", None, "side");
    run.expect_success();
    let keys: Vec<(String, String)> = data(&w, "side/employees.csv")
        .into_iter()
        .map(|r| (r[0].clone(), r[8].clone()))
        .collect();
    assert_eq!(
        keys,
        [("1001", "A002"), ("1002", "A002")].map(|(a, b)| (a.to_string(), b.to_string())),
        "{run}"
    );
}

// ------------------------------------------------------------------------------------------------
// A custom download format: inspect prints a ready-to-edit --mapping file
// ------------------------------------------------------------------------------------------------

#[test]
fn custom_format_gets_a_draft_mapping_one_edit_away_from_a_run() {
    let w = Workdir::new();
    w.write(
        "custom.csv",
        "従業員コード,苗字,名前,セイ,メイ,社用メール,所属部署名,職位,入社\r\n\
         1001,山本,翔太,ヤマモト,ショウタ,shota.yamamoto@example.co.jp,営業部/第一営業課,主任,2015/04/01\r\n",
    );
    // reconcile refuses it, naming the command that writes the draft; nothing is written.
    let run = to_mikiwame(&w, "custom.csv", None, "out");
    run.expect_code(2).expect_stderr_contains(
        "  列名を変えた形式（カスタムダウンロードなど）なら、--mapping に渡す対応ファイルの下書きを次で作れます: meibo inspect --from smarthr custom.csv > mapping.toml",
    );
    assert!(!w.path("out").exists(), "{run}");
    let draft = w.run(&["--lang", "en", "inspect", "--from", "smarthr", "custom.csv"]);
    draft.expect_code(2);
    assert_eq!(
        draft.stdout_lines(),
        [
            "# draft meibo --mapping file for custom.csv (nearest layout: SmartHR employees)",
            "# check each line marked guess, fix the header where it is wrong, fill in or delete the commented ones, then pass this file with --mapping.",
            "[headers]",
            "employee_number = \"従業員コード\"  # guess",
            "# family_name = \"\"  # no column found; usually 姓",
            "given_name = \"名前\"  # guess",
            "family_kana = \"セイ\"",
            "given_kana = \"メイ\"",
            "email = \"社用メール\"  # guess",
            "# birth_date = \"\"  # no column found; usually 生年月日",
            "# gender = \"\"  # no column found; usually 性別",
            "hire_date = \"入社\"  # guess",
            "# employment_status = \"\"  # no column found; usually 在籍状況",
            "# retirement_date = \"\"  # no column found; usually 退職年月日",
            "# employment_type = \"\"  # no column found; usually 雇用形態",
            "department = \"所属部署名\"  # guess",
            "position = \"職位\"  # guess",
            "# columns not used: \"苗字\"",
        ],
        "{draft}"
    );
    // The one edit: 苗字 is the family name.
    let edited = draft.stdout.replace(
        "# family_name = \"\"  # no column found; usually 姓",
        "family_name = \"苗字\"",
    );
    w.write("mapping.toml", edited);
    let mut args = common::reconcile_args("custom.csv", None, "mapped");
    args.extend(["--mapping", "mapping.toml"]);
    let run = w.run(&args);
    run.expect_success();
    assert_eq!(
        data(&w, "mapped/employees.csv"),
        rows(&["1001,山本,翔太,ヤマモト,ショウタ,shota.yamamoto@example.co.jp,,,A011,主任,,2015/04/01,,0"]),
        "{run}"
    );
}

/// The bundled kaonavi samples: the 所属ツリー download and the flat 所属コード/上位所属コード file
/// describe the same departments, so a run gives the same import files with either.
#[test]
fn kaonavi_sample_tree_and_flat_layout_give_the_same_run() {
    let w = Workdir::new();
    let samples = common::samples();
    let run = |departments: &str, out: &str| {
        let path = |name: &str| samples.join(name).display().to_string();
        w.run(&[
            "reconcile",
            "--employees",
            &path("kaonavi/members.csv"),
            "--departments",
            &path(departments),
            "--current-employees",
            &path("mikiwame/employees.csv"),
            "--current-departments",
            &path("mikiwame/departments.csv"),
            "--out",
            out,
        ])
    };
    run("kaonavi/departments.csv", "flat").expect_code(1);
    run("kaonavi/departments_tree.csv", "tree").expect_code(1);
    for file in ["departments.csv", "employees.csv"] {
        assert_eq!(
            w.read_csv(&format!("tree/{file}")),
            w.read_csv(&format!("flat/{file}")),
            "{file}"
        );
    }
    assert_eq!(
        data(&w, "tree/departments.csv"),
        rows(&["A013,第三営業課,A001"])
    );
}
