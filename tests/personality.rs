//! `meibo personality` end to end: the built binary run in a fresh folder on small fixtures the
//! tests write, asserting exact rows and cells (docs/personality.md, docs/output.md).

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, Reader};

const LATEST_SHEET: &str = "最新性格検査結果(ミキワメ連携)";
const ALL_SHEET: &str = "全性格検査結果(ミキワメ連携)";

/// A fresh temporary folder to run meibo in (a minimal local harness; see tests/common when it
/// exists).
struct Workdir {
    dir: tempfile::TempDir,
}

/// One finished run: what was asked and what came back, printed whole when an assertion fails.
struct Run {
    args: Vec<String>,
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl fmt::Display for Run {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "\n$ meibo {}", self.args.join(" "))?;
        writeln!(f, "exit: {:?}", self.code)?;
        writeln!(f, "--- stdout\n{}", self.stdout)?;
        write!(f, "--- stderr\n{}", self.stderr)
    }
}

impl Workdir {
    fn new() -> Workdir {
        Workdir {
            dir: tempfile::TempDir::new().expect("temporary folder"),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&path, bytes).unwrap();
        path
    }

    fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_meibo"))
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .expect("meibo runs");
        Run {
            args: args.iter().map(|a| a.to_string()).collect(),
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// `meibo personality` on `results.csv` and `members.csv` into `out`, with extra arguments.
    fn personality(&self, extra: &[&str]) -> Run {
        let mut args = vec![
            "personality",
            "--results",
            "results.csv",
            "--members",
            "members.csv",
            "--out",
            "out",
        ];
        args.extend_from_slice(extra);
        self.run(&args)
    }

    /// A CSV meibo wrote (UTF-8 with BOM), header row included.
    fn csv(&self, name: &str) -> Vec<Vec<String>> {
        let bytes = std::fs::read(self.path(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let text = String::from_utf8(bytes).unwrap();
        let text = text.strip_prefix('\u{FEFF}').expect("written with a BOM");
        csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect()
    }

    fn json(&self, name: &str) -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(self.path(name)).unwrap()).unwrap()
    }
}

fn rows(lines: &[&[&str]]) -> Vec<Vec<String>> {
    lines
        .iter()
        .map(|l| l.iter().map(|c| c.to_string()).collect())
        .collect()
}

/// A sheet of a workbook as text, every cell a string cell (as meibo writes them).
fn sheet(path: &Path, name: &str) -> Vec<Vec<String>> {
    let mut workbook = calamine::open_workbook_auto(path).unwrap();
    let range = workbook.worksheet_range(name).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::String(s) => s.clone(),
                    Data::Empty => String::new(),
                    other => panic!("{name}: not a string cell: {other:?}"),
                })
                .collect()
        })
        .collect()
}

const RESULT_HEADER: &str =
    "社員番号,氏名,メールアドレス,受検日,16タイプ,受検者詳細URL,傾聴傾向,主張傾向,楽観性";
const MEMBERS: &str = "社員番号,氏名,フリガナ,メールアドレス\n\
    1001,山本 翔太,ヤマモト ショウタ,shota.yamamoto@example.co.jp\n\
    1002,中村 大輔,ナカムラ ダイスケ,daisuke.nakamura@example.co.jp\n\
    1003,伊藤 美咲,イトウ ミサキ,misaki.ito@example.co.jp\n";

fn results(lines: &[&str]) -> String {
    let mut text = format!("{RESULT_HEADER}\n");
    for line in lines {
        text.push_str(line);
        text.push('\n');
    }
    text
}

#[test]
fn latest_result_per_member_with_a_same_day_tie_going_to_the_later_row() {
    let wd = Workdir::new();
    wd.write(
        "results.csv",
        results(&[
            "1002,中村 大輔,daisuke.nakamura@example.co.jp,2024/05/08,ブレイン,https://m.example/2a,43.6,43.2,66.7",
            "1001,山本 翔太,shota.yamamoto@example.co.jp,2024-04-12,プロモーター,https://m.example/1b,58.6,34.5,46.1",
            "1001,山本 翔太,shota.yamamoto@example.co.jp,2023/04/10,プロモーター,https://m.example/1a,51.0,63.8,67.2",
            "1002,中村 大輔,daisuke.nakamura@example.co.jp,令和6年5月8日,アナライザー,https://m.example/2b,69.1,,38.4",
            "1002,中村 大輔,daisuke.nakamura@example.co.jp,2022/11/01,コントリビューター,https://m.example/2c,50,50,50",
        ]),
    );
    wd.write("members.csv", MEMBERS);
    let run = wd.personality(&[]);
    assert_eq!(run.code, Some(0), "{run}");

    assert_eq!(
        wd.csv("out/personality_latest.csv"),
        rows(&[
            &[
                "社員番号",
                "受検日",
                "傾聴傾向",
                "主張傾向",
                "楽観性",
                "16タイプ",
                "受検者詳細URL"
            ],
            &[
                "1001",
                "2024/04/12",
                "58.6",
                "34.5",
                "46.1",
                "プロモーター",
                "https://m.example/1b"
            ],
            // 2024/05/08 twice: the later row (row 5) wins; its blank score stays blank.
            &[
                "1002",
                "2024/05/08",
                "69.1",
                "",
                "38.4",
                "アナライザー",
                "https://m.example/2b"
            ],
        ])
    );
    assert_eq!(
        wd.csv("out/personality_all.csv"),
        rows(&[
            &["社員番号", "受検日", "16タイプ", "受検者詳細URL"],
            &["1001", "2023/04/10", "プロモーター", "https://m.example/1a"],
            &["1001", "2024/04/12", "プロモーター", "https://m.example/1b"],
            &[
                "1002",
                "2022/11/01",
                "コントリビューター",
                "https://m.example/2c"
            ],
            &["1002", "2024/05/08", "ブレイン", "https://m.example/2a"],
            &["1002", "2024/05/08", "アナライザー", "https://m.example/2b"],
        ])
    );
    assert_eq!(wd.csv("out/exclusions.csv").len(), 1, "header only");

    let summary = wd.json("out/summary.json");
    assert_eq!(summary["command"], "personality");
    assert_eq!(summary["source_system"], "mikiwame");
    assert_eq!(summary["target_system"], "kaonavi");
    assert_eq!(
        summary["counts"]["results"],
        serde_json::json!({"latest": 2, "all": 5, "excluded": 0})
    );
    assert_eq!(summary["inputs"][0]["role"], "results");
    assert_eq!(summary["inputs"][1]["role"], "members");
    assert!(run.stderr.contains("personality_latest.csv"), "{run}");
}

#[test]
fn a_name_and_email_match_with_another_employee_number_is_excluded() {
    let wd = Workdir::new();
    wd.write(
        "results.csv",
        results(&[
            "1001,山本 翔太,shota.yamamoto@example.co.jp,2023/04/10,プロモーター,https://m.example/1a,51,63,67",
            "10001,山本 翔太,shota.yamamoto@example.co.jp,2024/07/01,ブレイン,https://m.example/1x,45,62,63",
        ]),
    );
    wd.write("members.csv", MEMBERS);
    let run = wd.personality(&["--lang", "en"]);
    assert_eq!(run.code, Some(1), "{run}");

    assert_eq!(
        wd.csv("out/exclusions.csv"),
        rows(&[
            &["file", "row", "kind", "key", "name", "code", "message", "detail"],
            &[
                "results.csv",
                "3",
                "result",
                "10001",
                "山本 翔太",
                "unknown-employee-number",
                "No kaonavi member has this employee number. A matching name or e-mail does not count.",
                "10001 (the kaonavi member with this e-mail has 社員番号 1001)",
            ],
        ])
    );
    // Member 1001 keeps only its own result: the 2024 test is not carried under its name.
    assert_eq!(
        wd.csv("out/personality_latest.csv")[1..],
        rows(&[&[
            "1001",
            "2023/04/10",
            "51",
            "63",
            "67",
            "プロモーター",
            "https://m.example/1a"
        ]])
    );
    assert_eq!(wd.csv("out/personality_all.csv").len(), 2);
}

#[test]
fn every_exclusion_reason_is_reported_one_line_per_row_and_reason() {
    let wd = Workdir::new();
    wd.write(
        "results.csv",
        results(&[
            "1001,山本 翔太,shota.yamamoto@example.co.jp,2023/04/10,プロモーター,https://m.example/1a,51,63,67",
            ",伊藤 美咲,misaki.ito@example.co.jp,2023/03/20,アナライザー,https://m.example/x1,48,54,69",
            "1999,誰か,someone@example.co.jp,2023/03/20,アナライザー,https://m.example/x2,48,54,69",
            "1002,中村 大輔,daisuke.nakamura@example.co.jp,2024/13/45,ブレイン,https://m.example/x3,55,40,41",
            "1002,中村 大輔,daisuke.nakamura@example.co.jp,,ブレイン,https://m.example/x4,55,40,41",
            "1003,伊藤 美咲,misaki.ito@example.co.jp,2023/09/01,アナライザー,https://m.example/x5,50,N/A,abc",
            "1003,伊藤 美咲,misaki.ito@example.co.jp,2024/02/30,アナライザー,https://m.example/x6,50,-,50",
            "1003,伊藤 美咲,misaki.ito@example.co.jp,2022/09/01,アナライザー,https://m.example/3a,５０．５,49,",
        ]),
    );
    wd.write("members.csv", MEMBERS);
    let run = wd.personality(&[]);
    assert_eq!(run.code, Some(1), "{run}");

    let exclusions: Vec<Vec<String>> = wd
        .csv("out/exclusions.csv")
        .into_iter()
        .map(|r| {
            vec![
                r[1].clone(),
                r[2].clone(),
                r[3].clone(),
                r[5].clone(),
                r[7].clone(),
            ]
        })
        .collect();
    assert_eq!(
        exclusions,
        rows(&[
            &["row", "kind", "key", "code", "detail"],
            &["3", "result", "", "missing-employee-number", ""],
            &["4", "result", "1999", "unknown-employee-number", "1999"],
            &[
                "5",
                "result",
                "1002",
                "invalid-date",
                "受検日: \"2024/13/45\""
            ],
            &["6", "result", "1002", "invalid-date", "受検日: \"\""],
            &[
                "7",
                "result",
                "1003",
                "invalid-score",
                "主張傾向: \"N/A\"; 楽観性: \"abc\""
            ],
            &[
                "8",
                "result",
                "1003",
                "invalid-date",
                "受検日: \"2024/02/30\""
            ],
            &["8", "result", "1003", "invalid-score", "主張傾向: \"-\""],
        ])
    );
    // The Japanese message is the one `meibo explain` gives.
    assert_eq!(
        wd.csv("out/exclusions.csv")[1][6],
        "社員番号がありません。ミキワメで社員番号を入力してください。"
    );
    // 1003's latest carried result is the 2022 one; a full-width score is normalised.
    assert_eq!(
        wd.csv("out/personality_latest.csv")[1..],
        rows(&[
            &[
                "1001",
                "2023/04/10",
                "51",
                "63",
                "67",
                "プロモーター",
                "https://m.example/1a"
            ],
            &[
                "1003",
                "2022/09/01",
                "50.5",
                "49",
                "",
                "アナライザー",
                "https://m.example/3a"
            ],
        ])
    );
    let summary = wd.json("out/summary.json");
    assert_eq!(
        summary["exclusions_by_reason"],
        serde_json::json!({
            "invalid-date": 3,
            "invalid-score": 2,
            "missing-employee-number": 1,
            "unknown-employee-number": 1
        })
    );
    assert_eq!(
        summary["counts"]["results"],
        serde_json::json!({"latest": 2, "all": 2, "excluded": 6})
    );
    assert!(
        run.stderr
            .lines()
            .any(|l| l.split_whitespace().take(2).eq(["invalid-date", "3"])),
        "{run}"
    );
}

#[test]
fn a_template_reorders_and_subsets_the_latest_sheet() {
    let wd = Workdir::new();
    wd.write(
        "results.csv",
        results(&[
            "1001,山本 翔太,shota.yamamoto@example.co.jp,2023/04/10,プロモーター,https://m.example/1a,51,63,67",
            // 主張傾向 is not a number, but the template leaves 主張傾向 out: the row is carried.
            "1002,中村 大輔,daisuke.nakamura@example.co.jp,2024/05/08,ブレイン,https://m.example/2a,43.6,N/A,66.7",
        ]),
    );
    wd.write("members.csv", MEMBERS);
    // A kaonavi export: its own spelling (full-width brackets, spaces) is kept in the output.
    wd.write(
        "template.csv",
        "社員番号,楽観性,１６タイプ,傾聴 傾向,受検日\n1001,,,,\n",
    );
    let run = wd.personality(&["--template", "template.csv"]);
    assert_eq!(run.code, Some(0), "{run}");
    assert_eq!(
        wd.csv("out/personality_latest.csv"),
        rows(&[
            &["社員番号", "楽観性", "１６タイプ", "傾聴 傾向", "受検日"],
            &["1001", "67", "プロモーター", "51", "2023/04/10"],
            &["1002", "66.7", "ブレイン", "43.6", "2024/05/08"],
        ])
    );
    // The multi-record sheet keeps its fixed layout.
    assert_eq!(
        wd.csv("out/personality_all.csv")[0],
        ["社員番号", "受検日", "16タイプ", "受検者詳細URL"]
    );
    assert_eq!(
        sheet(&wd.path("out/personality.xlsx"), LATEST_SHEET),
        wd.csv("out/personality_latest.csv")
    );
    assert_eq!(wd.json("out/summary.json")["inputs"][2]["role"], "template");
}

#[test]
fn a_template_column_meibo_cannot_fill_is_refused_naming_it() {
    let wd = Workdir::new();
    wd.write(
        "results.csv",
        results(&["1001,山本 翔太,shota.yamamoto@example.co.jp,2023/04/10,プロモーター,https://m.example/1a,51,63,67"]),
    );
    wd.write("members.csv", MEMBERS);
    wd.write("template.csv", "社員番号,受検日,外向性,楽観性\n");
    let run = wd.personality(&["--template", "template.csv"]);
    assert_eq!(run.code, Some(2), "{run}");
    assert!(run.stderr.contains("\"外向性\""), "{run}");
    assert!(run.stderr.contains("template.csv"), "{run}");
    assert!(!wd.path("out").exists(), "nothing written on refusal");

    // Without 社員番号 kaonavi cannot match a row.
    wd.write("template.csv", "受検日,楽観性\n");
    let run = wd.personality(&["--template", "template.csv"]);
    assert_eq!(run.code, Some(2), "{run}");
    assert!(run.stderr.contains("社員番号"), "{run}");
    assert!(!wd.path("out").exists());
}

#[test]
fn the_workbook_holds_both_sheets_under_their_exact_names() {
    let wd = Workdir::new();
    wd.write(
        "results.csv",
        results(&[
            "1001,山本 翔太,shota.yamamoto@example.co.jp,2023/04/10,プロモーター,https://m.example/1a,51,63,67",
            "1001,山本 翔太,shota.yamamoto@example.co.jp,2024/04/12,プロモーター,https://m.example/1b,58.6,34.5,",
            "1003,伊藤 美咲,misaki.ito@example.co.jp,2024/01/15,=cmd,https://m.example/3a,69.2,46.2,63.9",
        ]),
    );
    wd.write("members.csv", MEMBERS);
    let run = wd.personality(&[]);
    assert_eq!(run.code, Some(0), "{run}");

    let path = wd.path("out/personality.xlsx");
    let workbook = calamine::open_workbook_auto(&path).unwrap();
    assert_eq!(workbook.sheet_names(), [LATEST_SHEET, ALL_SHEET]);
    assert_eq!(
        sheet(&path, LATEST_SHEET),
        rows(&[
            &[
                "社員番号",
                "受検日",
                "傾聴傾向",
                "主張傾向",
                "楽観性",
                "16タイプ",
                "受検者詳細URL"
            ],
            &[
                "1001",
                "2024/04/12",
                "58.6",
                "34.5",
                "",
                "プロモーター",
                "https://m.example/1b"
            ],
            // A formula-like value stays a string cell, never a formula.
            &[
                "1003",
                "2024/01/15",
                "69.2",
                "46.2",
                "63.9",
                "=cmd",
                "https://m.example/3a"
            ],
        ])
    );
    assert_eq!(sheet(&path, ALL_SHEET), wd.csv("out/personality_all.csv"));
    assert_eq!(sheet(&path, ALL_SHEET).len(), 4);
}

#[test]
fn reads_a_cp932_results_export_and_an_xlsx_member_export() {
    let wd = Workdir::new();
    let text = results(&[
        "1001,山本 翔太,shota.yamamoto@example.co.jp,平成31年4月10日,プロモーター,https://m.example/1a,51,63,67",
        "１００３,髙﨑 健,ken@example.co.jp,2024/01/15,ブレイン,https://m.example/3a,50,50,50",
    ])
    .replace('\n', "\r\n");
    let (cp932, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&text);
    assert!(!unmappable);
    wd.write("results.csv", &cp932);

    let mut workbook = rust_xlsxwriter::Workbook::new();
    let members = workbook.add_worksheet();
    for (column, header) in ["社員番号", "氏名", "フリガナ"].iter().enumerate() {
        members.write_string(0, column as u16, *header).unwrap();
    }
    members.write_number(1, 0, 1001.0).unwrap();
    members.write_number(2, 0, 1003.0).unwrap();
    members.write_string(2, 1, "髙﨑 健").unwrap();
    workbook.save(wd.path("members.xlsx")).unwrap();

    let run = wd.run(&[
        "personality",
        "--results",
        "results.csv",
        "--members",
        "members.xlsx",
        "--out",
        "out",
    ]);
    assert_eq!(run.code, Some(0), "{run}");
    assert_eq!(
        wd.csv("out/personality_all.csv")[1..],
        rows(&[
            &["1001", "2019/04/10", "プロモーター", "https://m.example/1a"],
            &["1003", "2024/01/15", "ブレイン", "https://m.example/3a"],
        ])
    );
    let summary = wd.json("out/summary.json");
    assert_eq!(summary["inputs"][0]["encoding"], "CP932");
    assert_eq!(summary["inputs"][1]["format"], "xlsx");
}

#[test]
fn an_item_the_export_lacks_is_left_out_not_blanked() {
    let wd = Workdir::new();
    wd.write(
        "results.csv",
        "社員番号,受検日,受検者詳細URL,楽観性\n1001,2024/04/12,https://m.example/1b,46.1\n",
    );
    wd.write("members.csv", MEMBERS);
    let run = wd.personality(&[]);
    assert_eq!(run.code, Some(0), "{run}");
    assert_eq!(
        wd.csv("out/personality_latest.csv"),
        rows(&[
            &["社員番号", "受検日", "楽観性", "受検者詳細URL"],
            &["1001", "2024/04/12", "46.1", "https://m.example/1b"],
        ])
    );
    let warnings = wd.csv("out/warnings.csv");
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert_eq!(warnings[1][2], "header-missing");
    assert_eq!(warnings[1][4], "16タイプ (type16)");

    // A template asking for it cannot be filled.
    wd.write("template.csv", "社員番号,受検日,16タイプ\n");
    let run = wd.run(&[
        "personality",
        "--results",
        "results.csv",
        "--members",
        "members.csv",
        "--out",
        "out2",
        "--template",
        "template.csv",
    ]);
    assert_eq!(run.code, Some(2), "{run}");
    assert!(run.stderr.contains("\"16タイプ\""), "{run}");
}

#[test]
fn an_out_folder_that_would_overwrite_an_input_is_refused() {
    let wd = Workdir::new();
    wd.write(
        "out/personality_all.csv",
        results(&["1001,山本 翔太,shota.yamamoto@example.co.jp,2023/04/10,プロモーター,https://m.example/1a,51,63,67"]),
    );
    wd.write("members.csv", MEMBERS);
    let before = std::fs::read(wd.path("out/personality_all.csv")).unwrap();
    let run = wd.run(&[
        "personality",
        "--results",
        "out/personality_all.csv",
        "--members",
        "members.csv",
        "--out",
        "out",
    ]);
    assert_eq!(run.code, Some(2), "{run}");
    assert_eq!(
        std::fs::read(wd.path("out/personality_all.csv")).unwrap(),
        before
    );
    assert_eq!(std::fs::read_dir(wd.path("out")).unwrap().count(), 1);
}

#[test]
fn explain_knows_the_personality_codes() {
    let wd = Workdir::new();
    for code in [
        "missing-employee-number",
        "unknown-employee-number",
        "invalid-date",
        "invalid-score",
    ] {
        let run = wd.run(&["explain", code]);
        assert_eq!(run.code, Some(0), "{run}");
        assert!(run.stdout.starts_with(code), "{run}");
    }
    let run = wd.run(&["explain", "--lang", "en", "invalid-score"]);
    assert!(run.stdout.contains("--template"), "{run}");
}

#[test]
fn the_samples_give_the_outcome_samples_readme_states() {
    let wd = Workdir::new();
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let run = wd.run(&[
        "personality",
        "--results",
        samples.join("mikiwame/results.csv").to_str().unwrap(),
        "--members",
        samples.join("kaonavi/members.csv").to_str().unwrap(),
        "--out",
        "out",
    ]);
    assert_eq!(run.code, Some(1), "{run}");
    let latest = wd.csv("out/personality_latest.csv");
    assert_eq!(latest[0].len(), 2 + 22 + 2);
    let keys = |rows: &[Vec<String>]| -> Vec<(String, String)> {
        rows[1..]
            .iter()
            .map(|r| (r[0].clone(), r[1].clone()))
            .collect()
    };
    assert_eq!(
        keys(&latest),
        [
            ("1001", "2024/04/12"),
            ("1002", "2024/05/08"),
            ("1003", "2024/01/15"),
            ("1008", "2024/06/03"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    // 1008's latest is row 8 (ブレイン), the later of two tests on 2024/06/03.
    assert_eq!(latest[4][24], "ブレイン（参謀）");
    let all = wd.csv("out/personality_all.csv");
    let urls: Vec<&str> = all[1..].iter().map(|r| &r[3][r[3].len() - 5..]).collect();
    assert_eq!(
        urls,
        ["40101", "40102", "40202", "40201", "40301", "40801", "40802"]
    );
    let exclusions: Vec<(String, String)> = wd.csv("out/exclusions.csv")[1..]
        .iter()
        .map(|r| (r[1].clone(), r[5].clone()))
        .collect();
    assert_eq!(
        exclusions,
        [
            ("9", "unknown-employee-number"),
            ("10", "missing-employee-number"),
            ("11", "invalid-date"),
            ("12", "invalid-score"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
}
