//! Symbolic links, the one platform-specific step of the output commit (see `output`'s header).
//! Each branch calls only what the std documentation describes: `std::os::unix::fs::symlink` on
//! Unix; on Windows `std::os::windows::fs::symlink_file` / `symlink_dir` (which need the
//! "create symbolic links" privilege or Developer Mode — without it the run stops with the OS
//! error, before anything visible changes). Plain files in `--out`, which need neither, are the
//! planned replacement (issue 15).

use std::io;
use std::path::Path;

/// What a link points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Points {
    File,
    Folder,
}

/// Create `link` pointing at `target` (relative to the link's folder).
pub fn create(target: &Path, link: &Path, points: Points) -> io::Result<()> {
    #[cfg(unix)]
    {
        let _ = points;
        std::os::unix::fs::symlink(target, link)
    }
    #[cfg(windows)]
    {
        match points {
            Points::File => std::os::windows::fs::symlink_file(target, link),
            Points::Folder => std::os::windows::fs::symlink_dir(target, link),
        }
    }
    #[cfg(not(any(unix, windows)))]
    {
        let _ = (target, link, points);
        Err(io::Error::new(
            io::ErrorKind::Unsupported,
            "symbolic links are not available on this platform",
        ))
    }
}
