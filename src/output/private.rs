//! Output only its owner can read. meibo writes whole companies' names, readings, e-mail addresses
//! and birth dates: on Unix, the folders it creates are 0700 and the files it writes 0600, so
//! another account on a shared server reads none of them. On other systems (Windows) a folder
//! inherits its parent's permissions; these functions leave them as they are.

use std::io;
use std::path::Path;

/// Create `path` and its missing parents, each readable only by the user who runs meibo.
pub fn create_dir_all(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(path)
    }
    #[cfg(not(unix))]
    {
        std::fs::create_dir_all(path)
    }
}

/// Make a folder meibo owns (its store inside `--out`) readable only by its owner.
pub fn restrict_dir(path: &Path) -> io::Result<()> {
    set_mode(path, 0o700)
}

/// Make a file meibo wrote readable only by its owner.
pub fn restrict_file(path: &Path) -> io::Result<()> {
    set_mode(path, 0o600)
}

/// Whether other users (its group, or everyone) may read or enter the folder.
pub fn open_to_others(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o077 != 0)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        false
    }
}

fn set_mode(path: &Path, mode: u32) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
    }
    #[cfg(not(unix))]
    {
        let _ = (path, mode);
        Ok(())
    }
}

/// Open (creating it when missing) a file meibo keeps for itself beside `--out`: readable only
/// by its owner on Unix, hidden on Windows (`FILE_ATTRIBUTE_HIDDEN`, through the documented
/// `OpenOptionsExt::attributes`; an existing file keeps its attributes). Never truncated.
pub fn create_hidden(path: &Path) -> io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.create(true).truncate(false).write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    #[cfg(windows)]
    {
        use std::os::windows::fs::OpenOptionsExt;
        const FILE_ATTRIBUTE_HIDDEN: u32 = 0x2;
        options.attributes(FILE_ATTRIBUTE_HIDDEN);
    }
    options.open(path)
}
