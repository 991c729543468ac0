//! Putting a finished folder at the place of `--out`, the one platform-specific step of the
//! output commit (see docs/output.md and the `output` module header).
//!
//! On Linux the two folders are exchanged with one `renameat2(RENAME_EXCHANGE)` call (through
//! rustix): there is no moment at which `--out` is missing. Where the filesystem or the kernel
//! does not have it, and on every other system, two `std::fs::rename` calls do it — `--out` to a
//! sibling name, then the new folder to `--out` — and the next run finishes a swap cut short
//! between them (`output::folder::recover`). `std::fs::rename` renames a folder to a name that
//! does not exist on every platform std supports (its documentation: "Rename a file or directory
//! to a new name"); both folders are in one parent, so never across file systems.

use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Put `new` at `out` (both in one parent folder). Returns where the previous `out` is now:
/// `new` after an exchange, `old` after two renames, nothing when there was no `out`.
pub fn swap(out: &Path, new: &Path, old: &Path) -> io::Result<Option<PathBuf>> {
    if std::fs::symlink_metadata(out).is_err() {
        retry(|| std::fs::rename(new, out))?;
        return Ok(None);
    }
    #[cfg(target_os = "linux")]
    match exchange(out, new) {
        Ok(()) => return Ok(Some(new.to_path_buf())),
        Err(e) if exchange_unsupported(&e) => {}
        Err(e) => return Err(e),
    }
    by_two_renames(out, new, old)?;
    Ok(Some(old.to_path_buf()))
}

/// `out` → `old`, then `new` → `out`. When the second rename fails, the first is undone.
pub fn by_two_renames(out: &Path, new: &Path, old: &Path) -> io::Result<()> {
    retry(|| std::fs::rename(out, old))?;
    if let Err(e) = retry(|| std::fs::rename(new, out)) {
        let _ = std::fs::rename(old, out);
        return Err(e);
    }
    Ok(())
}

/// Exchange two folders in one step.
#[cfg(target_os = "linux")]
pub fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

/// The kernel or the file system has no `RENAME_EXCHANGE` (renameat2(2): EINVAL when the file
/// system does not support the flag, ENOSYS before Linux 3.15).
#[cfg(target_os = "linux")]
fn exchange_unsupported(e: &io::Error) -> bool {
    matches!(
        e.raw_os_error().map(rustix::io::Errno::from_raw_os_error),
        Some(rustix::io::Errno::INVAL | rustix::io::Errno::NOSYS | rustix::io::Errno::OPNOTSUPP)
    )
}

/// A rename refused because a program holds a file open for a moment (on Windows an antivirus
/// scanner opens files just written) is tried again for about a second before the error stands.
fn retry(mut rename: impl FnMut() -> io::Result<()>) -> io::Result<()> {
    let mut attempt = 0;
    loop {
        match rename() {
            Err(e) if super::in_use::is_in_use(&e, cfg!(windows)) && attempt < 10 => {
                attempt += 1;
                std::thread::sleep(Duration::from_millis(100));
            }
            result => return result,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(path: &Path, file: &str, text: &str) {
        std::fs::create_dir(path).unwrap();
        std::fs::write(path.join(file), text).unwrap();
    }

    fn read(path: &Path) -> String {
        std::fs::read_to_string(path).unwrap()
    }

    #[test]
    fn the_new_folder_takes_the_place_and_the_previous_one_is_kept_aside() {
        let dir = tempfile::tempdir().unwrap();
        let (out, new, old) = (
            dir.path().join("out"),
            dir.path().join("new"),
            dir.path().join("old"),
        );
        folder(&out, "a.csv", "previous");
        folder(&new, "a.csv", "new");
        let previous = swap(&out, &new, &old).unwrap().expect("there was an out");
        assert_eq!(read(&out.join("a.csv")), "new");
        assert_eq!(read(&previous.join("a.csv")), "previous");
        // Exchanged on Linux (ext4, tmpfs), renamed elsewhere.
        assert!(previous == new || previous == old);
        assert!(!(new.exists() && old.exists()));
    }

    /// Where the file system has it (ext4, tmpfs, btrfs, xfs), the swap is one exchange.
    #[cfg(target_os = "linux")]
    #[test]
    fn on_linux_the_folders_are_exchanged_in_one_step() {
        let dir = tempfile::tempdir().unwrap();
        let (out, new) = (dir.path().join("out"), dir.path().join("new"));
        folder(&out, "a.csv", "previous");
        folder(&new, "a.csv", "new");
        match exchange(&out, &new) {
            Ok(()) => {
                assert_eq!(read(&out.join("a.csv")), "new");
                assert_eq!(read(&new.join("a.csv")), "previous");
            }
            Err(e) if exchange_unsupported(&e) => {
                eprintln!("RENAME_EXCHANGE unsupported here ({e}); two renames are used");
            }
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn two_renames_leave_the_previous_folder_at_the_old_name() {
        let dir = tempfile::tempdir().unwrap();
        let (out, new, old) = (
            dir.path().join("out"),
            dir.path().join("new"),
            dir.path().join("old"),
        );
        folder(&out, "a.csv", "previous");
        folder(&new, "a.csv", "new");
        by_two_renames(&out, &new, &old).unwrap();
        assert_eq!(read(&out.join("a.csv")), "new");
        assert_eq!(read(&old.join("a.csv")), "previous");
        assert!(!new.exists());
    }

    #[test]
    fn a_second_rename_that_fails_puts_the_previous_folder_back() {
        let dir = tempfile::tempdir().unwrap();
        let (out, old) = (dir.path().join("out"), dir.path().join("old"));
        folder(&out, "a.csv", "previous");
        let missing = dir.path().join("missing");
        assert!(by_two_renames(&out, &missing, &old).is_err());
        assert_eq!(read(&out.join("a.csv")), "previous");
        assert!(!old.exists());
    }

    #[test]
    fn without_a_previous_folder_the_new_one_is_renamed() {
        let dir = tempfile::tempdir().unwrap();
        let (out, new, old) = (
            dir.path().join("out"),
            dir.path().join("new"),
            dir.path().join("old"),
        );
        folder(&new, "a.csv", "new");
        assert_eq!(swap(&out, &new, &old).unwrap(), None);
        assert_eq!(read(&out.join("a.csv")), "new");
    }
}
