//! What the operating system says when a file cannot be read or written reaches the user in the
//! run's language: in Japanese a sentence by the error's kind with the file named, and none of the
//! OS's English text ("No such file or directory (os error 2)"); with `--lang en` the OS text as
//! it is. Exact stderr lines, on the real binary.

mod common;

use common::{reconcile_args, samples, Workdir};
use meibo::lang::{os_error, Lang};

/// The HRBrain samples against ミキワメ's, with `employees` and `out` as given.
fn reconcile(w: &Workdir, lang: &str, employees: &str, out: &str) -> common::Output {
    let sample = |name: &str| samples().join(name).display().to_string();
    w.write(
        "current_employees.csv",
        std::fs::read(sample("mikiwame/employees.csv")).unwrap(),
    );
    w.write(
        "current_departments.csv",
        std::fs::read(sample("mikiwame/departments.csv")).unwrap(),
    );
    let mut args = vec!["--lang", lang];
    args.extend(reconcile_args(employees, None, out));
    w.run(&args)
}

#[test]
fn a_missing_input_is_named_with_a_japanese_sentence() {
    let w = Workdir::new();
    let run = reconcile(&w, "ja", "missing.csv", "out");
    run.expect_code(2);
    assert_eq!(
        run.stderr,
        "meibo: エラー: missing.csv: ファイルを読めません: ファイルまたはフォルダが見つかりません。パスの綴りと、そこにあるかを確かめてください\n",
        "{run}"
    );
    assert!(!w.path("out").exists(), "nothing written\n{run}");

    let run = reconcile(&w, "en", "missing.csv", "out");
    run.expect_code(2);
    let os = std::io::Error::from_raw_os_error(2_i32).to_string();
    assert_eq!(
        run.stderr,
        format!("meibo: error: missing.csv: cannot read the file: {os}\n"),
        "{run}"
    );
}

#[test]
fn a_folder_given_as_an_input_is_named_with_a_japanese_sentence() {
    let w = Workdir::new();
    std::fs::create_dir(w.path("folder.csv")).unwrap();
    let run = reconcile(&w, "ja", "folder.csv", "out");
    run.expect_code(2);
    // Unix says a folder is one; elsewhere (Windows: access denied) the sentence of the kind the
    // OS gives.
    let sentence = if cfg!(unix) {
        "ファイルではなくフォルダです。ファイルを指定してください".to_string()
    } else {
        os_error(&std::fs::read(w.path("folder.csv")).unwrap_err(), Lang::Ja)
    };
    assert_eq!(
        run.stderr,
        format!("meibo: エラー: folder.csv: ファイルを読めません: {sentence}\n"),
        "{run}"
    );
}

#[test]
fn an_out_folder_that_cannot_be_made_is_named_with_a_japanese_sentence() {
    let w = Workdir::new();
    let employees = samples()
        .join("hrbrain/employees.csv")
        .display()
        .to_string();
    // A file where a folder of the path should be: no one, not even root, can make `--out`.
    w.write("blocker", "a file, not a folder");
    let run = reconcile(&w, "ja", &employees, "blocker/out");
    run.expect_code(2);
    let sentence = if cfg!(unix) {
        "パスの途中にフォルダではなくファイルがあります".to_string()
    } else {
        let error = std::fs::create_dir_all(w.path("blocker/out")).unwrap_err();
        os_error(&error, Lang::Ja)
    };
    assert_eq!(
        run.stderr,
        format!("meibo: エラー: blocker/out: 出力フォルダを作れません: {sentence}\n"),
        "{run}"
    );
    assert!(!run.stderr.contains("os error"), "{run}");
}

#[cfg(unix)]
#[test]
fn an_out_folder_without_permission_is_named_with_a_japanese_sentence() {
    use std::os::unix::fs::PermissionsExt;
    let w = Workdir::new();
    let employees = samples()
        .join("hrbrain/employees.csv")
        .display()
        .to_string();
    std::fs::create_dir(w.path("locked")).unwrap();
    std::fs::set_permissions(w.path("locked"), std::fs::Permissions::from_mode(0o555)).unwrap();
    if std::fs::create_dir(w.path("locked/probe")).is_ok() {
        // root (as in some CI containers) writes anywhere: there is no refusal to word.
        eprintln!("skipped: this user may write in a read-only folder (root)");
        return;
    }
    let run = reconcile(&w, "ja", &employees, "locked/out");
    std::fs::set_permissions(w.path("locked"), std::fs::Permissions::from_mode(0o755)).unwrap();
    run.expect_code(2);
    assert_eq!(
        run.stderr,
        "meibo: エラー: locked/out: 出力フォルダを作れません: アクセスが拒否されました。権限を確かめるか、ほかのプログラム（Excel など）で開いていれば閉じてください\n",
        "{run}"
    );
}
