//! Crash-safe output (docs/output.md): a run killed with SIGKILL at any moment leaves `--out`
//! showing either the previous complete result or the new complete one — never a mix, never a
//! partial file, and only plain files — and an `--out` that holds an input is refused however its
//! path is spelled.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::Workdir;

const SMARTHR_HEADER: &str = "社員番号,姓,名,姓（ヨミガナ）,名（ヨミガナ）,メールアドレス,部署1\n";
const CURRENT_HEADER: &str = "社員番号,氏名（姓）,氏名（名）,姓（カナ）,名（カナ）,メールアドレス,生年月日,性別,所属部署,役職,雇用形態,入社日,退職日,退職者フラグ\n";
/// What a `--format csv` run writes.
const CSV_NAMES: [&str; 7] = [
    "departments.csv",
    "employees.csv",
    "exclusions.csv",
    "changes.csv",
    "warnings.csv",
    "summary.json",
    "report.html",
];

/// Employees big enough that a run lasts a while (`MEIBO_KILL_TEST_ROWS` to change).
fn rows() -> usize {
    std::env::var("MEIBO_KILL_TEST_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(60_000)
}

fn write_inputs(w: &Workdir, rows: usize) {
    let mut first = String::from(SMARTHR_HEADER);
    let mut second = String::from(SMARTHR_HEADER);
    let mut current = String::from(CURRENT_HEADER);
    for i in 0..rows {
        first.push_str(&format!(
            "{i},山田{i},太郎,ヤマダ,タロウ,u{i}@example.com,\n"
        ));
        // The second run renames everyone and drops every tenth row's kana (an exclusion).
        let kana = if i % 10 == 0 { "" } else { "サトウ" };
        second.push_str(&format!(
            "{i},佐藤{i},花子,{kana},ハナコ,u{i}@example.com,\n"
        ));
        if i % 2 == 0 {
            current.push_str(&format!(
                "{i},山田{i},次郎,ヤマダ,ジロウ,u{i}@example.com,,,,,,,,0\n"
            ));
        }
    }
    w.write("first.csv", first);
    w.write("second.csv", second);
    w.write("current.csv", current);
}

fn args<'a>(employees: &'a str, out: &'a str, format: &'a str) -> Vec<&'a str> {
    vec![
        "reconcile",
        "--employees",
        employees,
        "--current-employees",
        "current.csv",
        "--out",
        out,
        "--format",
        format,
    ]
}

/// What a person sees in `out`: every visible name and its bytes (`None` when it cannot be
/// opened). Every name is a plain file: `out` holds no link and no folder but `.meibo`.
fn visible(out: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    std::fs::read_dir(out)
        .unwrap_or_else(|e| panic!("{} must always be there: {e}", out.display()))
        .map(|e| e.unwrap())
        .filter(|e| e.file_name() != ".meibo")
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let kind = e.file_type().unwrap();
            assert!(kind.is_file(), "{name} is not a plain file: {kind:?}");
            let bytes = std::fs::read(e.path()).ok();
            (name, bytes)
        })
        .collect()
}

/// Only the names that can be opened.
fn opened(state: &BTreeMap<String, Option<Vec<u8>>>) -> BTreeMap<String, Vec<u8>> {
    state
        .iter()
        .filter_map(|(name, bytes)| bytes.clone().map(|b| (name.clone(), b)))
        .collect()
}

/// The new result, with import.xlsx compared by presence only (a workbook holds no timestamps
/// meibo controls byte for byte).
fn same_result(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) -> bool {
    a.len() == b.len()
        && a.iter().all(|(name, bytes)| {
            b.get(name)
                .is_some_and(|other| name.ends_with(".xlsx") || other == bytes)
        })
}

fn run_to_end(w: &Workdir, args: &[&str]) -> Duration {
    let started = Instant::now();
    let out = w.run(args);
    assert!(out.code == 0 || out.code == 1, "{out}");
    started.elapsed()
}

#[test]
fn a_run_killed_at_any_moment_leaves_the_previous_or_the_new_complete_result() {
    let w = Workdir::new();
    write_inputs(&w, rows());
    // The new result, made once in another folder, to recognise it after a late kill.
    run_to_end(&w, &args("second.csv", "reference", "csv,xlsx"));
    let new_result = opened(&visible(&w.path("reference")));
    assert!(new_result.contains_key("import.xlsx"));

    run_to_end(&w, &args("first.csv", "out", "csv"));
    let previous = opened(&visible(&w.path("out")));
    assert_eq!(previous.len(), CSV_NAMES.len());
    let duration = run_to_end(&w, &args("second.csv", "timing", "csv,xlsx"));

    let points = 10;
    let (mut saw_previous, mut saw_new) = (0, 0);
    for point in 1..=points {
        let delay = duration.mul_f64(point as f64 / (points + 1) as f64);
        let mut child = Command::new(env!("CARGO_BIN_EXE_meibo"))
            .args(args("second.csv", "out", "csv,xlsx"))
            .current_dir(w.dir())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        child.kill().unwrap(); // SIGKILL
        let status = child.wait().unwrap();

        let state = visible(&w.path("out"));
        let now = opened(&state);
        let is_previous = now == previous;
        let is_new = same_result(&now, &new_result);
        assert!(
            is_previous || is_new,
            "killed after {delay:?} (point {point}, {status}): out shows a mix or a partial file: {:?}",
            state
                .iter()
                .map(|(n, b)| (n, b.as_ref().map(Vec::len)))
                .collect::<Vec<_>>()
        );
        // Every name opens, and a name the previous result did not have is not there.
        assert_eq!(
            state.len(),
            now.len(),
            "a name that cannot be opened: {state:?}"
        );
        if is_previous {
            saw_previous += 1;
            assert!(!state.contains_key("import.xlsx"));
        } else {
            saw_new += 1;
            // Back to the previous result for the next kill point.
            run_to_end(&w, &args("first.csv", "out", "csv"));
            assert_eq!(opened(&visible(&w.path("out"))), previous);
        }
    }
    assert!(saw_previous > 0, "no kill landed before the switch");
    eprintln!("kill points: {saw_previous} showed the previous result, {saw_new} the new one");

    // The next run cleans up what the killed runs left and shows the new result.
    run_to_end(&w, &args("second.csv", "out", "csv,xlsx"));
    assert!(same_result(&opened(&visible(&w.path("out"))), &new_result));
    let names = |dir: &Path| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    assert_eq!(names(&w.path("out/.meibo")), ["outputs.txt"]);
    let mut listed: Vec<String> = std::fs::read_to_string(w.path("out/.meibo/outputs.txt"))
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    listed.sort();
    assert_eq!(listed, new_result.keys().cloned().collect::<Vec<_>>());
    // Beside `out`: its lock, and nothing the killed runs wrote.
    let beside: Vec<String> = names(w.dir())
        .into_iter()
        .filter(|n| n.starts_with(".out."))
        .collect();
    assert_eq!(beside, [".out.meibo-lock"]);
}

/// Every path under `dir` and its bytes (`None` for a folder).
fn everything(dir: &Path) -> BTreeMap<std::path::PathBuf, Option<Vec<u8>>> {
    let mut found = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if std::fs::symlink_metadata(&path).unwrap().is_dir() {
            found.insert(path.clone(), None);
            found.extend(everything(&path));
        } else {
            found.insert(path.clone(), std::fs::read(&path).ok());
        }
    }
    found
}

fn refused(w: &Workdir, out: &str) {
    let before = everything(w.dir());
    let run = w.run(&[
        "reconcile",
        "--employees",
        "data/employees.csv",
        "--current-employees",
        "current.csv",
        "--out",
        out,
    ]);
    run.expect_code(2);
    run.expect_stderr_contains("data/employees.csv");
    run.expect_stderr_contains("--out");
    assert_eq!(everything(w.dir()), before, "nothing written\n{run}");
    assert!(!w.path("data/.meibo").exists(), "{run}");
}

#[test]
fn an_out_folder_holding_an_input_is_refused_however_it_is_spelled() {
    let w = Workdir::new();
    write_inputs(&w, 3);
    w.write(
        "data/employees.csv",
        std::fs::read(w.path("first.csv")).unwrap(),
    );
    #[cfg(unix)]
    std::os::unix::fs::symlink("data", w.path("link-to-data")).unwrap();
    let absolute = w.path("data");
    let mut spellings = vec![
        "data",
        "./data",
        "data/",
        "data/../data",
        absolute.to_str().unwrap(),
    ];
    if cfg!(unix) {
        spellings.push("link-to-data");
    }
    for out in spellings {
        refused(&w, out);
    }
    // An --out that is the input file itself.
    refused(&w, "data/employees.csv");
    // A hard link of the input inside --out.
    std::fs::create_dir(w.path("elsewhere")).unwrap();
    std::fs::hard_link(
        w.path("data/employees.csv"),
        w.path("elsewhere/employees.csv"),
    )
    .unwrap();
    refused(&w, "elsewhere");
    // A folder beside it is fine.
    w.run(&[
        "reconcile",
        "--employees",
        "data/employees.csv",
        "--current-employees",
        "current.csv",
        "--out",
        "fresh",
    ])
    .expect_code(0);
}
