//! Personal data stays private: on Unix the output folder meibo creates and its store are 0700,
//! every file it writes 0600, and an existing `--out` that others can read gets a warning that
//! says how to close it.
#![cfg(unix)]

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use common::Workdir;

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn reconcile(w: &Workdir, out: &str) -> common::Output {
    let out = common::reconcile_samples(w, out, &[]);
    out.expect_code(1);
    out
}

#[test]
fn a_new_output_folder_and_its_files_are_the_owners_alone() {
    let w = Workdir::new();
    reconcile(&w, "new/out");
    for folder in ["new", "new/out", "new/out/.meibo"] {
        assert_eq!(mode(&w.path(folder)), 0o700, "{folder}");
    }
    for name in [
        "departments.csv",
        "employees.csv",
        "import.xlsx",
        "exclusions.csv",
        "changes.csv",
        "warnings.csv",
        "summary.json",
        "report.html",
    ] {
        assert_eq!(mode(&w.path("new/out").join(name)), 0o600, "{name}");
    }
    assert_eq!(mode(&w.path("new/out/.meibo/outputs.txt")), 0o600);
    assert_eq!(mode(&w.path("new/.out.meibo-lock")), 0o600);
    // The next run replaces the folder with one as private.
    reconcile(&w, "new/out");
    assert_eq!(mode(&w.path("new/out")), 0o700);
    assert_eq!(mode(&w.path("new/out/employees.csv")), 0o600);
}

#[test]
fn an_output_folder_others_can_read_gets_a_warning_and_a_private_result() {
    let w = Workdir::new();
    std::fs::create_dir(w.path("shared")).unwrap();
    std::fs::set_permissions(w.path("shared"), std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = reconcile(&w, "shared");
    out.expect_stderr_contains("meibo: 警告: 出力フォルダ shared は他のユーザーも読めます。");
    out.expect_stderr_contains("chmod 700 shared");
    // The folder is the user's to set; what meibo creates inside it is private all the same.
    assert_eq!(mode(&w.path("shared")), 0o755);
    assert_eq!(mode(&w.path("shared/.meibo")), 0o700);
    assert_eq!(mode(&w.path("shared/exclusions.csv")), 0o600);
    // The folder that replaces it has the mode the user gave it.
    let again = reconcile(&w, "shared");
    assert_eq!(mode(&w.path("shared")), 0o755, "{again}");

    // A private folder gets no warning.
    std::fs::set_permissions(w.path("shared"), std::fs::Permissions::from_mode(0o700)).unwrap();
    let again = reconcile(&w, "shared");
    assert!(!again.stderr.contains("chmod 700"), "{again}");
}
