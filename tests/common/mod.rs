//! A tiny harness for integration tests, in the style of xsv's `tests/workdir.rs`: each test gets
//! a fresh temporary directory, writes its input files there (as bytes, so encodings are exact),
//! runs the built `meibo` binary in it and looks at the exit code, stdout and stderr. Every
//! assertion helper prints the command, its exit code, stdout and stderr when it fails.

// Each test crate uses a different part of this module.
#![allow(dead_code)]

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The repository's `samples/` folder.
pub fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

/// A fresh temporary directory, removed when the value is dropped.
pub struct Workdir {
    dir: tempfile::TempDir,
}

impl Default for Workdir {
    fn default() -> Self {
        Self::new()
    }
}

impl Workdir {
    pub fn new() -> Workdir {
        let dir = tempfile::Builder::new()
            .prefix("meibo-test-")
            .tempdir()
            .expect("create a temporary directory");
        Workdir { dir }
    }

    /// The directory itself.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// `name` inside the directory (`name` may contain sub-folders).
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Write `bytes` to `name` (creating sub-folders) and return its path.
    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create the parent folder");
        }
        std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        path
    }

    /// Run `meibo ARGS…` with the directory as the working directory (so relative file names in
    /// `args` are the files written here) and stdin empty.
    pub fn run(&self, args: &[&str]) -> Output {
        let output = Command::new(env!("CARGO_BIN_EXE_meibo"))
            .args(args)
            .current_dir(self.dir())
            .stdin(Stdio::null())
            .output()
            .expect("run the meibo binary");
        Output {
            command: std::iter::once("meibo")
                .chain(args.iter().copied())
                .map(shell_word)
                .collect::<Vec<_>>()
                .join(" "),
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Read a CSV written into the directory (UTF-8, with or without BOM) as rows of cells, the
    /// header row included.
    pub fn read_csv(&self, name: &str) -> Vec<Vec<String>> {
        let path = self.path(name);
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
        let text = std::str::from_utf8(&bytes)
            .unwrap_or_else(|e| panic!("{} is not UTF-8: {e}", path.display()));
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes())
            .records()
            .map(|record| {
                record
                    .unwrap_or_else(|e| panic!("{}: bad CSV: {e}", path.display()))
                    .iter()
                    .map(String::from)
                    .collect()
            })
            .collect()
    }
}

/// What a run of the binary did. `Display` shows all of it, for failure messages.
#[derive(Debug, Clone)]
pub struct Output {
    pub command: String,
    /// The exit status (-1 when killed by a signal).
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl fmt::Display for Output {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "command: {}", self.command)?;
        writeln!(f, "exit code: {}", self.code)?;
        writeln!(f, "--- stdout ---\n{}", self.stdout)?;
        write!(f, "--- stderr ---\n{}", self.stderr)
    }
}

impl Output {
    /// Fail unless the exit code is `code`.
    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Output {
        assert_eq!(self.code, code, "unexpected exit code\n{self}");
        self
    }

    /// Fail unless the run exited with 0.
    #[track_caller]
    pub fn expect_success(&self) -> &Output {
        self.expect_code(0)
    }

    /// stdout as lines (line ends removed).
    pub fn stdout_lines(&self) -> Vec<&str> {
        self.stdout.lines().collect()
    }

    /// Fail unless stdout has every one of `lines` as a whole line.
    #[track_caller]
    pub fn expect_lines(&self, lines: &[&str]) -> &Output {
        let have = self.stdout_lines();
        for line in lines {
            assert!(
                have.contains(line),
                "stdout lacks the line {line:?}\n{self}"
            );
        }
        self
    }

    /// Fail unless stdout holds `lines` one after the other (a block, e.g. the mapping).
    #[track_caller]
    pub fn expect_block(&self, lines: &[&str]) -> &Output {
        let have = self.stdout_lines();
        let found = !lines.is_empty() && have.windows(lines.len()).any(|w| w == lines);
        assert!(
            found,
            "stdout lacks the block\n{}\n{self}",
            lines.join("\n")
        );
        self
    }

    /// Fail if stdout has a line containing `text`.
    #[track_caller]
    pub fn expect_no_line_containing(&self, text: &str) -> &Output {
        if let Some(line) = self.stdout_lines().iter().find(|l| l.contains(text)) {
            panic!("stdout has {text:?} in the line {line:?}\n{self}");
        }
        self
    }

    /// Fail unless stderr contains `text`.
    #[track_caller]
    pub fn expect_stderr_contains(&self, text: &str) -> &Output {
        assert!(self.stderr.contains(text), "stderr lacks {text:?}\n{self}");
        self
    }

    /// The lines of stdout that start with `prefix` (after leading spaces).
    pub fn lines_starting_with(&self, prefix: &str) -> Vec<&str> {
        self.stdout_lines()
            .into_iter()
            .filter(|l| l.trim_start().starts_with(prefix))
            .collect()
    }
}

/// `reconcile` (to ミキワメ) of `employees` (and `departments`) against `current_employees.csv` and
/// `current_departments.csv` in the working directory, writing into `out`.
pub fn reconcile_args<'a>(
    employees: &'a str,
    departments: Option<&'a str>,
    out: &'a str,
) -> Vec<&'a str> {
    let mut args = vec![
        "reconcile",
        "--employees",
        employees,
        "--current-employees",
        "current_employees.csv",
        "--current-departments",
        "current_departments.csv",
        "--out",
        out,
    ];
    if let Some(departments) = departments {
        args.extend(["--departments", departments]);
    }
    args
}

/// Quote a word for showing a command a person can paste into a shell.
fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_alphanumeric() || "-_./=:@,+".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// The README's main command: the bundled HRBrain samples against ミキワメ's, into `out`, with
/// `extra` flags.
pub fn reconcile_samples(w: &Workdir, out: &str, extra: &[&str]) -> Output {
    let sample = |name: &str| samples().join(name).display().to_string();
    let inputs = [
        sample("hrbrain/employees.csv"),
        sample("hrbrain/departments.csv"),
        sample("mikiwame/employees.csv"),
        sample("mikiwame/departments.csv"),
    ];
    let mut args = vec![
        "reconcile",
        "--employees",
        &inputs[0],
        "--departments",
        &inputs[1],
        "--current-employees",
        &inputs[2],
        "--current-departments",
        &inputs[3],
        "--out",
        out,
    ];
    args.extend(extra);
    w.run(&args)
}
