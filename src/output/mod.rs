//! Writing stage: every file meibo writes, switched into place all at once (docs/output.md).
//!
//! `--out DIR` holds plain files only — they copy, zip and open from a share or a USB stick like
//! any other — and meibo's hidden `.meibo/` folder (the list of the names it wrote, the key of
//! `--redact`). A run writes its whole result into a new folder beside `DIR`, flushes every file
//! and the folder, and then swaps the two folders (`swap`): on Linux in one step, elsewhere with
//! two renames that the next run finishes when a run is killed between them (`folder`). Killed
//! at any moment, even with SIGKILL, `DIR` shows the previous complete result or the new complete
//! one — never a mix, never a half-written file. The previous result is then removed.
//!
//! Because the folder is replaced as a whole, an `--out` that holds files meibo did not write is
//! refused before anything is written (they would be lost), and so is one that holds an input
//! (however its path is spelled). On Windows a file another program holds open (Excel) stops the
//! run with its name (`in_use`).

pub mod closing;
pub mod csv;
mod folder;
pub mod html;
mod in_use;
pub mod page;
pub mod private;
pub mod redact;
pub mod reports;
pub mod run;
mod staging;
pub mod summary;
mod swap;
pub mod xlsx;

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Result};

use crate::lang::Lang;

pub use staging::{settle, Staging};

/// meibo's hidden folder inside `--out`.
pub const STORE: &str = ".meibo";

/// Refuse an `--out` folder that holds one of the `inputs` — whatever way either path is spelled
/// (relative or absolute, `..`, a symbolic link to the folder) — or where one of the output
/// `names` is, or links to, an input (a hard link of an input counts too).
pub fn refuse_overwriting_inputs(
    out: &Path,
    names: &[&str],
    inputs: &[&Path],
    lang: Lang,
) -> Result<()> {
    // The same file on any platform (device and inode, or volume and file index): same-file.
    let identity = |path: &Path| same_file::Handle::from_path(path).ok();
    let identities: Vec<(same_file::Handle, &Path)> = inputs
        .iter()
        .filter_map(|p| identity(p).map(|id| (id, *p)))
        .collect();
    let canonical_out = out.canonicalize().ok();
    let holds = |input: &Path| -> bool {
        let Some(dir) = &canonical_out else {
            return false;
        };
        input.canonicalize().is_ok_and(|p| p.starts_with(dir))
    };
    // The input, and (for a hard link) the name it has in --out.
    let same_file = |path: PathBuf| -> Option<String> {
        let id = identity(&path)?;
        let (_, input) = identities.iter().find(|(other, _)| *other == id)?;
        Some(format!("{} = {}", input.display(), path.display()))
    };
    let offending: Option<String> = inputs
        .iter()
        .find(|input| holds(input))
        .map(|input| input.display().to_string())
        .or_else(|| {
            names
                .iter()
                .map(|name| out.join(name))
                .chain(
                    fs::read_dir(out)
                        .into_iter()
                        .flatten()
                        .flatten()
                        .map(|e| e.path()),
                )
                .find_map(same_file)
        });
    if let Some(input) = offending {
        bail!(
            "--out {}: {} {} ({})",
            out.display(),
            lang.pick(
                "出力フォルダに入力ファイルがあり、上書きしてしまうおそれがあるため中止しました:",
                "refused: the output folder holds an input file, which could be overwritten:"
            ),
            input,
            lang.pick(
                "別の出力フォルダを指定してください",
                "choose another output folder"
            )
        );
    }
    Ok(())
}
