//! A file another program holds open. On Windows, Excel opens a workbook or a CSV without letting
//! others write it, and a folder cannot be renamed while a file in it is open: the output commit
//! then stops, and the person must be told which file to close (docs/output.md). Unix has no such
//! locks, so there nothing is ever "held open" and the checks below find nothing.
//!
//! Windows codes (System Error Codes, learn.microsoft.com): 5 `ERROR_ACCESS_DENIED`, 32
//! `ERROR_SHARING_VIOLATION`, 33 `ERROR_LOCK_VIOLATION`; `io::Error::raw_os_error` gives them.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::lang::Lang;

const SHARING_VIOLATION: i32 = 32;
const LOCK_VIOLATION: i32 = 33;

/// Whether `e` says another program has the file (or a file in the folder) open. Only on Windows
/// (`windows`, `cfg!(windows)` outside tests): elsewhere a refused rename means permissions.
pub fn is_in_use(e: &io::Error, windows: bool) -> bool {
    windows
        && (matches!(e.raw_os_error(), Some(SHARING_VIOLATION | LOCK_VIOLATION))
            || e.kind() == io::ErrorKind::PermissionDenied)
}

/// Whether another program holds `file` open so that meibo cannot replace it: opening it for
/// writing (which changes nothing) fails with a sharing or lock violation. Always false off
/// Windows.
pub fn held_open(file: &Path) -> bool {
    #[cfg(windows)]
    {
        match fs::OpenOptions::new().write(true).open(file) {
            Ok(_) => false,
            Err(e) => matches!(e.raw_os_error(), Some(SHARING_VIOLATION | LOCK_VIOLATION)),
        }
    }
    #[cfg(not(windows))]
    {
        let _ = file;
        false
    }
}

/// The first file in `folder` (or its `.meibo` folder) that `held` says is open, by name order.
pub fn first_held(folder: &Path, held: impl Fn(&Path) -> bool) -> Option<PathBuf> {
    let files = |dir: &Path| -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .map(|e| e.path())
            .collect();
        files.sort();
        files
    };
    let mut all = files(folder);
    all.extend(files(&folder.join(super::STORE)));
    all.into_iter().find(|f| held(f))
}

/// "Close this file and run again", naming it.
pub fn file_message(file: &Path, lang: Lang) -> String {
    format!(
        "{}: {}",
        file.display(),
        lang.pick(
            "別のプログラム（Excel など）がこのファイルを開いているため、出力を入れ替えられません。ファイルを閉じてから、もう一度実行してください",
            "another program (Excel, for example) has this file open, so meibo cannot replace the output; close the file and run again"
        )
    )
}

/// The rename of `--out` failed with `e`: say which file to close when a program holds one
/// open (`held` probes a file, `windows` as in [`is_in_use`]); otherwise the OS error itself.
pub fn explain_swap_error(
    e: io::Error,
    out: &Path,
    windows: bool,
    held: impl Fn(&Path) -> bool,
    lang: Lang,
) -> anyhow::Error {
    if matches!(
        e.kind(),
        io::ErrorKind::CrossesDevices | io::ErrorKind::ResourceBusy
    ) {
        // A mount point (a USB stick mounted as the folder itself) cannot be renamed.
        return anyhow::Error::new(e).context(format!(
            "{}: {}",
            out.display(),
            lang.pick(
                "出力フォルダを入れ替えられません。ドライブやファイルシステムの一番上のフォルダのようです。中にフォルダを指定してください（例: --out フォルダ/meibo-result）",
                "cannot put the output folder in place; it seems to be the top folder of a drive or file system, so name a folder inside it (e.g. --out FOLDER/meibo-result)"
            )
        ));
    }
    if !is_in_use(&e, windows) {
        return anyhow::Error::new(e).context(format!(
            "{}: {}",
            out.display(),
            lang.pick(
                "出力フォルダを入れ替えられません",
                "cannot put the output folder in place"
            )
        ));
    }
    if let Some(file) = first_held(out, held) {
        return anyhow::anyhow!(file_message(&file, lang));
    }
    anyhow::anyhow!(
        "{}: {}",
        out.display(),
        lang.pick(
            "別のプログラムがこのフォルダかその中のファイルを開いているため、出力を入れ替えられません（Excel、このフォルダを開いているコマンドプロンプトなど）。閉じてから、もう一度実行してください",
            "another program has this folder or a file in it open (Excel, or a command prompt whose current folder it is), so meibo cannot replace the output; close it and run again"
        )
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn out_with_files() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for name in ["changes.csv", "employees.csv", "import.xlsx"] {
            fs::write(dir.path().join(name), "x").unwrap();
        }
        dir
    }

    #[test]
    fn a_file_held_open_on_windows_is_named_with_what_to_do() {
        let dir = out_with_files();
        let excel_has = |f: &Path| f.ends_with("employees.csv") || f.ends_with("import.xlsx");
        let cases = [
            (io::Error::from_raw_os_error(SHARING_VIOLATION), Lang::Ja),
            (io::Error::from_raw_os_error(LOCK_VIOLATION), Lang::Ja),
            (io::Error::from(io::ErrorKind::PermissionDenied), Lang::En),
        ];
        for (e, lang) in cases {
            let text = format!(
                "{:#}",
                explain_swap_error(e, dir.path(), true, excel_has, lang)
            );
            let file = dir.path().join("employees.csv");
            let expected = match lang {
                Lang::Ja => format!("{}: 別のプログラム（Excel など）がこのファイルを開いているため、出力を入れ替えられません。ファイルを閉じてから、もう一度実行してください", file.display()),
                Lang::En => format!("{}: another program (Excel, for example) has this file open, so meibo cannot replace the output; close the file and run again", file.display()),
            };
            assert_eq!(text, expected);
        }
    }

    #[test]
    fn a_folder_in_use_with_no_file_held_names_the_folder() {
        let dir = out_with_files();
        let e = io::Error::from_raw_os_error(SHARING_VIOLATION);
        let text = format!(
            "{:#}",
            explain_swap_error(e, dir.path(), true, |_| false, Lang::Ja)
        );
        assert!(
            text.starts_with(&format!(
                "{}: 別のプログラムがこのフォルダ",
                dir.path().display()
            )),
            "{text}"
        );
        assert!(
            text.ends_with("閉じてから、もう一度実行してください"),
            "{text}"
        );
    }

    #[test]
    fn off_windows_a_refused_rename_is_the_os_error_not_a_file_to_close() {
        let dir = out_with_files();
        let e = io::Error::from(io::ErrorKind::PermissionDenied);
        let text = format!(
            "{:#}",
            explain_swap_error(e, dir.path(), false, |_| true, Lang::En)
        );
        assert!(
            text.starts_with(&format!(
                "{}: cannot put the output folder in place: ",
                dir.path().display()
            )),
            "{text}"
        );
        assert!(!text.contains("close"), "{text}");
    }

    #[test]
    fn a_mount_point_as_out_says_to_name_a_folder_inside_it() {
        let dir = out_with_files();
        for kind in [io::ErrorKind::CrossesDevices, io::ErrorKind::ResourceBusy] {
            let text = format!(
                "{:#}",
                explain_swap_error(
                    io::Error::from(kind),
                    dir.path(),
                    false,
                    |_| false,
                    Lang::Ja
                )
            );
            assert!(
                text.starts_with(&format!(
                    "{}: 出力フォルダを入れ替えられません。ドライブやファイルシステムの一番上のフォルダのようです。中にフォルダを指定してください",
                    dir.path().display()
                )),
                "{text}"
            );
        }
    }

    #[test]
    fn only_sharing_lock_and_access_errors_on_windows_count_as_in_use() {
        let cases = [
            (io::Error::from_raw_os_error(SHARING_VIOLATION), true, true),
            (io::Error::from_raw_os_error(LOCK_VIOLATION), true, true),
            (io::Error::from(io::ErrorKind::PermissionDenied), true, true),
            (io::Error::from(io::ErrorKind::NotFound), true, false),
            (
                io::Error::from(io::ErrorKind::PermissionDenied),
                false,
                false,
            ),
        ];
        for (e, windows, expected) in cases {
            assert_eq!(is_in_use(&e, windows), expected, "{e:?} windows={windows}");
        }
    }

    #[test]
    fn nothing_is_held_open_off_windows() {
        let dir = out_with_files();
        if !cfg!(windows) {
            assert_eq!(first_held(dir.path(), held_open), None);
        }
    }
}
