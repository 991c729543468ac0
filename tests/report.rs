//! report.html and the closing summary, checked on the real binary in a fresh temporary folder:
//! the page loads nothing from outside, its counts are summary.json's, values from the inputs are
//! escaped, big tables are cut with a note; the summary on stderr is complete in Japanese and in
//! English, with no progress display when stderr is not a terminal.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

// ---------------------------------------------------------------------------------------------
// Local helpers: each test file keeps its own until the shared tests/common module lands.

/// A finished run of `meibo reconcile`.
struct Run {
    output: Output,
    out: PathBuf,
    _dir: tempfile::TempDir,
}

impl Run {
    fn code(&self) -> i32 {
        self.output.status.code().expect("exited")
    }
    fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }
    fn html(&self) -> String {
        std::fs::read_to_string(self.out.join("report.html")).expect("report.html written")
    }
    fn summary(&self) -> Value {
        let text = std::fs::read_to_string(self.out.join("summary.json")).expect("summary.json");
        serde_json::from_str(&text).expect("summary.json is JSON")
    }
}

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

/// Run reconcile on the given inputs with extra flags; print everything when it goes wrong.
fn reconcile(dir: tempfile::TempDir, inputs: [&Path; 4], flags: &[&str]) -> Run {
    let out = dir.path().join("out");
    let mut command = Command::new(env!("CARGO_BIN_EXE_meibo"));
    command.args(flags).arg("reconcile");
    for (flag, path) in [
        "--employees",
        "--departments",
        "--current-employees",
        "--current-departments",
    ]
    .iter()
    .zip(inputs)
    {
        command.arg(flag).arg(path);
    }
    command.arg("--out").arg(&out).current_dir(dir.path());
    let output = command.output().expect("meibo runs");
    let run = Run {
        output,
        out,
        _dir: dir,
    };
    if !matches!(run.code(), 0 | 1) {
        panic!(
            "{command:?} exited {}\nstdout:\n{}\nstderr:\n{}",
            run.code(),
            String::from_utf8_lossy(&run.output.stdout),
            run.stderr()
        );
    }
    run
}

fn run_samples(flags: &[&str]) -> Run {
    let s = samples();
    reconcile(
        tempfile::tempdir().expect("temp dir"),
        [
            &s.join("hrbrain/employees.csv"),
            &s.join("hrbrain/departments.csv"),
            &s.join("mikiwame/employees.csv"),
            &s.join("mikiwame/departments.csv"),
        ],
        flags,
    )
}

fn write_csv(path: &Path, rows: &[Vec<String>]) {
    let mut writer = csv::Writer::from_path(path).expect("fixture file");
    for row in rows {
        writer.write_record(row).expect("fixture row");
    }
    writer.flush().expect("fixture written");
}

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

const HRBRAIN_EMPLOYEES: [&str; 13] = [
    "従業員番号",
    "氏",
    "名",
    "氏（カナ）",
    "名（カナ）",
    "メールアドレス",
    "生年月日",
    "性別",
    "入社日",
    "在籍状況",
    "雇用形態",
    "主部署",
    "役職・職位",
];
const HRBRAIN_DEPARTMENTS: [&str; 3] = ["部署項目名", "組織情報コード", "1階層上位の部署"];
const MIKIWAME_EMPLOYEES: [&str; 14] = [
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
const MIKIWAME_DEPARTMENTS: [&str; 3] = ["部署コード", "部署名", "親部署コード"];

const INJECTED_SCRIPT: &str = "<script>window.__pwned=1</script>";
const INJECTED_ATTRIBUTE: &str = "\" onmouseover=\"window.__pwned=2";
const INJECTED_IMG: &str = "<img src=x onerror=window.__pwned=3>課";
const DATA_URL: &str = "https://evil.example/x.js";

/// Inputs whose names try to break out of the page; one is excluded, one created, one updated.
fn hostile_inputs(dir: &Path) -> [PathBuf; 4] {
    let paths = [
        dir.join("employees.csv"),
        dir.join("departments.csv"),
        dir.join("current_employees.csv"),
        dir.join("current_departments.csv"),
    ];
    let employee = |number: &str, family: &str, kana: &str, email: &str, dept: &str, pos: &str| {
        row(&[
            number,
            family,
            "太郎",
            kana,
            "タロウ",
            email,
            "1990/01/01",
            "男性",
            "2020/04/01",
            "在籍中",
            "正社員",
            dept,
            pos,
        ])
    };
    write_csv(
        &paths[0],
        &[
            row(&HRBRAIN_EMPLOYEES),
            employee(
                "1",
                INJECTED_SCRIPT,
                "ヤマダ",
                "a@example.com",
                "D1",
                "部長",
            ),
            // Excluded twice over (no reading, an address that is a URL): shown in the table.
            employee("2", INJECTED_ATTRIBUTE, "", DATA_URL, "D2", ""),
            employee("3", "佐藤", "サトウ", "c@example.com", "D1", "課長"),
        ],
    );
    write_csv(
        &paths[1],
        &[
            row(&HRBRAIN_DEPARTMENTS),
            row(&["営業部", "D1", ""]),
            row(&[INJECTED_IMG, "D2", "営業部"]),
            row(&[INJECTED_ATTRIBUTE, "", ""]),
        ],
    );
    write_csv(
        &paths[2],
        &[
            row(&MIKIWAME_EMPLOYEES),
            row(&[
                "3",
                "佐藤",
                "太郎",
                "サトウ",
                "タロウ",
                "c@example.com",
                "1990/01/01",
                "男性",
                "D1",
                "主任",
                "正社員",
                "2020/04/01",
                "",
                "0",
            ]),
        ],
    );
    write_csv(
        &paths[3],
        &[row(&MIKIWAME_DEPARTMENTS), row(&["D1", "営業部", ""])],
    );
    paths
}

fn run_hostile(flags: &[&str]) -> Run {
    let dir = tempfile::tempdir().expect("temp dir");
    let [a, b, c, d] = hostile_inputs(dir.path());
    reconcile(dir, [&a, &b, &c, &d], flags)
}

/// Values of `attribute="…"` in the page, each with the text right after the element's `>`.
fn attribute_values(html: &str, attribute: &str) -> BTreeMap<String, String> {
    let needle = format!(" {attribute}=\"");
    let mut found = BTreeMap::new();
    for (at, _) in html.match_indices(&needle) {
        let rest = &html[at + needle.len()..];
        let value = &rest[..rest.find('"').expect("closed attribute")];
        let text = rest[rest.find('>').expect("closed tag") + 1..]
            .split('<')
            .next()
            .unwrap_or("");
        found.insert(value.to_string(), text.to_string());
    }
    found
}

fn number(text: &str) -> u64 {
    text.replace(',', "")
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("{text:?} is a count"))
}

/// Every way the page could load something from the network: a `src`/`href`-like attribute,
/// `url(` or `@import` pointing at http(s) or a protocol-relative address, any `<link>`, any
/// `<script src>`. Values from the inputs may contain such text; escaped, they are not in a tag.
fn external_references(html: &str) -> Vec<String> {
    let lower = html.to_lowercase();
    let remote = |value: &str| {
        let value = value.trim_start_matches(|c: char| c.is_whitespace() || c == '"' || c == '\'');
        value.starts_with("http:") || value.starts_with("https:") || value.starts_with("//")
    };
    let mut found = Vec::new();
    let mut rest = lower.as_str();
    while let Some(start) = rest.find('<') {
        let tail = &rest[start + 1..];
        let end = tail.find('>').unwrap_or(tail.len());
        let tag = &tail[..end];
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if name == "link" {
            found.push(format!("<{tag}>"));
        }
        if name == "script" && tag.contains("src") {
            found.push(format!("<{tag}>"));
        }
        for attribute in [
            "src=",
            "href=",
            "srcset=",
            "action=",
            "formaction=",
            "poster=",
            "background=",
            "data=",
        ] {
            for (at, _) in tag.match_indices(attribute) {
                let boundary = tag[..at].ends_with(|c: char| c.is_whitespace() || c == ':');
                if boundary && remote(&tag[at + attribute.len()..]) {
                    found.push(format!("<{tag}>"));
                }
            }
        }
        for css in ["url(", "@import"] {
            if tag.contains("style=") && tag.contains(css) {
                found.push(format!("<{tag}>"));
            }
        }
        // Style sheets: any url( or @import at all (the page has no need of either).
        let after = &tail[(end + 1).min(tail.len())..];
        if name == "style" {
            let sheet = &after[..after.find("</style").unwrap_or(after.len())];
            for css in ["url(", "@import"] {
                if sheet.contains(css) {
                    found.push(format!("{css} in <style>"));
                }
            }
        }
        rest = after;
    }
    found
}

// ---------------------------------------------------------------------------------------------

#[test]
fn the_reference_checker_catches_remote_loads() {
    for bad in [
        r#"<img src="https://x.example/a.png">"#,
        r#"<link rel="stylesheet" href="local.css">"#,
        r#"<script src="http://x.example/a.js"></script>"#,
        r#"<a href='//x.example/'>x</a>"#,
        r#"<style>@import "https://x.example/a.css";</style>"#,
        r#"<style>body{background:url(https://x.example/a.png)}</style>"#,
        r#"<div style="background:url(https://x.example/a.png)"></div>"#,
        r#"<svg><image xlink:href="https://x.example/a.png"/></svg>"#,
    ] {
        assert!(!external_references(bad).is_empty(), "missed {bad}");
    }
    let escaped = "<td>&lt;img src=https://x.example/a.png&gt; https://x.example/</td>";
    assert!(external_references(escaped).is_empty());
}

#[test]
fn report_is_written_listed_and_self_contained() {
    let run = run_samples(&[]);
    assert_eq!(run.code(), 1, "the samples have exclusions");
    let summary = run.summary();
    let outputs: Vec<&str> = summary["outputs"]
        .as_array()
        .expect("outputs")
        .iter()
        .map(|v| v.as_str().expect("name"))
        .collect();
    assert!(outputs.contains(&"report.html"), "{outputs:?}");
    let html = run.html();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_eq!(external_references(&html), Vec::<String>::new());
    assert!(!html.contains("http://") && !html.contains("https://"));
    assert_eq!(
        html.matches("<script").count(),
        1,
        "only the page's own script"
    );
    assert!(html.contains("Content-Security-Policy"));
    // No staging folder or temporary file is left behind: the listed outputs, and the hidden
    // folder of meibo's own (.meibo).
    let mut names: Vec<String> = std::fs::read_dir(&run.out)
        .expect("out")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name != ".meibo")
        .collect();
    names.sort();
    let mut expected: Vec<String> = outputs.iter().map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(names, expected);
}

#[test]
fn report_counts_equal_summary_json() {
    let run = run_samples(&[]);
    let (html, summary) = (run.html(), run.summary());
    let counts = attribute_values(&html, "data-count");
    let mut checked = 0;
    for kind in ["departments", "employees"] {
        for (action, expected) in summary["counts"][kind].as_object().expect("counts") {
            let shown = counts
                .get(&format!("{kind}.{action}"))
                .unwrap_or_else(|| panic!("no cell for {kind}.{action}"));
            assert_eq!(number(shown), expected.as_u64().unwrap(), "{kind}.{action}");
            checked += 1;
        }
    }
    assert_eq!(checked, 10);

    let reasons = attribute_values(&html, "data-reason-count");
    let by_reason = summary["exclusions_by_reason"]
        .as_object()
        .expect("reasons");
    assert_eq!(reasons.len(), by_reason.len());
    for (code, expected) in by_reason {
        assert_eq!(number(&reasons[code]), expected.as_u64().unwrap(), "{code}");
        // The chart's bar for the reason carries the same number.
        assert!(
            html.contains(&format!(
                "<g data-reason=\"{code}\" data-count=\"{expected}\">"
            )),
            "no bar for {code}"
        );
    }
    let warnings = attribute_values(&html, "data-warning-count");
    let by_code = summary["warnings_by_code"].as_object().expect("warnings");
    assert_eq!(warnings.len(), by_code.len());
    for (code, expected) in by_code {
        assert_eq!(
            number(&warnings[code]),
            expected.as_u64().unwrap(),
            "{code}"
        );
    }
}

#[test]
fn report_shows_the_tree_and_the_rows() {
    let html = run_samples(&[]).html();
    // The department tree: 第三営業課 is created under 営業部; the code-less サポート部 is excluded
    // with its reason; 総務部 exists only in ミキワメ.
    let a001 = html
        .find("<li data-code=\"A001\">")
        .expect("A001 in the tree");
    let a013 = html
        .find("<li data-code=\"A013\">")
        .expect("A013 in the tree");
    assert!(a001 < a013);
    let node = |code: &str| {
        let start = html.find(&format!("<li data-code=\"{code}\">")).unwrap();
        html[start..start + html[start..].find('\n').unwrap()].to_string()
    };
    assert!(node("A013").contains("badge create"), "{}", node("A013"));
    assert!(node("A090").contains("badge target-only"));
    assert!(node("").contains("サポート部") && node("").contains("department-missing-code"));
    // The exclusions table: file, row, code, message and detail of each line.
    assert!(html.contains(
        "hrbrain/employees.csv</td><td>17</td><td>社員</td><td>005@aaa.com</td>\
         <td>ミキワメ 五郎</td><td>missing-kana</td><td>氏名カナ（姓）がありません。"
    ));
    assert!(html.contains("<td>007@aaa.com（19, 20 行目）</td>"));
    // The changes table and its search box.
    assert!(html.contains(
        "<tr><td>社員</td><td>更新</td><td>daisuke.nakamura@example.co.jp</td><td>役職</td><td>主任</td><td>係長</td></tr>"
    ));
    assert!(html.contains("data-filter=\"exclusions\""));
    assert!(html.contains("data-filter=\"changes\""));
    assert!(html.contains("次の手順: ミキワメで departments.csv（部署）を取り込んでから"));
}

#[test]
fn values_from_the_inputs_are_escaped() {
    let run = run_hostile(&[]);
    assert_eq!(run.code(), 1);
    let html = run.html();
    assert!(!html.contains(INJECTED_SCRIPT));
    assert!(!html.contains("<img"));
    assert_eq!(
        html.matches("<script").count(),
        1,
        "only the page's own script"
    );
    assert!(html.contains("&lt;script&gt;window.__pwned=1&lt;/script&gt;"));
    assert!(html.contains("&lt;img src=x onerror=window.__pwned=3&gt;課"));
    // The attribute breaker never closes an attribute: every quote of it is escaped.
    assert!(!html.contains("\" onmouseover"));
    assert!(html.contains("&quot; onmouseover=&quot;window.__pwned=2"));
    for (at, _) in html.match_indices("onmouseover") {
        assert!(html[..at].ends_with("&quot; "), "unescaped at {at}");
    }
    // A URL from the data is shown as text, never loaded or linked.
    assert!(html.contains(DATA_URL));
    assert_eq!(external_references(&html), Vec::<String>::new());
    assert!(!html.contains("href="));
}

#[test]
fn large_tables_show_the_first_rows_and_name_the_csv() {
    let dir = tempfile::tempdir().expect("temp dir");
    let rows_count = 2_345;
    let mut rows = vec![row(&HRBRAIN_EMPLOYEES)];
    for i in 0..rows_count {
        let number = (10_000 + i).to_string();
        let email = format!("e{i}@example.com");
        // No reading: every row is excluded as missing-kana.
        rows.push(row(&[
            &number,
            "山田",
            "太郎",
            "",
            "",
            &email,
            "",
            "",
            "",
            "在籍中",
            "正社員",
            "",
            "",
        ]));
    }
    let employees = dir.path().join("employees.csv");
    write_csv(&employees, &rows);
    let current = dir.path().join("current.csv");
    write_csv(&current, &[row(&MIKIWAME_EMPLOYEES)]);
    let out = dir.path().join("out");
    let output = Command::new(env!("CARGO_BIN_EXE_meibo"))
        .args(["reconcile", "--employees"])
        .arg(&employees)
        .arg("--current-employees")
        .arg(&current)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("meibo runs");
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let html = std::fs::read_to_string(out.join("report.html")).expect("report.html");
    let table = &html[html
        .find("<table class=\"rows\" id=\"exclusions\">")
        .unwrap()..];
    let table = &table[..table.find("</table>").unwrap()];
    assert_eq!(table.matches("<tr><td>").count(), 2_000);
    assert!(html.contains(
        "全 2,345 行のうち最初の 2,000 行のみ表示しています。すべての行は exclusions.csv にあります。"
    ));
    assert!(html.contains("<span class=\"muted\">(2,345)</span>"));
    let csv_lines = std::fs::read_to_string(out.join("exclusions.csv"))
        .unwrap()
        .lines()
        .count();
    assert_eq!(csv_lines, rows_count + 1);
    // Without department files there is still a tree section, saying there is nothing in it.
    assert!(html.contains("部署はありません。"));
}

#[test]
fn closing_summary_in_japanese_by_default() {
    let run = run_samples(&[]);
    let stderr = run.stderr();
    // stderr is not a terminal here: no progress bar, not even a carriage return or a colour.
    assert!(
        !stderr.contains('\r') && !stderr.contains('\u{1b}'),
        "{stderr:?}"
    );
    assert!(
        stderr.starts_with("meibo reconcile: HRBrain → ミキワメ\n"),
        "{stderr}"
    );
    for line in [
        "  部署: 作成 1 / 更新 0 / 変更なし 5 / 連携先のみ 1 / 除外 1",
        "  社員: 作成 7 / 更新 3 / 変更なし 3 / 連携先のみ 1 / 除外 6",
        "  主な除外理由:",
        "    duplicate-email              2  同じメールアドレスの社員が複数います。該当する行はすべて除外されます。",
        "    missing-kana                 1  氏名カナ（姓）がありません。人事システムでフリガナを入力してください。",
        "  警告: unmapped-employment-type 1",
        "  出力:",
        "  report.html をブラウザで開くと、件数・部署ツリー・除外と変更の一覧を確認できます。",
        "  次の手順: ミキワメで departments.csv（部署）を取り込んでから employees.csv（社員）を取り込んでください。",
    ] {
        assert!(stderr.lines().any(|l| l == line), "missing {line:?} in\n{stderr}");
    }
    for name in run.summary()["outputs"].as_array().unwrap() {
        let path = run.out.join(name.as_str().unwrap());
        assert!(
            stderr.contains(&format!("    {}\n", path.display())),
            "{} not listed",
            path.display()
        );
    }
    assert!(
        stderr.ends_with("取り込んでください。\n"),
        "the next step comes last"
    );
}

#[test]
fn lang_en_speaks_english_on_the_terminal_and_in_the_report() {
    let run = run_samples(&["--lang", "en"]);
    let stderr = run.stderr();
    for line in [
        "meibo reconcile: HRBrain → ミキワメ",
        "  departments: create 1 / update 0 / unchanged 5 / target-only 1 / excluded 1",
        "  employees:   create 7 / update 3 / unchanged 3 / target-only 1 / excluded 6",
        "  top exclusion reasons:",
        "    missing-kana                 1  No family-name reading (kana). Enter the reading in the HR system.",
        "  warnings: unmapped-employment-type 1",
        "  written:",
        "  Next: import departments.csv into ミキワメ first, then employees.csv.",
    ] {
        assert!(stderr.lines().any(|l| l == line), "missing {line:?} in\n{stderr}");
    }
    assert!(!stderr.contains("次の手順"));
    let html = run.html();
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("<h2 id=\"counts\">Counts</h2>"));
    assert!(html.contains("<td>missing-kana</td><td>No family-name reading (kana)."));
    assert!(html.contains("Next: import departments.csv into ミキワメ first, then employees.csv."));
    assert!(!html.contains("氏名カナ（姓）がありません"));
    let csv = std::fs::read_to_string(run.out.join("exclusions.csv")).unwrap();
    assert!(csv.contains("No family-name reading (kana)."));
}

#[test]
fn quiet_keeps_the_summary() {
    let run = run_samples(&["--quiet"]);
    let stderr = run.stderr();
    assert!(
        stderr.starts_with("meibo reconcile: HRBrain → ミキワメ\n"),
        "{stderr}"
    );
    assert!(stderr.contains("次の手順:"));
}

#[test]
fn xlsx_only_names_the_sheets_in_the_next_step() {
    let s = samples();
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out");
    let output = Command::new(env!("CARGO_BIN_EXE_meibo"))
        .arg("reconcile")
        .arg("--employees")
        .arg(s.join("hrbrain/employees.csv"))
        .arg("--departments")
        .arg(s.join("hrbrain/departments.csv"))
        .arg("--current-employees")
        .arg(s.join("mikiwame/employees.csv"))
        .arg("--current-departments")
        .arg(s.join("mikiwame/departments.csv"))
        .args(["--format", "xlsx", "--out"])
        .arg(&out)
        .output()
        .expect("meibo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("次の手順: ミキワメで import.xlsx の「部署」シートを取り込んでから「社員」シートを取り込んでください。"),
        "{stderr}"
    );
    assert!(out.join("report.html").exists());
}

#[test]
fn a_clean_run_says_nothing_was_excluded() {
    let dir = tempfile::tempdir().expect("temp dir");
    let employees = dir.path().join("employees.csv");
    write_csv(
        &employees,
        &[
            row(&HRBRAIN_EMPLOYEES),
            row(&[
                "1",
                "山田",
                "太郎",
                "ヤマダ",
                "タロウ",
                "t@example.com",
                "",
                "",
                "",
                "在籍中",
                "正社員",
                "",
                "",
            ]),
        ],
    );
    let current = dir.path().join("current.csv");
    write_csv(&current, &[row(&MIKIWAME_EMPLOYEES)]);
    let out = dir.path().join("out");
    let output = Command::new(env!("CARGO_BIN_EXE_meibo"))
        .args(["--lang", "en", "reconcile", "--employees"])
        .arg(&employees)
        .arg("--current-employees")
        .arg(&current)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("meibo runs");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("No row was excluded."));
    assert!(html.contains("<td class=\"n\" data-count=\"employees.create\">1</td>"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("top exclusion reasons"), "{stderr}");
    assert!(stderr
        .contains("  employees:   create 1 / update 0 / unchanged 0 / target-only 0 / excluded 0"));
}

#[test]
fn the_tree_shows_loops_and_deep_chains_once_each() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut departments = vec![
        row(&HRBRAIN_DEPARTMENTS),
        // 甲 and 乙 name each other as parent: a loop.
        row(&["甲", "X1", "乙"]),
        row(&["乙", "X2", "甲"]),
    ];
    // Twelve levels: the 11th and 12th are too deep.
    for level in 1..=12 {
        let parent = if level == 1 {
            String::new()
        } else {
            format!("階層{}", level - 1)
        };
        departments.push(row(&[
            &format!("階層{level}"),
            &format!("L{level:02}"),
            &parent,
        ]));
    }
    let paths = [
        dir.path().join("employees.csv"),
        dir.path().join("departments.csv"),
        dir.path().join("current_employees.csv"),
        dir.path().join("current_departments.csv"),
    ];
    write_csv(&paths[0], &[row(&HRBRAIN_EMPLOYEES)]);
    write_csv(&paths[1], &departments);
    write_csv(&paths[2], &[row(&MIKIWAME_EMPLOYEES)]);
    write_csv(&paths[3], &[row(&MIKIWAME_DEPARTMENTS)]);
    let [a, b, c, d] = paths;
    let html = reconcile(dir, [&a, &b, &c, &d], &[]).html();
    let tree = &html[html.find("<ul class=\"tree\">").unwrap()..];
    let tree = &tree[..tree.find("<h2").unwrap()];
    for code in ["X1", "X2"] {
        let tag = format!("<li data-code=\"{code}\">");
        assert_eq!(tree.matches(&tag).count(), 1, "{code} once");
        let line = &tree[tree.find(&tag).unwrap()..];
        assert!(line[..line.find('\n').unwrap()].contains("department-cycle"));
    }
    for level in 1..=12 {
        let tag = format!("<li data-code=\"L{level:02}\">");
        assert_eq!(tree.matches(&tag).count(), 1, "L{level:02} once");
        let line = &tree[tree.find(&tag).unwrap()..];
        let line = &line[..line.find('\n').unwrap()];
        assert_eq!(line.contains("department-too-deep"), level > 10, "{line}");
    }
    // L12 sits inside L11, which sits inside L10…: the nesting is the chain's.
    let l01 = tree.find("data-code=\"L01\"").unwrap();
    let l12 = tree.find("data-code=\"L12\"").unwrap();
    assert_eq!(tree[l01..l12].matches("<ul>").count(), 11);
    assert_eq!(tree.matches("<ul").count(), tree.matches("</ul>").count());
    assert_eq!(tree.matches("<li").count(), tree.matches("</li>").count());
}

/// Run `meibo personality` on the given results and members files in `dir`.
fn personality(dir: tempfile::TempDir, results: &Path, members: &Path, flags: &[&str]) -> Run {
    let out = dir.path().join("out");
    let output = Command::new(env!("CARGO_BIN_EXE_meibo"))
        .args(flags)
        .arg("personality")
        .arg("--results")
        .arg(results)
        .arg("--members")
        .arg(members)
        .arg("--out")
        .arg(&out)
        .current_dir(dir.path())
        .output()
        .expect("meibo runs");
    let run = Run {
        output,
        out,
        _dir: dir,
    };
    assert!(
        matches!(run.code(), 0 | 1),
        "exit {}\n{}",
        run.code(),
        run.stderr()
    );
    run
}

#[test]
fn personality_writes_a_self_contained_report_with_summary_counts() {
    let s = samples();
    let run = personality(
        tempfile::tempdir().expect("temp dir"),
        &s.join("mikiwame/results.csv"),
        &s.join("kaonavi/members.csv"),
        &[],
    );
    assert_eq!(run.code(), 1);
    let (html, summary) = (run.html(), run.summary());
    assert_eq!(external_references(&html), Vec::<String>::new());
    assert!(summary["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .any(|o| o == "report.html"));
    let counts = attribute_values(&html, "data-count");
    for (column, expected) in summary["counts"]["results"].as_object().expect("counts") {
        let shown = counts
            .get(&format!("results.{column}"))
            .unwrap_or_else(|| panic!("no cell for results.{column}"));
        assert_eq!(number(shown), expected.as_u64().unwrap(), "{column}");
    }
    let reasons = attribute_values(&html, "data-reason-count");
    for (code, expected) in summary["exclusions_by_reason"]
        .as_object()
        .expect("reasons")
    {
        assert_eq!(number(&reasons[code]), expected.as_u64().unwrap(), "{code}");
    }
    assert!(html.contains("最新性格検査結果(ミキワメ連携)"));
    assert!(run.stderr().contains("report.html"));
}

#[test]
fn personality_report_escapes_values_from_the_inputs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let results = dir.path().join("results.csv");
    let members = dir.path().join("members.csv");
    write_csv(
        &results,
        &[
            row(&[
                "社員番号",
                "氏名",
                "メールアドレス",
                "受検日",
                "16タイプ",
                "受検者詳細URL",
                "傾聴傾向",
            ]),
            row(&[
                "1001",
                "x",
                "a@example.com",
                "2024/04/01",
                "<script>alert(1)</script>",
                "\" onmouseover=alert(1) x=\"",
                "50",
            ]),
            row(&[
                "9999",
                "<img src=x onerror=alert(1)>",
                "b@example.com",
                "2024/04/01",
                "A",
                "",
                "50",
            ]),
        ],
    );
    write_csv(
        &members,
        &[
            row(&["社員番号", "氏名", "フリガナ", "メールアドレス"]),
            row(&["1001", "山田 太郎", "ヤマダ タロウ", "a@example.com"]),
        ],
    );
    let run = personality(dir, &results, &members, &[]);
    let html = run.html();
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(!html.contains("<script>alert(1)"));
    assert!(!html.contains("\" onmouseover=alert(1)"));
    assert!(!html.contains("<img src=x"));
    assert_eq!(
        html.matches("<script").count(),
        1,
        "only the page's own script"
    );
}

/// The report in the diagnostic bundle (`--redact`) is as safe as the run's own: the hostile
/// values that remain (department names) are escaped, and the page loads nothing.
#[test]
fn the_redacted_report_in_the_bundle_is_escaped_and_self_contained() {
    let dir = tempfile::tempdir().expect("temp dir");
    let [employees, departments, current, current_departments] = hostile_inputs(dir.path());
    let out = dir.path().join("out");
    let output = Command::new(env!("CARGO_BIN_EXE_meibo"))
        .arg("reconcile")
        .arg("--employees")
        .arg(&employees)
        .arg("--departments")
        .arg(&departments)
        .arg("--current-employees")
        .arg(&current)
        .arg("--current-departments")
        .arg(&current_departments)
        .arg("--out")
        .arg(&out)
        .arg("--redact")
        .output()
        .expect("meibo runs");
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let bundle = std::fs::File::open(out.join("diagnostic.zip")).unwrap();
    let mut archive = zip::ZipArchive::new(bundle).unwrap();
    let mut html = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("report.html").unwrap(), &mut html).unwrap();
    assert!(!html.contains(INJECTED_SCRIPT));
    assert!(!html.contains("<img"));
    assert_eq!(
        html.matches("<script").count(),
        1,
        "only the page's own script"
    );
    assert!(html.contains("&lt;img src=x onerror=window.__pwned=3&gt;課"));
    assert!(!html.contains("\" onmouseover"));
    assert_eq!(external_references(&html), Vec::<String>::new());
    assert!(!html.contains("href="));
}

// ---------------------------------------------------------------------------------------------
// meibo verify's report: the same page, the same promises.

/// Reconcile the samples into `out`, then verify against ミキワメ's exports after the import, with
/// `edit` applied to the employee export's rows (header first).
fn verify_samples(edit: impl Fn(&mut Vec<Vec<String>>), flags: &[&str]) -> Run {
    let s = samples();
    let run = run_samples(&[]);
    let dir = run._dir;
    let text = std::fs::read_to_string(s.join("mikiwame/after/employees.csv")).unwrap();
    let mut rows: Vec<Vec<String>> =
        csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect();
    rows.insert(0, row(&MIKIWAME_EMPLOYEES));
    edit(&mut rows);
    let employees = dir.path().join("after_employees.csv");
    write_csv(&employees, &rows);
    let out = dir.path().join("verified");
    let output = Command::new(env!("CARGO_BIN_EXE_meibo"))
        .args(flags)
        .args(["verify", "--plan"])
        .arg(&run.out)
        .arg("--current-employees")
        .arg(&employees)
        .arg("--current-departments")
        .arg(s.join("mikiwame/after/departments.csv"))
        .arg("--out")
        .arg(&out)
        .output()
        .expect("meibo runs");
    Run {
        output,
        out,
        _dir: dir,
    }
}

/// The sample export with hostile values in a record the plan left alone (1005) and in the key of
/// a record nobody planned.
fn hostile_edit(rows: &mut Vec<Vec<String>>) {
    let suzuki = rows.iter_mut().find(|r| r[0] == "1005").unwrap();
    suzuki[1] = INJECTED_SCRIPT.to_string();
    suzuki[9] = INJECTED_ATTRIBUTE.to_string();
    let mut stranger = rows[1].clone();
    stranger[0] = "9999".into();
    stranger[5] = format!("{INJECTED_IMG}@example.co.jp");
    rows.push(stranger);
}

#[test]
fn verify_report_is_self_contained_and_counts_equal_summary_json() {
    let run = verify_samples(|_| {}, &[]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let (html, summary) = (run.html(), run.summary());
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_eq!(external_references(&html), Vec::<String>::new());
    assert_eq!(html.matches("<script").count(), 1);
    assert!(html.contains("<title>meibo 検証レポート: ミキワメ</title>"));
    let counts = attribute_values(&html, "data-count");
    let mut checked = 0;
    for kind in ["departments", "employees"] {
        for (result, expected) in summary["counts"][kind].as_object().expect("counts") {
            let shown = &counts[&format!("{kind}.{result}")];
            assert_eq!(number(shown), expected.as_u64().unwrap(), "{kind}.{result}");
            checked += 1;
        }
    }
    assert_eq!(checked, 10);
    assert_eq!(summary["counts"]["employees"]["not-applied"], 1);
    assert_eq!(summary["results"]["applied"], 12);
    // The chart draws what did not land.
    assert!(html.contains("<h2 id=\"reasons\">反映されなかった変更（結果別）</h2>"));
    assert!(html.contains("<g data-reason=\"not-applied\" data-count=\"1\">"));
    assert!(!html.contains("data-reason=\"applied\""));
    // The table holds verify.csv's lines, the skipped create among them.
    let lines = std::fs::read_to_string(run.out.join("verify.csv")).unwrap();
    assert!(html.contains(&format!(
        "<span class=\"muted\">({})</span>",
        lines.lines().count() - 1
    )));
    assert!(html.contains(
        "<tr><td>社員</td><td>作成</td><td>aya.kimura@example.co.jp</td><td></td>\
         <td>なし</td><td>あり</td><td>なし</td><td>not-applied</td>"
    ));
    assert!(html.contains("data-filter=\"verify\""));
}

#[test]
fn verify_report_escapes_values_from_the_exports() {
    let run = verify_samples(hostile_edit, &[]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let html = run.html();
    assert!(!html.contains(INJECTED_SCRIPT));
    assert!(!html.contains("<img"));
    assert_eq!(html.matches("<script").count(), 1);
    assert!(html.contains("&lt;script&gt;window.__pwned=1&lt;/script&gt;"));
    assert!(html.contains("&lt;img src=x onerror=window.__pwned=3&gt;課@example.co.jp"));
    assert!(!html.contains("\" onmouseover"));
    for (at, _) in html.match_indices("onmouseover") {
        assert!(html[..at].ends_with("&quot; "), "unescaped at {at}");
    }
    assert_eq!(external_references(&html), Vec::<String>::new());
    // The record nobody planned is listed under its key as the export writes it.
    let csv = std::fs::read_to_string(run.out.join("verify.csv")).unwrap();
    assert!(csv.contains(&format!(
        "employee,unchanged,{INJECTED_IMG}@example.co.jp,,absent,absent,present,unplanned-change,"
    )));
}

#[test]
fn verify_speaks_english_with_lang_en() {
    let run = verify_samples(|_| {}, &["--lang", "en"]);
    let stderr = run.stderr();
    for line in [
        "meibo verify: ミキワメ (plan: ".to_string(),
        "  departments: applied 1 / not applied 0 / landed differently 0 / unplanned 0 / not planned 1".to_string(),
        "  employees:   applied 11 / not applied 1 / landed differently 0 / unplanned 0 / not planned 6".to_string(),
        "    not-applied               1  The planned change did not land (the record is as it was before the import).".to_string(),
    ] {
        assert!(stderr.lines().any(|l| l.starts_with(&line)), "missing {line:?} in\n{stderr}");
    }
    assert!(!stderr.contains("反映"), "{stderr}");
    let html = run.html();
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("<title>meibo verify report: ミキワメ</title>"));
}
