//! The output folder (docs/output.md): plain files that survive a copy byte for byte, a swap cut
//! short finished by the next run, a person's own files never lost, the redaction key kept from
//! run to run, and the layout of older meibo versions taken over.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{reconcile_samples, Workdir};

/// Every file under `dir` by its path relative to `dir`, with its bytes. Fails on a symbolic link
/// or anything else that is not a plain file or a folder.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, found: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let kind = std::fs::symlink_metadata(&path).unwrap().file_type();
            if kind.is_dir() {
                walk(root, &path, found);
            } else {
                assert!(
                    kind.is_file(),
                    "{} is not a plain file: {kind:?}",
                    path.display()
                );
                let bytes = std::fs::read(&path).unwrap();
                found.insert(path.strip_prefix(root).unwrap().to_path_buf(), bytes);
            }
        }
    }
    let mut found = BTreeMap::new();
    walk(dir, dir, &mut found);
    found
}

/// Copy a folder as a person would: `cp -r`, or std when there is no `cp`.
fn copy_folder(from: &Path, to: &Path) {
    let cp = std::process::Command::new("cp")
        .arg("-r")
        .arg(from)
        .arg(to)
        .status();
    if cp.is_ok_and(|s| s.success()) {
        return;
    }
    std::fs::create_dir_all(to).unwrap();
    for (relative, bytes) in files(from) {
        let path = to.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

/// The names of the files a run wrote into `out`, from its summary.json.
fn outputs(w: &Workdir, out: &str) -> Vec<String> {
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(w.path(out).join("summary.json")).unwrap()).unwrap();
    let mut names: Vec<String> = summary["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    names.sort();
    names
}

/// The folders a run leaves beside `out` while it writes (none when no run is writing).
fn leftovers(w: &Workdir, out: &str) -> Vec<String> {
    let prefixes = [format!(".{out}.meibo-new-"), format!(".{out}.meibo-old-")];
    let mut found: Vec<String> = std::fs::read_dir(w.dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| prefixes.iter().any(|p| n.starts_with(p.as_str())))
        .collect();
    found.sort();
    found
}

#[test]
fn a_copy_of_out_made_with_cp_has_every_byte_and_out_holds_no_link() {
    let w = Workdir::new();
    // Twice, so that the folder has been swapped once; with --redact, so .meibo holds the key.
    for _ in 0..2 {
        reconcile_samples(&w, "out", &["--redact"]).expect_code(1);
    }
    copy_folder(&w.path("out"), &w.path("copy"));
    let original = files(&w.path("out"));
    let copied = files(&w.path("copy"));
    assert_eq!(
        copied.keys().collect::<Vec<_>>(),
        original.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &original {
        assert!(
            copied[name] == *bytes,
            "{} differs in the copy",
            name.display()
        );
    }
    // Every output is there with its bytes, and meibo's two files in .meibo.
    let mut expected: Vec<PathBuf> = outputs(&w, "out").iter().map(PathBuf::from).collect();
    expected.extend([".meibo/outputs.txt", ".meibo/redaction.key"].map(PathBuf::from));
    expected.sort();
    assert_eq!(original.keys().cloned().collect::<Vec<_>>(), expected);
    assert!(original[Path::new("employees.csv")].len() > 100);
    assert_eq!(leftovers(&w, "out"), Vec::<String>::new());
}

#[test]
fn a_persons_own_files_in_out_are_refused_and_kept() {
    let w = Workdir::new();
    reconcile_samples(&w, "out", &[]).expect_code(1);
    w.write("out/notes.txt", "the user's own file");
    w.write("out/mine/plan.xlsx", "the user's own folder");
    let before = files(&w.path("out"));
    let run = reconcile_samples(&w, "out", &[]);
    run.expect_code(2);
    run.expect_stderr_contains(
        "--out out: 出力フォルダに meibo が書いたものではないファイルがあります: mine, notes.txt (meibo は実行のたびに出力フォルダを丸ごと入れ替えるため、そのままでは消えてしまいます。別の場所へ移すか、別の出力フォルダを指定してください)",
    );
    assert_eq!(files(&w.path("out")), before, "nothing changed\n{run}");
    assert_eq!(leftovers(&w, "out"), Vec::<String>::new());
    let english = reconcile_samples(&w, "out", &["--lang", "en"]);
    english.expect_code(2);
    english.expect_stderr_contains(
        "--out out: the output folder holds files meibo did not write: mine, notes.txt (meibo replaces the whole folder at every run, so they would be lost; move them elsewhere or choose another output folder)",
    );
    // Files the system makes beside a person's are not theirs to keep: no refusal.
    std::fs::remove_file(w.path("out/notes.txt")).unwrap();
    std::fs::remove_dir_all(w.path("out/mine")).unwrap();
    w.write("out/.DS_Store", "Finder");
    w.write("out/~$import.xlsx", "Excel");
    reconcile_samples(&w, "out", &[]).expect_code(1);
    assert!(!w.path("out/.DS_Store").exists());
}

#[test]
fn a_swap_cut_short_between_its_two_renames_is_finished_by_the_next_run() {
    let w = Workdir::new();
    reconcile_samples(&w, "previous", &[]).expect_code(1);
    reconcile_samples(&w, "new", &["--format", "csv"]).expect_code(1);
    let new_result = files(&w.path("new"));
    // Killed between `out` → old and new → `out`; and another run killed while it wrote.
    std::fs::rename(w.path("previous"), w.path(".out.meibo-old-AbC123")).unwrap();
    std::fs::rename(w.path("new"), w.path(".out.meibo-new-AbC123")).unwrap();
    w.write(".out.meibo-new-XyZ789/employees.csv", "half a fi");
    assert!(!w.path("out").exists());

    // A run refused after the lock is taken still puts the folder right: the new result shows.
    w.write(
        ".out.meibo-new-AbC123/notes.txt",
        "a file that makes the next run stop",
    );
    let refused = reconcile_samples(&w, "out", &["--format", "csv"]);
    refused.expect_code(2);
    refused.expect_stderr_contains("notes.txt");
    let mut shown = files(&w.path("out"));
    assert_eq!(
        shown.remove(Path::new("notes.txt")).unwrap(),
        b"a file that makes the next run stop"
    );
    assert_eq!(shown, new_result);
    assert_eq!(leftovers(&w, "out"), Vec::<String>::new());

    std::fs::remove_file(w.path("out/notes.txt")).unwrap();
    reconcile_samples(&w, "out", &["--format", "csv"]).expect_code(1);
    let mut again = files(&w.path("out"));
    // summary.json holds the input paths, which are the same; every byte is.
    again.remove(Path::new(".meibo/outputs.txt"));
    shown.remove(Path::new(".meibo/outputs.txt"));
    assert_eq!(again, shown);
}

#[test]
fn a_swap_cut_short_keeps_the_redaction_key_of_the_result() {
    let w = Workdir::new();
    reconcile_samples(&w, "previous", &["--redact"]).expect_code(1);
    reconcile_samples(&w, "new", &["--redact"]).expect_code(1);
    // The new result carried the previous key (as a run does); the swap was cut short.
    let key = std::fs::read(w.path("previous/.meibo/redaction.key")).unwrap();
    std::fs::write(w.path("new/.meibo/redaction.key"), &key).unwrap();
    std::fs::rename(w.path("previous"), w.path(".out.meibo-old-AbC123")).unwrap();
    std::fs::rename(w.path("new"), w.path(".out.meibo-new-AbC123")).unwrap();
    w.write(".out.meibo-lock", "");
    reconcile_samples(&w, "out", &["--redact"]).expect_code(1);
    assert_eq!(
        std::fs::read(w.path("out/.meibo/redaction.key")).unwrap(),
        key
    );
    assert_eq!(leftovers(&w, "out"), Vec::<String>::new());
}

#[test]
fn the_redaction_key_in_out_is_kept_from_run_to_run() {
    let w = Workdir::new();
    reconcile_samples(&w, "out", &["--redact"]).expect_code(1);
    let key = std::fs::read(w.path("out/.meibo/redaction.key")).unwrap();
    let bundle = std::fs::read(w.path("out/diagnostic.zip")).unwrap();
    reconcile_samples(&w, "out", &["--redact"]).expect_code(1);
    assert_eq!(
        std::fs::read(w.path("out/.meibo/redaction.key")).unwrap(),
        key
    );
    assert!(
        std::fs::read(w.path("out/diagnostic.zip")).unwrap() == bundle,
        "same key, same bundle"
    );
    // A run without --redact keeps it too, for the next one with it.
    reconcile_samples(&w, "out", &[]).expect_code(1);
    assert_eq!(
        std::fs::read(w.path("out/.meibo/redaction.key")).unwrap(),
        key
    );
    assert!(!w.path("out/diagnostic.zip").exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &str| std::fs::metadata(w.path(p)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode("out/.meibo/redaction.key"), 0o600);
        assert_eq!(mode("out/.meibo"), 0o700);
    }
}

#[test]
fn the_current_folder_and_a_file_are_refused_as_out() {
    let w = Workdir::new();
    w.write("taken.txt", "a file");
    for (out, message) in [
        (
            ".",
            "--out .: 今いるフォルダ（またはその上のフォルダ）です。",
        ),
        (
            "..",
            "--out ..: 今いるフォルダ（またはその上のフォルダ）です。",
        ),
        ("taken.txt", "--out taken.txt: フォルダではありません。"),
    ] {
        let run = reconcile_samples(&w, out, &[]);
        run.expect_code(2);
        run.expect_stderr_contains(message);
    }
    assert_eq!(std::fs::read(w.path("taken.txt")).unwrap(), b"a file");
}

/// An older meibo showed its outputs as links into `.meibo/current`, a link to a generation.
#[cfg(unix)]
#[test]
fn the_links_of_an_older_meibo_become_plain_files_and_its_key_is_kept() {
    use std::os::unix::fs::symlink;
    let w = Workdir::new();
    w.write("out/.meibo/gen-OLD/employees.csv", "old employees");
    w.write("out/.meibo/gen-OLD/import.xlsx", "old workbook");
    w.write("out/.meibo/gen-STALE/employees.csv", "a killed run");
    w.write("out/.meibo/lock", "");
    w.write("out/.meibo/redaction.key", format!("{}\n", "ab".repeat(32)));
    symlink("gen-OLD", w.path("out/.meibo/current")).unwrap();
    for name in ["employees.csv", "import.xlsx"] {
        symlink(format!(".meibo/current/{name}"), w.path("out").join(name)).unwrap();
    }
    // Plain files of a meibo older still.
    w.write("out/exclusions.csv", "old exclusions");
    reconcile_samples(&w, "out", &["--format", "csv"]).expect_code(1);
    let shown = files(&w.path("out"));
    let mut expected: Vec<PathBuf> = outputs(&w, "out").iter().map(PathBuf::from).collect();
    expected.extend([".meibo/outputs.txt", ".meibo/redaction.key"].map(PathBuf::from));
    expected.sort();
    assert_eq!(shown.keys().cloned().collect::<Vec<_>>(), expected);
    assert_eq!(
        shown[Path::new(".meibo/redaction.key")],
        format!("{}\n", "ab".repeat(32)).as_bytes()
    );
    assert_ne!(shown[Path::new("employees.csv")], b"old employees");
}

/// `--out` may be a link to the folder: the link stays, the folder it names is replaced.
#[cfg(unix)]
#[test]
fn a_link_to_the_output_folder_stays_a_link() {
    let w = Workdir::new();
    std::fs::create_dir_all(w.path("real/result")).unwrap();
    std::os::unix::fs::symlink("real/result", w.path("out")).unwrap();
    for _ in 0..2 {
        reconcile_samples(&w, "out", &[]).expect_code(1);
    }
    assert!(std::fs::symlink_metadata(w.path("out"))
        .unwrap()
        .is_symlink());
    assert!(files(&w.path("real/result")).contains_key(Path::new("employees.csv")));
    assert!(w.path("real/.result.meibo-lock").exists());
}

#[test]
fn a_second_run_into_the_same_folder_is_refused_while_one_writes() {
    let w = Workdir::new();
    reconcile_samples(&w, "out", &[]).expect_code(1);
    let before = files(&w.path("out"));
    // Another run holds the lock beside `out`.
    let lock = std::fs::OpenOptions::new()
        .write(true)
        .open(w.path(".out.meibo-lock"))
        .unwrap();
    lock.try_lock().unwrap();
    let run = reconcile_samples(&w, "out", &[]);
    run.expect_code(2);
    assert_eq!(
        run.stderr,
        "meibo: エラー: out: 別の meibo がこのフォルダに書き込み中です。終わってからやり直してください\n",
        "{run}"
    );
    assert_eq!(files(&w.path("out")), before);
    assert_eq!(leftovers(&w, "out"), Vec::<String>::new());
    drop(lock);
    reconcile_samples(&w, "out", &[]).expect_code(1);
}
