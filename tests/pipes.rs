//! A closed pipe ends meibo quietly, as it does other command-line tools: no panic, no message,
//! and the outputs already committed stay complete (no Unix signal call is involved).

use std::path::Path;
use std::process::{Command, Stdio};

fn sample(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn a_closed_stderr_ends_reconcile_quietly_after_the_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let mut child = Command::new(env!("CARGO_BIN_EXE_meibo"))
        .args([
            "reconcile",
            "--employees",
            &sample("hrbrain/employees.csv"),
            "--current-employees",
            &sample("mikiwame/employees.csv"),
            "--out",
        ])
        .arg(&out)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take()); // the reader goes away: every write to stderr fails
    let status = child.wait().unwrap();
    assert!(matches!(status.code(), Some(0 | 1)), "{status}");
    assert!(out.join("report.html").is_file());
}

#[test]
fn a_closed_stdout_ends_explain_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_meibo"))
        .arg("explain")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}
